/**
 * 差评整改 (/officer/rectifications): the work orders of my jurisdiction, most urgent first — item, handling org,
 * rating, stage and its due date (overdue and escalated marked) — with the view filter and the report downloads.
 */
import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorState, EmptyState, Loading } from '../../shared/Feedback.tsx';
import { L } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { useFormat } from '../../shared/format.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { listOrders } from './ratings.api.ts';
import { useRatingT } from './ratings.i18n.ts';
import './ratings.css';

type View = 'open' | 'daily' | 'all';
const VIEWS: View[] = ['open', 'daily', 'all'];

export function RectificationsPage() {
  const rt = useRatingT();
  const f = useFormat();
  const id = useId();
  usePageTitle(rt('ratings.orders.title'));
  const [view, setView] = useState<View>('open');
  const list = useAsync((signal) => listOrders({ view }, signal), [view]);
  const month = new Date().toISOString().slice(0, 7);

  return (
    <div className="tb-page tb-orders" data-testid="rectifications">
      <h1>{rt('ratings.orders.title')}</h1>
      <p className="tb-lead">{rt('ratings.orders.intro')}</p>
      <div className="tb-orders-bar">
        <div className="tb-field">
          <label className="tb-label" htmlFor={`${id}-view`}>{rt('ratings.orders.view.label')}</label>
          <select id={`${id}-view`} className="tb-select" value={view} onChange={(e) => setView(e.target.value as View)} data-testid="orders-view">
            {VIEWS.map((v) => <option key={v} value={v}>{rt(`ratings.orders.view.${v}`)}</option>)}
          </select>
        </div>
        <nav aria-label={rt('ratings.orders.reports')} className="tb-orders-reports">
          <span className="tb-label">{rt('ratings.orders.reports')}</span>
          <a href="/api/v1/officer/quality/reports/daily?format=csv">{rt('ratings.orders.report.daily')}</a>
          <a href="/api/v1/officer/quality/reports/weekly?format=csv">{rt('ratings.orders.report.weekly')}</a>
          <a href={`/api/v1/officer/quality/reports/monthly?format=pdf&month=${month}`}>{rt('ratings.orders.report.monthly')}</a>
          <a href={`/api/v1/officer/quality/reports/monthly?format=csv&month=${month}`}>{rt('ratings.orders.report.monthlyCsv')}</a>
        </nav>
      </div>
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && <EmptyState testId="orders-empty" title={rt('ratings.orders.empty')} />}
      {list.data && list.data.items.length > 0 && (
        <>
          <p className="tb-muted" role="status">{rt('ratings.orders.total', { count: list.data.total })}</p>
          <div className="tb-table-scroll">
            <table className="tb-orders-table" data-testid="orders-table">
              <thead>
                <tr>
                  <th scope="col">{rt('ratings.orders.col.item')}</th>
                  <th scope="col">{rt('ratings.orders.col.org')}</th>
                  <th scope="col">{rt('ratings.orders.col.level')}</th>
                  <th scope="col">{rt('ratings.orders.col.stage')}</th>
                  <th scope="col">{rt('ratings.orders.col.due')}</th>
                  <th scope="col">{rt('ratings.orders.col.opened')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((o) => (
                  <tr key={o.id} data-testid="order-row" data-order-id={o.id} data-case-id={o.caseId ?? ''} data-stage={o.stage}>
                    <td>
                      <Link to={`/officer/rectifications/${encodeURIComponent(o.id)}`} data-testid="order-link">
                        <L text={o.itemName} />
                        <span className="tb-visually-hidden"> {rt('ratings.orders.open')}</span>
                      </Link>
                    </td>
                    <td><L text={o.org.name} /></td>
                    <td>{rt(`ratings.level.${o.rating.level}`)}</td>
                    <td>
                      {rt(`ratings.stage.${o.stage}`)}
                      {o.overdue && <span className="tb-tag tb-tag--danger"> {rt('ratings.orders.overdue')}</span>}
                      {o.escalated && <span className="tb-tag tb-tag--warn"> {rt('ratings.orders.escalated')}</span>}
                    </td>
                    <td>{o.due.stage ? f.day(o.due.stage) : '—'}</td>
                    <td>{f.day(o.openedOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
