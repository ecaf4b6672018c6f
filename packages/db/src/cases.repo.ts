/** Storage of cases (办件), their timelines, durable timers (jobs) and loaded holiday years. */
import type { Queryable } from './db.ts';

export interface CaseRow {
  id: string;
  applicationId: string;
  parentId: string | null;
  kind: 'item' | 'bundle';
  code: string;
  version: number;
  applicantId: string;
  state: string;
  outcome: string | null;
  stepIndex: number | null;
  stepId: string | null;
  stepRole: string | null;
  stepStartedOn: string | null;
  stepDue: string | null;
  decided: boolean;
  manual: boolean;
  pausedFrom: { state: string; stepIndex: number | null } | null;
  pausedOn: string | null;
  pausedDays: number;
  provisional: boolean;
  department: string;
  org: string;
  orgPath: string;
  competentOrg: string | null;
  routingRule: string | null;
  acceptedOrg: string | null;
  acceptedOn: string | null;
  acceptedAt: string | null;
  promisedDue: string | null;
  legalDue: string | null;
  channel: string;
  cityWide: boolean;
  deliveryMethod: 'e_license' | 'window' | 'postal';
  pickupCode: string | null;
  trackingNo: string | null;
  deliveredAt: string | null;
  decision: Record<string, unknown> | null;
  supplement: Record<string, unknown> | null;
  result: { zh: string; en: string } | null;
  assignee: string | null;
  afterMembers: string[];
  revision: number;
  lastSeq: number;
  submittedAt: string;
  updatedAt: string;
  closedAt: string | null;
  archivedAt: string | null;
  /**
   * A top-level case's copy of its application's smart-application measures, written once with the case for the
   * dashboard (immutable facts of this case, not counters); not read back with the row.
   */
  measures?: { fieldsPrefilled: number; fieldsTotal: number; materialsExempted: number; materialsTotal: number } | null;
}

export interface CaseEventRow {
  caseId: string;
  seq: number;
  at: string;
  kind: string;
  stepId: string | null;
  actor: string;
  actorName: string | null;
  actorRole: string | null;
  actorOrg: string | null;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

const date = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const ts = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export const CASE_COLS = `c.id, c.application_id as "applicationId", c.parent_id as "parentId", c.kind, c.code, c.version,
  c.applicant_id as "applicantId", c.state, c.outcome, c.step_index as "stepIndex", c.step_id as "stepId", c.step_role as "stepRole",
  c.step_started_on::text as "stepStartedOn", c.step_due::text as "stepDue", c.decided, c.manual, c.paused_from as "pausedFrom",
  c.paused_on::text as "pausedOn", c.paused_days as "pausedDays", c.provisional, c.department, c.org, c.org_path as "orgPath",
  c.competent_org as "competentOrg", c.routing_rule as "routingRule", c.accepted_org as "acceptedOrg", c.accepted_on::text as "acceptedOn",
  c.accepted_at as "acceptedAt", c.promised_due::text as "promisedDue", c.legal_due::text as "legalDue", c.channel, c.city_wide as "cityWide",
  c.delivery_method as "deliveryMethod", c.pickup_code as "pickupCode", c.tracking_no as "trackingNo", c.delivered_at as "deliveredAt",
  c.decision, c.supplement, c.result, c.assignee, c.after_members as "afterMembers", c.revision, c.last_seq as "lastSeq",
  c.submitted_at as "submittedAt", c.updated_at as "updatedAt", c.closed_at as "closedAt", c.archived_at as "archivedAt"`;

/** Normalises dates and times as the drivers return them differently. */
export function fixCase<T extends CaseRow>(r: T): T {
  return {
    ...r, stepStartedOn: date(r.stepStartedOn), stepDue: date(r.stepDue), pausedOn: date(r.pausedOn), acceptedOn: date(r.acceptedOn),
    promisedDue: date(r.promisedDue), legalDue: date(r.legalDue), acceptedAt: ts(r.acceptedAt), deliveredAt: ts(r.deliveredAt),
    submittedAt: ts(r.submittedAt)!, updatedAt: ts(r.updatedAt)!, closedAt: ts(r.closedAt), archivedAt: ts(r.archivedAt),
  };
}

/** Column names of the fields a case update may set. */
const SETTABLE: Record<string, string> = {
  state: 'state', outcome: 'outcome', stepIndex: 'step_index', stepId: 'step_id', stepRole: 'step_role', stepStartedOn: 'step_started_on',
  stepDue: 'step_due', decided: 'decided', manual: 'manual', pausedFrom: 'paused_from', pausedOn: 'paused_on', pausedDays: 'paused_days',
  provisional: 'provisional', org: 'org', orgPath: 'org_path', competentOrg: 'competent_org', routingRule: 'routing_rule',
  acceptedOrg: 'accepted_org', acceptedOn: 'accepted_on', acceptedAt: 'accepted_at', promisedDue: 'promised_due', legalDue: 'legal_due',
  deliveryMethod: 'delivery_method', pickupCode: 'pickup_code', trackingNo: 'tracking_no', deliveredAt: 'delivered_at', decision: 'decision',
  supplement: 'supplement', result: 'result', assignee: 'assignee', closedAt: 'closed_at', archivedAt: 'archived_at', department: 'department',
};
const JSON_COLS = new Set(['pausedFrom', 'decision', 'supplement', 'result']);

/** A case with what lists show: the applicant's name, the receipt number and the assignee's name. */
export type CaseListRow = CaseRow & { applicantName: string; receiptNo: string; assigneeName: string | null };
const LIST_COLS = `${CASE_COLS}, p.name as "applicantName", a.receipt_no as "receiptNo", ap.name as "assigneeName"`;
const LIST_FROM = `from cases c join persons p on p.id = c.applicant_id join applications a on a.id = c.application_id
  left join officers ao on ao.id = c.assignee left join persons ap on ap.id = ao.person_id`;

/** Which cases an officer list shows. */
export interface CaseListFilter {
  /** subtree scopes: org path prefix and departments ('*' = all) */
  scopes: { prefix: string; departments: string[] }[];
  /** inbox: only cases whose current step one of these (role, org prefix, department) can act on */
  inbox?: { role: string; prefix: string; department: string }[];
  /** window officers' departments for city-wide acceptance (inbox) */
  cityWideAccept?: string[];
  me?: string;
  due?: 'overdue' | 'soon';
  today: string;
  soonUntil?: string;
  department?: string;
  code?: string;
  state?: string;
  orgPrefix?: string;
  limit: number;
  offset: number;
}

export const casesRepo = {
  /** Officer lists: by scope or inbox, with filters; ordered by due date. */
  async list(q: Queryable, f: CaseListFilter): Promise<{ total: number; rows: CaseListRow[] }> {
    const params: unknown[] = [];
    const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
    // a subtree by its root's place in the path (indexed with the due date): '/SH/SH-PD/' → split_part(org_path, '/', 3) = 'SH-PD'
    const under = (prefix: string) => {
      const parts = prefix.split('/').filter(Boolean);
      return `split_part(c.org_path, '/', ${parts.length + 1}) = ${p(parts[parts.length - 1])}`;
    };
    const open = `c.state in ('submitted', 'review', 'production', 'delivery')`;
    const where: string[] = [];
    if (f.inbox) {
      const ors = f.inbox.map((i) => `(${under(i.prefix)} and c.step_role = ${p(i.role)}${i.department === '*' ? '' : ` and c.department = ${p(i.department)}`})`);
      if (f.cityWideAccept?.length) ors.push(`(c.state = 'submitted' and c.city_wide and c.department = any(${p(f.cityWideAccept)}::text[]))`);
      if (!ors.length) return { total: 0, rows: [] };
      where.push(`(${ors.join(' or ')})`, open, `(c.assignee is null or c.assignee = ${p(f.me ?? '')})`);
    } else {
      const ors = f.scopes.map((s) => `(${under(s.prefix)}${s.departments.includes('*') ? '' : ` and c.department = any(${p(s.departments)}::text[])`})`);
      if (!ors.length) return { total: 0, rows: [] };
      where.push(`(${ors.join(' or ')})`);
    }
    if (f.due === 'overdue') where.push(open, `c.step_due < ${p(f.today)}`);
    if (f.due === 'soon') where.push(open, `c.step_due >= ${p(f.today)}`, `c.step_due <= ${p(f.soonUntil ?? f.today)}`);
    if (f.department) where.push(`c.department = ${p(f.department)}`);
    if (f.code) where.push(`c.code = ${p(f.code)}`);
    if (f.state) where.push(`c.state = ${p(f.state)}`);
    if (f.orgPrefix) where.push(under(f.orgPrefix));
    const cond = where.join(' and ');
    const rows = (await q.query<CaseListRow>(
      `select ${LIST_COLS} ${LIST_FROM} where ${cond} order by c.step_due asc nulls last, c.id limit ${p(f.limit)} offset ${p(f.offset)}`, params)).rows;
    const total = (await q.query<{ n: number }>(`select count(*)::int as n from (select 1 from cases c where ${cond} limit 1000) x`, params.slice(0, -2))).rows[0]!.n;
    return { total, rows: rows.map(fixCase) };
  },

  /** The applicant's own cases (top level), newest first. */
  async listByApplicant(q: Queryable, applicantId: string, limit: number, offset: number): Promise<{ total: number; rows: CaseListRow[] }> {
    const r = await q.query<CaseListRow & { total: number }>(
      `select ${LIST_COLS}, count(*) over ()::int as total ${LIST_FROM} where c.applicant_id = $1 and c.parent_id is null order by c.submitted_at desc limit $2 offset $3`,
      [applicantId, limit, offset]);
    return { total: r.rows[0]?.total ?? 0, rows: r.rows.map(({ total: _t, ...row }) => fixCase(row as CaseListRow)) };
  },

  async getListRow(q: Queryable, id: string): Promise<CaseListRow | null> {
    const r = await q.query<CaseListRow>(`select ${LIST_COLS} ${LIST_FROM} where c.id = $1`, [id]);
    return r.rows[0] ? fixCase(r.rows[0]) : null;
  },

  /** Inserts a whole case row (a new case is built in memory, then written once). */
  async insert(q: Queryable, c: CaseRow): Promise<void> {
    const cols = ['id', 'application_id', 'parent_id', 'kind', 'code', 'version', 'applicant_id', 'channel', 'city_wide', 'after_members', 'revision', 'last_seq', 'submitted_at', 'updated_at'];
    const params: unknown[] = [c.id, c.applicationId, c.parentId, c.kind, c.code, c.version, c.applicantId, c.channel, c.cityWide, JSON.stringify(c.afterMembers), c.revision, c.lastSeq, c.submittedAt, c.updatedAt];
    for (const [k, col] of Object.entries(SETTABLE)) {
      const v = (c as unknown as Record<string, unknown>)[k];
      cols.push(col);
      params.push(JSON_COLS.has(k) && v !== null && v !== undefined ? JSON.stringify(v) : v ?? null);
    }
    if (c.measures) {
      cols.push('fields_prefilled', 'fields_total', 'materials_exempted', 'materials_total');
      params.push(c.measures.fieldsPrefilled, c.measures.fieldsTotal, c.measures.materialsExempted, c.measures.materialsTotal);
    }
    await q.query(`insert into cases (${cols.join(', ')}) values (${params.map((_, i) => `$${i + 1}`).join(', ')})`, params);
  },

  /** Records on the application's top-level case whether it was accepted without a supplement (首办成功), for the dashboard. */
  async setAcceptedFirst(q: Queryable, applicationId: string, value: boolean): Promise<void> {
    await q.query('update cases set accepted_first = $2 where application_id = $1 and parent_id is null', [applicationId, value]);
  },

  async get(q: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<CaseRow | null> {
    const r = await q.query<CaseRow>(`select ${CASE_COLS} from cases c where c.id = $1${opts.forUpdate ? ' for update' : ''}`, [id]);
    return r.rows[0] ? fixCase(r.rows[0]) : null;
  },

  async children(q: Queryable, parentId: string): Promise<CaseListRow[]> {
    const r = await q.query<CaseListRow>(`select ${LIST_COLS} ${LIST_FROM} where c.parent_id = $1 order by c.id`, [parentId]);
    return r.rows.map(fixCase);
  },

  async byApplication(q: Queryable, applicationId: string): Promise<CaseRow | null> {
    const r = await q.query<CaseRow>(`select ${CASE_COLS} from cases c where c.application_id = $1 and c.parent_id is null`, [applicationId]);
    return r.rows[0] ? fixCase(r.rows[0]) : null;
  },

  /**
   * Writes the changed fields and bumps the revision, if the case is still at `revision` (optimistic concurrency);
   * false when someone else changed it first.
   */
  async update(q: Queryable, id: string, revision: number, patch: Partial<CaseRow>, lastSeq: number, now: string): Promise<boolean> {
    const sets: string[] = [];
    const params: unknown[] = [id, revision, lastSeq, now];
    for (const [k, v] of Object.entries(patch)) {
      const col = SETTABLE[k];
      if (!col) continue;
      params.push(JSON_COLS.has(k) && v !== null ? JSON.stringify(v) : v);
      sets.push(`${col} = $${params.length}`);
    }
    const r = await q.query(
      `update cases set ${[...sets, 'revision = revision + 1', 'last_seq = $3', 'updated_at = $4'].join(', ')} where id = $1 and revision = $2`, params);
    return r.rowCount === 1;
  },

  async appendEvents(q: Queryable, events: CaseEventRow[]): Promise<void> {
    if (!events.length) return;
    const cols = 13;
    const values = events.map((_, i) => `(${Array.from({ length: cols }, (_x, j) => `$${i * cols + j + 1}`).join(',')})`).join(',');
    await q.query(
      `insert into case_events (case_id, seq, at, kind, step_id, actor, actor_name, actor_role, actor_org, from_state, to_state, reason, detail) values ${values}`,
      events.flatMap((e) => [e.caseId, e.seq, e.at, e.kind, e.stepId, e.actor, e.actorName, e.actorRole, e.actorOrg, e.fromState, e.toState, e.reason, JSON.stringify(e.detail)]));
  },

  async events(q: Queryable, caseId: string): Promise<CaseEventRow[]> {
    const r = await q.query<CaseEventRow>(
      `select case_id as "caseId", seq, at, kind, step_id as "stepId", actor, actor_name as "actorName", actor_role as "actorRole",
         actor_org as "actorOrg", from_state as "fromState", to_state as "toState", reason, detail
       from case_events where case_id = $1 order by seq`, [caseId]);
    return r.rows.map((e) => ({ ...e, at: new Date(e.at).toISOString() }));
  },

  // ---- durable timers ----

  /** Schedules a timer once (a second call with the same key does nothing). */
  async schedule(q: Queryable, job: { kind: string; dedupeKey: string; runAt: string; payload: Record<string, unknown> }): Promise<void> {
    await q.query(`insert into jobs (kind, dedupe_key, run_at, payload) values ($1, $2, $3, $4) on conflict (dedupe_key) do nothing`,
      [job.kind, job.dedupeKey, job.runAt, JSON.stringify(job.payload)]);
  },

  /** Claims one due timer, locked for this transaction; other processes skip it. */
  async claimDue(q: Queryable, now: string): Promise<{ id: string; kind: string; payload: Record<string, unknown>; attempts: number } | null> {
    const r = await q.query<{ id: string; kind: string; payload: Record<string, unknown>; attempts: number }>(
      `select id::text as id, kind, payload, attempts from jobs where state = 'pending' and run_at <= $1 order by run_at, id limit 1 for update skip locked`, [now]);
    return r.rows[0] ?? null;
  },

  async finishJob(q: Queryable, id: string, firedBy: string, now: string): Promise<void> {
    await q.query(`update jobs set state = 'done', fired_by = $2, fired_at = $3, attempts = attempts + 1 where id = $1::bigint`, [id, firedBy, now]);
  },

  async failJob(q: Queryable, id: string, error: string, retryAt: string | null): Promise<void> {
    await q.query(
      `update jobs set attempts = attempts + 1, last_error = $2, state = case when $3::timestamptz is null then 'failed' else 'pending' end,
         run_at = coalesce($3::timestamptz, run_at) where id = $1::bigint`, [id, error.slice(0, 2000), retryAt]);
  },

  async pendingJobs(q: Queryable): Promise<number> {
    const r = await q.query<{ n: number }>(`select count(*)::int as n from jobs where state = 'pending'`);
    return r.rows[0]!.n;
  },

  // ---- calendar years ----

  async calendarYears(q: Queryable): Promise<{ year: number; holidays: string[]; workdays: string[]; loadedAt: string; loadedBy: string }[]> {
    const r = await q.query<{ year: number; holidays: string[]; workdays: string[]; loadedAt: string; loadedBy: string }>(
      `select year, holidays, workdays, loaded_at as "loadedAt", loaded_by as "loadedBy" from calendar_years order by year`);
    return r.rows;
  },

  async saveCalendarYear(q: Queryable, year: number, data: { holidays: string[]; workdays: string[] }, by: string): Promise<void> {
    await q.query(
      `insert into calendar_years (year, holidays, workdays, loaded_by) values ($1, $2, $3, $4)
       on conflict (year) do update set holidays = excluded.holidays, workdays = excluded.workdays, loaded_at = now(), loaded_by = excluded.loaded_by`,
      [year, JSON.stringify(data.holidays), JSON.stringify(data.workdays), by]);
  },
};
