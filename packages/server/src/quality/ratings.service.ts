/**
 * Ratings (好差评): the applicant rates a case or a service act of it within the rating window; the counter pad
 * (评价器) records a window rating with a one-time token; outside channels (12345 hotline, window reports) are taken
 * in idempotently. A bad rating opens its rectification work order in the same transaction.
 * See docs/design/service-quality.md and docs/decisions/0023, 0024, 0026.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  blindIndex, checkReasons, CitizenIdError, ConflictError, DomainError, familyFor, isBadLevel, NotFoundError, parseCitizenId, RATING_SUBJECTS,
  subjectWindow, ValidationError,
  type FieldProblem, type Principal, type RateableCase, type RatingChannel, type RatingLevel, type RatingSubject, type SubjectWindow,
} from '@tongban/core';
import { casesRepo, identityRepo, catalogRepo, ratingsRepo, type CaseRow, type Queryable, type RatingRow } from '@tongban/db';
import { audit } from '../audit/audit.service.ts';
import { shanghaiDate } from '../clock.ts';
import type { RectificationService } from './rectifications.service.ts';
import { officerActor, type QualityActor, type QualityDeps } from './quality.shared.ts';

/** How long a rating-pad token lives. */
export const PAD_TOKEN_MINUTES = 10;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface RatingInput {
  level: RatingLevel;
  reasons: string[];
  comment?: string | undefined;
  anonymous?: boolean | undefined;
}

export interface IntakeInput extends Omit<RatingInput, 'anonymous'> {
  channel: 'hotline_12345' | 'window_report';
  externalRef: string;
  caseId?: string | undefined;
  itemCode?: string | undefined;
  org?: string | undefined;
  idNumber?: string | undefined;
}

const caseNotFound = (id: string) => new NotFoundError('case.not_found', { zh: `办件“${id}”`, en: `Case "${id}"` }, { id });
const notApplicant = (id: string) => new DomainError('rating.not_applicant', { zh: '只有该办件的申请人可以评价', en: 'Only the applicant of the case may rate it' }, { caseId: id });
const alreadyRated = (subject: string) => new ConflictError('rating.already_rated', {
  zh: '您已评价过该项，如需修改请在评价期限内修改原评价', en: 'You have already rated this; change your rating (PUT) within the rating window instead',
}, { subject });
const SUBJECT_NAMES: Record<RatingSubject, { zh: string; en: string }> = {
  case: { zh: '办件', en: 'the case' }, window: { zh: '窗口服务', en: 'the window service' }, online: { zh: '网上办事', en: 'the online service' }, help: { zh: '帮办服务', en: 'assisted service' },
};

/** Refuses a subject outside its window: 409 `rating.window_closed` naming the last day, or `rating.not_rateable` saying why. */
function assertOpen(w: SubjectWindow): void {
  if (w.rateable) return;
  if (w.why === 'window_closed') {
    throw new ConflictError('rating.window_closed', {
      zh: `评价期限已过：办结后 15 个工作日内（截至 ${w.lastDay}）可以评价或修改评价`, en: `The rating window has closed: ratings may be given or changed until ${w.lastDay}, 15 working days after the case closed`,
    }, { subject: w.subject, lastDay: w.lastDay });
  }
  const why = {
    not_closed: { zh: '办件办结后才能评价办件', en: 'the case can be rated once it is closed' },
    not_accepted_at_window: { zh: '该办件未在窗口受理，不能评价窗口服务', en: 'the case was not accepted at a window' },
    not_online: { zh: '该办件不是网上申请的，不能评价网上办事', en: 'the case was not filed online' },
  }[w.why as 'not_closed' | 'not_accepted_at_window' | 'not_online'];
  throw new ConflictError('rating.not_rateable', { zh: `现在不能评价${SUBJECT_NAMES[w.subject].zh}：${why.zh}`, en: `${SUBJECT_NAMES[w.subject].en} cannot be rated now: ${why.en}` }, { subject: w.subject, why: w.why });
}

function assertReasons(subject: string, channel: RatingChannel, input: Pick<RatingInput, 'reasons' | 'comment'>): void {
  const problems = checkReasons(familyFor(subject, channel), input.reasons, input.comment ?? null);
  if (problems.length) throw new ValidationError('rating.invalid', problems);
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

export class RatingService {
  constructor(private readonly deps: QualityDeps & { rectifications: RectificationService }) {}

  /** What the window rule reads of a case. */
  private async facts(q: Queryable, row: CaseRow): Promise<RateableCase> {
    const accepted = row.acceptedOrg ? await this.deps.orgs.get(row.acceptedOrg, q) : undefined;
    return {
      state: row.state, atWindow: row.channel === 'window' || accepted?.kind === 'window', online: row.channel !== 'window',
      acceptedOn: row.acceptedOn, closedOn: row.closedAt ? shanghaiDate(row.closedAt) : null,
    };
  }

  /** The windows of every subject of a case today. */
  async windows(q: Queryable, row: CaseRow): Promise<SubjectWindow[]> {
    const cal = await this.deps.calendar.calendar(q);
    const f = await this.facts(q, row);
    const today = this.deps.clock.today();
    return RATING_SUBJECTS.map((s) => subjectWindow(cal, f, s, today));
  }

  /** The officer who last acted on the case (the handling officer a rating is about), if any. */
  private async handlingOfficer(q: Queryable, caseId: string): Promise<string | null> {
    const r = await q.query<{ actor: string }>(`select actor from case_events where case_id = $1 and actor like 'officer:%' order by seq desc limit 1`, [caseId]);
    return r.rows[0]?.actor.slice('officer:'.length) ?? null;
  }

  private async myCase(q: Queryable, who: Principal, caseId: string): Promise<CaseRow> {
    const row = await casesRepo.get(q, caseId);
    if (!row) throw caseNotFound(caseId);
    if (who.kind !== 'citizen' || row.applicantId !== who.id) throw notApplicant(caseId);
    return row;
  }

  /** The applicant's ratings of a case and which subjects can be rated now, with the last day. */
  async summary(who: Principal, caseId: string): Promise<{ ratings: RatingRow[]; subjects: (SubjectWindow & { rated: boolean })[] }> {
    const row = await this.myCase(this.deps.db, who, caseId);
    const ratings = await ratingsRepo.ofCase(this.deps.db, caseId, who.id);
    const subjects = (await this.windows(this.deps.db, row)).map((w) => ({ ...w, rated: ratings.some((r) => r.subject === w.subject) }));
    return { ratings, subjects };
  }

  /** Writes a new rating of a case (and its work order when bad); 409 when this person rated the subject already. */
  private async insert(tx: Queryable, row: CaseRow | null, r: Omit<RatingRow, 'bad' | 'id' | 'officerId' | 'org' | 'orgPath' | 'itemCode' | 'department'> & Partial<Pick<RatingRow, 'org' | 'orgPath' | 'itemCode' | 'department'>>, actor: QualityActor): Promise<RatingRow> {
    const rating: Omit<RatingRow, 'bad'> = {
      ...r, id: `rat_${randomBytes(9).toString('base64url')}`,
      org: row?.org ?? r.org!, orgPath: row?.orgPath ?? r.orgPath!, itemCode: row?.code ?? r.itemCode!, department: row?.department ?? r.department!,
      officerId: row ? await this.handlingOfficer(tx, row.id) : null,
    };
    try {
      await ratingsRepo.insert(tx, rating);
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyRated(r.subject);
      throw err;
    }
    const saved = (await ratingsRepo.get(tx, rating.id))!;
    if (saved.bad) await this.deps.rectifications.open(tx, saved, actor);
    return saved;
  }

  /** POST a rating of my case: 201; 403 not the applicant; 409 already rated, not rateable or window closed; 422 reasons. */
  async rate(who: Principal, caseId: string, body: RatingInput & { subject: RatingSubject; channel?: RatingChannel | undefined }): Promise<RatingRow> {
    const channel = body.channel ?? 'pc';
    assertReasons(body.subject, channel, body);
    return this.deps.db.transaction(async (tx) => {
      const row = await this.myCase(tx, who, caseId);
      const w = (await this.windows(tx, row)).find((x) => x.subject === body.subject)!;
      if ((await ratingsRepo.ofCase(tx, caseId, who.id)).some((r) => r.subject === body.subject)) throw alreadyRated(body.subject);
      assertOpen(w);
      const now = this.deps.clock.now().toISOString();
      const actor = { actor: `citizen:${who.id}`, name: null };
      const saved = await this.insert(tx, row, {
        caseId, subject: body.subject, personId: who.id, level: body.level, reasons: body.reasons, comment: body.comment?.trim() || null,
        anonymous: body.anonymous ?? false, channel, assessNumber: 1, externalRef: null, ratedAt: now, ratedOn: this.deps.clock.today(), changedAt: null, revision: 1,
      }, actor);
      await audit(tx, { actor: actor.actor, actorRole: 'applicant', action: 'rating.create', subjectType: 'rating', subjectId: saved.id, detail: { caseId, subject: body.subject, level: body.level, channel } });
      return saved;
    });
  }

  /** PUT: changes my rating of a subject within the window (追评); optimistic on `revision`. */
  async change(who: Principal, caseId: string, subject: RatingSubject, body: RatingInput & { revision: number }): Promise<RatingRow> {
    return this.deps.db.transaction(async (tx) => {
      const row = await this.myCase(tx, who, caseId);
      const before = (await ratingsRepo.ofCase(tx, caseId, who.id, { forUpdate: true })).find((r) => r.subject === subject);
      if (!before) throw new NotFoundError('rating.not_found', { zh: `您对${SUBJECT_NAMES[subject].zh}的评价`, en: `Your rating of ${SUBJECT_NAMES[subject].en}` }, { caseId, subject });
      assertReasons(subject, before.channel as RatingChannel, body);
      if (body.revision !== before.revision) {
        throw new ConflictError('rating.stale_revision', { zh: '评价已在别处修改过，请刷新后再改', en: 'The rating was changed elsewhere; reload it and change it again' }, { expected: body.revision, actual: before.revision });
      }
      const w = (await this.windows(tx, row)).find((x) => x.subject === subject)!;
      if (w.why === 'window_closed') assertOpen(w);
      const now = this.deps.clock.now().toISOString();
      const ok = await ratingsRepo.change(tx, before.id, before.revision, { level: body.level, reasons: body.reasons, comment: body.comment?.trim() || null, anonymous: body.anonymous ?? before.anonymous, changedAt: now });
      if (!ok) throw new ConflictError('rating.stale_revision', { zh: '评价已在别处修改过，请刷新后再改', en: 'The rating was changed elsewhere; reload it and change it again' }, { expected: body.revision, actual: null });
      const after = (await ratingsRepo.get(tx, before.id))!;
      const actor = { actor: `citizen:${who.id}`, name: null };
      await this.deps.rectifications.ratingChanged(tx, after, before, actor);
      await audit(tx, { actor: actor.actor, actorRole: 'applicant', action: 'rating.change', subjectType: 'rating', subjectId: after.id, detail: { caseId, subject, from: before.level, to: after.level, assessNumber: after.assessNumber } });
      return after;
    });
  }

  // ---- the counter pad (评价器) ----

  /** A one-time pad token for a case at the counter (10 minutes); only its hash is stored. */
  async openPad(who: Principal, row: CaseRow, org: string): Promise<{ token: string; expiresAt: string; caseId: string }> {
    const token = randomBytes(24).toString('base64url');
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + PAD_TOKEN_MINUTES * 60_000).toISOString();
    await this.deps.db.transaction(async (tx) => {
      await ratingsRepo.insertPadToken(tx, { tokenHash: hashToken(token), caseId: row.id, org, officerId: who.officerId ?? null, createdAt: now.toISOString(), expiresAt });
      await audit(tx, { actor: officerActor(who).actor, actorRole: 'window_officer', org, action: 'rating.pad_opened', subjectType: 'case', subjectId: row.id, detail: { expiresAt } });
    });
    return { token, expiresAt, caseId: row.id };
  }

  /** The case a live pad token is for (the pad page shows the item and the window, nothing personal). */
  async padCase(q: Queryable, token: string, opts: { forUpdate?: boolean } = {}): Promise<{ row: CaseRow; org: string; expiresAt: string; tokenHash: string }> {
    const tokenHash = hashToken(token);
    const t = await ratingsRepo.padToken(q, tokenHash, opts);
    const gone = () => new NotFoundError('rating.pad_token_not_found', { zh: '评价码无效或已过期，请窗口工作人员重新生成', en: 'This rating link is invalid or has expired; ask the window officer for a new one' });
    if (!t || t.expiresAt <= this.deps.clock.now().toISOString()) throw gone();
    if (t.usedAt) throw new ConflictError('rating.pad_token_used', { zh: '该评价码已使用，感谢您的评价', en: 'This rating link has been used; thank you for your rating' });
    const row = await casesRepo.get(q, t.caseId);
    if (!row) throw gone();
    return { row, org: t.org, expiresAt: t.expiresAt, tokenHash };
  }

  /** POST with a pad token: a `hall_pad` rating of the window service for the case's applicant; the token is spent. */
  async padRate(token: string, body: RatingInput): Promise<RatingRow> {
    assertReasons('window', 'hall_pad', body);
    return this.deps.db.transaction(async (tx) => {
      const { row, tokenHash } = await this.padCase(tx, token, { forUpdate: true });
      const w = (await this.windows(tx, row)).find((x) => x.subject === 'window')!;
      if ((await ratingsRepo.ofCase(tx, row.id, row.applicantId)).some((r) => r.subject === 'window')) throw alreadyRated('window');
      assertOpen(w);
      const now = this.deps.clock.now().toISOString();
      const actor = { actor: `citizen:${row.applicantId}`, name: null };
      const saved = await this.insert(tx, row, {
        caseId: row.id, subject: 'window', personId: row.applicantId, level: body.level, reasons: body.reasons, comment: body.comment?.trim() || null,
        anonymous: body.anonymous ?? false, channel: 'hall_pad', assessNumber: 1, externalRef: null, ratedAt: now, ratedOn: this.deps.clock.today(), changedAt: null, revision: 1,
      }, actor);
      await ratingsRepo.spendPadToken(tx, tokenHash, saved.id, now);
      await audit(tx, { actor: actor.actor, actorRole: 'applicant', action: 'rating.create', subjectType: 'rating', subjectId: saved.id, detail: { caseId: row.id, subject: 'window', level: body.level, channel: 'hall_pad' } });
      return saved;
    });
  }

  // ---- outside channels ----

  /** Takes in a rating from the 12345 hotline or a window report; idempotent on (channel, externalRef). */
  async intake(who: Principal, body: IntakeInput): Promise<{ rating: RatingRow; replayed: boolean }> {
    assertReasons('case', body.channel, body);
    const existing = await ratingsRepo.byExternal(this.deps.db, body.channel, body.externalRef);
    if (existing) return { rating: existing, replayed: true };
    let personId: string | null = null;
    if (body.idNumber) {
      let normalized: string;
      try {
        normalized = parseCitizenId(body.idNumber).normalized;
      } catch (err) {
        if (err instanceof CitizenIdError) throw new ValidationError('rating.invalid', [{ path: '/idNumber', reason: err.code, message: err.detail }]);
        throw err;
      }
      personId = (await identityRepo.personByCitizenIdx(this.deps.db, blindIndex(this.deps.keys, 'citizen_id', normalized)))?.id ?? null;
    }
    try {
      return await this.deps.db.transaction(async (tx) => {
        const again = await ratingsRepo.byExternal(tx, body.channel, body.externalRef);
        if (again) return { rating: again, replayed: true };
        let row: CaseRow | null = null;
        const where: Partial<Pick<RatingRow, 'org' | 'orgPath' | 'itemCode' | 'department'>> = {};
        if (body.caseId) {
          row = await casesRepo.get(tx, body.caseId);
          if (!row) throw caseNotFound(body.caseId);
        } else {
          const problems: FieldProblem[] = [];
          const item = body.itemCode ? await catalogRepo.latestPublished(tx, body.itemCode) : null;
          const org = body.org ? await this.deps.orgs.get(body.org, tx) : undefined;
          if (!item) problems.push({ path: '/itemCode', reason: body.itemCode ? 'unknown' : 'required', message: { zh: '不带办件的评价须写明事项编码', en: 'Without a case, name a known item code' } });
          if (!org) problems.push({ path: '/org', reason: body.org ? 'unknown' : 'required', message: { zh: '不带办件的评价须写明被评价的机构', en: 'Without a case, name a known org' } });
          if (problems.length) throw new ValidationError('rating.invalid', problems);
          Object.assign(where, { org: org!.code, orgPath: await this.deps.orgs.pathPrefix(org!.code, tx), itemCode: body.itemCode!, department: (item!.definition as { department: string }).department });
        }
        const now = this.deps.clock.now().toISOString();
        const actor = { actor: `${who.kind}:${who.id}`, name: who.name };
        const saved = await this.insert(tx, row, {
          caseId: row?.id ?? null, subject: body.channel === 'window_report' ? 'window' : 'case', personId, level: body.level, reasons: body.reasons,
          comment: body.comment?.trim() || null, anonymous: personId === null, channel: body.channel, assessNumber: 1, externalRef: body.externalRef,
          ratedAt: now, ratedOn: this.deps.clock.today(), changedAt: null, revision: 1, ...where,
        }, actor);
        await audit(tx, { actor: actor.actor, actorRole: 'admin', action: 'rating.intake', subjectType: 'rating', subjectId: saved.id, detail: { channel: body.channel, externalRef: body.externalRef, caseId: row?.id ?? null, level: body.level } });
        return { rating: saved, replayed: false };
      });
    } catch (err) {
      // two intakes of the same outside reference at once: the loser answers with the winner's rating
      if (err instanceof ConflictError && err.code === 'rating.already_rated') {
        const winner = await ratingsRepo.byExternal(this.deps.db, body.channel, body.externalRef);
        if (winner) return { rating: winner, replayed: true };
      }
      throw err;
    }
  }
}

export { isBadLevel };
