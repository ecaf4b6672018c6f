/** Storage of ratings (好差评), rectification work orders (差评整改) with their history, and rating-pad tokens. */
import type { Queryable } from './db.ts';

export interface RatingRow {
  id: string;
  caseId: string | null;
  subject: string;
  personId: string | null;
  level: string;
  bad: boolean;
  reasons: string[];
  comment: string | null;
  anonymous: boolean;
  channel: string;
  assessNumber: number;
  externalRef: string | null;
  org: string;
  orgPath: string;
  itemCode: string;
  department: string;
  officerId: string | null;
  ratedAt: string;
  ratedOn: string;
  changedAt: string | null;
  revision: number;
}

export interface RectificationRow {
  id: string;
  ratingId: string;
  caseId: string | null;
  org: string;
  orgPath: string;
  department: string;
  itemCode: string;
  stage: string;
  resolution: string | null;
  openedOn: string;
  verifyDue: string;
  rectifyDue: string;
  callbackDue: string | null;
  stageDue: string;
  escalated: boolean;
  verification: Record<string, unknown> | null;
  rectification: Record<string, unknown> | null;
  callback: Record<string, unknown> | null;
  assignee: string | null;
  revision: number;
  openedAt: string;
  closedAt: string | null;
}

export interface RectificationEventRow {
  rectificationId: string;
  seq: number;
  at: string;
  kind: string;
  actor: string;
  actorName: string | null;
  detail: Record<string, unknown>;
}

const day = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const ts = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

const RATING_COLS = `id, case_id as "caseId", subject, person_id as "personId", level, bad, reasons, comment, anonymous, channel,
  assess_number as "assessNumber", external_ref as "externalRef", org, org_path as "orgPath", item_code as "itemCode", department,
  officer_id as "officerId", rated_at as "ratedAt", rated_on::text as "ratedOn", changed_at as "changedAt", revision`;
const fixRating = (r: RatingRow): RatingRow => ({ ...r, ratedAt: ts(r.ratedAt)!, ratedOn: day(r.ratedOn)!, changedAt: ts(r.changedAt) });

const rectCols = (a: string) => `${a}id, ${a}rating_id as "ratingId", ${a}case_id as "caseId", ${a}org, ${a}org_path as "orgPath", ${a}department,
  ${a}item_code as "itemCode", ${a}stage, ${a}resolution, ${a}opened_on::text as "openedOn", ${a}verify_due::text as "verifyDue",
  ${a}rectify_due::text as "rectifyDue", ${a}callback_due::text as "callbackDue", ${a}stage_due::text as "stageDue", ${a}escalated, ${a}verification,
  ${a}rectification, ${a}callback, ${a}assignee, ${a}revision, ${a}opened_at as "openedAt", ${a}closed_at as "closedAt"`;
const RECT_COLS = rectCols('');
const fixRect = (r: RectificationRow): RectificationRow => ({
  ...r, openedOn: day(r.openedOn)!, verifyDue: day(r.verifyDue)!, rectifyDue: day(r.rectifyDue)!, callbackDue: day(r.callbackDue), stageDue: day(r.stageDue)!,
  openedAt: ts(r.openedAt)!, closedAt: ts(r.closedAt),
});

/** Which work orders a list shows. */
export interface RectificationFilter {
  /** subtree scopes: org path prefix and departments ('*' = all) */
  scopes: { prefix: string; departments: string[] }[];
  orgPrefix?: string;
  view: 'open' | 'daily' | 'all';
  today: string;
  limit: number;
  offset: number;
}

/** A list entry: the order with its rating's level and reasons. */
export type RectificationListRow = RectificationRow & { level: string; reasons: string[]; ratedAt: string; anonymous: boolean };

/** A SQL condition for org-path scopes, its parameters appended to `params`. */
function scopeSql(alias: string, scopes: { prefix: string; departments: string[] }[], params: unknown[]): string {
  if (!scopes.length) return 'false';
  return `(${scopes.map((s) => {
    params.push(`${s.prefix}%`);
    const p = `${alias}.org_path like $${params.length}`;
    if (s.departments.includes('*')) return p;
    params.push(s.departments);
    return `(${p} and ${alias}.department = any($${params.length}::text[]))`;
  }).join(' or ')})`;
}

export const ratingsRepo = {
  async insert(q: Queryable, r: Omit<RatingRow, 'bad'>): Promise<void> {
    await q.query(
      `insert into ratings (id, case_id, subject, person_id, level, reasons, comment, anonymous, channel, assess_number, external_ref, org, org_path,
         item_code, department, officer_id, rated_at, rated_on, changed_at, revision)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
      [r.id, r.caseId, r.subject, r.personId, r.level, r.reasons, r.comment, r.anonymous, r.channel, r.assessNumber, r.externalRef, r.org, r.orgPath,
        r.itemCode, r.department, r.officerId, r.ratedAt, r.ratedOn, r.changedAt, r.revision]);
  },

  async get(q: Queryable, id: string): Promise<RatingRow | null> {
    const r = await q.query<RatingRow>(`select ${RATING_COLS} from ratings where id = $1`, [id]);
    return r.rows[0] ? fixRating(r.rows[0]) : null;
  },

  /** A person's ratings of a case, by subject. */
  async ofCase(q: Queryable, caseId: string, personId: string, opts: { forUpdate?: boolean } = {}): Promise<RatingRow[]> {
    const r = await q.query<RatingRow>(`select ${RATING_COLS} from ratings where case_id = $1 and person_id = $2 order by rated_at${opts.forUpdate ? ' for update' : ''}`, [caseId, personId]);
    return r.rows.map(fixRating);
  },

  async byExternal(q: Queryable, channel: string, externalRef: string): Promise<RatingRow | null> {
    const r = await q.query<RatingRow>(`select ${RATING_COLS} from ratings where channel = $1 and external_ref = $2`, [channel, externalRef]);
    return r.rows[0] ? fixRating(r.rows[0]) : null;
  },

  /** A change (追评): optimistic on `revision`; false when someone changed it first. */
  async change(q: Queryable, id: string, revision: number, c: { level: string; reasons: string[]; comment: string | null; anonymous: boolean; changedAt: string }): Promise<boolean> {
    const r = await q.query(
      `update ratings set level = $3, reasons = $4, comment = $5, anonymous = $6, changed_at = $7, assess_number = assess_number + 1, revision = revision + 1
       where id = $1 and revision = $2`, [id, revision, c.level, c.reasons, c.comment, c.anonymous, c.changedAt]);
    return r.rowCount === 1;
  },

  // ---- work orders ----

  async insertOrder(q: Queryable, o: RectificationRow): Promise<void> {
    await q.query(
      `insert into rectifications (id, rating_id, case_id, org, org_path, department, item_code, stage, resolution, opened_on, verify_due, rectify_due,
         callback_due, stage_due, escalated, verification, rectification, callback, assignee, revision, opened_at, closed_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22)`,
      [o.id, o.ratingId, o.caseId, o.org, o.orgPath, o.department, o.itemCode, o.stage, o.resolution, o.openedOn, o.verifyDue, o.rectifyDue,
        o.callbackDue, o.stageDue, o.escalated, o.verification && JSON.stringify(o.verification), o.rectification && JSON.stringify(o.rectification),
        o.callback && JSON.stringify(o.callback), o.assignee, o.revision, o.openedAt, o.closedAt]);
  },

  async order(q: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<RectificationRow | null> {
    const r = await q.query<RectificationRow>(`select ${RECT_COLS} from rectifications where id = $1${opts.forUpdate ? ' for update' : ''}`, [id]);
    return r.rows[0] ? fixRect(r.rows[0]) : null;
  },

  async orderOfRating(q: Queryable, ratingId: string): Promise<RectificationRow | null> {
    const r = await q.query<RectificationRow>(`select ${RECT_COLS} from rectifications where rating_id = $1`, [ratingId]);
    return r.rows[0] ? fixRect(r.rows[0]) : null;
  },

  /** Writes an order's new state; optimistic on `revision`; false when someone changed it first. */
  async updateOrder(q: Queryable, o: RectificationRow, revision: number): Promise<boolean> {
    const r = await q.query(
      `update rectifications set stage = $3, resolution = $4, callback_due = $5, stage_due = $6, escalated = $7, verification = $8, rectification = $9,
         callback = $10, assignee = $11, closed_at = $12, revision = revision + 1
       where id = $1 and revision = $2`,
      [o.id, revision, o.stage, o.resolution, o.callbackDue, o.stageDue, o.escalated, o.verification && JSON.stringify(o.verification),
        o.rectification && JSON.stringify(o.rectification), o.callback && JSON.stringify(o.callback), o.assignee, o.closedAt]);
    return r.rowCount === 1;
  },

  /** Appends an event to an order's history (the next sequence number). */
  async appendEvent(q: Queryable, e: Omit<RectificationEventRow, 'seq'>): Promise<void> {
    await q.query(
      `insert into rectification_events (rectification_id, seq, at, kind, actor, actor_name, detail)
       values ($1, coalesce((select max(seq) from rectification_events where rectification_id = $1), 0) + 1, $2, $3, $4, $5, $6)`,
      [e.rectificationId, e.at, e.kind, e.actor, e.actorName, JSON.stringify(e.detail)]);
  },

  async events(q: Queryable, id: string): Promise<RectificationEventRow[]> {
    const r = await q.query<RectificationEventRow>(
      `select rectification_id as "rectificationId", seq, at, kind, actor, actor_name as "actorName", detail from rectification_events where rectification_id = $1 order by seq`, [id]);
    return r.rows.map((e) => ({ ...e, at: ts(e.at)! }));
  },

  /** Work orders of the scopes: open ones by due date, `daily` = opened today or due by today, `all`. */
  async listOrders(q: Queryable, f: RectificationFilter): Promise<{ total: number; rows: RectificationListRow[] }> {
    const params: unknown[] = [];
    const where = [scopeSql('o', f.scopes, params)];
    if (f.orgPrefix) { params.push(`${f.orgPrefix}%`); where.push(`o.org_path like $${params.length}`); }
    if (f.view !== 'all') where.push(`o.stage <> 'closed'`);
    if (f.view === 'daily') { params.push(f.today); where.push(`(o.opened_on = $${params.length}::date or o.stage_due <= $${params.length}::date)`); }
    const cond = where.join(' and ');
    const total = (await q.query<{ n: number }>(`select count(*)::int as n from rectifications o where ${cond}`, params)).rows[0]!.n;
    params.push(f.limit, f.offset);
    const r = await q.query<RectificationListRow>(
      `select ${rectCols('o.')}, r.level, r.reasons, r.rated_at as "ratedAt", r.anonymous
       from rectifications o join ratings r on r.id = o.rating_id where ${cond}
       order by (o.stage = 'closed'), o.stage_due, o.opened_at limit $${params.length - 1} offset $${params.length}`, params);
    return { total, rows: r.rows.map((x) => ({ ...fixRect(x), level: x.level, reasons: x.reasons, ratedAt: ts(x.ratedAt)!, anonymous: x.anonymous })) };
  },

  // ---- the counter pad ----

  async insertPadToken(q: Queryable, t: { tokenHash: string; caseId: string; org: string; officerId: string | null; createdAt: string; expiresAt: string }): Promise<void> {
    await q.query(`insert into rating_pad_tokens (token_hash, case_id, org, officer_id, created_at, expires_at) values ($1,$2,$3,$4,$5,$6)`,
      [t.tokenHash, t.caseId, t.org, t.officerId, t.createdAt, t.expiresAt]);
  },

  /** The token's row, locked (for spending it), or null. */
  async padToken(q: Queryable, tokenHash: string, opts: { forUpdate?: boolean } = {}): Promise<{ caseId: string; org: string; officerId: string | null; expiresAt: string; usedAt: string | null } | null> {
    const r = await q.query<{ caseId: string; org: string; officerId: string | null; expiresAt: string; usedAt: string | null }>(
      `select case_id as "caseId", org, officer_id as "officerId", expires_at as "expiresAt", used_at as "usedAt" from rating_pad_tokens where token_hash = $1${opts.forUpdate ? ' for update' : ''}`, [tokenHash]);
    const t = r.rows[0];
    return t ? { ...t, expiresAt: ts(t.expiresAt)!, usedAt: ts(t.usedAt) } : null;
  },

  async spendPadToken(q: Queryable, tokenHash: string, ratingId: string, at: string): Promise<void> {
    await q.query(`update rating_pad_tokens set used_at = $2, rating_id = $3 where token_hash = $1`, [tokenHash, at, ratingId]);
  },
};
