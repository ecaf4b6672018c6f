/**
 * 我的办件 (/me/cases[?page=N]): the signed-in person's cases, newest first, as cards (one column on a phone): item,
 * receipt number, state, what happens next and the due date (marked "预计" when provisional).
 */
import { useId } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../shared/Feedback.tsx';
import { ResultsSection, usePagedList } from '../../shared/Results.tsx';
import { useFormat } from '../../shared/format.ts';
import { HiddenName, L, pick, useTextLang } from '../../shared/text.tsx';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { listMyCases } from './cases.api.ts';
import { summaryNextStep } from './cases.labels.ts';
import type { CaseSummary } from './cases.types.ts';
import { DueDate, ProvisionalNote, StateTags, listDue } from './CaseTags.tsx';
import { useCaseT } from './cases.i18n.ts';
import './cases.css';

const PAGE_SIZE = 20;

export function MyCasesPage() {
  const { t } = useTranslation();
  const ct = useCaseT();
  const noteId = useId();
  usePageTitle(ct('cases.title'));
  const { list, paging } = usePagedList(listMyCases, PAGE_SIZE);

  return (
    <div className="tb-page tb-my-cases" data-testid="my-cases">
      <h1>{ct('cases.title')}</h1>
      <p className="tb-lead">{ct('cases.intro')}</p>
      <ResultsSection
        {...paging}
        id="my-cases-heading"
        heading={ct('cases.caption')}
        headingHidden
        count={(count) => ct('cases.count', { count })}
        errorView={GuardedError}
      >
        {(data) => (
          <div data-testid="case-list">
            {data.items.length === 0 && list.status !== 'error' ? (
              <EmptyState testId="my-cases-empty" title={ct('cases.empty.title')} hint={ct('cases.empty.hint')}>
                <p className="tb-actions">
                  <Link className="tb-button-link tb-button-link--primary" to="/">{t('common.backToCatalog')}</Link>
                </p>
              </EmptyState>
            ) : (
              <ul className="tb-result-list" aria-busy={list.status === 'loading'}>
                {data.items.map((c) => (
                  <CaseCard key={c.id} c={c} noteId={noteId} />
                ))}
              </ul>
            )}
            {data.items.some((c) => listDue(c)?.provisional) && <ProvisionalNote id={noteId} />}
          </div>
        )}
      </ResultsSection>
    </div>
  );
}

function CaseCard({ c, noteId }: { c: CaseSummary; noteId: string }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const lang = useTextLang();
  const f = useFormat();
  const due = listDue(c);
  const href = `/me/cases/${encodeURIComponent(c.id)}`;
  const next = c.nextStep ? pick(c.nextStep, lang) : summaryNextStep(c, ct, c.step ? pick(c.step.name, lang) : null);
  return (
    <li className="tb-result tb-case-card" data-testid="case-row" data-case-id={c.id} data-state={c.state}>
      <h3 className="tb-result-title">
        <Link to={href}>
          <L text={c.itemName} />
        </Link>
      </h3>
      <p className="tb-case-line">
        <StateTags c={c} />
        {c.kind === 'bundle' && <span className="tb-tag tb-tag--optional">{t('myApplications.bundle')}</span>}
      </p>
      <p className="tb-case-next" data-testid="case-next-step">{next}</p>
      <dl className="tb-meta">
        <div>
          <dt>{t('apply.receipt.number')}</dt>
          <dd className="tb-mono" data-testid="case-receipt">{c.receiptNo}</dd>
        </div>
        {due && (
          <div>
            <dt>{c.closedAt ? ct('cases.promisedDue') : ct('cases.due')}</dt>
            <dd data-testid="case-due">
              <DueDate date={due.date} provisional={due.provisional} noteId={noteId} />
            </dd>
          </div>
        )}
        {c.closedAt ? (
          <div>
            <dt>{ct('cases.closedAt')}</dt>
            <dd><time dateTime={c.closedAt}>{f.dateTime(c.closedAt)}</time></dd>
          </div>
        ) : (
          <div>
            <dt>{t('apply.receipt.submittedAt')}</dt>
            <dd><time dateTime={c.submittedAt}>{f.dateTime(c.submittedAt)}</time></dd>
          </div>
        )}
      </dl>
      <p className="tb-application-action">
        <Link to={href} className="tb-button-link">
          {ct('cases.view')}
          <HiddenName text={c.itemName} />
        </Link>
      </p>
    </li>
  );
}
