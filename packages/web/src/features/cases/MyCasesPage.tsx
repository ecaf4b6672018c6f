/**
 * 我的办件 (/me/cases[?page=N]): the signed-in person's cases, newest first, as cards (one column on a phone): item,
 * receipt number, state, what happens next and the due date (marked "预计" when provisional).
 */
import { useId } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Empty } from 'antd';
import { Loading } from '../../shared/Feedback.tsx';
import { Pager } from '../../shared/Pager.tsx';
import { useFormat } from '../../shared/format.ts';
import { L, pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { usePaging } from '../../shared/usePaging.ts';
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
  const { page, headingRef } = usePaging();
  const noteId = useId();
  usePageTitle(ct('cases.title'));
  const list = useAsync((signal) => listMyCases(page, PAGE_SIZE, signal), [page]);

  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE))) : 1;
  const anyProvisional = !!data?.items.some((c) => listDue(c)?.provisional);

  return (
    <div className="tb-page tb-my-cases" data-testid="my-cases">
      <h1>{ct('cases.title')}</h1>
      <p className="tb-lead">{ct('cases.intro')}</p>
      <section aria-labelledby="my-cases-heading">
        <h2 id="my-cases-heading" ref={headingRef} tabIndex={-1} className="tb-visually-hidden">
          {ct('cases.caption')}
        </h2>
        <p className="tb-result-count" role="status">
          {data ? ct('cases.count', { count: data.total }) : ''}
        </p>
        {list.status === 'error' && <GuardedError error={list.error} onRetry={list.reload} />}
        {list.status === 'loading' && !data && <Loading />}
        {data && (
          <div data-testid="case-list">
            {data.items.length === 0 && list.status !== 'error' ? (
              <div className="tb-empty" data-testid="my-cases-empty">
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    <>
                      <strong className="tb-empty-title">{ct('cases.empty.title')}</strong>
                      <span className="tb-empty-hint">{ct('cases.empty.hint')}</span>
                    </>
                  }
                />
                <p className="tb-actions">
                  <Link className="tb-button-link tb-button-link--primary" to="/">{t('common.backToCatalog')}</Link>
                </p>
              </div>
            ) : (
              <ul className="tb-result-list" aria-busy={list.status === 'loading'}>
                {data.items.map((c) => (
                  <CaseCard key={c.id} c={c} noteId={noteId} />
                ))}
              </ul>
            )}
            {anyProvisional && <ProvisionalNote id={noteId} />}
          </div>
        )}
        {data && <Pager page={data.page ?? page} pages={pages} hrefFor={(p) => (p > 1 ? `?page=${p}` : '?')} />}
      </section>
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
          <span className="tb-visually-hidden">
            {t('common.listSeparator')}
            <L text={c.itemName} />
          </span>
        </Link>
      </p>
    </li>
  );
}
