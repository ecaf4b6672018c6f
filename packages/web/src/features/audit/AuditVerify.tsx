/** 审计日志校验: verifies the audit chain on request and shows the outcome, with the whole report readable. */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { ErrorState } from '../../shared/Feedback.tsx';
import { Facts, Section } from '../../shared/Section.tsx';
import { useFormat } from '../../shared/format.ts';
import { ApiError } from '../../shared/http.ts';
import { pick, useTextLang } from '../../shared/text.tsx';
import { auditIntact, verifyAudit, type AuditVerifyResult } from './audit.api.ts';

export function AuditVerify() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ report: AuditVerifyResult; at: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult({ report: await verifyAudit(), at: new Date().toISOString() });
    } catch (err) {
      setResult(null);
      setError(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      setBusy(false);
      requestAnimationFrame(() => outcomeRef.current?.focus());
    }
  };

  return (
    <Section id="audit" title={t('admin.audit.title')}>
      <p>{t('admin.audit.intro')}</p>
      <Button type="primary" icon={<SafetyCertificateOutlined aria-hidden="true" />} loading={busy} onClick={() => void run()} data-testid="audit-verify">
        {t('admin.audit.verify')}
      </Button>
      <div ref={outcomeRef} tabIndex={-1} className="tb-outcome" data-testid="audit-result">
        {error && <ErrorState error={error} onRetry={() => void run()} />}
        {result && <Report report={result.report} at={result.at} />}
      </div>
    </Section>
  );
}

function Report({ report, at }: { report: AuditVerifyResult; at: string }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const f = useFormat();
  const ok = auditIntact(report);
  const broken = report.firstBroken ?? null;
  return (
    <div className="tb-audit-report" data-ok={ok ? 'true' : 'false'}>
      <Alert
        type={ok ? 'success' : 'error'}
        showIcon
        title={<span data-testid="audit-status">{ok ? t('admin.audit.ok') : t('admin.audit.broken')}</span>}
        description={broken?.message ? pick(broken.message, lang) : ok ? t('admin.audit.okDetail') : t('admin.audit.brokenDetail')}
      />
      <Facts
        facts={[
          { key: 'at', label: t('admin.audit.checkedAt'), value: f.dateTime(at) },
          typeof report.entries === 'number' && { key: 'entries', label: t('admin.audit.entries'), value: report.entries.toLocaleString() },
          Array.isArray(report.shards) && { key: 'shards', label: t('admin.audit.shards'), value: report.shards.length },
          typeof report.checkpoints?.count === 'number' && {
            key: 'checkpoints',
            label: t('admin.audit.checkpoints'),
            value: report.checkpoints.count,
          },
          typeof report.checkpoints?.signaturesChecked === 'boolean' && {
            key: 'signatures',
            label: t('admin.audit.signatures'),
            value: report.checkpoints.signaturesChecked ? t('common.yes') : t('common.no'),
          },
          typeof report.durationMs === 'number' && {
            key: 'duration',
            label: t('admin.audit.duration'),
            value: t('admin.audit.durationValue', { ms: Math.round(report.durationMs) }),
          },
          broken && {
            key: 'broken',
            label: t('admin.audit.firstBroken'),
            value: <pre className="tb-json">{JSON.stringify(broken, null, 2)}</pre>,
          },
        ]}
      />
      <details className="tb-details">
        <summary>{t('admin.audit.details')}</summary>
        <pre className="tb-json" tabIndex={0} data-testid="audit-json">{JSON.stringify(report, null, 2)}</pre>
      </details>
    </div>
  );
}
