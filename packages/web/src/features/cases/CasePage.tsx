/**
 * One of my cases (/me/cases/:id): its state and what happens next, the due dates (promised and legal, "预计" when
 * provisional), the supplement request with the form to answer it, the decision, delivery (pick-up code or tracking
 * number) and result, the sub-cases of a bundle, the steps and the timeline.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PauseCircleOutlined } from '@ant-design/icons';
import { Facts, Section } from '../../shared/Section.tsx';
import { useFormat } from '../../shared/format.ts';
import { L, pick, useTextLang } from '../../shared/text.tsx';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { getMyCase } from './cases.api.ts';
import type { CaseView } from './cases.types.ts';
import { CaseHeader, CaseRecord } from './CaseParts.tsx';
import { DueDate, OrgName, ProvisionalNote } from './CaseTags.tsx';
import { CaseNotFound, useCaseView } from './useCaseView.tsx';
import { SupplementForm } from './SupplementForm.tsx';
import { useCaseT } from './cases.i18n.ts';
import { RatingCard } from '../ratings/RatingCard.tsx';
import './cases.css';

export function CasePage() {
  const { id = '' } = useParams();
  const ct = useCaseT();
  const { loaded, view, setView, fallback } = useCaseView(id, getMyCase, <CaseNotFound detail={ct('cases.notFound.detail')} listHref="/me/cases" listName={ct('cases.title')} />);
  if (fallback || !view) return fallback;
  return <CaseDetail c={view} onChange={setView} reload={loaded.reload} />;
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
      <CaseHeader
        c={c}
        back={{ to: back, label: c.parentId ? ct('cases.backToBundle') : ct('cases.back'), print: false }}
        eyebrow={c.kind === 'bundle' ? ct('cases.eyebrowBundle') : c.parentId ? ct('cases.eyebrowSub') : ct('cases.eyebrow')}
        headingRef={headingRef}
        facts={[
          { key: 'no', label: t('apply.receipt.number'), value: <span className="tb-mono" data-testid="case-receipt">{c.receiptNo}</span> },
          { key: 'submitted', label: t('apply.receipt.submittedAt'), value: <time dateTime={c.submittedAt}>{f.dateTime(c.submittedAt)}</time> },
          c.acceptedAt ? { key: 'accepted', label: ct('cases.acceptedAt'), value: <time dateTime={c.acceptedAt}>{f.dateTime(c.acceptedAt)}</time> } : null,
          c.acceptedOrg ? { key: 'acceptedOrg', label: ct('cases.acceptedOrg'), value: <OrgName org={c.acceptedOrg} /> } : null,
          c.competentOrg || c.org ? { key: 'org', label: ct('cases.org'), value: <OrgName org={c.competentOrg ?? c.org} /> } : null,
          c.closedAt ? { key: 'closed', label: ct('cases.closedAt'), value: <time dateTime={c.closedAt}>{f.dateTime(c.closedAt)}</time> } : null,
        ]}
      />
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

      {!c.parentId && <RatingCard caseId={c.id} />}

      <CaseRecord c={c} noteId={noteId} caseHref={(sid) => `/me/cases/${encodeURIComponent(sid)}`} subCasesIntro={<p>{ct('cases.subCasesIntro')}</p>} />
    </article>
  );
}
