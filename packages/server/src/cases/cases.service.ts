/**
 * Case handling (办件): a submitted application becomes a case (a bundle: a parent case and one sub-case per member
 * that applies), routed to the competent org, moved through the item's process by officers and by rule, with
 * deadlines in working days, a timeline written in the same transaction as the state, durable timers and
 * notifications through the outbox. See docs/design/case-handling.md.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  advance, allowedActions, assertAllowed, bundleProgress, bundleResult, ConflictError, deliveryMethodOf, districtOfAddress, inSubtree,
  NotFoundError, precheckBundle, resume, routeCase, stepPlan, transition, validateActionInput, ValidationError,
  type ActionInput, type BundleDefinition, type CaseAction, type CaseSnapshot, type CaseState, type ItemDefinition, type KeyProvider,
  type PlannedStep, type Principal, type Transition, type WorkingCalendar,
} from '@tongban/core';
import { applicationsRepo, casesRepo, identityRepo, type ApplicationRow, type CaseEventRow, type CaseRow, type Db, type Queryable } from '@tongban/db';
import { audit } from '../audit/audit.service.ts';
import { definitionAt } from '../catalog/definitions.ts';
import type { Clock } from '../clock.ts';
import type { OrgDirectory } from '../identity/org-directory.ts';
import { boundDefinitions, bundleMembers, unseal, type SealedParts } from '../applications/applications.service.ts';
import type { CalendarService } from './calendar.service.ts';
import { addDays } from '../datasources/calendar.ts';

type Text = { zh: string; en: string };

/** Writes a notification for a person inside the caller's transaction (the outbox). */
export interface Notifier {
  enqueue(tx: Queryable, n: { personId: string; caseId: string | null; kind: string; title: Text; body: Text }): Promise<unknown>;
}

export interface CaseDeps {
  db: Db;
  keys: KeyProvider;
  clock: Clock;
  orgs: OrgDirectory;
  calendar: CalendarService;
  notifier: Notifier;
  /** called in the transaction when an item case has just closed approved (e-licence issuance) */
  onApproved?: (tx: Queryable, row: CaseRow, item: ItemDefinition) => Promise<unknown>;
  /** told the timeline events just written (in the transaction, after they are written): the transitions metric */
  onEvents?: (events: readonly CaseEventRow[]) => void;
}

/** Who did it, as the timeline records it. */
export interface Actor {
  actor: string;
  name: string | null;
  role: string | null;
  org: string | null;
}
export const SYSTEM: Actor = { actor: 'system', name: null, role: 'system', org: null };

/** Working days a supplement request stays open when the item does not say (then the case closes as expired). */
export const DEFAULT_SUPPLEMENT_DAYS = 15;
/** 行政许可法 art. 44: the result is delivered within 10 working days of the decision. */
export const DELIVERY_DAYS = 10;

// ---------------------------------------------------------------------------------------------------------------
// Catalog definitions (published versions are immutable, so they are cached)

/** A published catalog definition (cached: published versions never change). */
export const definition = definitionAt;
const plans = new WeakMap<object, PlannedStep[]>();
export function planOf(item: ItemDefinition): PlannedStep[] {
  let p = plans.get(item);
  if (!p) plans.set(item, (p = stepPlan(item)));
  return p;
}

// ---------------------------------------------------------------------------------------------------------------
// Time

/** The instant a calendar date starts in Asia/Shanghai (UTC+8, no daylight saving). */
const startOfDay = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const atHour = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString();
const nextDay = (date: string) => addDays(date, 1);

// ---------------------------------------------------------------------------------------------------------------
// The working copy of a case: transitions are applied in memory, then written once.

interface Ctx { cal: WorkingCalendar; today: string; now: string; pathOf: (org: string) => string; onApproved?: CaseDeps['onApproved']; onEvents?: CaseDeps['onEvents'] }
interface PendingJob { kind: string; dedupeKey: string; runAt: string; payload: Record<string, unknown> }
interface PendingNote { personId: string; kind: string; title: Text; body: Text }

class WorkingCase {
  readonly events: CaseEventRow[] = [];
  readonly jobs: PendingJob[] = [];
  readonly notes: PendingNote[] = [];
  readonly revision: number;
  accepted: boolean | null = null;
  /** a supplement was requested before this change (a resubmitted case is no first-time success) */
  readonly hadSupplement: boolean;

  constructor(
    public row: CaseRow,
    readonly item: ItemDefinition | null,
    readonly isNew: boolean,
    readonly ctx: Ctx,
  ) {
    this.revision = row.revision;
    this.hadSupplement = row.supplement !== null;
    this.wasClosed = row.state === 'closed' && !isNew;
  }

  /** the case was already closed before this change */
  private readonly wasClosed: boolean;

  get plan(): PlannedStep[] {
    return this.item ? planOf(this.item) : [];
  }


  due(from: string, days: number): string {
    const d = this.ctx.cal.dueDate(from, days);
    if (d.provisional) this.row.provisional = true;
    return d.date;
  }

  event(kind: string, actor: Actor, e: { stepId?: string | null; reason?: string | null; detail?: Record<string, unknown>; from?: string; to?: string } = {}): void {
    const r = this.row;
    r.lastSeq += 1;
    this.events.push({
      caseId: r.id, seq: r.lastSeq, at: this.ctx.now, kind, stepId: e.stepId ?? null, actor: actor.actor, actorName: actor.name, actorRole: actor.role, actorOrg: actor.org,
      fromState: e.from ?? r.state, toState: e.to ?? r.state, reason: e.reason ?? null, detail: e.detail ?? {},
    });
  }

  /** Applies a workflow transition: position, deadlines, timers, events. */
  apply(tr: Transition, actor: Actor): void {
    const r = this.row;
    const from = r.state;
    const stepBefore = r.stepIndex;
    for (const e of tr.events) {
      this.event(e.kind, e.actor === 'system' ? SYSTEM : actor, { stepId: e.stepId, reason: e.reason ?? null, detail: e.detail ?? {}, from, to: tr.state });
    }
    r.state = tr.state;
    r.stepIndex = tr.stepIndex;
    const step = tr.stepIndex !== null ? this.plan[tr.stepIndex] : undefined;
    r.stepId = step?.id ?? null;
    r.decided = tr.decided;
    r.manual = tr.manual;
    r.stepRole = tr.state === 'delivery' ? (r.deliveryMethod === 'postal' ? 'producer' : 'window_officer') : tr.state === 'submitted' ? 'window_officer' : tr.manual ? 'reviewer' : step?.role ?? null;
    if (tr.decision) r.decision = tr.decision;
    if (tr.outcome) r.outcome = tr.outcome;
    if (tr.pausedFrom) r.pausedFrom = tr.pausedFrom;
    if (stepBefore !== tr.stepIndex || tr.state !== from) r.assignee = null;
    if (tr.events.some((e) => e.kind === 'accepted')) this.markAccepted(actor);
    if (tr.stepStarted && (tr.state === 'review' || tr.state === 'production' || (tr.state === 'delivery' && r.deliveryMethod !== 'e_license'))) {
      this.startStep(tr.state === 'delivery' ? DELIVERY_DAYS : step!.limitDays);
    }
    if (tr.state === 'delivery') this.startDelivery();
    if (tr.state === 'closed') this.close();
    this.notifyFor(tr);
  }

  markAccepted(actor: Actor): void {
    const r = this.row;
    const t = this.ctx.today;
    r.acceptedOn = t;
    r.acceptedAt = this.ctx.now;
    r.acceptedOrg = actor.org ?? r.org;
    if (this.item) {
      r.promisedDue = this.due(t, this.item.timeLimits.promised.days);
      r.legalDue = this.due(t, this.item.timeLimits.legal.days);
    }
    this.accepted = true;
    // 收受分离: accepted anywhere, handled by the competent org
    if (r.competentOrg && r.acceptedOrg !== r.competentOrg) {
      this.event('routed', SYSTEM, { detail: { from: r.acceptedOrg, to: r.competentOrg, rule: r.routingRule } });
      this.moveTo(r.competentOrg);
    }
  }

  moveTo(org: string): void {
    this.row.org = org;
    this.row.orgPath = this.ctx.pathOf(org);
  }

  startStep(days: number): void {
    const r = this.row;
    r.stepStartedOn = this.ctx.today;
    r.stepDue = this.due(this.ctx.today, days);
    this.scheduleStepTimers();
  }

  scheduleStepTimers(): void {
    const r = this.row;
    if (!r.stepDue) return;
    const key = `${r.id}:${r.stepId ?? r.state}:${r.stepDue}`;
    const payload = { caseId: r.id, stepId: r.stepId, state: r.state, due: r.stepDue };
    const before = r.stepDue > this.ctx.today ? previousWorkingDay(this.ctx.cal, r.stepDue) : null;
    if (before && before >= this.ctx.today) this.jobs.push({ kind: 'step.remind', dedupeKey: `remind:${key}`, runAt: atHour(before, 9), payload });
    this.jobs.push({ kind: 'step.escalate', dedupeKey: `escalate:${key}`, runAt: startOfDay(nextDay(r.stepDue)), payload });
  }

  startDelivery(): void {
    const r = this.row;
    if (r.deliveryMethod === 'e_license') {
      this.event('delivered', SYSTEM, { detail: { method: 'e_license' }, to: 'closed' });
      r.deliveredAt = this.ctx.now;
      r.outcome = 'approved';
      r.state = 'closed';
      r.stepRole = null;
      this.event('closed', SYSTEM, { detail: { outcome: 'approved' }, from: 'delivery', to: 'closed' });
      this.close();
      return;
    }
    if (r.deliveryMethod === 'window' && !r.pickupCode) r.pickupCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  close(): void {
    const r = this.row;
    r.closedAt = this.ctx.now;
    r.stepDue = null;
    r.assignee = null;
    if (r.outcome === 'approved' && !r.deliveredAt) r.deliveredAt = this.ctx.now;
  }

  /** The applicant hears of each change of a top-level case (a bundle's members are told once, together). */
  private notifyFor(tr: Transition): void {
    const r = this.row;
    const kinds = new Set(tr.events.map((e) => e.kind));
    const name = this.item?.name ?? { zh: r.code, en: r.code };
    const say = (kind: string, zh: string, en: string) => this.notes.push({ personId: r.applicantId, kind, title: { zh: `${name.zh}：${zh.split('，')[0]}`, en: `${name.en}: ${en.split(', ')[0]}` }, body: { zh, en } });
    if (kinds.has('supplement_requested')) say('case.supplement', '请补正，需补正的内容已一次性列明，补齐后重新提交，办理时限暂停计算', 'Supplement requested, everything to fix is listed at once; the clock is paused until you resubmit');
    if (r.parentId) return;
    if (kinds.has('accepted')) say('case.accepted', `已受理，承诺 ${r.promisedDue ?? ''} 前办结`, `Accepted, promised by ${r.promisedDue ?? ''}`);
    if (kinds.has('refused')) say('case.refused', `不予受理，理由：${tr.events.find((e) => e.kind === 'refused')?.reason ?? ''}`, `Refused, reason: ${tr.events.find((e) => e.kind === 'refused')?.reason ?? ''}`);
    if (tr.decision?.result === 'deny') say('case.denied', `不予许可，理由：${tr.decision.reason ?? ''}`, `Denied, reason: ${tr.decision.reason ?? ''}`);
    if (r.state === 'production' && (kinds.has('decided') || kinds.has('auto_approved'))) say('case.approved', '已审批通过，正在制证', 'Approved, the licence or certificate is being produced');
    if (r.state === 'delivery' && r.deliveryMethod === 'window') say('case.pickup', `已办好，请凭取件码 ${r.pickupCode} 到窗口领取`, `Ready, collect it at the window with pick-up code ${r.pickupCode}`);
    if (r.state === 'delivery' && r.deliveryMethod === 'postal') say('case.postal', '已审批通过，结果将邮寄送达', 'Approved, the result will be posted to you');
    if (r.state === 'closed' && r.outcome === 'approved') say('case.closed', tr.decision?.byRule ? '已秒办办结，结果已发送到证照夹' : '已办结', tr.decision?.byRule ? 'Closed instantly by rule, the result is in your wallet' : 'Closed');
  }

  /** Writes the case, its new events, timers and notifications (optimistic: 409 when it changed meanwhile). */
  async flush(tx: Queryable, notifier: Notifier): Promise<void> {
    const r = this.row;
    if (this.isNew) {
      r.updatedAt = this.ctx.now;
      await casesRepo.insert(tx, r);
    } else {
      const ok = await casesRepo.update(tx, r.id, this.revision, r, r.lastSeq, this.ctx.now);
      if (!ok) throw staleRevision(this.revision, null);
      r.revision = this.revision + 1;
    }
    await casesRepo.appendEvents(tx, this.events);
    this.ctx.onEvents?.(this.events);
    for (const j of this.jobs) await casesRepo.schedule(tx, j);
    for (const n of this.notes) await notifier.enqueue(tx, { personId: n.personId, caseId: r.parentId ?? r.id, kind: n.kind, title: n.title, body: n.body });
    if (!this.wasClosed && r.state === 'closed' && r.outcome === 'approved' && r.kind === 'item' && this.item && this.ctx.onApproved) {
      await this.ctx.onApproved(tx, r, this.item);
    }
    if (this.accepted !== null) {
      // first-time success (首办成功): accepted without a supplement request before it
      const first = this.isNew || !this.hadSupplement;
      await applicationsRepo.setMeasure(tx, r.applicationId, 'acceptedWithoutSupplement', this.accepted && first);
      await casesRepo.setAcceptedFirst(tx, r.applicationId, this.accepted && first);
    }
  }
}

/** The four counts of the application's stored measures, as its top-level case keeps them (null before submission). */
function measuresOf(app: ApplicationRow): CaseRow['measures'] {
  const m = app.measures as Partial<Record<'fieldsPrefilled' | 'fieldsTotal' | 'materialsExempted' | 'materialsTotal', number>> | null;
  if (!m || typeof m.fieldsTotal !== 'number') return null;
  return { fieldsPrefilled: m.fieldsPrefilled ?? 0, fieldsTotal: m.fieldsTotal, materialsExempted: m.materialsExempted ?? 0, materialsTotal: m.materialsTotal ?? 0 };
}

/** The last working day before `date` (holiday blocks are at most 9 days long). */
function previousWorkingDay(cal: WorkingCalendar, date: string): string {
  let d = addDays(date, -1);
  while (!cal.isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

export const staleRevision = (expected: number, actual: number | null) => new ConflictError('case.stale_revision', {
  zh: `办件已被他人处理（修订号已变为 ${actual ?? '更新'}），请刷新后再办理`,
  en: `Someone else changed the case first (revision is now ${actual ?? 'newer'}); reload it and act again`,
}, { expected, actual });

const caseNotFound = (id: string) => new NotFoundError('case.not_found', { zh: `办件“${id}”`, en: `Case "${id}"` }, { id });

// ---------------------------------------------------------------------------------------------------------------
// The service

export class CaseService {
  constructor(private readonly deps: CaseDeps) {}

  /** Calendar, today and org paths; `q` is the transaction when called inside one (PGlite has one connection). */
  private async ctx(q?: Queryable): Promise<Ctx> {
    const pathOf = await this.deps.orgs.prefixer(q);
    return {
      cal: await this.deps.calendar.calendar(q),
      today: this.deps.clock.today(),
      now: this.deps.clock.now().toISOString(),
      pathOf,
      ...(this.deps.onApproved ? { onApproved: this.deps.onApproved } : {}),
      ...(this.deps.onEvents ? { onEvents: this.deps.onEvents } : {}),
    };
  }

  private working(row: CaseRow, item: ItemDefinition | null, isNew: boolean, ctx: Ctx): WorkingCase {
    return new WorkingCase(row, item, isNew, ctx);
  }

  /** Rule data of an application: facts by source, answers and form. */
  private ruleData(parts: SealedParts): Record<string, unknown> {
    return { ...parts.facts.values, answers: parts.answers, form: parts.form };
  }

  /**
   * Opens the case(s) of an application that was just submitted, in the submission's transaction. `counter` is the
   * window officer who filed it in person (一窗通办): the case is accepted there at once.
   */
  async open(tx: Queryable, app: ApplicationRow, counter?: { actor: Actor }): Promise<CaseRow> {
    const ctx = await this.ctx(tx);
    const parts = unseal(this.deps.keys, app);
    const person = await identityRepo.personById(tx, app.applicantId);
    const residence = parts.facts.values.residence as { district?: string; address?: string } | undefined;
    const routingInput = {
      householdOrg: person?.householdOrg ?? null,
      residenceDistrict: residence?.district ?? districtOfAddress(residence?.address ?? (parts.form.residenceAddress as string | undefined)),
    };
    const orgs = await this.deps.orgs.all(tx);
    const base = (code: string, version: number, department: string, parentId: string | null): CaseRow => {
      const route = routeCase({ department, ...routingInput }, orgs);
      return {
        id: `case_${randomBytes(9).toString('base64url')}`, applicationId: app.id, parentId, kind: parentId || app.kind === 'item' ? 'item' : 'bundle', code, version,
        applicantId: app.applicantId, state: 'submitted', outcome: null, stepIndex: null, stepId: null, stepRole: null, stepStartedOn: null, stepDue: null,
        decided: false, manual: false, pausedFrom: null, pausedOn: null, pausedDays: 0, provisional: false, department, org: route.org, orgPath: ctx.pathOf(route.org),
        competentOrg: route.org, routingRule: route.rule, acceptedOrg: null, acceptedOn: null, acceptedAt: null, promisedDue: null, legalDue: null,
        channel: counter ? 'window' : app.channel, cityWide: false, deliveryMethod: 'e_license', pickupCode: null, trackingNo: null, deliveredAt: null,
        decision: null, supplement: null, result: null, assignee: null, afterMembers: [], revision: 1, lastSeq: 0,
        submittedAt: app.submittedAt ?? ctx.now, updatedAt: ctx.now, closedAt: null, archivedAt: null,
        ...(parentId ? {} : { measures: measuresOf(app) }),
      };
    };
    const data = this.ruleData(parts);

    if (app.kind === 'item') {
      const item = await definition(tx, app.code, app.version);
      const w = this.working({ ...base(app.code, app.version, item.department, null), cityWide: item.scope.cityWide, deliveryMethod: deliveryMethodOf(item, parts.form) }, item, true, ctx);
      w.event('submitted', { actor: `citizen:${app.applicantId}`, name: null, role: 'applicant', org: null }, { detail: { receiptNo: app.receiptNo, channel: w.row.channel, competentOrg: w.row.competentOrg, rule: w.row.routingRule } });
      this.begin(w, data, counter?.actor);
      await w.flush(tx, this.deps.notifier);
      if (w.row.state !== 'closed') await this.scheduleDeferred(tx, w.row, app);
      return w.row;
    }

    // a bundle: the parent, and one sub-case per member that applies, in parallel unless ordered
    const bundle = await definition<BundleDefinition>(tx, app.code, app.version);
    const bound = await boundDefinitions(tx, app);
    const skipped = new Set(precheckBundle(bundleMembers(bound), parts.facts, parts.answers).skipped);
    const parent = this.working({ ...base(app.code, app.version, bundle.leadDepartment, null), state: 'in_progress' }, null, true, ctx);
    parent.event('submitted', { actor: `citizen:${app.applicantId}`, name: null, role: 'applicant', org: null }, { detail: { receiptNo: app.receiptNo, skipped: [...skipped] } });
    if (parent.row.promisedDue === null) {
      parent.row.acceptedOn = ctx.today;
      parent.row.promisedDue = parent.due(ctx.today, bundle.promisedLimitDays);
    }
    parent.row.stepDue = null;
    await parent.flush(tx, this.deps.notifier);
    const taking = bound.members.filter((m) => !skipped.has(m.code));
    for (const m of taking) {
      const member = bundle.members.find((x) => x.itemCode === m.code)!;
      const after = (member.after ?? []).filter((c) => taking.some((t) => t.code === c));
      const w = this.working({
        ...base(m.code, m.version, m.def.department, parent.row.id), cityWide: m.def.scope.cityWide, deliveryMethod: deliveryMethodOf(m.def, parts.form),
        afterMembers: after, state: after.length ? 'waiting' : 'submitted',
      }, m.def, true, ctx);
      w.event('submitted', { actor: `citizen:${app.applicantId}`, name: null, role: 'applicant', org: null }, { detail: { bundle: app.code, after, competentOrg: w.row.competentOrg, rule: w.row.routingRule } });
      if (!after.length) this.begin(w, data, counter?.actor);
      await w.flush(tx, this.deps.notifier);
      await this.scheduleDeferred(tx, w.row, app);
      if (w.row.state === 'closed') await this.bundleStep(tx, w.row);
    }
    return (await casesRepo.get(tx, parent.row.id))!;
  }

  /**
   * Starts a case that was submitted (or a bundle member whose turn came): it waits for acceptance at a window,
   * or is accepted at once (online acceptance by the system, or at the counter) and runs until a person is needed.
   */
  private begin(w: WorkingCase, data: Record<string, unknown>, counter?: Actor): void {
    const plan = w.plan;
    const r = w.row;
    r.state = 'submitted';
    if (plan[0]!.kind === 'accept' && !counter) {
      r.stepIndex = 0;
      r.stepId = plan[0]!.id;
      r.stepRole = 'window_officer';
      w.startStep(plan[0]!.limitDays);
      return;
    }
    const acceptor = counter ?? SYSTEM;
    const from = plan[0]!.kind === 'accept' ? 1 : 0;
    w.event('accepted', acceptor, { stepId: plan[0]!.kind === 'accept' ? plan[0]!.id : null, detail: { how: counter ? 'counter' : 'online' }, to: 'review' });
    w.markAccepted(acceptor);
    w.apply(advance(plan, from, { decided: false }, data), SYSTEM);
  }

  // ---- reading ----

  async get(q: Queryable, id: string): Promise<CaseRow> {
    const row = await casesRepo.get(q, id);
    if (!row) throw caseNotFound(id);
    return row;
  }

  /** The roles the officer holds over this case: its org's subtree and department, or any window for a city-wide acceptance. */
  async rolesOver(who: Principal, row: Pick<CaseRow, 'org' | 'department' | 'state' | 'cityWide'>, q?: Queryable): Promise<{ roles: Set<string>; via: Map<string, string> }> {
    const paths = await this.deps.orgs.orgPaths(q);
    const scopeRoot = this.deps.orgs.scopeRoot();
    const roles = new Set<string>();
    const via = new Map<string, string>();
    for (const r of who.roles) {
      const dept = r.department === '*' || r.department === row.department;
      if (!dept) continue;
      const inTree = inSubtree(paths, scopeRoot(r.org), row.org);
      const cityWideAccept = r.role === 'window_officer' && row.state === 'submitted' && row.cityWide;
      if (inTree || cityWideAccept) {
        roles.add(r.role);
        if (!via.has(r.role)) via.set(r.role, r.org);
      }
    }
    return { roles, via };
  }

  async allowedFor(who: Principal, row: CaseRow): Promise<CaseAction[]> {
    if (row.kind === 'bundle') return (await this.rolesOver(who, row)).roles.size ? ['comment'] : [];
    const item = await definition(this.deps.db, row.code, row.version);
    const { roles } = await this.rolesOver(who, row);
    return allowedActions(planOf(item), snapshotOf(row), roles, who.officerId ?? who.id);
  }

  // ---- officer actions ----

  /** An officer's action on a case (see docs/design/case-handling.md for the list). */
  async act(who: Principal, id: string, action: CaseAction, input: ActionInput & { revision?: number | undefined }, purpose: string | null = null): Promise<CaseRow> {
    const ctx = await this.ctx();
    return this.deps.db.transaction(async (tx) => {
      const row = await casesRepo.get(tx, id, { forUpdate: true });
      if (!row) throw caseNotFound(id);
      if (action !== 'comment' && input.revision === undefined) {
        throw new ValidationError('case.action_invalid', [{ path: '/revision', reason: 'required', message: { zh: '请提供办件的修订号（revision），以免覆盖他人的办理', en: 'Send the case revision you saw, so that nobody\'s work is overwritten' } }]);
      }
      if (input.revision !== undefined && input.revision !== row.revision && action !== 'comment') throw staleRevision(input.revision, row.revision);
      const item = row.kind === 'item' ? await definition(tx, row.code, row.version) : null;
      const plan = item ? planOf(item) : [];
      const { roles, via } = await this.rolesOver(who, row, tx);
      const me = who.officerId ?? who.id;
      const allowed = item ? allowedActions(plan, snapshotOf(row), roles, me) : roles.size ? (['comment'] as CaseAction[]) : [];
      const step = row.stepIndex !== null ? plan[row.stepIndex] : undefined;
      assertAllowed(action, allowed, snapshotOf(row), step);
      validateActionInput(action, input, { deliveryMethod: row.deliveryMethod, pickupCode: row.pickupCode });
      const roleUsed = actionRole(action, row, roles);
      const actor: Actor = { actor: `officer:${me}`, name: who.name, role: roleUsed, org: via.get(roleUsed) ?? null };
      const w = this.working({ ...row }, item, false, ctx);
      const note = input.note?.trim() || null;

      switch (action) {
        case 'claim':
          w.row.assignee = me;
          w.event('claimed', actor, { stepId: row.stepId });
          break;
        case 'release':
          w.event('released', actor, { stepId: row.stepId, detail: { from: row.assignee } });
          w.row.assignee = null;
          break;
        case 'assign': {
          const officer = await identityRepo.officerById(tx, input.assignee!.trim());
          if (!officer) throw new ValidationError('case.action_invalid', [{ path: '/assignee', reason: 'unknown', message: { zh: '没有这位工作人员', en: 'No such officer' } }]);
          w.row.assignee = officer.id;
          w.event('assigned', actor, { stepId: row.stepId, detail: { to: officer.id } });
          break;
        }
        case 'transfer': {
          const to = input.toOrg!.trim();
          const org = await this.deps.orgs.get(to, tx);
          if (!org) throw new ValidationError('case.action_invalid', [{ path: '/toOrg', reason: 'unknown', message: { zh: `没有机构“${to}”`, en: `No org "${to}"` } }]);
          if (!org.departments.includes(row.department)) {
            throw new ValidationError('case.action_invalid', [{ path: '/toOrg', reason: 'department', message: { zh: `${org.nameZh}不办理该业务`, en: `${org.nameEn} does not handle this department` } }]);
          }
          w.event('transferred', actor, { stepId: row.stepId, reason: input.reason!.trim(), detail: { from: row.org, to } });
          w.moveTo(to);
          w.row.assignee = null;
          break;
        }
        case 'archive':
          w.event('archived', actor, { to: 'archived' });
          w.row.state = 'archived';
          w.row.archivedAt = ctx.now;
          break;
        case 'comment':
          w.event('comment', actor, { stepId: row.stepId, reason: note });
          break;
        default: {
          const parts = unseal(this.deps.keys, (await applicationsRepo.get(tx, row.applicationId))!);
          const tr = transition(plan, snapshotOf(row), action, input, this.ruleData(parts));
          if (action === 'supplement') this.pause(w, input);
          w.apply(tr, actor);
          if (action === 'deliver') {
            w.row.trackingNo = input.delivery?.trackingNo?.trim() || null;
            w.row.deliveredAt = ctx.now;
          }
          if (action === 'refuse') w.accepted = false;
        }
      }
      await w.flush(tx, this.deps.notifier);
      await audit(tx, {
        actor: actor.actor, actorRole: roleUsed, org: actor.org, action: `case.${action}`, subjectType: 'case', subjectId: id, subjectPerson: row.applicantId,
        purpose, detail: { state: row.state, to: w.row.state, step: row.stepId, reason: input.reason ?? null },
      });
      if (w.row.parentId && w.row.state === 'closed' && row.state !== 'closed') await this.bundleStep(tx, w.row);
      return (await casesRepo.get(tx, id))!;
    });
  }

  /** A supplement request: the clock stops; the request may stay open for the item's limit, then the case closes. */
  private pause(w: WorkingCase, input: ActionInput, by = 'officer'): void {
    const r = w.row;
    const today = w.ctx.today;
    const item = w.item!;
    const limit = (item.process as { supplementLimitDays?: number }).supplementLimitDays ?? DEFAULT_SUPPLEMENT_DAYS;
    const dueDate = w.due(today, limit);
    r.pausedOn = today;
    r.supplement = {
      items: (input.items ?? []).map((i) => ({ path: i.path?.trim() || null, message: i.message.trim() })), note: input.note?.trim() || null,
      requestedAt: w.ctx.now, dueDate, seq: r.lastSeq + 1, by, pausedStepDue: r.stepDue,
    };
    r.stepDue = null;
    w.jobs.push({ kind: 'supplement.expire', dedupeKey: `supplement:${r.id}:${r.lastSeq + 1}`, runAt: startOfDay(nextDay(dueDate)), payload: { caseId: r.id, seq: r.lastSeq + 1 } });
  }

  // ---- applicant ----

  /** The applicant answers a supplement request: fixes the form and materials; the case resumes and the clock with it. */
  async answerSupplement(who: Principal, id: string, patch: { revision: number; form?: Record<string, unknown>; materials?: Record<string, unknown>; note?: string }, amend: (tx: Queryable, app: ApplicationRow) => Promise<void>): Promise<CaseRow> {
    const ctx = await this.ctx();
    return this.deps.db.transaction(async (tx) => {
      const row = await casesRepo.get(tx, id, { forUpdate: true });
      if (!row || row.applicantId !== who.id) throw caseNotFound(id);
      if (row.state !== 'supplement') {
        throw new ConflictError('case.action_not_allowed', { zh: `办件当前状态为“${row.state}”，没有待补正的内容`, en: `The case is "${row.state}"; there is no supplement request to answer` }, { state: row.state, step: row.stepId, allowed: [] });
      }
      if (patch.revision !== row.revision) throw staleRevision(patch.revision, row.revision);
      const app = (await applicationsRepo.get(tx, row.applicationId, { forUpdate: true }))!;
      await amend(tx, app);
      const item = await definition(tx, row.code, row.version);
      const w = this.working({ ...row }, item, false, ctx);
      const paused = ctx.cal.workingDaysBetween(row.pausedOn!, ctx.today);
      const tr = resume(snapshotOf(row));
      const sup = row.supplement as { pausedStepDue?: string | null } | null;
      w.apply(tr, { actor: `citizen:${who.id}`, name: null, role: 'applicant', org: null });
      const shift = (d: string | null) => (d ? ctx.cal.addWorkingDays(d, paused) : null);
      w.row.pausedDays = row.pausedDays + paused;
      w.row.stepDue = shift(sup?.pausedStepDue ?? null);
      w.row.promisedDue = shift(row.promisedDue);
      w.row.legalDue = shift(row.legalDue);
      w.row.pausedFrom = null;
      w.row.pausedOn = null;
      w.row.supplement = { ...(row.supplement ?? {}), answeredAt: ctx.now, note: patch.note ?? null, answered: true };
      w.events[w.events.length - 1]!.detail = { pausedOn: row.pausedOn, resumedOn: ctx.today, pausedWorkingDays: paused, note: patch.note ?? null };
      w.scheduleStepTimers();
      await w.flush(tx, this.deps.notifier);
      await audit(tx, { actor: `citizen:${who.id}`, actorRole: 'applicant', action: 'case.supplement_answered', subjectType: 'case', subjectId: id, detail: { pausedWorkingDays: paused } });
      return (await casesRepo.get(tx, id))!;
    });
  }

  // ---- bundles ----

  /** After a member closed: start the members whose turn came, cancel those that cannot go on, close the bundle once. */
  async bundleStep(tx: Queryable, member: CaseRow): Promise<void> {
    const ctx = await this.ctx(tx);
    const parent = await casesRepo.get(tx, member.parentId!, { forUpdate: true });
    if (!parent || parent.state !== 'in_progress') return;
    const members = await casesRepo.children(tx, parent.id);
    const progress = bundleProgress(members.map((m) => ({ itemCode: m.code, after: m.afterMembers, state: m.state, outcome: m.outcome })));
    const app = (await applicationsRepo.get(tx, parent.applicationId))!;
    const data = this.ruleData(unseal(this.deps.keys, app));
    for (const m of members) {
      if (progress.start.includes(m.code)) {
        const item = await definition(tx, m.code, m.version);
        const w = this.working({ ...m }, item, false, ctx);
        w.event('started', SYSTEM, { detail: { after: m.afterMembers } });
        this.begin(w, data);
        await w.flush(tx, this.deps.notifier);
        if (w.row.state === 'closed') return this.bundleStep(tx, w.row);
      } else if (progress.cancel.includes(m.code)) {
        const w = this.working({ ...m }, null, false, ctx);
        w.event('closed', SYSTEM, { detail: { outcome: 'cancelled', why: 'prerequisite_not_approved' }, to: 'closed' });
        w.row.state = 'closed';
        w.row.outcome = 'cancelled';
        w.close();
        await w.flush(tx, this.deps.notifier);
      }
    }
    if (!progress.allClosed) return;
    const final = await casesRepo.children(tx, parent.id);
    const bundle = await definition<BundleDefinition>(tx, parent.code, parent.version);
    const names = await Promise.all(final.map(async (m) => ({ name: (await definition(tx, m.code, m.version)).name as Text, outcome: m.outcome })));
    const result = bundleResult(bundle.name as Text, names);
    const w = this.working({ ...parent }, null, false, ctx);
    const approved = final.some((m) => m.outcome === 'approved');
    w.event('closed', SYSTEM, { detail: { outcome: approved ? 'approved' : 'denied', members: final.map((m) => ({ code: m.code, outcome: m.outcome })) }, to: 'closed' });
    w.row.state = 'closed';
    w.row.outcome = approved ? 'approved' : 'denied';
    w.row.result = result;
    w.close();
    w.notes.push({ personId: parent.applicantId, kind: 'bundle.closed', title: { zh: `${(bundle.name as Text).zh}：已全部办结`, en: `${(bundle.name as Text).en}: complete` }, body: result });
    await w.flush(tx, this.deps.notifier);
  }

  // ---- timers ----

  /** Handles one due timer in the caller's transaction (the timer is marked done in the same one). */
  async onTimer(tx: Queryable, job: { kind: string; payload: Record<string, unknown> }): Promise<string> {
    const ctx = await this.ctx(tx);
    const p = job.payload as { caseId: string; stepId?: string | null; state?: string; due?: string; seq?: number; materialKey?: string };
    const row = await casesRepo.get(tx, p.caseId, { forUpdate: true });
    if (!row) return 'gone';
    const item = row.kind === 'item' ? await definition(tx, row.code, row.version) : null;
    const w = this.working({ ...row }, item, false, ctx);
    switch (job.kind) {
      case 'step.remind':
      case 'step.escalate': {
        if (row.state !== p.state || row.stepId !== p.stepId || row.stepDue !== p.due) return 'moved_on';
        const escalate = job.kind === 'step.escalate';
        w.event(escalate ? 'escalated' : 'reminder', SYSTEM, { stepId: row.stepId, detail: { due: row.stepDue } });
        const targets = escalate ? await this.officersFor(tx, row, 'department_head') : row.assignee ? [await this.personOfOfficer(tx, row.assignee)] : await this.officersFor(tx, row, row.stepRole ?? 'reviewer');
        const name = (item?.name ?? { zh: row.code, en: row.code }) as Text;
        for (const personId of targets.filter((x): x is string => !!x)) {
          w.notes.push({
            personId, kind: escalate ? 'case.escalated' : 'case.reminder',
            title: escalate ? { zh: `超时督办：${name.zh}`, en: `Overdue: ${name.en}` } : { zh: `即将到期：${name.zh}`, en: `Due soon: ${name.en}` },
            body: escalate
              ? { zh: `办件 ${row.id} 的环节“${row.stepId}”已于 ${row.stepDue} 到期仍未办理，请督办。`, en: `Step "${row.stepId}" of case ${row.id} was due on ${row.stepDue} and is still open; please follow up.` }
              : { zh: `办件 ${row.id} 的环节“${row.stepId}”将于 ${row.stepDue} 到期。`, en: `Step "${row.stepId}" of case ${row.id} is due on ${row.stepDue}.` },
          });
        }
        break;
      }
      case 'supplement.expire': {
        const sup = row.supplement as { seq?: number } | null;
        if (row.state !== 'supplement' || sup?.seq !== p.seq) return 'moved_on';
        w.event('supplement_expired', SYSTEM, { detail: { requestedSeq: p.seq } });
        w.event('closed', SYSTEM, { detail: { outcome: 'expired' }, to: 'closed' });
        w.row.state = 'closed';
        w.row.outcome = 'expired';
        w.close();
        w.notes.push({ personId: row.applicantId, kind: 'case.expired', title: { zh: '补正逾期，办件已终止', en: 'Supplement not answered: case ended' }, body: { zh: `办件 ${row.id} 的补正通知逾期未答复，已按规定终止办理，可重新申请。`, en: `The supplement request of case ${row.id} was not answered in time; the case has ended. You may apply again.` } });
        break;
      }
      case 'deferred.expire': {
        if (!['submitted', 'review', 'production'].includes(row.state) || !item) return 'moved_on';
        const app = (await applicationsRepo.get(tx, row.applicationId))!;
        const m = (app.materials as Record<string, { kind: string } | undefined>)[p.materialKey!];
        if (m?.kind !== 'deferred') return 'supplied';
        w.event('deferred_expired', SYSTEM, { detail: { material: p.materialKey } });
        const material = item.materials.find((x) => x.id === p.materialKey!.split('.').pop());
        const input = { items: [{ path: `/materials/${p.materialKey}`, message: `容缺材料“${material?.name.zh ?? p.materialKey}”已逾期未补交，请补交 / The deferred material "${material?.name.en ?? p.materialKey}" is overdue` }] };
        const tr = transition(planOf(item), snapshotOf(row), 'supplement', input, {});
        this.pause(w, input, 'system');
        w.apply(tr, SYSTEM);
        break;
      }
      default:
        return 'unknown_kind';
    }
    await w.flush(tx, this.deps.notifier);
    if (w.row.parentId && w.row.state === 'closed' && row.state !== 'closed') await this.bundleStep(tx, w.row);
    return 'fired';
  }

  /** Deferred materials of a new case get a timer at their deadline. */
  async scheduleDeferred(tx: Queryable, row: CaseRow, app: ApplicationRow): Promise<void> {
    for (const [key, m] of Object.entries(app.materials as Record<string, { kind: string; deadline?: string }>)) {
      if (m.kind !== 'deferred' || !m.deadline) continue;
      if (row.parentId && !key.startsWith(`${row.code}.`)) continue;
      await casesRepo.schedule(tx, { kind: 'deferred.expire', dedupeKey: `deferred:${row.id}:${key}`, runAt: startOfDay(nextDay(m.deadline)), payload: { caseId: row.id, materialKey: key } });
    }
  }

  private async personOfOfficer(q: Queryable, officerId: string): Promise<string | null> {
    const r = await q.query<{ personId: string }>('select person_id as "personId" from officers where id = $1', [officerId]);
    return r.rows[0]?.personId ?? null;
  }

  /** People holding `role` for the case's department at its org or above it. */
  private async officersFor(q: Queryable, row: CaseRow, role: string): Promise<string[]> {
    const ancestors = row.orgPath.split('/').filter(Boolean);
    const r = await q.query<{ personId: string }>(
      `select distinct o.person_id as "personId" from officer_roles r join officers o on o.id = r.officer_id
       where o.active and r.role = $1 and r.org = any($2::text[]) and (r.department = $3 or r.department = '*')`, [role, ancestors, row.department]);
    return r.rows.map((x) => x.personId);
  }

  // ---- calendar ----

  /** After a holiday year was loaded: recomputes the due dates of open cases that were counted provisionally. */
  async recomputeProvisional(tx: Queryable, cal: WorkingCalendar): Promise<number> {
    const ctx = { ...(await this.ctx(tx)), cal };
    const ids = (await tx.query<{ id: string }>(`select id from cases where provisional and state not in ('closed', 'archived') for update`)).rows;
    for (const { id } of ids) {
      const row = (await casesRepo.get(tx, id))!;
      const item = row.kind === 'item' ? await definition(tx, row.code, row.version) : null;
      const w = this.working({ ...row, provisional: false }, item, false, ctx);
      const before = { stepDue: row.stepDue, promisedDue: row.promisedDue, legalDue: row.legalDue };
      if (item && row.acceptedOn) {
        w.row.promisedDue = w.due(row.acceptedOn, item.timeLimits.promised.days + row.pausedDays);
        w.row.legalDue = w.due(row.acceptedOn, item.timeLimits.legal.days + row.pausedDays);
      }
      if (item && row.stepDue && row.stepStartedOn) {
        const days = row.state === 'delivery' ? DELIVERY_DAYS : row.state === 'submitted' ? planOf(item)[0]!.limitDays : planOf(item)[row.stepIndex ?? 0]!.limitDays;
        w.row.stepDue = w.due(row.stepStartedOn, days);
        w.scheduleStepTimers();
      }
      w.event('due_recomputed', SYSTEM, { detail: { before, after: { stepDue: w.row.stepDue, promisedDue: w.row.promisedDue, legalDue: w.row.legalDue }, provisional: w.row.provisional } });
      await w.flush(tx, this.deps.notifier);
    }
    return ids.length;
  }
}

export function snapshotOf(row: CaseRow): CaseSnapshot {
  return { state: row.state as CaseState, stepIndex: row.stepIndex, decided: row.decided, manual: row.manual, pausedFrom: row.pausedFrom as CaseSnapshot['pausedFrom'], deliveryMethod: row.deliveryMethod, assignee: row.assignee };
}

/** The role an officer acts in for an action (for the timeline and the audit). */
function actionRole(action: CaseAction, row: CaseRow, roles: Set<string>): string {
  if (action === 'assign') return 'department_head';
  const stepRole = row.state === 'submitted' ? 'window_officer' : row.stepRole;
  if (stepRole && roles.has(stepRole)) return stepRole;
  if (row.state === 'delivery') return roles.has('window_officer') ? 'window_officer' : 'producer';
  return [...roles][0] ?? 'officer';
}

