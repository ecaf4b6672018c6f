/**
 * 办件工作台 (/officer/cases): one inbox across departments — the cases whose current step this officer can act on
 * (`view=inbox`), or every case of the jurisdiction (`view=all`) — filtered by due (soon / overdue), department, item
 * code, state and org, all kept in the URL. A row opens the case; the receipt number is also a link, for keyboards.
 */
import { useEffect, useId, useState, type FormEvent, type HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button, Input, Radio, Table, type TableColumnsType } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { SelectField } from '../../shared/Field.tsx';
import { ResultsSection } from '../../shared/Results.tsx';
import { DEPARTMENTS_POLICE_FIRST, L, departmentText, pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { queryPageHref, usePageFocus } from '../../shared/usePaging.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { listOfficerCases } from './cases.api.ts';
import { stateText } from './cases.labels.ts';
import { CASE_STATES, type CaseSummary, type OfficerCaseQuery } from './cases.types.ts';
import { DueDate, OrgName, ProvisionalNote, StateTags } from './CaseTags.tsx';
import { useCaseT } from './cases.i18n.ts';
import './cases.css';

const PAGE_SIZE = 20;

/** The query of the page from its URL (unknown values are dropped). */
function queryFromParams(params: URLSearchParams): OfficerCaseQuery {
  const page = Number(params.get('page'));
  const due = params.get('due');
  const state = params.get('state');
  return {
    view: params.get('view') === 'all' ? 'all' : 'inbox',
    due: due === 'soon' || due === 'overdue' ? due : undefined,
    department: params.get('department') || undefined,
    item: params.get('item') || undefined,
    state: CASE_STATES.find((s) => s === state),
    org: params.get('org') || undefined,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: PAGE_SIZE,
  };
}

function paramsFromQuery(q: OfficerCaseQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.view !== 'inbox') p.set('view', q.view);
  for (const key of ['due', 'department', 'item', 'state', 'org'] as const) {
    const v = q[key];
    if (v) p.set(key, v);
  }
  if (q.page > 1) p.set('page', String(q.page));
  return p;
}

export function CaseWorkbenchPage() {
  const ct = useCaseT();
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const key = paramsFromQuery(query).toString();
  usePageTitle(ct('workbench.title'));
  const list = useAsync((signal) => listOfficerCases(query, signal), [key]);
  const noteId = useId();

  const update = (patch: Partial<OfficerCaseQuery>) => setParams(paramsFromQuery({ ...query, page: 1, ...patch }));
  const headingRef = usePageFocus(query.page);

  return (
    <div className="tb-page tb-case-workbench" data-testid="case-workbench">
      <h1>{ct('workbench.title')}</h1>
      <p className="tb-lead">{ct('workbench.intro')}</p>
      <p className="tb-gate-actions">
        <Link className="tb-button-link" to="/officer/intake">{ct('intake.nav')}</Link>
        <Link className="tb-button-link" to="/officer">{ct('workbench.profileLink')}</Link>
      </p>

      <fieldset className="tb-fieldset tb-view-switch" data-testid="workbench-view">
        <legend className="tb-label">{ct('workbench.view.label')}</legend>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          value={query.view}
          onChange={(e) => update({ view: e.target.value === 'all' ? 'all' : 'inbox' })}
          options={[
            { value: 'inbox', label: <span data-testid="workbench-view-inbox">{ct('workbench.view.inbox')}</span> },
            { value: 'all', label: <span data-testid="workbench-view-all">{ct('workbench.view.all')}</span> },
          ]}
        />
      </fieldset>

      <Filters query={query} onChange={update} />

      <ResultsSection
        id="workbench-results-heading"
        heading={query.view === 'all' ? ct('workbench.view.all') : ct('workbench.view.inbox')}
        headingRef={headingRef}
        count={(count) => ct('workbench.count', { count })}
        list={list}
        page={query.page}
        pageSize={PAGE_SIZE}
        hrefFor={queryPageHref(query, paramsFromQuery)}
        errorView={GuardedError}
      >
        {(data) => (
          <>
            <CaseTable cases={data.items} busy={list.status === 'loading'} noteId={noteId} />
            {data.items.some((c) => c.step?.provisional) && <ProvisionalNote id={noteId} />}
          </>
        )}
      </ResultsSection>
    </div>
  );
}

/** The filters: selects apply at once; the item code and org code apply on Enter or with the button. */
function Filters({ query, onChange }: { query: OfficerCaseQuery; onChange: (patch: Partial<OfficerCaseQuery>) => void }) {
  const ct = useCaseT();
  const id = useId();
  const [item, setItem] = useState(query.item ?? '');
  const [org, setOrg] = useState(query.org ?? '');
  // the URL may change under the inputs (back button, reset)
  useEffect(() => setItem(query.item ?? ''), [query.item]);
  useEffect(() => setOrg(query.org ?? ''), [query.org]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // org codes are upper case (SH-PD-LJZ)
    onChange({ item: item.trim() || undefined, org: org.trim().toUpperCase() || undefined });
  };

  return (
    <form className="tb-filters" aria-labelledby={`${id}-title`} onSubmit={submit} data-testid="workbench-filters">
      <h2 className="tb-filters-title" id={`${id}-title`}>{ct('workbench.filters.title')}</h2>
      <div className="tb-filter-grid">
        <SelectField
          id={`${id}-due`}
          label={ct('workbench.filters.due')}
          testId="workbench-filter-due"
          value={query.due}
          anyLabel={ct('workbench.filters.any')}
          options={[
            { value: 'soon', label: ct('workbench.filters.dueSoon') },
            { value: 'overdue', label: ct('workbench.filters.overdue') },
          ]}
          onChange={(v) => onChange({ due: v === 'soon' || v === 'overdue' ? v : undefined })}
        />
        <SelectField
          id={`${id}-department`}
          label={ct('workbench.filters.department')}
          testId="workbench-filter-department"
          value={query.department}
          anyLabel={ct('workbench.filters.any')}
          options={DEPARTMENTS_POLICE_FIRST.map((d) => ({ value: d, label: departmentText(d) }))}
          onChange={(v) => onChange({ department: v || undefined })}
        />
        <SelectField
          id={`${id}-state`}
          label={ct('workbench.filters.state')}
          testId="workbench-filter-state"
          value={query.state}
          anyLabel={ct('workbench.filters.any')}
          options={CASE_STATES.map((s) => ({ value: s, label: stateText(s, ct) }))}
          onChange={(v) => onChange({ state: CASE_STATES.find((s) => s === v) })}
        />
        <CodeField id={`${id}-item`} label={ct('workbench.filters.item')} testId="workbench-filter-item" value={item} onChange={setItem} placeholder={ct('workbench.filters.itemPlaceholder')} />
        <CodeField id={`${id}-org`} label={ct('workbench.filters.org')} testId="workbench-filter-org" value={org} onChange={setOrg} placeholder={ct('workbench.filters.orgPlaceholder')} />
      </div>
      <p className="tb-gate-actions tb-filter-actions">
        <Button htmlType="submit" icon={<FilterOutlined aria-hidden="true" />} data-testid="workbench-filter-apply">
          {ct('workbench.filters.apply')}
        </Button>
        <Button
          htmlType="button"
          data-testid="workbench-filter-reset"
          onClick={() => onChange({ due: undefined, department: undefined, item: undefined, state: undefined, org: undefined })}
        >
          {ct('workbench.filters.reset')}
        </Button>
      </p>
    </form>
  );
}

/** A code typed into a filter (item code, org code), applied with the form. */
function CodeField({ id, label, testId, value, onChange, placeholder }: {
  id: string;
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
}) {
  return (
    <div className="tb-field">
      <label htmlFor={id} className="tb-label">{label}</label>
      <Input
        id={id}
        data-testid={testId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
      />
    </div>
  );
}

/** The cases as a table; a click anywhere on a row opens the case. */
function CaseTable({ cases, busy, noteId }: { cases: CaseSummary[]; busy: boolean; noteId: string }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const lang = useTextLang();
  const navigate = useNavigate();
  const href = (c: CaseSummary) => `/officer/cases/${encodeURIComponent(c.id)}`;
  const columns: TableColumnsType<CaseSummary> = [
    {
      key: 'receipt',
      title: t('apply.receipt.number'),
      render: (_, c) => (
        <Link to={href(c)} className="tb-mono" data-testid="case-receipt">
          {c.receiptNo}
        </Link>
      ),
    },
    {
      key: 'item',
      title: ct('workbench.col.item'),
      render: (_, c) => (
        <>
          <L text={c.itemName} />
          <span className="tb-block tb-muted">
            <code>{c.itemCode}</code> · {pick(departmentText(c.department), lang)}
            {c.kind === 'bundle' && <> · {t('myApplications.bundle')}</>}
          </span>
        </>
      ),
    },
    { key: 'applicant', title: ct('workbench.col.applicant'), render: (_, c) => <span data-testid="case-applicant">{c.applicantName}</span> },
    { key: 'state', title: ct('workbench.col.state'), render: (_, c) => <StateTags c={c} /> },
    {
      key: 'step',
      title: ct('workbench.col.step'),
      render: (_, c) => <StepDue c={c} noteId={noteId} />,
    },
    { key: 'org', title: ct('workbench.col.org'), render: (_, c) => <OrgName org={c.org} /> },
    {
      key: 'assignee',
      title: ct('workbench.col.assignee'),
      render: (_, c) => (c.assignee ? c.assignee.name : <span className="tb-muted">{ct('workbench.unassigned')}</span>),
    },
  ];
  return (
    <div className="tb-workbench-table" data-testid="workbench-table" aria-busy={busy}>
      <Table<CaseSummary>
        rowKey="id"
        columns={columns}
        dataSource={cases}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: ct('workbench.empty') }}
        onRow={(c) =>
          ({
            'data-testid': 'case-row',
            'data-case-id': c.id,
            'data-state': c.state,
            className: ['tb-case-tr', c.overdue ? 'tb-case-tr--overdue' : c.dueSoon ? 'tb-case-tr--soon' : ''].filter(Boolean).join(' '),
            onClick: (e) => {
              // links and buttons inside the row do their own thing
              if ((e.target as HTMLElement).closest('a, button')) return;
              navigate(href(c));
            },
          }) as HTMLAttributes<HTMLElement>
        }
      />
    </div>
  );
}

/** The current step and its due date: red when overdue, orange when due soon (said in words too). */
function StepDue({ c, noteId }: { c: CaseSummary; noteId: string }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  if (!c.step) return <span className="tb-muted">{t('common.none')}</span>;
  const urgency = c.overdue ? 'overdue' : c.dueSoon ? 'soon' : null;
  return (
    <>
      <L text={c.step.name} />
      {c.step.dueDate && (
        <span className={`tb-block tb-due${urgency ? ` tb-due--${urgency}` : ''}`} data-testid="case-due" data-urgency={urgency ?? 'none'}>
          <DueDate date={c.step.dueDate} provisional={c.step.provisional} noteId={noteId} />
          {urgency && <> · {urgency === 'overdue' ? ct('workbench.overdue') : ct('workbench.dueSoon')}</>}
        </span>
      )}
    </>
  );
}
