/**
 * A year (or any period) of synthetic service history for the dashboard and the public page: top-level cases of
 * the demo catalog's items at the orgs that handle their departments, with their applications and measures,
 * ratings (about 40 %, a realistic mix with some bad ones) and the rectification orders of the bad ratings in
 * every stage. Written set-based (generate_series into a temporary table, then one INSERT … SELECT per table), so a
 * million cases take minutes on PostgreSQL and a few thousand seconds' fractions on PGlite.
 *
 * Synthetic rows are recognisable by their ids: persons `hist_p…`, applications `app_hist_…`, cases `case_hist_…`,
 * ratings `rat_hist_…`, work orders `rect_hist_…` (receipt numbers `HIST…`). They carry no real personal data: the
 * synthetic applicants have no citizen ID number and cannot sign in. See docs/decisions/0031.
 */
import { defaultCalendar, encryptPii, type KeyProvider, type WorkingCalendar } from '@tongban/core';
import type { Db } from '@tongban/db';

export interface HistoryOptions {
  /** how many top-level cases */
  cases: number;
  /** first and last submission date, YYYY-MM-DD (Asia/Shanghai) */
  from: string;
  to: string;
  /** makes the data reproducible, and distinguishes the ids of several runs */
  seed: number;
  /** "today" for what is open, late or overdue (default: `to`) */
  today?: string;
  /** when given, the applications' sealed documents are real (empty) encrypted documents, so officers can open the cases */
  keys?: KeyProvider;
  calendar?: WorkingCalendar;
  /** progress lines (stderr in scripts) */
  progress?: (message: string) => void;
}

export interface HistoryResult { cases: number; applications: number; ratings: number; rectifications: number; persons: number; ms: number }

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const addDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** The id of the first synthetic person of a seed: its presence says that history of that seed was written. */
export const historyMarker = (seed: number): string => `hist_p${seed}_1`;

/** Org kinds that handle cases (windows act for their station; the city bureau only when nothing below does). */
const HANDLING_KINDS: Record<string, number> = { station: 3, sub_bureau: 1, department_bureau: 2, agency: 1 };

/** Writes synthetic history; returns what it wrote. Runs in one transaction (all or nothing). */
export async function generateHistory(db: Db, opts: HistoryOptions): Promise<HistoryResult> {
  const t0 = performance.now();
  const n = Math.floor(opts.cases);
  const seed = Math.floor(opts.seed);
  if (!(n > 0) || !Number.isSafeInteger(seed) || seed < 0) throw new Error('generateHistory: cases must be > 0 and seed a non-negative integer');
  if (!DATE.test(opts.from) || !DATE.test(opts.to) || opts.from > opts.to) throw new Error('generateHistory: from and to must be dates YYYY-MM-DD, from ≤ to');
  const today = opts.today ?? opts.to;
  if (!DATE.test(today)) throw new Error('generateHistory: today must be YYYY-MM-DD');
  const say = opts.progress ?? (() => undefined);
  const cal = opts.calendar ?? defaultCalendar;
  const days = daysBetween(opts.from, opts.to) + 1;

  // working-day ordinals: ord(d) = working days from base up to d; wd[k] = the k-th working day
  const base = addDays(opts.from, -30);
  const span = daysBetween(base, today > opts.to ? today : opts.to) + 400;
  const ords: number[] = [];
  const wd: string[] = [];
  for (let i = 0; i <= span; i++) {
    const d = addDays(base, i);
    if (cal.isWorkingDay(d)) wd.push(d);
    ords.push(wd.length);
  }
  const sealed = opts.keys
    ? encryptPii(opts.keys, 'document', JSON.stringify({ answers: {}, form: {}, prefill: {}, facts: { values: {}, provenance: {}, unknown: {} }, precheck: null }))
    : 'synthetic-history';
  const persons = Math.max(50, Math.min(200_000, Math.ceil(n / 25)));

  return db.transaction(async (tx) => {
    // the items of the catalog in force, and the orgs that handle each one's department
    const items = (await tx.query<{ code: string; version: number; department: string; promised: number }>(
      `select code, version, department, greatest(coalesce((summary->>'promisedLimitDays')::int, 5), 1) as promised
       from catalog_index where kind = 'item' and effective_date <= $1::date and (until_date is null or until_date > $1::date) and department is not null
       order by code`, [today])).rows;
    const orgs = (await tx.query<{ code: string; kind: string; departments: string[]; path: string[] }>('select code, kind, departments, path from orgs order by code')).rows;
    if (!items.length || !orgs.length) throw new Error('generateHistory: load the catalog and the org tree first');
    const root = orgs.find((o) => o.kind === 'city_bureau') ?? orgs[0]!;
    const rows = items.map((it, i) => {
      const handling = orgs.filter((o) => o.departments.includes(it.department) && HANDLING_KINDS[o.kind]);
      const pool = handling.length ? handling.flatMap((o) => Array<typeof o>(HANDLING_KINDS[o.kind]!).fill(o)) : [orgs.find((o) => o.departments.includes(it.department)) ?? root];
      return {
        i: i + 1, code: it.code, version: it.version, department: it.department, promised: it.promised,
        // a fixed form and material count per item, as the catalog would have
        fields: 6 + ((i * 7) % 19), materials: 1 + ((i * 3) % 6),
        orgs: pool.map((o) => o.code), paths: pool.map((o) => `/${o.path.join('/')}/`),
      };
    });
    await tx.query(`create temp table hist_items (i int primary key, code text, version int, department text, promised int, fields int, materials int, orgs text[], paths text[]) on commit drop`);
    await tx.query(
      `insert into hist_items select u.i, u.code, u.version, u.department, u.promised, u.fields, u.materials, a.orgs, a.paths from unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::int[]) as u(i, code, version, department, promised, fields, materials)
         cross join lateral (select ($8::jsonb -> (u.i - 1) -> 'orgs') as o, ($8::jsonb -> (u.i - 1) -> 'paths') as p) j
         cross join lateral (select array(select jsonb_array_elements_text(j.o)) as orgs, array(select jsonb_array_elements_text(j.p)) as paths) a`,
      [rows.map((r) => r.i), rows.map((r) => r.code), rows.map((r) => r.version), rows.map((r) => r.department), rows.map((r) => r.promised),
        rows.map((r) => r.fields), rows.map((r) => r.materials), JSON.stringify(rows.map((r) => ({ orgs: r.orgs, paths: r.paths })))]);
    // reproducible: random() after setseed on this connection
    await tx.query('select setseed($1)', [((seed % 1000) + 1) / 1001]);

    say(`history: ${persons} synthetic applicants…`);
    await tx.query(
      `insert into persons (id, citizen_id_enc, citizen_id_idx, name, sex, birth_date, household_region)
       select 'hist_p${seed}_' || g, '', 'hist_${seed}_' || g, '样本申请人', case when g % 2 = 0 then 'female' else 'male' end,
         date '1960-01-01' + (g * 7919) % 16000, '310101'
       from generate_series(1, ${persons}) g`);

    say(`history: ${n} cases from ${opts.from} to ${opts.to}…`);
    const ord = (d: string) => `(($2::int[])[(${d}) - $1::date + 1])`;
    const wdAt = (k: string) => `(($3::date[])[${k}])`;
    await tx.query(
      `create temp table hist_c on commit drop as
       with s0 as (
         select g, random() as r_item, random() as r_org, random() as r_day, random() as r_hour, random() as r_ch, random() as r_del,
           random() as r_ref, random() as r_sup, random() as r_dur, random() as r_late, random() as r_out, random() as r_stuck,
           random() as r_f, random() as r_m, random() as r_person, random() as r_state
         from generate_series(1, ${n}) g
       ), s1 as (
         select s0.*, it.code, it.version, it.department, it.promised, it.fields, it.materials,
           1 + floor(r_org * array_length(it.orgs, 1))::int as oi, it.orgs, it.paths,
           (($4::date + floor(r_day * ${days})::int)::timestamp + make_interval(mins => (480 + floor(r_hour * 600))::int)) at time zone 'Asia/Shanghai' as submitted_at,
           case when r_ch < 0.52 then 'online' when r_ch < 0.74 then 'mobile' when r_ch < 0.79 then 'self_service' else 'window' end as channel
         from s0 join hist_items it on it.i = 1 + least(floor(power(r_item, 1.35) * ${items.length})::int, ${items.length - 1})
       ), s2 as (
         select s1.*, orgs[oi] as org, paths[oi] as org_path, (submitted_at at time zone 'Asia/Shanghai')::date as sday,
           r_ref < 0.03 as refused, r_sup < 0.11 as had_supplement
         from s1
       ), s3 as (
         select s2.*,
           case when refused then null when channel = 'window' then ${wdAt(`${ord('sday - 1')} + 1`)} else ${wdAt(`${ord('sday')} + 1`)} end as accepted_on
         from s2
       ), s4 as (
         select s3.*,
           case when accepted_on is not null then ${wdAt(`${ord('accepted_on')} + promised`)} end as promised_due,
           case
             when refused then ${wdAt(`${ord('sday')} + 1`)}
             -- about 7 % finish late, the rest within the promise (a supplement adds a few working days)
             when r_late < 0.07 then ${wdAt(`${ord('accepted_on')} + promised + 1 + floor(r_dur * 6)::int`)}
             else ${wdAt(`${ord('accepted_on')} + least(promised, floor(promised * (0.15 + 0.8 * r_dur))::int + case when had_supplement then 2 else 0 end)`)}
           end as closed_day
         from s3
       )
       select g, 'case_hist_${seed}_' || g as id, 'app_hist_${seed}_' || g as app_id, 'hist_p${seed}_' || (1 + floor(r_person * ${persons})::int) as person_id,
         code, version, department, org, org_path, channel, submitted_at, sday, accepted_on, promised_due, refused, had_supplement, r_out, r_del, r_m, r_state,
         -- open: not finished by today, or (1 %) stuck past its due date
         (closed_day is null or closed_day >= $5::date or (r_stuck < 0.01 and not refused)) as open,
         closed_day,
         case when channel = 'window' then case when r_del < 0.6 then 'window' when r_del < 0.8 then 'postal' else 'e_license' end
              else case when r_del < 0.55 then 'e_license' when r_del < 0.8 then 'postal' else 'window' end end as delivery_method,
         fields as fields_total,
         least(fields, floor(fields * case when channel = 'window' then 0.25 + 0.3 * r_f else 0.5 + 0.45 * r_f end)::int) as fields_prefilled,
         materials as materials_total, floor((materials + 1) * r_m * 0.85)::int as materials_exempted,
         case when accepted_on is not null then ${wdAt(`${ord('accepted_on')} + greatest(1, ceil(promised * 0.7)::int)`)} end as step_due
       from s4`,
      [base, ords, wd, opts.from, today]);
    await tx.query(`update hist_c set materials_exempted = least(materials_exempted, materials_total)`);

    say('history: applications…');
    const apps = await tx.query(
      `insert into applications (id, applicant_id, kind, code, version, members, status, sealed, materials, eligible, measures, revision, receipt_no, idempotency_key, channel,
         created_at, updated_at, submitted_at, filed_org)
       select app_id, person_id, 'item', code, version, '[]', 'submitted', $1, '{}', 'yes',
         jsonb_build_object('fieldsPrefilled', fields_prefilled, 'fieldsTotal', fields_total, 'materialsExempted', materials_exempted, 'materialsTotal', materials_total,
           'acceptedWithoutSupplement', case when refused then false when accepted_on is null then null else not had_supplement end),
         1, 'HIST${seed}-' || lpad(g::text, 8, '0'), 'hist-${seed}-' || g, channel,
         submitted_at - interval '20 minutes', submitted_at, submitted_at, case when channel = 'window' then org end
       from hist_c`, [sealed]);

    say('history: cases…');
    const cases = await tx.query(
      `insert into cases (id, application_id, kind, code, version, applicant_id, state, outcome, step_index, step_id, step_role, step_started_on, step_due,
         decided, department, org, org_path, competent_org, routing_rule, accepted_org, accepted_on, accepted_at, promised_due, channel, delivery_method,
         delivered_at, submitted_at, updated_at, closed_at, fields_prefilled, fields_total, materials_exempted, materials_total, accepted_first)
       select id, app_id, 'item', code, version, person_id,
         case when not open then 'closed' when accepted_on is null then 'submitted' when r_state < 0.6 then 'review' when r_state < 0.8 then 'production' else 'delivery' end,
         case when open then null when refused then 'refused' when r_out < 0.94 then 'approved' when r_out < 0.98 then 'denied' else 'cancelled' end,
         case when open then 1 end, case when open then 'review' end, case when open then 'reviewer' end, case when open then accepted_on end,
         case when open then coalesce(step_due, sday + 1) end,
         not open and not refused, department, org, org_path, org, 'history', case when accepted_on is not null then org end, accepted_on,
         case when accepted_on is not null then (accepted_on + time '10:00') at time zone 'Asia/Shanghai' end, promised_due, channel, delivery_method,
         case when not open then (closed_day + time '16:00') at time zone 'Asia/Shanghai' end,
         submitted_at, case when open then submitted_at else (closed_day + time '16:30') at time zone 'Asia/Shanghai' end,
         case when not open then (closed_day + time '16:30') at time zone 'Asia/Shanghai' end,
         fields_prefilled, fields_total, materials_exempted, materials_total,
         case when refused then false when accepted_on is null then null else not had_supplement end
       from hist_c`);

    say('history: ratings…');
    await tx.query(
      `create temp table hist_r on commit drop as
       with c as (
         select h.*, random() as r_rate, random() as r_lvl, random() as r_when, random() as r_reason from hist_c h
       ), rated as (
         select c.*,
           case when not open then 'case' when channel = 'window' then 'window' else 'online' end as subject,
           least(case when not open then (closed_day + time '17:00') at time zone 'Asia/Shanghai' + r_when * interval '4 days'
                      else submitted_at + interval '15 minutes' + r_when * interval '2 hours' end,
                 ($1::date + time '00:00') at time zone 'Asia/Shanghai') as rated_at,
           -- late cases are rated worse
           r_lvl + case when not open and closed_day > promised_due then 0.25 else 0 end as lvl
         from c where r_rate < 0.4 and (not open or accepted_on is not null or channel <> 'window')
       )
       select 'rat_hist_${seed}_' || g as id, id as case_id, person_id, subject, org, org_path, code, department, rated_at,
         case when lvl < 0.6 then 'very_satisfied' when lvl < 0.83 then 'satisfied' when lvl < 0.93 then 'basic' when lvl < 0.975 then 'dissatisfied' else 'very_dissatisfied' end as level,
         case when channel = 'window' then 'hall_pad' when channel = 'mobile' then 'mobile' when channel = 'self_service' then 'hall_terminal' else 'pc' end as channel,
         (array['slow', 'guide_inaccurate', 'repeat_materials', 'attitude', 'system_hard', 'not_done', 'other'])[1 + floor(r_reason * 7)::int] as reason,
         (rated_at at time zone 'Asia/Shanghai')::date as rated_day
       from rated`, [today]);
    const ratings = await tx.query(
      `insert into ratings (id, case_id, subject, person_id, level, reasons, comment, anonymous, channel, org, org_path, item_code, department, rated_at, rated_on)
       select id, case_id, subject, person_id, level,
         case when level in ('dissatisfied', 'very_dissatisfied') then array[reason] else '{}'::text[] end,
         null, false, channel, org, org_path, code, department, rated_at, rated_day
       from hist_r`);

    say('history: rectification orders…');
    const rects = await tx.query(
      `insert into rectifications (id, rating_id, case_id, org, org_path, department, item_code, stage, resolution, opened_on, verify_due, rectify_due, callback_due,
         stage_due, escalated, verification, rectification, callback, opened_at, closed_at)
       select 'rect_hist_${seed}_' || substr(id, length('rat_hist_${seed}_') + 1), id, case_id, org, org_path, department, code, stage,
         case when stage = 'closed' then (array['fixed', 'fixed_later', 'explained', 'appeal_upheld'])[1 + floor(r * 4)::int] end,
         rated_day, verify_due, rectify_due, callback_due,
         case stage when 'verify' then verify_due when 'rectify' then rectify_due when 'callback' then callback_due else rectify_due end,
         stage <> 'closed' and case stage when 'verify' then verify_due when 'rectify' then rectify_due when 'callback' then callback_due else rectify_due end < $4::date,
         case when stage <> 'verify' then '{"confirmed": true, "note": "synthetic history"}'::jsonb end,
         case when stage in ('callback', 'closed') then '{"note": "synthetic history"}'::jsonb end,
         case when stage = 'closed' then '{"reached": true, "satisfied": true, "note": "synthetic history"}'::jsonb end,
         rated_at, case when stage = 'closed' then greatest(rated_at, least(rated_at + (4 + floor(r * 14)::int) * interval '1 day', ($4::date + time '00:00') at time zone 'Asia/Shanghai')) end
       from (
         select r.*, random() as r,
           ${wdAt(`${ord('rated_day')} + 1`)} as verify_due, ${wdAt(`${ord('rated_day')} + 15`)} as rectify_due, ${wdAt(`${ord('rated_day')} + 17`)} as callback_due,
           ${ord('$4::date')} - ${ord('rated_day')} as age
         from hist_r r where level in ('dissatisfied', 'very_dissatisfied')
       ) x
       cross join lateral (select case
           when age > 17 and r < 0.9 then 'closed'
           when age > 17 then (array['rectify', 'callback'])[1 + floor(r * 20)::int % 2]
           when age >= 6 then case when r < 0.35 then 'callback' when r < 0.55 then 'closed' else 'rectify' end
           when age >= 1 then case when r < 0.3 then 'verify' else 'rectify' end
           else 'verify' end as stage) st`,
      [base, ords, wd, today]);
    await tx.query(
      `insert into rectification_events (rectification_id, seq, at, kind, actor, detail)
       select id, 1, opened_at, 'opened', 'system', '{"synthetic": true}'::jsonb from rectifications where id like 'rect\\_hist\\_${seed}\\_%'`);
    const result: HistoryResult = { cases: cases.rowCount, applications: apps.rowCount, ratings: ratings.rowCount, rectifications: rects.rowCount, persons, ms: 0 };
    result.ms = Math.round(performance.now() - t0);
    say(`history: ${result.cases} cases, ${result.ratings} ratings, ${result.rectifications} work orders in ${(result.ms / 1000).toFixed(1)} s`);
    return result;
  }).then(async (r) => {
    // fresh statistics for the planner (and, on PostgreSQL, visibility for index-only scans)
    await db.query('analyze cases');
    await db.query('analyze ratings');
    await db.query('analyze rectifications');
    await db.query('analyze applications');
    return r;
  });
}

/**
 * The demo's history: when the demo data is loaded and no history of seed 1 exists, 20,000 cases over the year up
 * to yesterday. Returns what it wrote, or null when there was history already.
 */
export async function seedHistory(db: Db, keys: KeyProvider, today: string, calendar?: WorkingCalendar, cases = 20_000): Promise<HistoryResult | null> {
  const seed = 1;
  const seen = await db.query('select 1 from persons where id = $1', [historyMarker(seed)]);
  if (seen.rows.length) return null;
  const orgs = await db.query<{ n: number }>('select count(*)::int as n from orgs');
  if (!orgs.rows[0]?.n) return null;
  const to = addDays(today, -1);
  return generateHistory(db, { cases, from: addDays(to, -364), to, today, seed, keys, ...(calendar ? { calendar } : {}) });
}
