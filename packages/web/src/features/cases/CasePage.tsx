/**
 * One of my cases (/me/cases/:id): its state and what happens next, the due dates (promised and legal, "预计" when
 * provisional), the supplement request with the form to answer it, the decision, delivery (pick-up code or tracking
 * number) and result, the sub-cases of a bundle, the steps and the timeline.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Result as AntResult } from 'antd';
import { ArrowLeftOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Loading } from '../../shared/Feedback.tsx';
import { Facts, Section } from '../../shared/Section.tsx';
import { useFormat } from '../../shared/format.ts';
import { L, pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { getMyCase } from './cases.api.ts';
import type { CaseView } from './cases.types.ts';
import { CaseSteps, CaseTimeline, Decision, Delivery, Result, SubCases } from './CaseParts.tsx';
import { DueDate, OrgName, ProvisionalNote, StateTags } from './CaseTags.tsx';
import { SupplementForm } from './SupplementForm.tsx';
import { useCaseT } from './cases.i18n.ts';
import './cases.css';

export function CasePage() {
  const { id = '' } = useParams();
  const [override, setOverride] = useState<CaseView | null>(null);
  const loaded = useAsync((signal) => getMyCase(id, signal), [id]);
  // a newer view from an answer replaces the loaded one until the next load
  const [loadedFor, setLoadedFor] = useState(loaded.data);
  if (loadedFor !== loaded.data) {
    setLoadedFor(loaded.data);
    setOverride(null);
  }
  const view = override ?? loaded.data;

  if (loaded.status === 'error' && (loaded.error.status === 404 || loaded.error.status === 400)) return <CaseNotFound />;
  if (!view) {
    return loaded.status === 'error' ? (
      <div className="tb-page">
        <GuardedError error={loaded.error} onRetry={loaded.reload} />
      </div>
    ) : (
      <Loading />
    );
  }
  return <CaseDetail c={view} onChange={setOverride} reload={loaded.reload} />;
}

function CaseDetail({ c, onChange, reload }: { c: CaseView; onChange: (c: CaseView) => void; reload: () => void }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const lang = useTextLang();
  const f = useFormat();
  const noteId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [announce, setAnnounce] = useState('');
  usePageTitle(`${pick(c.itemName, lang)} - ${ct('cases.title')}`);
  useEffect(() => setAnnounce(''), [c.id]);

  const anyProvisional = c.provisional || c.steps.some((s) => s.provisional && s.dueDate) || c.subCases.some((s) => s.provisional);
  const back = c.parentId ? `/me/cases/${encodeURIComponent(c.parentId)}` : '/me/cases';

  return (
    <article className="tb-page tb-case" data-testid="case" data-case-id={c.id} data-state={c.state}>
      <p className="tb-back no-print">
        <Link to={back}>
          <ArrowLeftOutlined aria-hidden="true" /> {c.parentId ? ct('cases.backToBundle') : ct('cases.back')}
        </Link>
      </p>
      <header className="tb-case-header">
        <p className="tb-eyebrow">{c.kind === 'bundle' ? ct('cases.eyebrowBundle') : c.parentId ? ct('cases.eyebrowSub') : ct('cases.eyebrow')}</p>
        <h1 ref={headingRef} tabIndex={-1}>
          <L text={c.itemName} />
        </h1>
        <p className="tb-case-line">
          <StateTags c={c} />
        </p>
        <Facts
          className="tb-case-facts"
          facts={[
            { key: 'no', label: t('apply.receipt.number'), value: <span className="tb-mono" data-testid="case-receipt">{c.receiptNo}</span> },
            { key: 'submitted', label: t('apply.receipt.submittedAt'), value: <time dateTime={c.submittedAt}>{f.dateTime(c.submittedAt)}</time> },
            c.acceptedAt ? { key: 'accepted', label: ct('cases.acceptedAt'), value: <time dateTime={c.acceptedAt}>{f.dateTime(c.acceptedAt)}</time> } : null,
            c.acceptedOrg ? { key: 'acceptedOrg', label: ct('cases.acceptedOrg'), value: <OrgName org={c.acceptedOrg} /> } : null,
            c.competentOrg || c.org ? { key: 'org', label: ct('cases.org'), value: <OrgName org={c.competentOrg ?? c.org} /> } : null,
            c.closedAt ? { key: 'closed', label: ct('cases.closedAt'), value: <time dateTime={c.closedAt}>{f.dateTime(c.closedAt)}</time> } : null,
          ]}
        />
      </header>
      <p className="tb-visually-hidden" role="status">{announce}</p>

      <Section id="next" title={ct('cases.nextTitle')}>
        <p className="tb-case-next tb-case-next--lead" data-testid="case-next-step">
          <L text={c.nextStep} />
        </p>
      </Section>

      <Section id="due" title={ct('cases.dueTitle')}>
        <div data-testid="case-due">
          <Facts
            facts={[
              c.promisedDue ? { key: 'promised', label: ct('cases.promisedDue'), value: <DueDate date={c.promisedDue} provisional={c.provisional} noteId={noteId} /> } : null,
              c.legalDue ? { key: 'legal', label: ct('cases.legalDue'), value: <DueDate date={c.legalDue} provisional={c.provisional} noteId={noteId} /> } : null,
              !c.promisedDue && c.step?.dueDate ? { key: 'step', label: ct('cases.stepDue'), value: <DueDate date={c.step.dueDate} provisional={c.step.provisional} noteId={noteId} /> } : null,
            ]}
          />
          {!c.promisedDue && !c.legalDue && !c.step?.dueDate && <p className="tb-muted">{ct('cases.noDue')}</p>}
        </div>
        {c.paused && (
          <p className="tb-note" data-testid="case-paused-note">
            <PauseCircleOutlined aria-hidden="true" /> {ct('cases.pausedNote')}
          </p>
        )}
        {c.pausedDays > 0 && <p className="tb-hint">{ct('cases.pausedDays', { count: c.pausedDays })}</p>}
        {anyProvisional && <ProvisionalNote id={noteId} />}
      </Section>

      {c.state === 'supplement' && c.supplement && (
        <Section id="supplement" title={ct('cases.supplement.title')} testId="case-supplement">
          <SupplementForm
            c={c}
            onDone={(next) => {
              onChange(next);
              setAnnounce(ct('cases.supplement.done'));
              requestAnimationFrame(() => headingRef.current?.focus());
            }}
            onStale={reload}
          />
        </Section>
      )}

      <Decision c={c} />
      <Delivery c={c} />
      <Result c={c} />

      {c.subCases.length > 0 && (
        <Section id="subcases" title={ct('cases.subCases')}>
          <p>{ct('cases.subCasesIntro')}</p>
          <SubCases subCases={c.subCases} hrefFor={(sid) => `/me/cases/${encodeURIComponent(sid)}`} noteId={noteId} />
        </Section>
      )}

      {c.steps.length > 0 && (
        <Section id="steps" title={ct('cases.steps')}>
          <CaseSteps c={c} noteId={noteId} />
        </Section>
      )}

      <Section id="timeline" title={ct('cases.timeline')}>
        <CaseTimeline events={c.timeline} />
      </Section>
    </article>
  );
}

function CaseNotFound() {
  const ct = useCaseT();
  usePageTitle(ct('cases.notFound.title'));
  return (
    <div className="tb-page tb-not-found" data-testid="case-not-found">
      <AntResult
        status="404"
        title={<h1>{ct('cases.notFound.title')}</h1>}
        subTitle={ct('cases.notFound.detail')}
        extra={
          <p className="tb-actions">
            <Link className="tb-button-link tb-button-link--primary" to="/me/cases">
              {ct('cases.title')}
            </Link>
          </p>
        }
      />
    </div>
  );
}
