/**
 * Rectification work orders (差评整改): every bad rating opens one at the case's handling org (谁办理、谁负责) in the
 * rating's transaction; officers verify, rectify or explain (or appeal), and call the evaluator back before closing.
 * Each stage has a due date in working days; a durable timer escalates an overdue stage once to the department head
 * of the org or above. See docs/design/service-quality.md and docs/decisions/0025.
 */
import { randomBytes } from 'node:crypto';
import {
  allowedRectificationActions, authorize, ConflictError, decryptPii, isBadLevel, LEVEL_NAMES, maskName, maskPhone, NotFoundError, policyFor,
  rectificationDeadlines, rectificationStep, STAGE_NAMES,
  type Principal, type RatingLevel, type RectificationAction, type RectificationInput, type RectificationStage,
} from '@tongban/core';
import { casesRepo, identityRepo, ratingsRepo, type Queryable, type RatingRow, type RectificationListRow, type RectificationRow } from '@tongban/db';
import { audit } from '../audit/audit.service.ts';
import {
  itemName, nearestOfficers, nextDay, officerActor, startOfDay, SYSTEM_ACTOR, type QualityActor, type QualityDeps, type Text,
} from './quality.shared.ts';

/** The roles told when an order opens (those who may act on it). */
const ACT_ROLES = policyFor('rectification.act')!.roles;
const READ_ROLES = policyFor('rectification.read')!.roles;
export const RECTIFICATION_PURPOSE = '差评整改回访 rectification and callback';

const orderNotFound = (id: string) => new NotFoundError('rectification.not_found', { zh: `整改工单“${id}”`, en: `Work order "${id}"` }, { id });
const stale = (expected: number, actual: number | null) => new ConflictError('rectification.stale_revision', {
  zh: `工单已被他人处理（修订号已变为 ${actual ?? '更新'}），请刷新后再办理`, en: `Someone else changed the work order first (revision is now ${actual ?? 'newer'}); reload it and act again`,
}, { expected, actual });

/** The escalation timer of an order's current stage (once per stage and due date). */
const escalationJob = (o: Pick<RectificationRow, 'id' | 'stage' | 'stageDue'>) => ({
  kind: 'rectification.escalate', dedupeKey: `rectification:escalate:${o.id}:${o.stage}:${o.stageDue}`,
  runAt: startOfDay(nextDay(o.stageDue)), payload: { id: o.id, stage: o.stage, due: o.stageDue },
});

export class RectificationService {
  constructor(private readonly deps: QualityDeps) {}

  /** Opens the work order of a bad rating, in the rating's transaction: deadlines, history, timer, and the org's officers told. */
  async open(tx: Queryable, rating: RatingRow, actor: QualityActor): Promise<RectificationRow> {
    const cal = await this.deps.calendar.calendar(tx);
    const today = rating.ratedOn;
    const { verifyDue, rectifyDue } = rectificationDeadlines(cal, today, this.deps.rectifyDays());
    const order: RectificationRow = {
      id: `rect_${randomBytes(9).toString('base64url')}`, ratingId: rating.id, caseId: rating.caseId, org: rating.org, orgPath: rating.orgPath,
      department: rating.department, itemCode: rating.itemCode, stage: 'verify', resolution: null, openedOn: today, verifyDue, rectifyDue,
      callbackDue: null, stageDue: verifyDue, escalated: false, verification: null, rectification: null, callback: null, assignee: null,
      revision: 1, openedAt: rating.changedAt ?? rating.ratedAt, closedAt: null,
    };
    await ratingsRepo.insertOrder(tx, order);
    await ratingsRepo.appendEvent(tx, {
      rectificationId: order.id, at: order.openedAt, kind: 'opened', actor: actor.actor, actorName: actor.name,
      detail: { level: rating.level, reasons: rating.reasons, channel: rating.channel, verifyDue, rectifyDue },
    });
    await casesRepo.schedule(tx, escalationJob(order));
    const name = await itemName(tx, rating.itemCode);
    const level = LEVEL_NAMES[rating.level as RatingLevel];
    for (const personId of await nearestOfficers(tx, rating.orgPath, ACT_ROLES, rating.department)) {
      await this.deps.notifier.enqueue(tx, {
        personId, caseId: rating.caseId, kind: 'rectification.opened',
        title: { zh: `差评整改：${name.zh}`, en: `Bad rating to rectify: ${name.en}` },
        body: {
          zh: `收到“${level.zh}”评价，已生成整改工单 ${order.id}，请于 ${verifyDue} 前核实，${rectifyDue} 前完成整改或解释说明。`,
          en: `A "${level.en}" rating opened work order ${order.id}: verify by ${verifyDue}, rectify or explain by ${rectifyDue}.`,
        },
      });
    }
    return order;
  }

  /**
   * A rating was changed (追评): its order records it and stays open, even when the rating is no longer bad; a rating
   * that became bad opens its order now.
   */
  async ratingChanged(tx: Queryable, rating: RatingRow, before: { level: string; reasons: string[] }, actor: QualityActor): Promise<RectificationRow | null> {
    const order = await ratingsRepo.orderOfRating(tx, rating.id);
    if (!order) return isBadLevel(rating.level as RatingLevel) ? this.open(tx, rating, actor) : null;
    await ratingsRepo.appendEvent(tx, {
      rectificationId: order.id, at: rating.changedAt ?? this.deps.clock.now().toISOString(), kind: 'rating_changed', actor: actor.actor, actorName: actor.name,
      detail: { from: before.level, to: rating.level, reasons: rating.reasons, stillBad: isBadLevel(rating.level as RatingLevel), assessNumber: rating.assessNumber },
    });
    return order;
  }

  // ---- reading ----

  /** The order scopes of an officer: the subtrees where they hold a role that may read orders. */
  private scopes(who: Principal): Promise<{ prefix: string; departments: string[] }[]> {
    return this.deps.orgs.jurisdiction(who.roles.filter((x) => READ_ROLES.includes(x.role)));
  }

  /** Work orders of the officer's jurisdiction (`org` narrows it): open, today's (new or due), or all. */
  async list(who: Principal, q: { view: 'open' | 'daily' | 'all'; org?: string | undefined; limit: number; offset: number }): Promise<{ total: number; rows: RectificationListRow[] }> {
    return ratingsRepo.listOrders(this.deps.db, {
      scopes: await this.scopes(who), view: q.view, today: this.deps.clock.today(), limit: q.limit, offset: q.offset,
      ...(q.org ? { orgPrefix: await this.deps.orgs.pathPrefix(q.org) } : {}),
    });
  }

  async get(q: Queryable, id: string): Promise<RectificationRow> {
    const o = await ratingsRepo.order(q, id);
    if (!o) throw orderNotFound(id);
    return o;
  }

  /** Whether the officer may act on the order (and so must see who to call back, even when shown anonymously). */
  async canAct(who: Principal, o: Pick<RectificationRow, 'org' | 'department'>): Promise<boolean> {
    return authorize(who, 'rectification.act', { org: o.org, department: o.department }, await this.deps.orgs.orgPaths(), this.deps.orgs.scopeRoot()).allowed;
  }

  /**
   * The officer's view of an order: the rating, the case, the evaluator (name and phone, masked unless `full`;
   * "匿名" for an anonymous rating unless the officer may act), the history and the actions possible now. A read
   * that shows the evaluator's personal data is audited with its purpose.
   */
  async view(who: Principal, id: string, opts: { full: boolean; role: string | null; via: string | null; purpose?: string | undefined }) {
    const db = this.deps.db;
    const o = await this.get(db, id);
    const rating = (await ratingsRepo.get(db, o.ratingId))!;
    const canAct = await this.canAct(who, o);
    const person = rating.personId ? await identityRepo.personById(db, rating.personId) : null;
    const hidden = rating.anonymous && !canAct;
    let evaluator: { anonymous: boolean; name: string; phone: string | null; known: boolean };
    if (!person) evaluator = { anonymous: true, name: '匿名', phone: null, known: false };
    else if (hidden) evaluator = { anonymous: true, name: '匿名', phone: null, known: true };
    else {
      const phone = person.phoneEnc ? decryptPii(this.deps.keys, 'phone', person.phoneEnc) : null;
      evaluator = { anonymous: rating.anonymous, name: opts.full ? person.name : maskName(person.name), phone: phone ? (opts.full ? phone : maskPhone(phone)) : null, known: true };
    }
    if (person && !hidden) {
      await db.transaction((tx) => audit(tx, {
        actor: officerActor(who).actor, actorRole: opts.role, org: opts.via, action: 'rectification.read', subjectType: 'rectification', subjectId: o.id,
        subjectPerson: person.id, purpose: opts.purpose ?? RECTIFICATION_PURPOSE, detail: { full: opts.full, caseId: o.caseId },
      }));
    }
    const events = await ratingsRepo.events(db, o.id);
    const c = o.caseId ? await casesRepo.getListRow(db, o.caseId) : null;
    return {
      order: o, rating, evaluator, events, canAct,
      case: c ? { id: c.id, receiptNo: c.receiptNo, state: c.state, closedAt: c.closedAt, code: c.code } : null,
      itemName: await itemName(db, o.itemCode),
      allowedActions: canAct ? allowedRectificationActions({ stage: o.stage as RectificationStage, calledBack: !!o.callback }) : [],
    };
  }

  // ---- acting ----

  /** An officer's action on an order (optimistic on `revision`); see rectificationStep for what each does. */
  async act(who: Principal, id: string, action: RectificationAction, input: RectificationInput & { revision: number }): Promise<RectificationRow> {
    const cal = await this.deps.calendar.calendar();
    const today = this.deps.clock.today();
    const now = this.deps.clock.now().toISOString();
    return this.deps.db.transaction(async (tx) => {
      const o = await ratingsRepo.order(tx, id, { forUpdate: true });
      if (!o) throw orderNotFound(id);
      if (input.revision !== o.revision) throw stale(input.revision, o.revision);
      const step = rectificationStep(cal, { stage: o.stage as RectificationStage, verifyDue: o.verifyDue, rectifyDue: o.rectifyDue, callbackDue: o.callbackDue, calledBack: !!o.callback }, action, input, today);
      const actor = officerActor(who);
      const note = input.note?.trim() || null;
      const by = { by: actor.actor, byName: actor.name, at: now, on: today };
      const next: RectificationRow = { ...o, stage: step.stage, stageDue: step.stageDue, callbackDue: step.callbackDue, assignee: o.assignee ?? who.officerId ?? null };
      if (step.resolution) next.resolution = step.resolution;
      if (step.record === 'verification') next.verification = { note, ...by, onTime: today <= o.verifyDue };
      if (step.record === 'rectification') next.rectification = { note, action, resolution: step.resolution, ...by, onTime: today <= o.rectifyDue };
      if (step.record === 'callback') next.callback = { reached: input.reached, satisfied: input.satisfied ?? null, note, ...by, onTime: !o.callbackDue || today <= o.callbackDue };
      if (step.stage === 'closed') next.closedAt = now;
      // an order whose evaluator nobody can reach (an outside-channel rating naming nobody) is called back as "anonymous"
      if (step.stage === 'callback' && !next.callback) await this.autoCallback(tx, next, now, today);
      if (!(await ratingsRepo.updateOrder(tx, next, o.revision))) throw stale(input.revision, null);
      await ratingsRepo.appendEvent(tx, {
        rectificationId: o.id, at: now, kind: step.event, actor: actor.actor, actorName: actor.name,
        detail: { from: o.stage, to: step.stage, note, ...(step.resolution ? { resolution: step.resolution } : {}), ...(action === 'callback' ? { reached: input.reached, satisfied: input.satisfied ?? null } : {}), stageDue: step.stageDue },
      });
      if (step.stage !== 'closed' && step.stage !== o.stage) await casesRepo.schedule(tx, escalationJob(next));
      const rating = (await ratingsRepo.get(tx, o.ratingId))!;
      await audit(tx, {
        actor: actor.actor, actorRole: 'officer', org: o.org, action: `rectification.${action}`, subjectType: 'rectification', subjectId: o.id,
        subjectPerson: rating.personId, purpose: RECTIFICATION_PURPOSE, detail: { from: o.stage, to: step.stage, resolution: step.resolution },
      });
      return (await ratingsRepo.order(tx, o.id))!;
    });
  }

  /** The callback record of an order whose rating names nobody: the evaluator cannot be reached. */
  private async autoCallback(tx: Queryable, o: RectificationRow, now: string, today: string): Promise<void> {
    const rating = (await ratingsRepo.get(tx, o.ratingId))!;
    if (rating.personId) return;
    o.callback = { reached: false, reason: 'anonymous', note: null, by: 'system', byName: null, at: now, on: today, onTime: true };
    await ratingsRepo.appendEvent(tx, { rectificationId: o.id, at: now, kind: 'called_back', actor: SYSTEM_ACTOR.actor, actorName: null, detail: { reached: false, reason: 'anonymous' } });
  }

  // ---- timers ----

  /** An overdue stage: escalated once to the department head of the org or above (in-app, and SMS through the outbox). */
  async onTimer(tx: Queryable, job: { kind: string; payload: Record<string, unknown> }): Promise<string> {
    if (job.kind !== 'rectification.escalate') return 'unknown_kind';
    const p = job.payload as { id: string; stage: string; due: string };
    const o = await ratingsRepo.order(tx, p.id, { forUpdate: true });
    if (!o) return 'gone';
    if (o.stage !== p.stage || o.stageDue !== p.due || o.stage === 'closed' || (o.stage === 'callback' && o.callback)) return 'moved_on';
    const now = this.deps.clock.now().toISOString();
    const heads = await nearestOfficers(tx, o.orgPath, ['department_head'], o.department);
    const name = await itemName(tx, o.itemCode);
    const stage = STAGE_NAMES[o.stage as RectificationStage];
    for (const personId of heads) {
      await this.deps.notifier.enqueue(tx, {
        personId, caseId: o.caseId, kind: 'rectification.escalated',
        title: { zh: `差评整改超时督办：${name.zh}`, en: `Overdue rectification: ${name.en}` },
        body: {
          zh: `整改工单 ${o.id} 的“${stage.zh}”环节已于 ${o.stageDue} 到期仍未完成，请督办。`,
          en: `The "${stage.en}" stage of work order ${o.id} was due on ${o.stageDue} and is still open; please follow up.`,
        },
      });
    }
    await tx.query(`update rectifications set escalated = true, revision = revision + 1 where id = $1`, [o.id]);
    await ratingsRepo.appendEvent(tx, { rectificationId: o.id, at: now, kind: 'escalated', actor: 'system', actorName: null, detail: { stage: o.stage, due: o.stageDue, told: heads.length } });
    return 'fired';
  }
}

export type { Text };
