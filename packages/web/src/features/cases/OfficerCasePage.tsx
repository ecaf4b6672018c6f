/**
 * A case on the officer's workbench (/officer/cases/:id): the header (receipt, item, state, current step, due), the
 * actions this officer may take now, the application's form values with where prefilled values came from, its
 * materials with an inline viewer, the decision and delivery, the sub-cases of a bundle, the steps and the timeline.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd';
import { CloseOutlined, EyeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useErrorMessage } from '../../shared/Feedback.tsx';
import type { ApiError } from '../../shared/http.ts';
import { Section } from '../../shared/Section.tsx';
import { useFormat } from '../../shared/format.ts';
import { L, departmentText, pick, useTextLang } from '../../shared/text.tsx';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { useEnumLabel } from '../apply/apply.labels.ts';
import { Forbidden } from '../identity/Guards.tsx';
import { caseMaterialUrl, getOfficerCase } from './cases.api.ts';
import { actionText, formFieldTitle } from './cases.labels.ts';
import type { CaseMaterial, OfficerCaseView } from './cases.types.ts';
import { ActionPanel, type ActionOutcome } from './ActionPanel.tsx';
import { CaseHeader, CaseRecord } from './CaseParts.tsx';
import { DueDate, OrgName, ProvisionalNote } from './CaseTags.tsx';
import { CaseNotFound, useCaseView } from './useCaseView.tsx';
import { useCaseT, type CaseT } from './cases.i18n.ts';
import './cases.css';

export function OfficerCasePage() {
  const { id = '' } = useParams();
  const ct = useCaseT();
  const { loaded, view, override, setView, fallback } = useCaseView(id, getOfficerCase, <CaseNotFound detail={ct('workbench.notFound')} listHref="/officer/cases" listName={ct('workbench.title')} />);
  // just filed at the counter (一窗通办): the view the submit returned
  const submitted = (useLocation().state as { submitted?: OfficerCaseView } | null)?.submitted;
  const justFiled = submitted?.id === id ? submitted : null;

  if (loaded.status === 'error' && loaded.error.status === 403) {
    // routed on to an org outside this window's jurisdiction: show what the submit returned, once
    if (justFiled) return <CaseDetail c={override ?? justFiled} reloading={false} onChange={setView} reload={loaded.reload} routedAway />;
    return <ForbiddenByServer error={loaded.error} />;
  }
  if (fallback || !view) return fallback;
  return <CaseDetail c={view} reloading={loaded.status === 'loading'} onChange={setView} reload={loaded.reload} />;
}

function ForbiddenByServer({ error }: { error: ApiError }) {
  const message = useErrorMessage(error);
  return <Forbidden need="officer" message={message} />;
}

function CaseDetail({ c, reloading, onChange, reload, routedAway = false }: {
  c: OfficerCaseView;
  reloading: boolean;
  onChange: (c: OfficerCaseView) => void;
  reload: () => void;
  /** filed here, then routed to an org this officer cannot read: shown from the submit's answer */
  routedAway?: boolean;
}) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const lang = useTextLang();
  const f = useFormat();
  const noteId = useId();
  const statusRef = useRef<HTMLParagraphElement>(null);
  const [announce, setAnnounce] = useState('');
  usePageTitle(`${c.receiptNo} - ${pick(c.itemName, lang)}`);
  useEffect(() => setAnnounce(''), [c.id]);

  const done = ({ action, view }: ActionOutcome) => {
    onChange(view);
    setAnnounce(ct('workbench.done', { action: actionText(action, ct) }));
    requestAnimationFrame(() => statusRef.current?.focus());
  };

  const anyProvisional = c.provisional || c.steps.some((s) => s.provisional && s.dueDate) || !!c.step?.provisional;

  return (
    <article className="tb-page tb-case tb-officer-case" data-testid="officer-case" data-case-id={c.id} data-state={c.state} data-revision={c.revision} aria-busy={reloading}>
      <CaseHeader
        c={c}
        back={{ to: c.parentId ? `/officer/cases/${encodeURIComponent(c.parentId)}` : '/officer/cases', label: c.parentId ? ct('cases.backToBundle') : ct('workbench.back'), print: true }}
        eyebrow={<span className="tb-mono" data-testid="case-receipt">{c.receiptNo}</span>}
        facts={[
          { key: 'item', label: ct('workbench.col.item'), value: <><code>{c.itemCode}</code> · {pick(departmentText(c.department), lang)}</> },
          { key: 'applicant', label: ct('workbench.col.applicant'), value: c.applicantName },
          { key: 'step', label: ct('cases.currentStep'), value: c.step ? <L text={c.step.name} /> : t('common.none') },
          {
            key: 'due',
            label: ct('cases.stepDue'),
            value: c.step?.dueDate ? (
              <span className={`tb-due${c.overdue ? ' tb-due--overdue' : c.dueSoon ? ' tb-due--soon' : ''}`} data-testid="case-due">
                <DueDate date={c.step.dueDate} provisional={c.step.provisional} noteId={noteId} />
                {c.overdue ? <> · {ct('workbench.overdue')}</> : c.dueSoon ? <> · {ct('workbench.dueSoon')}</> : null}
              </span>
            ) : null,
          },
          c.promisedDue ? { key: 'promised', label: ct('cases.promisedDue'), value: <DueDate date={c.promisedDue} provisional={c.provisional} noteId={noteId} /> } : null,
          c.legalDue ? { key: 'legal', label: ct('cases.legalDue'), value: <DueDate date={c.legalDue} provisional={c.provisional} noteId={noteId} /> } : null,
          { key: 'org', label: ct('workbench.col.org'), value: <OrgName org={c.org} /> },
          c.competentOrg ? { key: 'competent', label: ct('workbench.competentOrg'), value: <><OrgName org={c.competentOrg} />{c.routingRule && <span className="tb-block tb-muted">{ct('workbench.routingRule', { rule: ruleText(c.routingRule, ct) })}</span>}</> } : null,
          { key: 'assignee', label: ct('workbench.col.assignee'), value: c.assignee ? c.assignee.name : ct('workbench.unassigned') },
          { key: 'submitted', label: t('apply.receipt.submittedAt'), value: <time dateTime={c.submittedAt}>{f.dateTime(c.submittedAt)}</time> },
          c.pausedDays > 0 ? { key: 'paused', label: ct('workbench.pausedDays'), value: t('common.days', { count: c.pausedDays }) } : null,
        ]}
      >
        {anyProvisional && <ProvisionalNote id={noteId} />}
      </CaseHeader>

      {routedAway && (
        <p className="tb-note tb-note--info" data-testid="case-routed-away">
          {ct('workbench.routedAway', { org: c.competentOrg ? pick(c.competentOrg.name, lang) : c.org ? pick(c.org.name, lang) : '' })}
        </p>
      )}
      <p className="tb-status" role="status" ref={statusRef} tabIndex={-1} data-testid="action-status">
        {announce}
      </p>

      <Section id="actions" title={ct('workbench.actions')} testId="case-actions">
        <ActionPanel key={c.id} c={c} onDone={done} onReload={reload} />
      </Section>

      {c.state === 'supplement' && c.supplement && (
        <Section id="supplement" title={ct('workbench.supplement.pending')}>
          <ol className="tb-list" data-testid="supplement-items">
            {c.supplement.items.map((it, i) => (
              <li key={i}>
                {it.message}
                {it.path && <span className="tb-block tb-muted"><code>{it.path}</code></span>}
              </li>
            ))}
          </ol>
          {c.supplement.dueDate && (
            <p className="tb-hint">
              {ct('cases.supplement.dueDate')}
              {t('common.listSeparator')}
              <DueDate date={c.supplement.dueDate} provisional={false} />
            </p>
          )}
        </Section>
      )}

      <Section id="application" title={ct('workbench.application')}>
        <ApplicationForm c={c} />
      </Section>

      <Section id="materials" title={ct('workbench.materials')}>
        <Materials c={c} canOpen={!routedAway} />
      </Section>

      <CaseRecord c={c} noteId={noteId} caseHref={(sid) => `/officer/cases/${encodeURIComponent(sid)}`} showPickupCode={false} />
    </article>
  );
}

const RULES = ['household_station', 'residence_station', 'district_sub_bureau', 'department_bureau', 'city_bureau', 'agency'] as const;
/** The name of the routing rule that chose the competent org. */
function ruleText(rule: string, ct: CaseT): string {
  const known = RULES.find((r) => r === rule);
  return known ? ct(`workbench.rule.${known}`) : rule;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The title of a form field from the item's form schema (the field name when there is none). */
function useFieldTitles(schema: Record<string, unknown> | null | undefined): (field: string) => string {
  const lang = useTextLang();
  return (field) => formFieldTitle(schema, field, lang);
}

/** The form values, each prefilled one tagged with its data source. */
function ApplicationForm({ c }: { c: OfficerCaseView }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const lang = useTextLang();
  const enumLabel = useEnumLabel();
  const titleOf = useFieldTitles(c.application.formSchema);
  const entries = Object.entries(c.application.form);
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return ct('workbench.notFilled');
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (Array.isArray(v)) return v.map((x) => enumLabel(String(x)) ?? String(x)).join(t('common.listSeparator'));
    if (isObj(v)) return Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(t('common.listSeparator'));
    return enumLabel(String(v)) ?? String(v);
  };
  const prefilled = Object.keys(c.application.prefill).length;
  return (
    <div data-testid="application-form">
      {prefilled > 0 && <p className="tb-hint">{ct('workbench.prefillNote', { count: prefilled })}</p>}
      {entries.length === 0 ? (
        <p className="tb-muted">{ct('workbench.noForm')}</p>
      ) : (
        <dl className="tb-facts tb-form-values">
          {entries.map(([field, value]) => {
            const prefill = c.application.prefill[field];
            return (
              <div className="tb-fact" key={field} data-testid="form-value" data-field={field} data-prefilled={prefill ? 'true' : 'false'}>
                <dt>
                  {titleOf(field)}
                  {titleOf(field) !== field && <span className="tb-block tb-muted"><code>{field}</code></span>}
                </dt>
                <dd>
                  {show(value)}
                  {prefill && (
                    <span className="tb-block">
                      <span className="tb-tag tb-source-tag" data-testid="prefill-source" data-source={prefill.source} title={prefill.field}>
                        <SafetyCertificateOutlined aria-hidden="true" /> {ct('workbench.fromSource', { source: pick(prefill.sourceName, lang) })}
                      </span>
                    </span>
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </div>
  );
}

/** What a material's state says, in words. */
function materialState(m: CaseMaterial, t: ReturnType<typeof useTranslation>['t']): string {
  const kind = typeof m.state?.kind === 'string' ? m.state.kind : null;
  switch (kind) {
    case 'upload':
      return t('apply.materials.state.uploaded');
    case 'license':
    case 'dataSource':
    case 'itemOutput':
      return t('apply.materials.state.exempt');
    case 'deferred':
      return t('apply.materials.state.deferred');
    case 'commitment':
      return t('apply.materials.state.committed');
    default:
      return m.fileId ? t('apply.materials.state.uploaded') : t('apply.materials.state.missing');
  }
}

/** The materials; a file opens in the viewer below the list (an image as <img>, a PDF in an <iframe>). */
function Materials({ c, canOpen }: { c: OfficerCaseView; canOpen: boolean }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const lang = useTextLang();
  const [shown, setShown] = useState<CaseMaterial | null>(null);
  const viewerRef = useRef<HTMLDivElement>(null);
  const openers = useRef<Record<string, HTMLElement | null>>({});
  const materials = c.application.materials;

  const open = (m: CaseMaterial) => {
    setShown(m);
    requestAnimationFrame(() => viewerRef.current?.focus());
  };
  const close = () => {
    const key = shown?.key;
    setShown(null);
    if (key) requestAnimationFrame(() => openers.current[key]?.focus());
  };

  return (
    <>
      {materials.length === 0 ? (
        <p className="tb-muted">{ct('workbench.noMaterials')}</p>
      ) : (
        <ul className="tb-case-materials" data-testid="materials-list">
          {materials.map((m) => (
            <li key={m.key} className="tb-case-material" data-testid="case-material" data-key={m.key} data-state={typeof m.state?.kind === 'string' ? m.state.kind : 'none'}>
              <span className="tb-case-material-name">
                <L text={m.name} />
              </span>
              <span className="tb-muted">{materialState(m, t)}</span>
              {m.fileId && canOpen && (
                <Button
                  ref={(el) => {
                    openers.current[m.key] = el;
                  }}
                  icon={<EyeOutlined aria-hidden="true" />}
                  aria-expanded={shown?.key === m.key}
                  aria-controls="material-viewer"
                  data-testid="material-open"
                  onClick={() => (shown?.key === m.key ? close() : open(m))}
                >
                  {ct('workbench.viewMaterial')}
                  <span className="tb-visually-hidden">{t('apply.materials.forMaterial', { name: pick(m.name, lang) })}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div id="material-viewer" className="tb-material-viewer-wrap">
        {shown?.fileId && (
          <div className="tb-material-viewer" data-testid="material-viewer" ref={viewerRef} tabIndex={-1} role="region" aria-label={ct('workbench.viewerOf', { name: pick(shown.name, lang) })}>
            <div className="tb-material-viewer-head">
              <h3>
                <L text={shown.name} />
              </h3>
              <a href={caseMaterialUrl(c.id, shown.fileId)} target="_blank" rel="noopener">
                {ct('workbench.openNew')}
                <span className="tb-visually-hidden">{t('apply.materials.opensNew')}</span>
              </a>
              <Button icon={<CloseOutlined aria-hidden="true" />} onClick={close} data-testid="material-viewer-close">
                {ct('workbench.closeViewer')}
              </Button>
            </div>
            <Viewer caseId={c.id} m={shown} />
          </div>
        )}
      </div>
    </>
  );
}

function Viewer({ caseId, m }: { caseId: string; m: CaseMaterial }) {
  const ct = useCaseT();
  const lang = useTextLang();
  if (!m.fileId) return null;
  const url = caseMaterialUrl(caseId, m.fileId);
  const name = pick(m.name, lang);
  const mime = m.mime ?? '';
  if (mime.startsWith('image/')) return <img className="tb-viewer-image" src={url} alt={name} />;
  if (mime === 'application/pdf') return <iframe className="tb-viewer-frame" src={url} title={ct('workbench.viewerOf', { name })} />;
  return (
    <p>
      <a href={url} target="_blank" rel="noopener">
        {ct('workbench.download', { name })}
      </a>
    </p>
  );
}
