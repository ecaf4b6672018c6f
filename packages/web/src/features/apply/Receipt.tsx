/**
 * The receipt (受理回执) of a submitted application: its receipt number, when, what happens next, and a link to the
 * case (办件) it became, when the application names it (`caseId`).
 */
import { useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd';
import { CheckCircleFilled, PrinterOutlined } from '@ant-design/icons';
import { L } from '../../shared/text.tsx';
import { Facts } from '../../shared/Section.tsx';
import { useFormat } from '../../shared/format.ts';
import type { ApplicationView } from './apply.types.ts';
import { useCaseT } from '../cases/cases.i18n.ts';

export function Receipt({ view, justSubmitted }: { view: ApplicationView; justSubmitted: boolean }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const f = useFormat();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (justSubmitted) headingRef.current?.focus();
  }, [justSubmitted]);
  // the submit answer's application carries the case it became; older answers may not
  const caseId = (view as ApplicationView & { caseId?: string | null }).caseId ?? null;
  const deferred = view.materials.filter((m) => m.state?.kind === 'deferred');
  const committed = view.materials.some((m) => m.state?.kind === 'commitment');

  return (
    <section className="tb-receipt" data-testid="receipt" aria-labelledby="receipt-heading">
      <div className="tb-receipt-banner">
        <CheckCircleFilled aria-hidden="true" className="tb-receipt-icon" />
        <h2 id="receipt-heading" ref={headingRef} tabIndex={-1}>
          {t('apply.receipt.title')}
        </h2>
      </div>
      <Facts
        className="tb-receipt-facts"
        facts={[
          { key: 'no', label: t('apply.receipt.number'), value: <strong className="tb-receipt-no tb-mono" data-testid="receipt-no">{view.receiptNo}</strong> },
          { key: 'what', label: t('apply.submit.what'), value: <L text={view.name} /> },
          view.submittedAt ? { key: 'when', label: t('apply.receipt.submittedAt'), value: <time dateTime={view.submittedAt}>{f.dateTime(view.submittedAt)}</time> } : null,
        ]}
      />
      <p className="tb-hint">{t('apply.receipt.keep')}</p>
      <h3>{t('apply.receipt.nextTitle')}</h3>
      <ol className="tb-list" data-testid="receipt-next">
        <li>{t('apply.receipt.next.review')}</li>
        <li>{t('apply.receipt.next.supplement')}</li>
        {deferred.map((m) => m.state?.kind === 'deferred' && (
          <li key={m.id}>
            {t('apply.receipt.next.deferred', { date: f.day(m.state.deadline) })} <L text={m.name} />
          </li>
        ))}
        {committed && <li>{t('apply.receipt.next.commitment')}</li>}
        <li>{t('apply.receipt.next.result')}</li>
      </ol>
      <p className="tb-gate-actions no-print">
        {caseId && (
          <Link className="tb-button-link tb-button-link--primary" to={`/me/cases/${encodeURIComponent(caseId)}`} data-testid="receipt-case">
            {ct('cases.followCase')}
          </Link>
        )}
        <Link className={caseId ? 'tb-button-link' : 'tb-button-link tb-button-link--primary'} to="/me/applications" data-testid="receipt-my-applications">
          {t('apply.myApplications')}
        </Link>
        <Link className="tb-button-link" to="/">
          {t('common.backToCatalog')}
        </Link>
        <Button icon={<PrinterOutlined aria-hidden="true" />} onClick={() => window.print()} className="tb-receipt-print">
          {t('apply.receipt.print')}
        </Button>
      </p>
    </section>
  );
}
