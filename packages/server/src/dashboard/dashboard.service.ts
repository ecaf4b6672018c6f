/**
 * The operations dashboard (网办中心) and the public accountability page (政务公开): service-quality figures of an
 * org subtree over a period of submission dates (Asia/Shanghai), computed by SQL at read time from cases, ratings
 * and rectifications — never from stored counters. Every figure is defined in docs/decisions/0030; each comes with
 * its numerator and denominator so a screen can show both. One pass over the period's cases, grouped by child org,
 * item and bucket, gives the totals, the child orgs, the items and the trend buckets at once (summed up here).
 */
import { ValidationError, type WorkingCalendar } from '@tongban/core';
import type { Db } from '@tongban/db';

export type Bucket = 'day' | 'week' | 'month';

/** A share: `numerator / denominator`, `rate` null when there is nothing to divide by. */
export interface Ratio { numerator: number; denominator: number; rate: number | null }

/** The figures of one set of cases (a subtree, a child org, an item). */
export interface Figures {
  /** top-level cases submitted in the period */
  applications: number;
  /** submitted through a channel that is not a window (online, mobile, self-service terminal) over applications */
  online: Ratio;
  /** online and delivered by e-licence or post (no visit) over applications */
  fullyOnline: Ratio;
  /** accepted without a supplement request over accepted or refused (decided at acceptance) */
  firstTimeSuccess: Ratio;
  /** form fields prefilled over form fields */
  prefill: Ratio;
  /** materials exempted (e-licence, data source, another item's output) over materials in play */
  exemption: Ratio;
  /** closed cases: average working days from acceptance to closing, against the average promised working days */
  handling: { closed: number; workingDays: number; promisedDays: number; averageDays: number | null; averagePromisedDays: number | null };
  /** overdue: open steps past due today (whole subtree, whatever the submission date); closed after the promised due date over closed */
  overdue: { openNow: number; closedLate: Ratio };
  /** 好评率: ratings given in the period that are not bad (very satisfied, satisfied, basic) over all of them; and the bad ones */
  goodRating: Ratio & { bad: number };
  /** rectification work orders not closed (now), and those past their stage's due date */
  rectifications: { open: number; overdue: number };
}

export interface ChildFigures extends Figures { org: string; name: { zh: string; en: string }; kind: string; hasChildren: boolean; self: boolean }
export interface ItemFigures extends Figures { code: string; name: { zh: string; en: string } }
export interface TrendPoint {
  bucket: string;
  applications: number;
  online: Ratio;
  firstTimeSuccess: Ratio;
  goodRating: Ratio;
  badRatings: number;
  /** cases submitted in the bucket that closed after their promised due date or whose open step is past due today */
  overdue: number;
}

export interface DashboardQuery { org: string; from: string; to: string; bucket: Bucket; today: string; departments: string[] | null }

export interface Dashboard {
  org: { code: string; name: { zh: string; en: string }; path: { code: string; name: { zh: string; en: string } }[] };
  period: { from: string; to: string; bucket: Bucket; timeZone: 'Asia/Shanghai' };
  departments: string[] | null;
  figures: Figures;
  children: ChildFigures[];
  items: ItemFigures[];
  trend: TrendPoint[];
}

export interface OrgInfo { code: string; parent: string | null; kind: string; nameZh: string; nameEn: string; path: string[] }

export interface DashboardDeps {
  db: Db;
  calendar: () => Promise<WorkingCalendar>;
  orgs: () => Promise<OrgInfo[]>;
  itemNames: () => Promise<Map<string, { zh: string; en: string }>>;
}

/**
 * Settings for the period scan's transaction only (`set local`): Shanghai as the session time zone, so that a
 * timestamp's calendar day is a plain `::date` (a zone named per row costs a lookup each time), and room for an
 * in-memory hash aggregate. A city-wide subtree (tens of thousands of rows a month) is also scanned by the parallel
 * workers, whose start-up PostgreSQL over-rates for a partial covering index; a smaller subtree is not worth it.
 */
const analyticSettings = (cityWide: boolean): string =>
  `set local timezone = 'Asia/Shanghai'; set local work_mem = '64MB';${cityWide ? ' set local parallel_setup_cost = 0; set local parallel_tuple_cost = 0; set local min_parallel_index_scan_size = 0;' : ''}`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366;
/** Open states of a case (a step is running or waiting for the applicant/production/delivery). */
export const OPEN_STATES = ['submitted', 'review', 'production', 'delivery'] as const;

const validDate = (s: string): boolean => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const addDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const ratio = (numerator: number, denominator: number): Ratio => ({ numerator, denominator, rate: denominator > 0 ? Math.round((numerator / denominator) * 10000) / 10000 : null });
const avg = (sum: number, n: number): number | null => (n > 0 ? Math.round((sum / n) * 100) / 100 : null);

/** Checks a period: both dates valid, from ≤ to, at most 366 days. Throws a 422 naming each bad field. */
export function checkPeriod(from: string, to: string): void {
  const problems: { path: string; reason: string; message: { zh: string; en: string } }[] = [];
  if (!validDate(from)) problems.push({ path: '/from', reason: 'format', message: { zh: '开始日期应为 YYYY-MM-DD 格式的有效日期', en: 'from must be a valid date YYYY-MM-DD' } });
  if (!validDate(to)) problems.push({ path: '/to', reason: 'format', message: { zh: '结束日期应为 YYYY-MM-DD 格式的有效日期', en: 'to must be a valid date YYYY-MM-DD' } });
  if (!problems.length && from > to) problems.push({ path: '/to', reason: 'before_from', message: { zh: '结束日期不能早于开始日期', en: 'to must not be before from' } });
  if (!problems.length && daysBetween(from, to) + 1 > MAX_DAYS) problems.push({ path: '/to', reason: 'too_long', message: { zh: `统计期间最长 ${MAX_DAYS} 天`, en: `The period may be at most ${MAX_DAYS} days` } });
  if (problems.length) throw new ValidationError('dashboard.period_invalid', problems, { zh: '统计期间有误', en: 'The period is invalid' });
}

/** Checks a month `YYYY-MM` and returns its first and last day; 422 otherwise. */
export function monthRange(month: string): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const mm = m ? Number(m[2]) : 0;
  if (!m || mm < 1 || mm > 12) {
    throw new ValidationError('dashboard.month_invalid', [{ path: '/month', reason: 'format', message: { zh: '月份应为 YYYY-MM 格式', en: 'month must be YYYY-MM' } }]);
  }
  const from = `${m[1]}-${m[2]}-01`;
  const next = mm === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(mm + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/**
 * Working-day ordinals for `[base, base + n)`: ord(d) = working days from base up to and including d, so the working
 * days after `a` up to `b` are ord(b) − ord(a). Passed to SQL as an int[] indexed by `d − base + 1`.
 */
function workingOrdinals(cal: WorkingCalendar, base: string, n: number): number[] {
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (cal.isWorkingDay(addDays(base, i))) k++;
    out.push(k);
  }
  return out;
}

/** The bucket start of a Shanghai date expression, in SQL. */
const bucketSql = (bucket: Bucket, d: string): string =>
  bucket === 'day' ? d : bucket === 'week' ? `date_trunc('week', (${d})::timestamp)::date` : `date_trunc('month', (${d})::timestamp)::date`;

/** The first bucket start on or before `d`. */
function bucketStart(bucket: Bucket, d: string): string {
  if (bucket === 'day') return d;
  if (bucket === 'month') return `${d.slice(0, 7)}-01`;
  const dow = new Date(`${d}T00:00:00Z`).getUTCDay(); // ISO week starts Monday, as date_trunc('week')
  return addDays(d, -((dow + 6) % 7));
}

function nextBucket(bucket: Bucket, d: string): string {
  if (bucket === 'day') return addDays(d, 1);
  if (bucket === 'week') return addDays(d, 7);
  const y = Number(d.slice(0, 4)), m = Number(d.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

interface CaseAgg {
  child: string | null; code: string | null; bucket: string | null;
  applications: number; online: number; fully_online: number; decided: number; first_ok: number;
  fields_prefilled: number; fields_total: number; materials_exempted: number; materials_total: number;
  closed: number; handled: number; working_days: number; promised_n: number; promised_days: number; closed_dated: number; closed_late: number; open_late: number;
}
interface RatingAgg { child: string | null; code: string | null; bucket: string | null; n: number; good: number; bad: number }

const CASE_SUMS = ['applications', 'online', 'fully_online', 'decided', 'first_ok', 'fields_prefilled', 'fields_total', 'materials_exempted', 'materials_total',
  'closed', 'handled', 'working_days', 'promised_n', 'promised_days', 'closed_dated', 'closed_late', 'open_late'] as const;

/** Adds a row of counts into the group `key` of `m`. */
function addCase(m: Map<string, CaseAgg>, key: string, a: CaseAgg): void {
  const g = m.get(key);
  if (!g) { m.set(key, { ...a }); return; }
  for (const k of CASE_SUMS) g[k] += a[k];
}
function addRating(m: Map<string, RatingAgg>, key: string, r: RatingAgg): void {
  const g = m.get(key);
  if (!g) { m.set(key, { ...r }); return; }
  g.n += r.n; g.good += r.good; g.bad += r.bad;
}
interface NowAgg { g: number; child: string | null; code: string | null; n: number; late: number }

const emptyFigures = (): Figures => ({
  applications: 0, online: ratio(0, 0), fullyOnline: ratio(0, 0), firstTimeSuccess: ratio(0, 0), prefill: ratio(0, 0), exemption: ratio(0, 0),
  handling: { closed: 0, workingDays: 0, promisedDays: 0, averageDays: null, averagePromisedDays: null },
  overdue: { openNow: 0, closedLate: ratio(0, 0) }, goodRating: { ...ratio(0, 0), bad: 0 }, rectifications: { open: 0, overdue: 0 },
});

function caseFigures(f: Figures, a: CaseAgg): void {
  f.applications = a.applications;
  f.online = ratio(a.online, a.applications);
  f.fullyOnline = ratio(a.fully_online, a.applications);
  f.firstTimeSuccess = ratio(a.first_ok, a.decided);
  f.prefill = ratio(a.fields_prefilled, a.fields_total);
  f.exemption = ratio(a.materials_exempted, a.materials_total);
  f.handling = { closed: a.closed, workingDays: a.working_days, promisedDays: a.promised_days, averageDays: avg(a.working_days, a.handled), averagePromisedDays: avg(a.promised_days, a.promised_n) };
  f.overdue.closedLate = ratio(a.closed_late, a.closed_dated);
}

/**
 * The SQL predicate of an org subtree on a table with `org_path`: by the indexed level expression for the first
 * three levels (literal, so the partial indexes match; an org code sits at one depth only, so the level alone pins
 * the subtree and no per-row prefix test is needed), by path prefix below them.
 */
function subtreeSql(depth: number, param: string, prefixParam: string): string {
  return depth <= 3 ? `split_part(org_path, '/', ${depth + 1}) = ${param} and ${prefixParam}::text is not null` : `org_path like ${prefixParam} and ${param}::text is not null`;
}

export class DashboardService {
  constructor(private readonly deps: DashboardDeps) {}

  /** The dashboard of an org subtree for a period: figures, children, items and the trend. */
  async dashboard(q: DashboardQuery): Promise<Dashboard> {
    checkPeriod(q.from, q.to);
    const orgs = await this.deps.orgs();
    const byCode = new Map(orgs.map((o) => [o.code, o]));
    const org = byCode.get(q.org);
    if (!org) throw new ValidationError('dashboard.org_invalid', [{ path: '/org', reason: 'unknown', message: { zh: `机构“${q.org}”不存在`, en: `Org "${q.org}" does not exist` } }]);
    const depth = org.path.length;
    const prefix = `/${org.path.join('/')}/`;
    const cal = await this.deps.calendar();
    // ordinals from a little before the period to well after today (promised due dates lie ahead)
    const base = addDays(q.from, -40);
    const end = addDays(q.to > q.today ? q.to : q.today, 400);
    const ords = workingOrdinals(cal, base, daysBetween(base, end) + 1);
    const where = subtreeSql(depth, '$1', '$2');
    const dept = q.departments ? 'and department = any($3::text[])' : 'and $3::text[] is null';
    // within the period scan's transaction the session time zone is Asia/Shanghai (analyticSettings)
    const shDay = (col: string) => `${col}::date`;
    const ord = (d: string) => `($7::int[])[${d} - $6::date + 1]`;
    const common = [q.org, `${prefix.replace(/[\\%_]/g, '\\$&')}%`, q.departments];

    const casesSql = `
      with c as (
        select split_part(org_path, '/', ${depth + 2}) as child, code, ${bucketSql(q.bucket, shDay('submitted_at'))} as bucket,
          channel <> 'window' as online, delivery_method, state, accepted_on, promised_due, step_due, accepted_first,
          fields_prefilled, fields_total, materials_exempted, materials_total,
          case when closed_at is not null then ${shDay('closed_at')} end as closed_day
        from cases
        where parent_id is null and ${where} ${dept}
          and submitted_at >= ($4::date)::timestamp at time zone 'Asia/Shanghai'
          and submitted_at < ($5::date + 1)::timestamp at time zone 'Asia/Shanghai'
      )
      select child, code, to_char(bucket, 'YYYY-MM-DD') as bucket,
        count(*)::int as applications,
        count(*) filter (where online)::int as online,
        count(*) filter (where online and delivery_method in ('e_license', 'postal'))::int as fully_online,
        count(accepted_first)::int as decided,
        count(*) filter (where accepted_first)::int as first_ok,
        coalesce(sum(fields_prefilled), 0)::int as fields_prefilled, coalesce(sum(fields_total), 0)::int as fields_total,
        coalesce(sum(materials_exempted), 0)::int as materials_exempted, coalesce(sum(materials_total), 0)::int as materials_total,
        count(closed_day)::int as closed,
        count(*) filter (where closed_day is not null and accepted_on is not null)::int as handled,
        coalesce(sum(${ord('closed_day')} - ${ord('accepted_on')}) filter (where closed_day is not null and accepted_on is not null), 0)::int as working_days,
        count(*) filter (where closed_day is not null and accepted_on is not null and promised_due is not null)::int as promised_n,
        coalesce(sum(${ord('promised_due')} - ${ord('accepted_on')}) filter (where closed_day is not null and accepted_on is not null and promised_due is not null), 0)::int as promised_days,
        count(*) filter (where closed_day is not null and promised_due is not null)::int as closed_dated,
        count(*) filter (where closed_day > promised_due)::int as closed_late,
        count(*) filter (where closed_day is null and state in ('submitted', 'review', 'production', 'delivery') and step_due < $8::date)::int as open_late
      from c
      group by child, code, bucket`;
    const ratingsSql = `
      with r as (
        select split_part(org_path, '/', ${depth + 2}) as child, item_code as code, ${bucketSql(q.bucket, 'rated_on')} as bucket, bad
        from ratings
        where ${where} ${dept} and rated_on between $4::date and $5::date
      )
      select child, code, to_char(bucket, 'YYYY-MM-DD') as bucket,
        count(*)::int as n, count(*) filter (where not bad)::int as good, count(*) filter (where bad)::int as bad
      from r group by child, code, bucket`;
    const overdueSql = `
      select grouping(child, code)::int as g, child, code, count(*)::int as n, 0 as late
      from (select split_part(org_path, '/', ${depth + 2}) as child, code from cases
            where parent_id is null and step_due is not null and state in ('submitted', 'review', 'production', 'delivery')
              and step_due < $4::date and org_path like $2 ${dept} and $1::text is not null) o
      group by grouping sets ((), (child), (code))`;
    const rectSql = `
      select grouping(child, code)::int as g, child, code, count(*)::int as n, count(*) filter (where stage_due < $4::date)::int as late
      from (select split_part(org_path, '/', ${depth + 2}) as child, item_code as code, stage_due from rectifications
            where stage <> 'closed' and org_path like $2 ${dept} and $1::text is not null) o
      group by grouping sets ((), (child), (code))`;

    const db = this.deps.db;
    const [cr, rr, or, xr, names] = await Promise.all([
      // the period's cases are tens of thousands of index entries for a city-wide month: let PostgreSQL aggregate them
      // in memory and scan them with its parallel workers (it under-rates both for a partial covering index)
      db.transaction(async (tx) => {
        await tx.exec(analyticSettings(depth === 1));
        return tx.query<CaseAgg>(casesSql, [...common, q.from, q.to, base, ords, q.today]);
      }),
      db.query<RatingAgg>(ratingsSql, [...common, q.from, q.to]),
      db.query<NowAgg>(overdueSql, [...common, q.today]),
      db.query<NowAgg>(rectSql, [...common, q.today]),
      this.deps.itemNames(),
    ]);

    // one GROUP BY (child, code, bucket) per table (parallel-safe, one hash table), rolled up here: every figure is
    // a sum of counts, so the totals, the children, the items and the buckets are sums of these rows
    const NOW_TOTAL = 3, NOW_CHILD = 1, NOW_CODE = 2;
    const figures = emptyFigures();
    const childMap = new Map<string, Figures>();
    const itemMap = new Map<string, Figures>();
    const at = <K>(m: Map<K, Figures>, k: K): Figures => {
      let f = m.get(k);
      if (!f) { f = emptyFigures(); m.set(k, f); }
      return f;
    };
    const total = new Map<string, CaseAgg>(), byChild = new Map<string, CaseAgg>(), byItem = new Map<string, CaseAgg>(), trendCases = new Map<string, CaseAgg>();
    for (const a of cr.rows) {
      addCase(total, '', a);
      addCase(byChild, a.child ?? '', a);
      addCase(byItem, a.code!, a);
      addCase(trendCases, a.bucket!, a);
    }
    for (const a of total.values()) caseFigures(figures, a);
    for (const [k, a] of byChild) caseFigures(at(childMap, k), a);
    for (const [k, a] of byItem) caseFigures(at(itemMap, k), a);
    const rTotal = new Map<string, RatingAgg>(), rChild = new Map<string, RatingAgg>(), rCode = new Map<string, RatingAgg>(), trendRatings = new Map<string, RatingAgg>();
    for (const r of rr.rows) {
      addRating(rTotal, '', r);
      addRating(rChild, r.child ?? '', r);
      addRating(rCode, r.code!, r);
      addRating(trendRatings, r.bucket!, r);
    }
    const rate = (f: Figures, r: RatingAgg) => { f.goodRating = { ...ratio(r.good, r.n), bad: r.bad }; };
    for (const r of rTotal.values()) rate(figures, r);
    for (const [k, r] of rChild) rate(at(childMap, k), r);
    for (const [k, r] of rCode) rate(at(itemMap, k), r);
    for (const o of or.rows) {
      const f = o.g === NOW_TOTAL ? figures : o.g === NOW_CHILD ? at(childMap, o.child ?? '') : o.g === NOW_CODE ? at(itemMap, o.code!) : null;
      if (f) f.overdue.openNow = o.n;
    }
    for (const o of xr.rows) {
      const f = o.g === NOW_TOTAL ? figures : o.g === NOW_CHILD ? at(childMap, o.child ?? '') : o.g === NOW_CODE ? at(itemMap, o.code!) : null;
      if (f) f.rectifications = { open: o.n, overdue: o.late };
    }

    const hasChildren = new Set(orgs.map((o) => o.parent).filter((p): p is string => !!p));
    const nameOf = (o: OrgInfo) => ({ zh: o.nameZh, en: o.nameEn });
    // every child org is listed (zeros included), plus the org itself when cases are handled at it directly
    const children: ChildFigures[] = orgs.filter((o) => o.parent === org.code).sort((a, b) => a.code.localeCompare(b.code))
      .map((o) => ({ org: o.code, name: nameOf(o), kind: o.kind, hasChildren: hasChildren.has(o.code), self: false, ...(childMap.get(o.code) ?? emptyFigures()) }));
    const own = childMap.get('');
    if (own) children.unshift({ org: org.code, name: nameOf(org), kind: org.kind, hasChildren: false, self: true, ...own });
    const items: ItemFigures[] = [...itemMap.entries()].map(([code, f]) => ({ code, name: names.get(code) ?? { zh: code, en: code }, ...f }))
      .sort((a, b) => b.applications - a.applications || a.code.localeCompare(b.code));

    const trend: TrendPoint[] = [];
    for (let b = bucketStart(q.bucket, q.from); b <= q.to; b = nextBucket(q.bucket, b)) {
      const c = trendCases.get(b);
      const r = trendRatings.get(b);
      trend.push({
        bucket: b, applications: c?.applications ?? 0, online: ratio(c?.online ?? 0, c?.applications ?? 0), firstTimeSuccess: ratio(c?.first_ok ?? 0, c?.decided ?? 0),
        goodRating: ratio(r?.good ?? 0, r?.n ?? 0), badRatings: r?.bad ?? 0, overdue: (c?.closed_late ?? 0) + (c?.open_late ?? 0),
      });
    }
    const path = org.path.map((code) => ({ code, name: byCode.get(code) ? nameOf(byCode.get(code)!) : { zh: code, en: code } }));
    return {
      org: { code: org.code, name: nameOf(org), path }, period: { from: q.from, to: q.to, bucket: q.bucket, timeZone: 'Asia/Shanghai' },
      departments: q.departments, figures, children, items, trend,
    };
  }

  /**
   * The public page of a month: per item, the ratings given in the month (count, good, good-rating rate) and the
   * top-level cases closed in the month (count, on time = closed on or before the promised due date). No personal data.
   */
  async publicQuality(month: string): Promise<PublicQuality> {
    const { from, to } = monthRange(month);
    const db = this.deps.db;
    const range = `>= ($1::date)::timestamp at time zone 'Asia/Shanghai' and %COL% < ($2::date + 1)::timestamp at time zone 'Asia/Shanghai'`;
    const [r, c, names] = await Promise.all([
      db.query<{ code: string; n: number; good: number; bad: number }>(
        `select item_code as code, count(*)::int as n, count(*) filter (where not bad)::int as good, count(*) filter (where bad)::int as bad
         from ratings where rated_on between $1::date and $2::date group by item_code`, [from, to]),
      db.transaction(async (tx) => {
        await tx.exec(analyticSettings(true));
        return tx.query<{ code: string; closed: number; dated: number; on_time: number }>(
          `select code, count(*)::int as closed, count(promised_due)::int as dated,
             count(*) filter (where closed_at::date <= promised_due)::int as on_time
           from cases where parent_id is null and closed_at is not null and closed_at ${range.replace('%COL%', 'closed_at')} group by code`, [from, to]);
      }),
      this.deps.itemNames(),
    ]);
    const by = new Map<string, PublicItem>();
    const get = (code: string): PublicItem => {
      let x = by.get(code);
      if (!x) {
        x = { code, name: names.get(code) ?? { zh: code, en: code }, ratings: 0, good: 0, bad: 0, goodRate: null, closed: 0, onTime: 0, promised: 0, onTimeRate: null };
        by.set(code, x);
      }
      return x;
    };
    for (const x of r.rows) Object.assign(get(x.code), { ratings: x.n, good: x.good, bad: x.bad, goodRate: ratio(x.good, x.n).rate });
    for (const x of c.rows) Object.assign(get(x.code), { closed: x.closed, onTime: x.on_time, promised: x.dated, onTimeRate: ratio(x.on_time, x.dated).rate });
    const items = [...by.values()].sort((a, b) => a.code.localeCompare(b.code));
    const sum = (k: 'ratings' | 'good' | 'bad' | 'closed' | 'onTime' | 'promised') => items.reduce((s, x) => s + x[k], 0);
    return {
      month, from, to, timeZone: 'Asia/Shanghai', items,
      total: { ratings: sum('ratings'), good: sum('good'), bad: sum('bad'), goodRate: ratio(sum('good'), sum('ratings')).rate, closed: sum('closed'), onTime: sum('onTime'), promised: sum('promised'), onTimeRate: ratio(sum('onTime'), sum('promised')).rate },
    };
  }
}

export interface PublicItem {
  code: string; name: { zh: string; en: string };
  ratings: number; good: number; bad: number; goodRate: number | null;
  /** top-level cases closed in the month; those with a promised due date; those closed on or before it */
  closed: number; promised: number; onTime: number; onTimeRate: number | null;
}
export interface PublicQuality {
  month: string; from: string; to: string; timeZone: 'Asia/Shanghai'; items: PublicItem[];
  total: { ratings: number; good: number; bad: number; goodRate: number | null; closed: number; promised: number; onTime: number; onTimeRate: number | null };
}
