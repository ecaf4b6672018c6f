/**
 * The rectification reports of an org subtree: daily (new and open work orders), weekly (the review of the week)
 * and monthly (the bad-rating trend by item, org and reason). Figures are computed from the rows by SQL at read
 * time; each report also comes as tables, which CSV and PDF (pdf-lib with Noto Sans SC) are written from.
 */
import { LEVEL_NAMES, reasonName, RATING_LEVELS, type RatingLevel } from '@tongban/core';
import type { Queryable } from '@tongban/db';
import { rgb } from 'pdf-lib';
import { A4, newPdfDocument, wrapText } from '../pdf/pdf.ts';
import { addDays } from '../datasources/calendar.ts';
import type { OrgDirectory } from '../identity/org-directory.ts';
import { itemName, type Text } from './quality.shared.ts';

/** One table of a report, as CSV and PDF show it. */
export interface ReportTable { title: Text; columns: Text[]; rows: (string | number)[][] }
export interface Report<T> { kind: 'daily' | 'weekly' | 'monthly'; title: Text; org: { code: string; name: Text }; period: { from: string; to: string; label: string }; data: T; tables: ReportTable[] }

const pct = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10000) / 100 : null);
const pctText = (v: number | null) => (v === null ? '—' : `${v}%`);
const t = (zh: string, en: string): Text => ({ zh, en });

/** Monday of the ISO week `YYYY-Www`, or of the week a date falls in. */
export function weekStart(week: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (m) {
    const jan4 = new Date(Date.UTC(Number(m[1]), 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
    return new Date(monday.getTime() + (Number(m[2]) - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
  }
  const d = new Date(`${week}T00:00:00Z`);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}

const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const monthsBack = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
};

export class QualityReports {
  constructor(private readonly deps: { db: Queryable; orgs: OrgDirectory }) {}

  private async org(code: string): Promise<{ code: string; name: Text; prefix: string }> {
    const o = await this.deps.orgs.get(code);
    return { code, name: o ? { zh: o.nameZh, en: o.nameEn } : { zh: code, en: code }, prefix: `${await this.deps.orgs.pathPrefix(code)}%` };
  }

  private async openOrders(prefix: string, asOf: string) {
    const r = await this.deps.db.query<{ id: string; itemCode: string; org: string; stage: string; stageDue: string; openedOn: string; escalated: boolean; level: string }>(
      `select o.id, o.item_code as "itemCode", o.org, o.stage, o.stage_due::text as "stageDue", o.opened_on::text as "openedOn", o.escalated, r.level
       from rectifications o join ratings r on r.id = o.rating_id
       where o.org_path like $1 and o.stage <> 'closed' and o.opened_on <= $2::date order by o.stage_due, o.opened_at`, [prefix, asOf]);
    return r.rows.map((x) => ({ ...x, stageDue: x.stageDue.slice(0, 10), openedOn: x.openedOn.slice(0, 10), overdue: x.stageDue.slice(0, 10) < asOf }));
  }

  /** Daily: the orders opened that day and every order still open, overdue ones marked. */
  async daily(orgCode: string, date: string): Promise<Report<unknown>> {
    const org = await this.org(orgCode);
    const open = await this.openOrders(org.prefix, date);
    const named = await Promise.all(open.map(async (o) => ({ ...o, itemName: await itemName(this.deps.db, o.itemCode) })));
    const fresh = named.filter((o) => o.openedOn === date);
    const ratings = (await this.deps.db.query<{ n: number; bad: number }>(
      `select count(*)::int as n, count(*) filter (where bad)::int as bad from ratings where org_path like $1 and rated_on = $2::date`, [org.prefix, date])).rows[0]!;
    const row = (o: (typeof named)[number]) => [o.id, o.itemName.zh, o.org, LEVEL_NAMES[o.level as RatingLevel].zh, o.stage, o.stageDue, o.overdue ? '超时' : '', o.escalated ? '已督办' : ''];
    const columns = [t('工单', 'Order'), t('事项', 'Item'), t('机构', 'Org'), t('评价', 'Level'), t('环节', 'Stage'), t('环节期限', 'Stage due'), t('超时', 'Overdue'), t('督办', 'Escalated')];
    return {
      kind: 'daily', title: t('差评整改日报', 'Rectification daily report'), org: { code: org.code, name: org.name }, period: { from: date, to: date, label: date },
      data: { ratings: ratings.n, bad: ratings.bad, opened: fresh.length, open: named.length, overdue: named.filter((o) => o.overdue).length, newOrders: fresh, openOrders: named },
      tables: [
        { title: t('当日汇总', 'Summary'), columns: [t('评价数', 'Ratings'), t('差评数', 'Bad'), t('新增工单', 'Opened'), t('在办工单', 'Open'), t('超时工单', 'Overdue')], rows: [[ratings.n, ratings.bad, fresh.length, named.length, named.filter((o) => o.overdue).length]] },
        { title: t('当日新增工单', 'Opened today'), columns, rows: fresh.map(row) },
        { title: t('在办工单', 'Open orders'), columns, rows: named.map(row) },
      ],
    };
  }

  /** Weekly: ratings, orders opened and closed in the week (on time or late), and what is still open at its end. */
  async weekly(orgCode: string, week: string): Promise<Report<unknown>> {
    const org = await this.org(orgCode);
    const from = weekStart(week);
    const to = addDays(from, 6);
    const q = this.deps.db;
    const ratings = (await q.query<{ n: number; bad: number }>(
      `select count(*)::int as n, count(*) filter (where bad)::int as bad from ratings where org_path like $1 and rated_on between $2::date and $3::date`, [org.prefix, from, to])).rows[0]!;
    const orders = (await q.query<{ opened: number; closed: number; onTime: number; escalated: number }>(
      `select count(*) filter (where opened_on between $2::date and $3::date)::int as opened,
         count(*) filter (where closed_at is not null and (closed_at at time zone 'UTC' + interval '8 hours')::date between $2::date and $3::date)::int as closed,
         count(*) filter (where closed_at is not null and (closed_at at time zone 'UTC' + interval '8 hours')::date between $2::date and $3::date
           and coalesce((rectification->>'onTime')::boolean, false) and coalesce((callback->>'onTime')::boolean, false))::int as "onTime",
         count(*) filter (where escalated and opened_on <= $3::date)::int as escalated
       from rectifications where org_path like $1`, [org.prefix, from, to])).rows[0]!;
    const byResolution = (await q.query<{ resolution: string; n: number }>(
      `select resolution, count(*)::int as n from rectifications where org_path like $1 and resolution is not null
         and (rectification->>'on') between $2 and $3 group by resolution order by resolution`, [org.prefix, from, to])).rows;
    const open = await this.openOrders(org.prefix, to);
    const data = {
      ratings: ratings.n, bad: ratings.bad, goodRate: pct(ratings.n - ratings.bad, ratings.n), opened: orders.opened, closed: orders.closed,
      closedOnTime: orders.onTime, onTimeRate: pct(orders.onTime, orders.closed), escalated: orders.escalated, openAtEnd: open.length,
      overdueAtEnd: open.filter((o) => o.overdue).length, byResolution,
    };
    return {
      kind: 'weekly', title: t('差评整改周报', 'Rectification weekly review'), org: { code: org.code, name: org.name }, period: { from, to, label: `${from} – ${to}` }, data,
      tables: [
        {
          title: t('本周汇总', 'The week'),
          columns: [t('评价数', 'Ratings'), t('差评数', 'Bad'), t('好评率', 'Good rate'), t('新增工单', 'Opened'), t('办结工单', 'Closed'), t('按时办结', 'On time'), t('督办', 'Escalated'), t('周末在办', 'Open at end'), t('其中超时', 'Overdue')],
          rows: [[data.ratings, data.bad, pctText(data.goodRate), data.opened, data.closed, data.closedOnTime, data.escalated, data.openAtEnd, data.overdueAtEnd]],
        },
        { title: t('整改方式', 'Resolutions'), columns: [t('方式', 'Resolution'), t('工单数', 'Orders')], rows: byResolution.map((r) => [r.resolution, r.n]) },
      ],
    };
  }

  /** Monthly: ratings by level, the bad-rating trend of the last six months, and bad ratings by item, org and reason. */
  async monthly(orgCode: string, month: string): Promise<Report<unknown>> {
    const org = await this.org(orgCode);
    const from = `${month}-01`;
    const to = monthEnd(month);
    const q = this.deps.db;
    const args = [org.prefix, from, to];
    const levels = (await q.query<{ level: string; n: number }>(`select level, count(*)::int as n from ratings where org_path like $1 and rated_on between $2::date and $3::date group by level`, args)).rows;
    const byLevel = Object.fromEntries(RATING_LEVELS.map((l) => [l, levels.find((x) => x.level === l)?.n ?? 0])) as Record<RatingLevel, number>;
    const total = Object.values(byLevel).reduce((a, b) => a + b, 0);
    const bad = byLevel.dissatisfied + byLevel.very_dissatisfied;
    const byItemRows = (await q.query<{ itemCode: string; n: number; bad: number }>(
      `select item_code as "itemCode", count(*)::int as n, count(*) filter (where bad)::int as bad from ratings
       where org_path like $1 and rated_on between $2::date and $3::date group by item_code order by bad desc, n desc, item_code`, args)).rows;
    const byItem = await Promise.all(byItemRows.map(async (r) => ({ itemCode: r.itemCode, name: await itemName(q, r.itemCode), ratings: r.n, bad: r.bad, badRate: pct(r.bad, r.n) })));
    const byOrgRows = (await q.query<{ org: string; n: number; bad: number }>(
      `select org, count(*)::int as n, count(*) filter (where bad)::int as bad from ratings
       where org_path like $1 and rated_on between $2::date and $3::date group by org order by bad desc, n desc, org`, args)).rows;
    const byOrg = await Promise.all(byOrgRows.map(async (r) => {
      const o = await this.deps.orgs.get(r.org);
      return { org: r.org, name: o ? { zh: o.nameZh, en: o.nameEn } : { zh: r.org, en: r.org }, ratings: r.n, bad: r.bad, badRate: pct(r.bad, r.n) };
    }));
    const byReason = (await q.query<{ code: string; n: number }>(
      `select reason as code, count(*)::int as n from ratings, unnest(reasons) as reason
       where org_path like $1 and rated_on between $2::date and $3::date and bad group by reason order by n desc, reason`, args)).rows
      .map((r) => ({ code: r.code, name: reasonName(r.code), count: r.n }));
    const first = monthsBack(month, 5);
    const trendRows = (await q.query<{ month: string; n: number; bad: number }>(
      `select to_char(rated_on, 'YYYY-MM') as month, count(*)::int as n, count(*) filter (where bad)::int as bad from ratings
       where org_path like $1 and rated_on between $2::date and $3::date group by 1`, [org.prefix, `${first}-01`, to])).rows;
    const trend = [5, 4, 3, 2, 1, 0].map((n) => {
      const m = monthsBack(month, n);
      const r = trendRows.find((x) => x.month === m);
      return { month: m, ratings: r?.n ?? 0, bad: r?.bad ?? 0, badRate: pct(r?.bad ?? 0, r?.n ?? 0) };
    });
    const orders = (await q.query<{ opened: number; closed: number; open: number }>(
      `select count(*) filter (where opened_on between $2::date and $3::date)::int as opened,
         count(*) filter (where opened_on between $2::date and $3::date and stage = 'closed')::int as closed,
         count(*) filter (where stage <> 'closed')::int as open
       from rectifications where org_path like $1`, args)).rows[0]!;
    const data = { ratings: total, byLevel, good: total - bad, bad, goodRate: pct(total - bad, total), badRate: pct(bad, total), orders, byItem, byOrg, byReason, trend };
    return {
      kind: 'monthly', title: t('差评分析月报', 'Monthly bad-rating report'), org: { code: org.code, name: org.name }, period: { from, to, label: month }, data,
      tables: [
        {
          title: t('本月汇总', 'The month'),
          columns: [t('评价数', 'Ratings'), ...RATING_LEVELS.map((l) => t(LEVEL_NAMES[l].zh, LEVEL_NAMES[l].en)), t('好评率', 'Good rate'), t('差评率', 'Bad rate'), t('新增工单', 'Orders opened'), t('已办结', 'Closed')],
          rows: [[total, ...RATING_LEVELS.map((l) => byLevel[l]), pctText(data.goodRate), pctText(data.badRate), orders.opened, orders.closed]],
        },
        { title: t('近六个月差评趋势', 'Bad ratings, last six months'), columns: [t('月份', 'Month'), t('评价数', 'Ratings'), t('差评数', 'Bad'), t('差评率', 'Bad rate')], rows: trend.map((r) => [r.month, r.ratings, r.bad, pctText(r.badRate)]) },
        { title: t('按事项', 'By item'), columns: [t('事项编码', 'Item code'), t('事项', 'Item'), t('评价数', 'Ratings'), t('差评数', 'Bad'), t('差评率', 'Bad rate')], rows: byItem.map((r) => [r.itemCode, r.name.zh, r.ratings, r.bad, pctText(r.badRate)]) },
        { title: t('按机构', 'By org'), columns: [t('机构编码', 'Org code'), t('机构', 'Org'), t('评价数', 'Ratings'), t('差评数', 'Bad'), t('差评率', 'Bad rate')], rows: byOrg.map((r) => [r.org, r.name.zh, r.ratings, r.bad, pctText(r.badRate)]) },
        { title: t('差评原因', 'Reasons of bad ratings'), columns: [t('原因编码', 'Reason code'), t('原因', 'Reason'), t('次数', 'Count')], rows: byReason.map((r) => [r.code, r.name.zh, r.count]) },
      ],
    };
  }
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
};

/** The report's tables as CSV (UTF-8 with a BOM so that spreadsheet programs read the Chinese): one block per table. */
export function reportCsv(r: Report<unknown>): string {
  const lines: string[] = [[r.title.zh, r.org.name.zh, r.period.label].map(csvCell).join(',')];
  for (const table of r.tables) {
    lines.push('', csvCell(`${table.title.zh} ${table.title.en}`));
    lines.push(table.columns.map((c) => csvCell(`${c.zh} ${c.en}`)).join(','));
    for (const row of table.rows) lines.push(row.map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The report as an A4 PDF: a title, the period and org, then each table (wrapped cells, new pages as needed). */
export async function reportPdf(r: Report<unknown>, generatedAt: string): Promise<Uint8Array> {
  const { doc, font, bold } = await newPdfDocument({ title: `${r.title.zh} ${r.period.label}`, subject: r.org.name.zh, keywords: ['好差评', '差评整改', r.kind] });
  const [W, H] = A4;
  const margin = 48;
  const width = W - margin * 2;
  let page = doc.addPage(A4);
  let y = H - margin;
  const ensure = (need: number) => {
    if (y - need < margin) {
      page = doc.addPage(A4);
      y = H - margin;
    }
  };
  page.drawText(r.title.zh, { x: margin, y: y - 20, size: 20, font: bold, color: rgb(0.04, 0.24, 0.57) });
  y -= 34;
  page.drawText(`${r.title.en} · ${r.org.name.zh}（${r.org.code}） · ${r.period.label}`, { x: margin, y: y - 11, size: 11, font });
  y -= 18;
  page.drawText(`生成时间 Generated ${generatedAt}`, { x: margin, y: y - 9, size: 9, font, color: rgb(0.35, 0.35, 0.35) });
  y -= 24;
  const size = 9;
  for (const table of r.tables) {
    ensure(40);
    page.drawText(`${table.title.zh}  ${table.title.en}`, { x: margin, y: y - 13, size: 13, font: bold });
    y -= 22;
    const colW = width / table.columns.length;
    const drawRow = (cells: string[], f: typeof font, shade: boolean) => {
      const wrapped = cells.map((c) => wrapText(c, f, size, colW - 6));
      const h = Math.max(...wrapped.map((w) => w.length)) * (size + 3) + 6;
      ensure(h);
      if (shade) page.drawRectangle({ x: margin, y: y - h, width, height: h, color: rgb(0.93, 0.95, 0.98) });
      wrapped.forEach((lines, i) => lines.forEach((line, j) => page.drawText(line, { x: margin + i * colW + 3, y: y - 3 - (j + 1) * (size + 3) + 3, size, font: f })));
      page.drawLine({ start: { x: margin, y: y - h }, end: { x: margin + width, y: y - h }, thickness: 0.5, color: rgb(0.75, 0.75, 0.75) });
      y -= h;
    };
    drawRow(table.columns.map((c) => c.zh), bold, true);
    if (!table.rows.length) drawRow(['（无）'], font, false);
    for (const row of table.rows) drawRow(row.map(String), font, false);
    y -= 16;
  }
  return doc.save();
}
