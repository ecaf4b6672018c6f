/**
 * 政务公开 (/quality, anyone): per item and month, the ratings given and the good-rating rate, and the cases closed and
 * the on-time rate, with the month's totals. No sign-in, no personal data. The month is kept in the URL.
 */
import { useId } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Table, type TableColumnsType } from 'antd';
import { ErrorState, Loading } from '../../shared/Feedback.tsx';
import { pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { getPublicQuality } from './dashboard.api.ts';
import { addDays, pct, shanghaiToday } from './dashboard.format.ts';
import { useDashboardT } from './dashboard.i18n.ts';
import type { PublicItem } from './dashboard.types.ts';
import './dashboard.css';

/** The month before the current one (the last complete month). */
const lastMonth = (): string => addDays(`${shanghaiToday().slice(0, 7)}-01`, -1).slice(0, 7);

export function PublicQualityPage() {
  const dt = useDashboardT();
  const lang = useTextLang();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const m = params.get('month');
  const month = m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : lastMonth();
  usePageTitle(dt('dashboard.public.title'));
  const data = useAsync((signal) => getPublicQuality(month, signal), [month]);
  const columns: TableColumnsType<PublicItem> = [
    { title: dt('dashboard.public.col.item'), key: 'item', render: (_, r) => pick(r.name, lang) },
    { title: dt('dashboard.public.col.ratings'), dataIndex: 'ratings', key: 'ratings', align: 'right' },
    { title: dt('dashboard.public.col.good'), dataIndex: 'good', key: 'good', align: 'right' },
    { title: dt('dashboard.public.col.bad'), dataIndex: 'bad', key: 'bad', align: 'right' },
    { title: dt('dashboard.public.col.goodRate'), key: 'goodRate', align: 'right', render: (_, r) => pct(r.goodRate) },
    { title: dt('dashboard.public.col.closed'), dataIndex: 'closed', key: 'closed', align: 'right' },
    { title: dt('dashboard.public.col.onTime'), key: 'onTime', align: 'right', render: (_, r) => `${r.onTime} / ${r.promised}` },
    { title: dt('dashboard.public.col.onTimeRate'), key: 'onTimeRate', align: 'right', render: (_, r) => pct(r.onTimeRate) },
  ];
  const d = data.data;
  return (
    <div className="tb-page tb-dash" data-testid="public-quality-page">
      <h1>{dt('dashboard.public.title')}</h1>
      <p className="tb-muted">{dt('dashboard.public.intro')}</p>
      <div className="tb-dash-controls">
        <div className="tb-field">
          <label htmlFor={id} className="tb-label">{dt('dashboard.public.month')}</label>
          <input id={id} type="month" className="tb-input" data-testid="public-month" value={month} max={shanghaiToday().slice(0, 7)}
            onChange={(e) => { if (/^\d{4}-\d{2}$/.test(e.target.value)) setParams(new URLSearchParams({ month: e.target.value })); }} />
        </div>
      </div>
      {data.status === 'error' && <ErrorState error={data.error} onRetry={data.reload} />}
      {!d && data.status === 'loading' && <Loading />}
      {d && (
        <section aria-labelledby={`${id}-h`} aria-busy={data.status === 'loading'}>
          <h2 id={`${id}-h`}>{dt('dashboard.public.items')}</h2>
          <Table<PublicItem>
            size="small" rowKey="code" columns={columns} dataSource={d.items} pagination={false} scroll={{ x: true }} data-testid="public-items"
            locale={{ emptyText: dt('dashboard.public.empty') }}
            summary={() => (d.items.length ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}><strong>{dt('dashboard.public.total')}</strong></Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">{d.total.ratings}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{d.total.good}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{d.total.bad}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">{pct(d.total.goodRate)}</Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">{d.total.closed}</Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">{`${d.total.onTime} / ${d.total.promised}`}</Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">{pct(d.total.onTimeRate)}</Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null)}
          />
        </section>
      )}
    </div>
  );
}
