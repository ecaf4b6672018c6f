/**
 * 网办中心 (/officer/dashboard, approvers, department heads, administrators): the service-quality figures of an org
 * subtree for a period, each with its numerator and denominator; the trend (an ECharts line chart, lazy-loaded, with
 * the same data as a table); the orgs one level down (click to go down, the breadcrumb goes back up); and the items.
 * Org, period and bucket are kept in the URL.
 */
import { lazy, Suspense, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Table, type TableColumnsType } from 'antd';
import { Loading } from '../../shared/Feedback.tsx';
import { departmentText, pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { useSession } from '../identity/session.tsx';
import { getDashboard } from './dashboard.api.ts';
import { addDays, daysText, NONE, pct, ratioText, shanghaiToday } from './dashboard.format.ts';
import { useDashboardT, type DashboardKey } from './dashboard.i18n.ts';
import { BUCKETS, type Bucket, type ChildFigures, type DashboardQuery, type Figures, type ItemFigures, type Ratio, type TrendPoint } from './dashboard.types.ts';
import './dashboard.css';

const TrendChart = lazy(() => import('./TrendChart.tsx'));
const DASHBOARD_ROLES = ['approver', 'department_head', 'admin'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function queryFrom(params: URLSearchParams, orgs: string[]): DashboardQuery {
  const today = shanghaiToday();
  const org = params.get('org');
  const from = params.get('from');
  const to = params.get('to');
  const bucket = params.get('bucket');
  return {
    org: org && /^[A-Z0-9-]{1,40}$/.test(org) ? org : orgs[0] ?? 'SH',
    from: from && DATE.test(from) ? from : addDays(today, -30),
    to: to && DATE.test(to) ? to : addDays(today, -1),
    bucket: BUCKETS.find((b) => b === bucket) ?? 'day',
  };
}

export function DashboardPage() {
  const dt = useDashboardT();
  const lang = useTextLang();
  const { me } = useSession();
  const ids = { org: useId(), from: useId(), to: useId(), bucket: useId() };
  const myOrgs = [...new Set((me?.officer?.roles ?? []).filter((r) => DASHBOARD_ROLES.includes(r.role)).map((r) => r.org))];
  const orgNames = new Map((me?.officer?.roles ?? []).map((r) => [r.org, r.orgName]));
  const [params, setParams] = useSearchParams();
  const query = queryFrom(params, myOrgs);
  const key = `${query.org}|${query.from}|${query.to}|${query.bucket}`;
  const [draft, setDraft] = useState({ from: query.from, to: query.to });
  const [showTable, setShowTable] = useState(false);
  usePageTitle(dt('dashboard.title'));
  const data = useAsync((signal) => getDashboard(query, signal), [key]);

  const go = (next: Partial<DashboardQuery>) => {
    const q = { ...query, ...next };
    setParams(new URLSearchParams({ org: q.org, from: q.from, to: q.to, bucket: q.bucket }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ from: draft.from, to: draft.to });
  };
  const d = data.data;

  return (
    <div className="tb-page tb-dash" data-testid="dashboard-page">
      <h1>{dt('dashboard.title')}</h1>
      <p className="tb-muted">{dt('dashboard.intro')}</p>

      <form className="tb-dash-controls" onSubmit={submit} aria-label={dt('dashboard.title')}>
        <div className="tb-field">
          <label htmlFor={ids.org} className="tb-label">{dt('dashboard.org')}</label>
          <select id={ids.org} className="tb-select" data-testid="dashboard-org" value={myOrgs.includes(query.org) ? query.org : ''} onChange={(e) => go({ org: e.target.value })}>
            {!myOrgs.includes(query.org) && <option value="">{d ? pick(d.org.name, lang) : query.org}</option>}
            {myOrgs.map((o) => <option key={o} value={o}>{orgNames.get(o) ? pick(orgNames.get(o)!, lang) : o}</option>)}
          </select>
        </div>
        <div className="tb-field">
          <label htmlFor={ids.from} className="tb-label">{dt('dashboard.from')}</label>
          <input id={ids.from} type="date" className="tb-input" data-testid="dashboard-from" value={draft.from} max={draft.to} onChange={(e) => setDraft((x) => ({ ...x, from: e.target.value }))} />
        </div>
        <div className="tb-field">
          <label htmlFor={ids.to} className="tb-label">{dt('dashboard.to')}</label>
          <input id={ids.to} type="date" className="tb-input" data-testid="dashboard-to" value={draft.to} min={draft.from} onChange={(e) => setDraft((x) => ({ ...x, to: e.target.value }))} />
        </div>
        <div className="tb-field">
          <label htmlFor={ids.bucket} className="tb-label">{dt('dashboard.bucket')}</label>
          <select id={ids.bucket} className="tb-select" data-testid="dashboard-bucket" value={query.bucket} onChange={(e) => go({ bucket: e.target.value as Bucket })}>
            {BUCKETS.map((b) => <option key={b} value={b}>{dt(`dashboard.buckets.${b}`)}</option>)}
          </select>
        </div>
        <Button htmlType="submit" type="primary" data-testid="dashboard-apply">{dt('dashboard.apply')}</Button>
      </form>

      {data.status === 'error' && <GuardedError error={data.error} onRetry={data.reload} />}
      {!d && data.status === 'loading' && <Loading />}
      {d && (
        <div aria-busy={data.status === 'loading'}>
          <nav aria-label={dt('dashboard.breadcrumb')} className="tb-dash-crumbs" data-testid="dashboard-breadcrumb">
            <ol>
              {d.org.path.map((p, i) => (
                <li key={p.code}>
                  {i === d.org.path.length - 1
                    ? <span aria-current="page">{pick(p.name, lang)}</span>
                    : <Link to={`?${new URLSearchParams({ org: p.code, from: query.from, to: query.to, bucket: query.bucket }).toString()}`}>{pick(p.name, lang)}</Link>}
                </li>
              ))}
            </ol>
          </nav>
          <p className="tb-muted" data-testid="dashboard-departments">
            {d.departments ? dt('dashboard.departments', { list: d.departments.map((x) => pick(departmentText(x), lang)).join('、') }) : dt('dashboard.allDepartments')}
          </p>

          <h2>{dt('dashboard.figures')}</h2>
          <FigureCards f={d.figures} />

          <h2 id="dash-trend">{dt('dashboard.trend')}</h2>
          <Suspense fallback={<Loading />}>
            <TrendChart
              trend={d.trend}
              label={dt('dashboard.chartLabel')}
              names={{
                applications: dt('dashboard.series.applications'), online: dt('dashboard.series.online'), firstTimeSuccess: dt('dashboard.series.firstTimeSuccess'),
                goodRating: dt('dashboard.series.goodRating'), badRatings: dt('dashboard.series.badRatings'), overdue: dt('dashboard.series.overdue'),
              }}
            />
          </Suspense>
          <Button type="link" aria-expanded={showTable} aria-controls="dash-trend-table" data-testid="dashboard-toggle-table" onClick={() => setShowTable((v) => !v)}>
            {showTable ? dt('dashboard.hideTable') : dt('dashboard.showTable')}
          </Button>
          <div id="dash-trend-table" hidden={!showTable}>
            <TrendTable trend={d.trend} />
          </div>

          <h2>{dt('dashboard.children')}</h2>
          <ChildTable rows={d.children} onDrill={(org) => go({ org })} />

          <h2>{dt('dashboard.items')}</h2>
          <ItemTable rows={d.items} />
        </div>
      )}
    </div>
  );
}

function Card({ testId, title, value, detail }: { testId: string; title: string; value: string; detail?: string }) {
  return (
    <li className="tb-dash-card" data-testid={`figure-${testId}`}>
      <span className="tb-dash-card-title">{title}</span>
      <span className="tb-dash-card-value">{value}</span>
      {detail && <span className="tb-dash-card-detail">{detail}</span>}
    </li>
  );
}

function FigureCards({ f }: { f: Figures }) {
  const dt = useDashboardT();
  const rate = (r: Ratio) => (r.denominator ? pct(r.rate) : NONE);
  const of = (r: Ratio) => dt('dashboard.ofWhich', { numerator: r.numerator, denominator: r.denominator });
  const days = (v: number | null) => (v === null ? NONE : dt('dashboard.days', { value: daysText(v) }));
  return (
    <ul className="tb-dash-cards">
      <Card testId="applications" title={dt('dashboard.f.applications')} value={String(f.applications)} detail={dt('dashboard.f.applicationsHint')} />
      <Card testId="online" title={dt('dashboard.f.online')} value={rate(f.online)} detail={of(f.online)} />
      <Card testId="fullyOnline" title={dt('dashboard.f.fullyOnline')} value={rate(f.fullyOnline)} detail={of(f.fullyOnline)} />
      <Card testId="firstTimeSuccess" title={dt('dashboard.f.firstTimeSuccess')} value={rate(f.firstTimeSuccess)} detail={of(f.firstTimeSuccess)} />
      <Card testId="prefill" title={dt('dashboard.f.prefill')} value={rate(f.prefill)} detail={of(f.prefill)} />
      <Card testId="exemption" title={dt('dashboard.f.exemption')} value={rate(f.exemption)} detail={of(f.exemption)} />
      <Card testId="handling" title={dt('dashboard.f.handling')} value={days(f.handling.averageDays)} detail={dt('dashboard.f.handlingHint', { promised: days(f.handling.averagePromisedDays), closed: f.handling.closed })} />
      <Card testId="overdueNow" title={dt('dashboard.f.overdueNow')} value={String(f.overdue.openNow)} detail={dt('dashboard.f.overdueNowHint')} />
      <Card testId="closedLate" title={dt('dashboard.f.closedLate')} value={rate(f.overdue.closedLate)} detail={of(f.overdue.closedLate)} />
      <Card testId="goodRating" title={dt('dashboard.f.goodRating')} value={rate(f.goodRating)} detail={`${of(f.goodRating)} · ${dt('dashboard.f.badRatings', { count: f.goodRating.bad })}`} />
      <Card testId="rectifications" title={dt('dashboard.f.rectifications')} value={String(f.rectifications.open)} detail={dt('dashboard.f.rectificationsHint', { count: f.rectifications.overdue })} />
    </ul>
  );
}

function TrendTable({ trend }: { trend: TrendPoint[] }) {
  const dt = useDashboardT();
  const columns: TableColumnsType<TrendPoint> = [
    { title: dt('dashboard.col.bucket'), dataIndex: 'bucket', key: 'bucket' },
    { title: dt('dashboard.col.applications'), dataIndex: 'applications', key: 'applications', align: 'right' },
    { title: dt('dashboard.col.online'), key: 'online', align: 'right', render: (_, p) => ratioText(p.online) },
    { title: dt('dashboard.col.firstTimeSuccess'), key: 'first', align: 'right', render: (_, p) => ratioText(p.firstTimeSuccess) },
    { title: dt('dashboard.col.goodRating'), key: 'good', align: 'right', render: (_, p) => ratioText(p.goodRating) },
    { title: dt('dashboard.col.badRatings'), dataIndex: 'badRatings', key: 'bad', align: 'right' },
    { title: dt('dashboard.col.overdue'), dataIndex: 'overdue', key: 'overdue', align: 'right' },
  ];
  return <Table<TrendPoint> size="small" rowKey="bucket" columns={columns} dataSource={trend} pagination={false} data-testid="dashboard-trend-table" />;
}

/** Columns common to the org and item tables. */
function useFigureColumns<T extends Figures>(): TableColumnsType<T> {
  const dt = useDashboardT();
  const col = (k: DashboardKey) => dt(k);
  return [
    { title: col('dashboard.col.applications'), key: 'applications', align: 'right', render: (_, r) => r.applications },
    { title: col('dashboard.col.online'), key: 'online', align: 'right', render: (_, r) => ratioText(r.online) },
    { title: col('dashboard.col.fullyOnline'), key: 'fullyOnline', align: 'right', render: (_, r) => ratioText(r.fullyOnline) },
    { title: col('dashboard.col.firstTimeSuccess'), key: 'first', align: 'right', render: (_, r) => ratioText(r.firstTimeSuccess) },
    { title: col('dashboard.col.handling'), key: 'handling', align: 'right', render: (_, r) => `${daysText(r.handling.averageDays)} / ${daysText(r.handling.averagePromisedDays)}` },
    { title: col('dashboard.col.overdue'), key: 'overdue', align: 'right', render: (_, r) => `${r.overdue.openNow} · ${ratioText(r.overdue.closedLate)}` },
    { title: col('dashboard.col.goodRating'), key: 'good', align: 'right', render: (_, r) => ratioText(r.goodRating) },
    { title: col('dashboard.col.rectifications'), key: 'rect', align: 'right', render: (_, r) => r.rectifications.open },
  ];
}

function ChildTable({ rows, onDrill }: { rows: ChildFigures[]; onDrill: (org: string) => void }) {
  const dt = useDashboardT();
  const lang = useTextLang();
  const rest = useFigureColumns<ChildFigures>();
  const columns: TableColumnsType<ChildFigures> = [
    {
      title: dt('dashboard.col.org'), key: 'org',
      render: (_, r) => (r.self
        ? <span>{pick(r.name, lang)}（{dt('dashboard.self')}）</span>
        : (
          <Button type="link" className="tb-dash-drill" data-testid={`drill-${r.org}`} aria-label={dt('dashboard.drill', { name: pick(r.name, lang) })} onClick={() => onDrill(r.org)}>
            {pick(r.name, lang)}
          </Button>
        )),
    },
    ...rest,
  ];
  return <Table<ChildFigures> size="small" rowKey={(r) => `${r.org}${r.self ? ':self' : ''}`} columns={columns} dataSource={rows} pagination={false} scroll={{ x: true }} data-testid="dashboard-children" />;
}

function ItemTable({ rows }: { rows: ItemFigures[] }) {
  const dt = useDashboardT();
  const lang = useTextLang();
  const rest = useFigureColumns<ItemFigures>();
  const columns: TableColumnsType<ItemFigures> = [
    { title: dt('dashboard.col.item'), key: 'item', render: (_, r) => <Link to={`/items/${encodeURIComponent(r.code)}`}>{pick(r.name, lang)}</Link> },
    ...rest,
  ];
  return (
    <Table<ItemFigures> size="small" rowKey="code" columns={columns} dataSource={rows} pagination={rows.length > 20 ? { pageSize: 20 } : false} scroll={{ x: true }}
      data-testid="dashboard-items" locale={{ emptyText: dt('dashboard.noData') }} />
  );
}
