/** 我的申请 (/me/applications[?page=N]): the signed-in person's applications, drafts to resume and submitted ones. */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../shared/Feedback.tsx';
import { ResultsSection, usePagedList } from '../../shared/Results.tsx';
import { useFormat } from '../../shared/format.ts';
import { HiddenName, L } from '../../shared/text.tsx';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { listApplications } from './apply.api.ts';
import type { ApplicationSummary } from './apply.types.ts';

const PAGE_SIZE = 20;

export function MyApplicationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('myApplications.title'));
  const { list, paging } = usePagedList(listApplications, PAGE_SIZE);

  return (
    <div className="tb-page tb-my-applications" data-testid="my-applications">
      <h1>{t('myApplications.title')}</h1>
      <p className="tb-lead">{t('myApplications.intro')}</p>
      <ResultsSection
        {...paging}
        id="my-applications-heading"
        heading={t('myApplications.caption')}
        headingHidden
        count={(count) => t('myApplications.count', { count })}
        errorView={GuardedError}
      >
        {(data) =>
          data.applications.length === 0 ? (
            list.status !== 'error' && (
              <EmptyState testId="my-applications-empty" title={t('myApplications.empty.title')} hint={t('myApplications.empty.hint')}>
                <p className="tb-actions">
                  <Link className="tb-button-link tb-button-link--primary" to="/">{t('common.backToCatalog')}</Link>
                </p>
              </EmptyState>
            )
          ) : (
            <ul className="tb-result-list" aria-busy={list.status === 'loading'}>
              {data.applications.map((a) => (
                <Row key={a.id} app={a} />
              ))}
            </ul>
          )
        }
      </ResultsSection>
    </div>
  );
}

function Row({ app }: { app: ApplicationSummary }) {
  const { t } = useTranslation();
  const f = useFormat();
  const submitted = app.status === 'submitted';
  return (
    <li className="tb-result tb-application-row" data-testid="my-application-row" data-status={app.status} data-id={app.id}>
      <h3 className="tb-result-title">
        <Link to={`/apply/${encodeURIComponent(app.id)}`}>
          <L text={app.name} />
        </Link>
      </h3>
      <p className="tb-application-tags">
        <span className={`tb-tag tb-tag--${submitted ? 'submitted' : 'draft'}`}>{submitted ? t('myApplications.submitted') : t('myApplications.draft')}</span>
        {app.kind === 'bundle' && <span className="tb-tag tb-tag--optional">{t('myApplications.bundle')}</span>}
        {!submitted && app.eligible === 'no' && <span className="tb-tag tb-tag--required">{t('myApplications.ineligible')}</span>}
      </p>
      <dl className="tb-meta">
        {submitted && app.receiptNo && (
          <div>
            <dt>{t('apply.receipt.number')}</dt>
            <dd className="tb-mono" data-testid="my-application-receipt">{app.receiptNo}</dd>
          </div>
        )}
        <div>
          <dt>{submitted ? t('apply.receipt.submittedAt') : t('myApplications.startedAt')}</dt>
          <dd>
            <time dateTime={(submitted ? app.submittedAt : app.createdAt) ?? app.createdAt}>{f.dateTime((submitted ? app.submittedAt : app.createdAt) ?? app.createdAt)}</time>
          </dd>
        </div>
      </dl>
      <p className="tb-application-action">
        <Link to={`/apply/${encodeURIComponent(app.id)}`} className="tb-button-link">
          {submitted ? t('myApplications.viewReceipt') : t('myApplications.resume')}
          <HiddenName text={app.name} />
        </Link>
      </p>
    </li>
  );
}
