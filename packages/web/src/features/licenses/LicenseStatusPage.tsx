/**
 * 证照管理 (/officer/licenses, officers only): revoke (吊销/撤销), suspend (暂扣) or restore (恢复有效) a licence by
 * its GB/T 36904 identifier, with a required reason. The answer is the licence as it now stands; a refusal shows the
 * problem's message (403 outside the issuing org's jurisdiction, 404 unknown licence, 422 no reason, whose field
 * error is also shown under the reason).
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { Button, Input } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/http.ts';
import { FailureAlert, useErrorMessage } from '../../shared/Feedback.tsx';
import { Field } from '../../shared/Field.tsx';
import { L, licenseTypeText, pick, useTextLang } from '../../shared/text.tsx';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { setLicenseStatus } from './licenses.api.ts';
import { useLicenseT } from './licenses.i18n.ts';
import type { LicenseStatus, LicenseSummary } from './licenses.types.ts';
import './licenses.css';

/** The statuses an officer can set, in the order offered. */
const STATUSES: readonly LicenseStatus[] = ['revoked', 'suspended', 'valid'];

const isStatus = (v: string): v is LicenseStatus => (STATUSES as readonly string[]).includes(v);

export function LicenseStatusPage() {
  const lt = useLicenseT();
  const lang = useTextLang();
  const id = useId();
  usePageTitle(lt('licenses.admin.title'));
  const [licenseId, setLicenseId] = useState('');
  const [status, setStatus] = useState<LicenseStatus>('revoked');
  const [reason, setReason] = useState('');
  const [idError, setIdError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<LicenseSummary | null>(null);
  const idRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const resultRef = useRef<HTMLElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const target = licenseId.trim();
    setError(null);
    setResult(null);
    setReasonError(null);
    if (!target) {
      setIdError(lt('licenses.admin.idRequired'));
      idRef.current?.focus();
      return;
    }
    setIdError(null);
    setBusy(true);
    try {
      const changed = await setLicenseStatus(target, { status, reason });
      setResult(changed);
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (err) {
      const failure = err instanceof ApiError ? err : new ApiError(0, undefined);
      const onReason = failure.problem?.errors?.find((fe) => fe.path.replace(/^\//, '') === 'reason');
      if (onReason) {
        setReasonError(pick(onReason.message, lang));
        requestAnimationFrame(() => reasonRef.current?.focus());
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tb-page tb-license-admin" data-testid="license-admin">
      <h1>{lt('licenses.admin.title')}</h1>
      <p className="tb-lead">{lt('licenses.admin.intro')}</p>

      <form className="tb-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field id={`${id}-license`} label={lt('licenses.admin.id')} hint={lt('licenses.admin.idHint')} error={idError ?? undefined} errorTestId="license-admin-id-error" required requiredMark>
          {(control) => (
            <Input
              {...control}
              ref={(el) => {
                idRef.current = el?.input ?? null;
              }}
              className="tb-mono"
              value={licenseId}
              onChange={(e) => setLicenseId(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="off"
              autoCorrect="off"
              data-testid="license-admin-id"
            />
          )}
        </Field>
        <Field id={`${id}-status`} label={lt('licenses.admin.status')} hint={lt('licenses.admin.statusHint')} required requiredMark>
          {(control) => (
            <select
              {...control}
              className="tb-select"
              value={status}
              onChange={(e) => {
                if (isStatus(e.target.value)) setStatus(e.target.value);
              }}
              data-testid="license-admin-status"
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>{lt(`licenses.admin.to.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-reason`} label={lt('licenses.admin.reason')} hint={lt('licenses.admin.reasonHint')} error={reasonError ?? undefined} errorTestId="license-admin-reason-error" required requiredMark>
          {(control) => (
            <Input.TextArea
              {...control}
              ref={(el) => {
                reasonRef.current = el?.resizableTextArea?.textArea ?? null;
              }}
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              data-testid="license-admin-reason"
            />
          )}
        </Field>
        <Button type="primary" htmlType="submit" loading={busy} icon={<AuditOutlined aria-hidden="true" />} data-testid="license-admin-submit">
          {lt('licenses.admin.submit')}
        </Button>
      </form>

      <p className="tb-visually-hidden" role="status">{result ? lt('licenses.admin.done', { status: lt(`licenses.status.${result.status}`) }) : ''}</p>
      {error && <StatusError error={error} />}
      {result && (
        <section
          ref={resultRef}
          tabIndex={-1}
          className="tb-license-admin-result"
          data-testid="license-admin-result"
          data-status={result.status}
          aria-labelledby={`${id}-result-heading`}
        >
          <h2 id={`${id}-result-heading`}>{lt('licenses.admin.resultTitle')}</h2>
          <dl className="tb-facts">
            <div className="tb-fact">
              <dt>{lt('licenses.number')}</dt>
              <dd className="tb-mono tb-license-number" data-testid="license-admin-result-id">{result.id}</dd>
            </div>
            <div className="tb-fact">
              <dt>{lt('licenses.admin.licenseType')}</dt>
              <dd data-testid="license-admin-result-type">
                <L text={licenseTypeText(result.licenseType)} /> <span className="tb-mono tb-muted">({result.licenseType})</span>
              </dd>
            </div>
            <div className="tb-fact">
              <dt>{lt('licenses.issuer')}</dt>
              <dd className="tb-mono" data-testid="license-admin-result-issuer">{result.issuerOrg}</dd>
            </div>
            <div className="tb-fact">
              <dt>{lt('licenses.admin.currentStatus')}</dt>
              <dd>
                <span className={`tb-tag tb-license-status tb-license-status--${result.status}`} data-testid="license-admin-result-status">
                  {lt(`licenses.status.${result.status}`)}
                </span>
              </dd>
            </div>
            <div className="tb-fact">
              <dt>{lt('licenses.admin.statusReason')}</dt>
              <dd data-testid="license-admin-result-reason">{result.statusReason ?? lt('licenses.admin.noReason')}</dd>
            </div>
          </dl>
        </section>
      )}
    </div>
  );
}

function StatusError({ error }: { error: ApiError }) {
  const lt = useLicenseT();
  const message = useErrorMessage(error);
  const title =
    error.status === 403 ? lt('licenses.admin.forbidden') : error.status === 404 ? lt('licenses.admin.notFound') : lt('licenses.admin.failed');
  return <FailureAlert testId="license-admin-error" title={title} message={message} details={[]} />;
}
