/**
 * The SQL of overdue monitoring (超时预警): the stall conditions over `cases`, and the three set-based statements of a
 * detection pass (a sweep that clears and raises, and the escalation) over `alerts`. Each statement touches every case or alert it concerns at
 * once, so a pass costs two statements (sweep: clear and raise; escalate) whatever the number of cases; each returns only what must be told,
 * grouped by recipient. The definitions are in docs/decisions/0027-stall-definitions.md.
 */
import type { Queryable } from '@tongban/db';

export const ALERT_KINDS = ['step_overdue', 'not_fetched', 'feedback_missing', 'not_downloaded', 'not_produced'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Parameters of every detection statement: $1 today (Asia/Shanghai), $2 the 1-working-day cutoff (a date before it
 * is more than one working day ago: addWorkingDays(date, 1) < today), $3 now.
 */
export interface PassParams {
  today: string;
  cutoff1: string;
  now: string;
}

/**
 * When a case (alias `c`) stalls, by kind. A due date is the end of that day, so a step is overdue from the day after
 * (`step_due < today`, as the workbench's overdue list). The partial indexes that serve each: cases_step_due (0007),
 * cases_unclaimed_review and cases_decided_open (0011).
 */
export const STALL: Record<AlertKind, string> = {
  // a handling step (acceptance, review, approval) past its due date
  step_overdue: `c.state in ('submitted', 'review') and c.step_due < $1::date`,
  // accepted and handed to the competent org, which has neither claimed it nor acted since the day of acceptance
  // (any action moves the step and its start day; a supplement request is an act too), for over a working day
  not_fetched: `c.state = 'review' and c.assignee is null and c.supplement is null and c.accepted_on < $2::date and c.step_started_on = c.accepted_on`,
  // 结果未反馈: decided (the decision step is over: the case is in production or still at a review step) more than a
  // working day ago, and the applicant has not been told anything about the case since (the case service tells them
  // of every decision, so this catches a decision whose notice was lost); bundle members are told through their bundle
  feedback_missing: `c.decided and c.parent_id is null and c.state in ('review', 'production') and c.step_started_on < $2::date
    and not exists (select 1 from notifications n where n.case_id = c.id and n.person_id = c.applicant_id and n.created_at >= c.step_started_on::timestamp at time zone 'Asia/Shanghai')`,
  // in delivery (window pick-up or post) and not delivered by its due date, DELIVERY_DAYS working days after it began
  not_downloaded: `c.state = 'delivery' and c.delivered_at is null and c.step_due < $1::date`,
  // the production step (制证) past its due date
  not_produced: `c.state = 'production' and c.step_due < $1::date`,
};

/** The identity of the step run a case (alias `c`) is at: a repeated step started on another day is another run. */
const STEP_KEY = `coalesce(c.step_id, c.state) || '@' || coalesce(c.step_started_on::text, '-')`;

/** Active officers and the subtree each role covers (a window's role acts for its parent station, as in rolesOver). */
const HOLDERS = `holders as materialized (
  select r.officer_id, o.person_id, r.role, r.department, case when g.kind = 'window' and g.parent is not null then g.parent else r.org end as scope_org
  from officer_roles r join officers o on o.id = r.officer_id and o.active join orgs g on g.code = r.org
)`;
/** A holder (alias `h`) covers a case's org path and department (alias `k`): at the org or above, same department or all. */
const COVERS = `(h.department = k.department or h.department = '*') and position('/' || h.scope_org || '/' in k.org_path) > 0`;

/** Who is told, and about which cases: one row per person and kind. */
export interface NoticeGroup {
  personId: string;
  kind: AlertKind;
  n: number;
  /** up to five cases, with their item codes */
  cases: string[];
  codes: string[];
}

const GROUPED = (from: string, who: string) => `
  select o.person_id as "personId", x.kind, count(*)::int as n,
         (array_agg(x.case_id order by x.case_id))[1:5] as cases, (array_agg(x.detail->>'code' order by x.case_id))[1:5] as codes
  from ${from} x cross join lateral unnest(x.${who}) as w(officer_id) join officers o on o.id = w.officer_id
  group by o.person_id, x.kind order by o.person_id, x.kind`;

/** An alert as stored. */
export interface AlertRow {
  id: string;
  caseId: string;
  kind: AlertKind;
  stepId: string | null;
  stepStartedOn: string | null;
  state: string;
  stepRole: string | null;
  stepDue: string | null;
  org: string;
  orgPath: string;
  department: string;
  responsible: string[];
  supervisors: string[];
  raisedAt: string;
  escalatedAt: string | null;
  clearedAt: string | null;
  detail: Record<string, unknown>;
}

/** Which alerts a list shows: the reader's jurisdiction (org-path prefixes with their departments) and filters. */
export interface AlertFilter {
  scopes: { prefix: string; departments: string[] }[];
  orgPrefix?: string;
  open: boolean;
  kind?: AlertKind;
  limit: number;
  offset: number;
}

const ISO = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const monitorRepo = {
  /** Alerts of a jurisdiction, newest first, and how many there are. */
  async list(q: Queryable, f: AlertFilter): Promise<{ total: number; rows: AlertRow[] }> {
    const params: unknown[] = [];
    const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
    const ors = f.scopes.map((s) => `(a.org_path like ${p(`${s.prefix}%`)}${s.departments.includes('*') ? '' : ` and a.department = any(${p(s.departments)}::text[])`})`);
    if (!ors.length) return { total: 0, rows: [] };
    const where = [`(${ors.join(' or ')})`];
    if (f.orgPrefix) where.push(`a.org_path like ${p(`${f.orgPrefix}%`)}`);
    if (f.open) where.push('a.cleared_at is null');
    if (f.kind) where.push(`a.kind = ${p(f.kind)}`);
    const r = await q.query<AlertRow & { total: number }>(`
      select a.id, a.case_id as "caseId", a.kind, a.step_id as "stepId", a.step_started_on::text as "stepStartedOn", a.state, a.step_role as "stepRole",
             a.step_due::text as "stepDue", a.org, a.org_path as "orgPath", a.department, a.responsible, a.supervisors,
             ${ISO('a.raised_at')} as "raisedAt", ${ISO('a.escalated_at')} as "escalatedAt", ${ISO('a.cleared_at')} as "clearedAt", a.detail,
             count(*) over ()::int as total
      from alerts a where ${where.join(' and ')}
      order by a.raised_at desc, a.id limit ${p(f.limit)} offset ${p(f.offset)}`, params);
    return { total: r.rows[0]?.total ?? 0, rows: r.rows.map(({ total: _t, ...row }) => row) };
  },

  /** Names of officers (for the responsible and supervisor lists). */
  async officerNames(q: Queryable, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const r = await q.query<{ id: string; name: string }>(
      `select o.id, p.name from officers o join persons p on p.id = o.person_id where o.id = any($1::text[])`, [ids]);
    return new Map(r.rows.map((x) => [x.id, x.name]));
  },

  /** Serialises passes (the job lock already does; this covers direct calls such as the bench or an operator's). */
  async lock(q: Queryable): Promise<void> {
    await q.query('select pg_advisory_xact_lock($1)', [7_310_002_711]);
  },

  /**
   * Escalates the open alerts raised before `raisedBefore` (more than one further working day ago) and not escalated
   * yet, to the department heads at the case's org or above; returns the supervisors to tell.
   */
  async escalate(q: Queryable, now: string, raisedBefore: string): Promise<{ groups: NoticeGroup[]; escalated: number }> {
    const r = await q.query<NoticeGroup & { total: number | null }>(`
      with ${HOLDERS},
      due as (select a.id, a.department, a.org_path from alerts a where a.cleared_at is null and a.escalated_at is null and a.raised_at < $2::timestamptz),
      keys as (select distinct department, org_path from due),
      sup as (
        select k.department, k.org_path, array_agg(distinct h.officer_id) as ids
        from keys k join holders h on h.role = 'department_head' and ${COVERS} group by k.department, k.org_path),
      esc as (
        update alerts a set escalated_at = $1::timestamptz, supervisors = coalesce(s.ids, '{}')
        from due d left join sup s on s.department = d.department and s.org_path = d.org_path
        where a.id = d.id
        returning a.case_id, a.kind, a.supervisors, a.detail),
      groups as (${GROUPED('esc', 'supervisors')})
      select g."personId", g.kind, g.n, g.cases, g.codes, null::int as total from groups g
      union all select null, null, null, null, null, (select count(*)::int from esc)`, [now, raisedBefore]);
    return { groups: r.rows.filter((x) => x.personId !== null), escalated: r.rows.find((x) => x.personId === null)?.total ?? 0 };
  },

  /**
   * The sweep, in one statement over one scan of the stalled cases: clears the open alerts whose case no longer
   * stalls that way at that step run (the case moved on), and raises an alert for every stall that has none yet,
   * naming the responsible officers: the assignee, else the holders of the step's role over the org, else (nobody
   * holds it there, e.g. a city-wide acceptance at a station without a window) the department heads over it.
   * Returns the officers to tell, and the counts raised and cleared by kind.
   */
  async sweep(q: Queryable, p: PassParams): Promise<{ groups: NoticeGroup[]; raised: Record<string, number>; cleared: Record<string, number> }> {
    const cols = `c.id as case_id, c.step_id, c.step_started_on, ${STEP_KEY} as step_key, c.state, coalesce(c.step_role, 'reviewer') as step_role, c.step_due,
      c.org, c.org_path, c.department, c.assignee, c.code`;
    const cand = ALERT_KINDS.map((k) => `select '${k}'::text as kind, ${cols} from cases c where ${STALL[k]}`).join('\n union all ');
    const byKind = (from: string) => `(select coalesce(jsonb_object_agg(kind, n), '{}'::jsonb) from (select kind, count(*)::int as n from ${from} group by kind) t)`;
    const r = await q.query<NoticeGroup & { raised: Record<string, number> | null; cleared: Record<string, number> | null }>(`
      with ${HOLDERS},
      cand as materialized (${cand}),
      -- open alerts whose stall is no longer among the stalls (hashed against the candidates, not probed per case)
      cleared as (
        update alerts a set cleared_at = $3::timestamptz
        where a.cleared_at is null and not exists (select 1 from cand x where x.case_id = a.case_id and x.kind = a.kind and x.step_key = a.step_key)
        returning a.kind),
      fresh as (
        select x.* from cand x
        where not exists (select 1 from alerts a where a.case_id = x.case_id and a.kind = x.kind and a.step_key = x.step_key and a.cleared_at is null)),
      keys as (select distinct step_role, department, org_path from fresh where assignee is null),
      resp as (
        select k.step_role, k.department, k.org_path, array_agg(distinct h.officer_id) as ids
        from keys k join holders h on h.role = k.step_role and ${COVERS} group by k.step_role, k.department, k.org_path),
      hkeys as (select distinct department, org_path from fresh where assignee is null),
      heads as (
        select k.department, k.org_path, array_agg(distinct h.officer_id) as ids
        from hkeys k join holders h on h.role = 'department_head' and ${COVERS} group by k.department, k.org_path),
      ins as (
        insert into alerts (id, case_id, kind, step_id, step_started_on, step_key, state, step_role, step_due, org, org_path, department, responsible, raised_at, detail)
        select 'alr_' || replace(gen_random_uuid()::text, '-', ''), f.case_id, f.kind, f.step_id, f.step_started_on, f.step_key, f.state, f.step_role, f.step_due,
               f.org, f.org_path, f.department,
               case when f.assignee is not null then array[f.assignee] else coalesce(rs.ids, hd.ids, '{}') end,
               $3::timestamptz,
               jsonb_build_object('code', f.code, 'assignee', f.assignee, 'fallback', f.assignee is null and rs.ids is null and hd.ids is not null)
        from fresh f
        left join resp rs on rs.step_role = f.step_role and rs.department = f.department and rs.org_path = f.org_path
        left join heads hd on hd.department = f.department and hd.org_path = f.org_path
        on conflict (case_id, kind, step_key) where cleared_at is null do nothing
        returning case_id, kind, responsible, detail),
      groups as (${GROUPED('ins', 'responsible')})
      select g."personId", g.kind, g.n, g.cases, g.codes, null::jsonb as raised, null::jsonb as cleared from groups g
      union all select null, null, null, null, null, ${byKind('ins')}, ${byKind('cleared')}`, [p.today, p.cutoff1, p.now]);
    const totals = r.rows.find((x) => x.personId === null);
    return { groups: r.rows.filter((x) => x.personId !== null), raised: totals?.raised ?? {}, cleared: totals?.cleared ?? {} };
  },
};
