/**
 * 超时预警 (/officer/alerts, officers only): the open (or all) overdue alerts of the officer's jurisdiction, newest
 * first, filtered by kind; the state, kind and page are kept in the URL. Each row links to its case.
 */
import { useId, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Radio, Table, type TableColumnsType } from 'antd';
import { SelectField } from '../../shared/Field.tsx';
import { useFormat } from '../../shared/format.ts';
import { ResultsSection } from '../../shared/Results.tsx';
import { L, departmentText, pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { queryPageHref, usePageFocus } from '../../shared/usePaging.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { listAlerts } from './alerts.api.ts';
import { useAlertT } from './alerts.i18n.ts';
import { ALERT_KINDS, type AlertQuery, type AlertView } from './alerts.types.ts';
import './alerts.css';

const PAGE_SIZE = 20;

function queryFromParams(params: URLSearchParams): AlertQuery {
  const page = Number(params.get('page'));
  const kind = params.get('kind');
  return {
    state: params.get('state') === 'all' ? 'all' : 'open',
    kind: ALERT_KINDS.find((k) => k === kind),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: PAGE_SIZE,
  };
}

function paramsFromQuery(q: AlertQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.state !== 'open') p.set('state', q.state);
  if (q.kind) p.set('kind', q.kind);
  if (q.page > 1) p.set('page', String(q.page));
  return p;
}

export function AlertsPage() {
  const at = useAlertT();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const key = paramsFromQuery(query).toString();
  usePageTitle(at('alerts.title'));
  const list = useAsync((signal) => listAlerts(query, signal), [key]);
  const headingRef = usePageFocus(query.page);
  const update = (patch: Partial<AlertQuery>) => setParams(paramsFromQuery({ ...query, page: 1, ...patch }));

  return (
    <div className="tb-page tb-alerts" data-testid="alerts-page">
      <h1>{at('alerts.title')}</h1>
      <p className="tb-lead">{at('alerts.intro')}</p>
      <div className="tb-alerts-filters">
        <fieldset className="tb-fieldset" data-testid="alerts-state">
          <legend className="tb-label">{at('alerts.state.label')}</legend>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={query.state}
            onChange={(e) => update({ state: e.target.value === 'all' ? 'all' : 'open' })}
            options={[
              { value: 'open', label: at('alerts.state.open') },
              { value: 'all', label: at('alerts.state.all') },
            ]}
          />
        </fieldset>
        <SelectField
          id={`${id}-kind`}
          label={at('alerts.kindFilter')}
          testId="alerts-kind"
          value={query.kind}
          anyLabel={at('alerts.anyKind')}
          options={ALERT_KINDS.map((k) => ({ value: k, label: at(`alerts.kind.${k}`) }))}
          onChange={(v) => update({ kind: ALERT_KINDS.find((k) => k === v) })}
        />
      </div>
      <ResultsSection
        id={`${id}-heading`}
        heading={at('alerts.heading')}
        headingRef={headingRef}
        count={(count) => at('alerts.count', { count })}
        list={list}
        page={query.page}
        pageSize={PAGE_SIZE}
        hrefFor={queryPageHref(query, paramsFromQuery)}
        errorView={GuardedError}
      >
        {(data) => <AlertTable alerts={data.items} busy={list.status === 'loading'} />}
      </ResultsSection>
    </div>
  );
}

/** The alerts as a table; the case column links to the case. */
function AlertTable({ alerts, busy }: { alerts: AlertView[]; busy: boolean }) {
  const at = useAlertT();
  const lang = useTextLang();
  const fmt = useFormat();
  const columns: TableColumnsType<AlertView> = [
    { key: 'kind', title: at('alerts.col.kind'), render: (_, a) => <span className={`tb-alert-kind tb-alert-kind--${a.kind}`}>{at(`alerts.kind.${a.kind}`)}</span> },
    {
      key: 'case',
      title: at('alerts.col.case'),
      render: (_, a) => (
        <>
          <Link to={`/officer/cases/${encodeURIComponent(a.caseId)}`} className="tb-mono" data-testid="alert-case">{a.caseId}</Link>
          <span className="tb-block tb-muted">
            {a.itemCode && <code>{a.itemCode}</code>}
            {a.itemCode && ' · '}
            {pick(departmentText(a.department), lang)}
            {a.step.dueDate && <> · {at('alerts.stepDue', { date: fmt.day(a.step.dueDate) })}</>}
          </span>
        </>
      ),
    },
    { key: 'org', title: at('alerts.col.org'), render: (_, a) => <L text={a.org.name} /> },
    {
      key: 'responsible',
      title: at('alerts.col.responsible'),
      render: (_, a) => (a.responsible.length ? fmt.list(a.responsible.map((p) => p.name ?? p.id)) : <span className="tb-muted">{at('alerts.nobody')}</span>),
    },
    { key: 'since', title: at('alerts.col.since'), render: (_, a) => fmt.dateTime(a.raisedAt) },
    {
      key: 'escalated',
      title: at('alerts.col.escalated'),
      render: (_, a) => (
        <>
          {a.escalatedAt ? <strong className="tb-alert-escalated">{at('alerts.escalatedAt', { date: fmt.dateTime(a.escalatedAt) })}</strong> : <span className="tb-muted">{at('alerts.notEscalated')}</span>}
          {a.clearedAt && <span className="tb-block">{at('alerts.clearedAt', { date: fmt.dateTime(a.clearedAt) })}</span>}
        </>
      ),
    },
  ];
  return (
    <div data-testid="alerts-table" aria-busy={busy}>
      <Table<AlertView>
        rowKey="id"
        columns={columns}
        dataSource={alerts}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: at('alerts.empty') }}
        onRow={(a) => ({ 'data-testid': 'alert-row', 'data-kind': a.kind }) as HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}
