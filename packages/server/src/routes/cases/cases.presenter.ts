/** How cases look over HTTP: the summary in lists, the applicant's view and the officer's view (docs/design/case-handling.md §4). */
import { maskName, nextStepText, type CaseAction, type CaseState, type ItemDefinition } from '@tongban/core';
import { casesRepo, type CaseEventRow, type CaseRow, type Queryable } from '@tongban/db';
import { definition, planOf } from '../../cases/cases.service.ts';
import type { OrgDirectory } from '../../identity/org-directory.ts';

type Text = { zh: string; en: string };
const OPEN_CLOCK: readonly string[] = ['submitted', 'review', 'production', 'delivery'];

export interface PresentCtx {
  db: Queryable;
  orgs: OrgDirectory;
  today: string;
  /** the last day a step counts as due soon (two working days ahead), computed once per request */
  soonUntil: string;
}


async function orgRef(orgs: OrgDirectory, code: string | null): Promise<{ code: string; name: Text } | null> {
  if (!code) return null;
  const o = await orgs.get(code);
  return { code, name: o ? { zh: o.nameZh, en: o.nameEn } : { zh: code, en: code } };
}

async function nameOf(q: Queryable, row: Pick<CaseRow, 'code' | 'version'>): Promise<Text> {
  return (await definition<{ name: Text }>(q, row.code, row.version)).name;
}

/** The list entry of a case. */
export type CaseListRow = CaseRow & { applicantName?: string; receiptNo?: string; assigneeName?: string | null };

export async function caseSummary(ctx: PresentCtx, row: CaseListRow, opts: { fullName: boolean }) {
  const item = row.kind === 'item' ? await definition(ctx.db, row.code, row.version) : null;
  const step = item && row.stepIndex !== null ? planOf(item)[row.stepIndex] : undefined;
  const running = OPEN_CLOCK.includes(row.state) && !!row.stepDue;
  const overdue = running && row.stepDue! < ctx.today;
  return {
    id: row.id, receiptNo: row.receiptNo ?? '', applicationId: row.applicationId, kind: row.kind, parentId: row.parentId,
    itemCode: row.code, itemName: await nameOf(ctx.db, row), state: row.state, outcome: row.outcome,
    step: step || row.state === 'delivery' ? {
      id: step?.id ?? 'delivery', name: step?.name ?? { zh: '送达', en: 'Delivery' }, role: row.stepRole ?? step?.role ?? 'window_officer', department: row.department,
      dueDate: row.stepDue, provisional: row.provisional, startedAt: row.stepStartedOn,
    } : null,
    org: await orgRef(ctx.orgs, row.org), department: row.department,
    promisedDue: row.promisedDue, legalDue: row.legalDue, provisional: row.provisional,
    overdue, dueSoon: running && !overdue && row.stepDue! <= ctx.soonUntil, paused: row.state === 'supplement',
    applicantName: row.applicantName ? (opts.fullName ? row.applicantName : maskName(row.applicantName)) : '',
    assignee: row.assignee ? { id: row.assignee, name: row.assigneeName ?? row.assignee } : null,
    submittedAt: row.submittedAt, closedAt: row.closedAt, revision: row.revision,
  };
}

async function timeline(ctx: PresentCtx, events: CaseEventRow[], item: ItemDefinition | null, forOfficer: boolean) {
  const plan = item ? planOf(item) : [];
  return Promise.all(events.map(async (e) => ({
    seq: e.seq, at: e.at, kind: e.kind,
    actor: {
      kind: e.actor === 'system' ? 'system' : e.actor.startsWith('citizen:') ? 'citizen' : 'officer',
      name: forOfficer || !e.actor.startsWith('officer:') ? e.actorName : null, role: e.actorRole, org: await orgRef(ctx.orgs, e.actorOrg),
    },
    step: e.stepId ? { id: e.stepId, name: plan.find((s) => s.id === e.stepId)?.name ?? { zh: e.stepId, en: e.stepId } } : null,
    fromState: e.fromState, toState: e.toState, reason: e.reason,
    // the facts an instant approval read are the applicant's: shown to officers, summarised for the applicant
    detail: forOfficer ? e.detail : Object.fromEntries(Object.entries(e.detail).filter(([k]) => k !== 'facts' && k !== 'rule')),
  })));
}

/** The whole case: steps, timeline, supplement request, decision, delivery and, for a bundle, its members. */
export async function caseView(ctx: PresentCtx, row: CaseListRow, opts: { fullName: boolean; forOfficer: boolean }) {
  const item = row.kind === 'item' ? await definition(ctx.db, row.code, row.version) : null;
  const plan = item ? planOf(item) : [];
  const events = await casesRepo.events(ctx.db, row.id);
  const done = new Set(events.filter((e) => e.kind === 'step_completed' || e.kind === 'auto_approved' || (e.kind === 'accepted' && e.stepId)).map((e) => e.stepId));
  const skipped = new Set(events.filter((e) => e.kind === 'step_skipped').map((e) => e.stepId));
  const children = row.kind === 'bundle' ? await casesRepo.children(ctx.db, row.id) : [];
  const summary = await caseSummary(ctx, row, opts);
  const sup = row.supplement as { items?: { path: string | null; message: string }[]; requestedAt?: string; dueDate?: string; note?: string | null; answered?: boolean } | null;
  const decision = row.decision as { result: 'approve' | 'deny'; reason: string | null; legalBasis: string | null; byRule: { stepId: string; description: Text } | null } | null;
  const nameOfItem = item?.name ?? (await nameOf(ctx.db, row));
  const result: Text | null = row.result ?? (row.state === 'closed' || row.state === 'archived' ? resultText(nameOfItem, row) : null);
  return {
    ...summary,
    nextStep: nextStepText(plan, row.state as CaseState, row.stepIndex, row.deliveryMethod),
    acceptedAt: row.acceptedAt, acceptedOrg: await orgRef(ctx.orgs, row.acceptedOrg), competentOrg: await orgRef(ctx.orgs, row.competentOrg), routingRule: row.routingRule,
    pausedDays: row.pausedDays,
    supplement: sup && row.state === 'supplement' ? { items: sup.items ?? [], requestedAt: sup.requestedAt ?? null, dueDate: sup.dueDate ?? null, note: sup.note ?? null } : null,
    decision: decision ? { result: decision.result, reason: decision.reason, legalBasis: decision.legalBasis, byRule: decision.byRule } : null,
    delivery: row.decided && row.outcome !== 'denied' ? { method: row.deliveryMethod, pickupCode: row.state === 'delivery' ? row.pickupCode : null, trackingNo: row.trackingNo, deliveredAt: row.deliveredAt } : null,
    steps: plan.map((s) => ({
      id: s.id, name: s.name, role: s.role, department: s.department, dueDate: row.stepIndex === s.index ? row.stepDue : null, provisional: row.provisional,
      startedAt: row.stepIndex === s.index ? row.stepStartedOn : null,
      status: done.has(s.id) ? 'done' : skipped.has(s.id) ? 'skipped' : row.stepIndex === s.index && !['closed', 'archived', 'delivery'].includes(row.state) ? 'current' : row.stepIndex !== null && s.index < row.stepIndex ? 'done' : 'pending',
    })),
    timeline: await timeline(ctx, events, item, opts.forOfficer),
    subCases: await Promise.all(children.map((c) => caseSummary(ctx, c, opts))),
    result,
  };
}

function resultText(name: Text, row: CaseRow): Text {
  switch (row.outcome) {
    case 'approved': return { zh: `“${name.zh}”已办结${row.deliveryMethod === 'e_license' ? '，结果已发送到电子证照夹' : ''}`, en: `"${name.en}" is done${row.deliveryMethod === 'e_license' ? '; the result is in your e-licence wallet' : ''}` };
    case 'denied': return { zh: `“${name.zh}”决定不予许可`, en: `"${name.en}" was denied` };
    case 'refused': return { zh: `“${name.zh}”不予受理`, en: `"${name.en}" was refused` };
    case 'expired': return { zh: `“${name.zh}”因补正逾期未答复而终止`, en: `"${name.en}" ended: the supplement request was not answered` };
    default: return { zh: `“${name.zh}”已终止`, en: `"${name.en}" ended` };
  }
}

export type AllowedActions = CaseAction[];
