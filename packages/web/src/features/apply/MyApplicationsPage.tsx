/** 我的申请 (/me/applications[?page=N]): the signed-in person's applications, drafts to resume and submitted ones. */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { usePaging } from '../../shared/usePaging.ts';
import { Empty } from 'antd';
import { Loading } from '../../shared/Feedback.tsx';
import { Pager } from '../../shared/Pager.tsx';
import { useFormat } from '../../shared/format.ts';
import { L } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { listApplications } from './apply.api.ts';
import type { ApplicationSummary } from './apply.types.ts';

const PAGE_SIZE = 20;

export function MyApplicationsPage() {
  const { t } = useTranslation();
  const { page, headingRef } = usePaging();
  usePageTitle(t('myApplications.title'));
  const list = useAsync((signal) => listApplications(page, PAGE_SIZE, signal), [page]);


  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE))) : 1;

  return (
    <div className="tb-page tb-my-applications" data-testid="my-applications">
      <h1>{t('myApplications.title')}</h1>
      <p className="tb-lead">{t('myApplications.intro')}</p>
      <section aria-labelledby="my-applications-heading">
        <h2 id="my-applications-heading" ref={headingRef} tabIndex={-1} className="tb-visually-hidden">
          {t('myApplications.caption')}
        </h2>
        <p className="tb-result-count" role="status">
          {data ? t('myApplications.count', { count: data.total }) : ''}
        </p>
        {list.status === 'error' && <GuardedError error={list.error} onRetry={list.reload} />}
        {list.status === 'loading' && !data && <Loading />}
        {data && data.applications.length === 0 && list.status !== 'error' && (
          <div className="tb-empty" data-testid="my-applications-empty">
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <strong className="tb-empty-title">{t('myApplications.empty.title')}</strong>
                  <span className="tb-empty-hint">{t('myApplications.empty.hint')}</span>
                </>
              }
            />
            <p className="tb-actions">
              <Link className="tb-button-link tb-button-link--primary" to="/">{t('common.backToCatalog')}</Link>
            </p>
          </div>
        )}
        {data && data.applications.length > 0 && (
          <ul className="tb-result-list" aria-busy={list.status === 'loading'}>
            {data.applications.map((a) => (
              <Row key={a.id} app={a} />
            ))}
          </ul>
        )}
        {data && <Pager page={data.page ?? page} pages={pages} hrefFor={(p) => (p > 1 ? `?page=${p}` : '?')} />}
      </section>
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
          <span className="tb-visually-hidden">
            {t('common.listSeparator')}
            <L text={app.name} />
          </span>
        </Link>
      </p>
    </li>
  );
}
