/**
 * 数据异议: the applicant says a prefilled value is wrong. The value stays as the authoritative record holds it; the
 * dispute becomes a ticket for the owner of that record, who corrects it at the source.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Input, Modal } from 'antd';
import { useErrorMessage } from '../../shared/Feedback.tsx';
import { ApiError } from '../../shared/http.ts';
import { pick, useTextLang } from '../../shared/text.tsx';
import { useFormat } from '../../shared/format.ts';
import { raiseDispute } from './apply.api.ts';
import type { ApplicationView, Dispute } from './apply.types.ts';

/** The server's shortest reason. */
const MIN_REASON = 2;

export function DisputeDialog({ view, field, label, onClose }: { view: ApplicationView; field: string; label: string; onClose: (dispute: Dispute | null) => void }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const f = useFormat();
  const id = useId();
  const prefill = view.form.prefill[field];
  const [claimed, setClaimed] = useState('');
  const [reason, setReason] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ claimed?: string; reason?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Dispute | null>(null);
  const message = useErrorMessage(error ?? new ApiError(0, undefined));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof fieldErrors = {};
    if (!claimed.trim()) errs.claimed = t('apply.dispute.claimedMissing');
    if (reason.trim().length < MIN_REASON) errs.reason = t('apply.dispute.reasonMissing');
    setFieldErrors(errs);
    if (errs.claimed || errs.reason) {
      document.getElementById(`${id}-${errs.claimed ? 'claimed' : 'reason'}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setDone(await raiseDispute(view.id, { field, claimedValue: claimed.trim(), reason: reason.trim() }));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      setBusy(false);
    }
  };

  const current = prefill ? String(prefill.value ?? '') : '';
  return (
    <Modal
      open
      title={t('apply.dispute.title', { field: label })}
      onCancel={() => onClose(done)}
      footer={null}
      destroyOnHidden
      className="tb-dispute-dialog"
    >
      <div data-testid="dispute-dialog">
        {done ? (
          <div data-testid="dispute-done">
            <p role="status">{t('apply.dispute.done', { id: done.id })}</p>
            <p>{t('apply.dispute.doneNext')}</p>
            <Button type="primary" onClick={() => onClose(done)} autoFocus>
              {t('apply.dispute.close')}
            </Button>
          </div>
        ) : (
          <form className="tb-form" noValidate onSubmit={(e) => void submit(e)} data-testid="dispute-form">
            <p>{t('apply.dispute.intro')}</p>
            {prefill && (
              <p className="tb-muted">
                {t('apply.dispute.current', { value: current, source: pick(prefill.sourceName, lang) })}
                {prefill.readAt && <> {t('apply.dispute.readAt', { time: f.dateTime(prefill.readAt) })}</>}
              </p>
            )}
            <div className="tb-field">
              <label className="tb-label" htmlFor={`${id}-claimed`}>{t('apply.dispute.claimed')}</label>
              <Input
                id={`${id}-claimed`}
                data-testid="dispute-claimed"
                value={claimed}
                onChange={(e) => setClaimed(e.target.value)}
                maxLength={500}
                autoFocus
                aria-required="true"
                aria-invalid={fieldErrors.claimed ? true : undefined}
                aria-describedby={fieldErrors.claimed ? `${id}-claimed-err` : undefined}
              />
              {fieldErrors.claimed && <p className="tb-field-error" id={`${id}-claimed-err`}>{fieldErrors.claimed}</p>}
            </div>
            <div className="tb-field">
              <label className="tb-label" htmlFor={`${id}-reason`}>{t('apply.dispute.reason')}</label>
              <p className="tb-hint" id={`${id}-reason-hint`}>{t('apply.dispute.reasonHint')}</p>
              <Input.TextArea
                id={`${id}-reason`}
                data-testid="dispute-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                maxLength={1000}
                autoSize={{ minRows: 3 }}
                aria-required="true"
                aria-invalid={fieldErrors.reason ? true : undefined}
                aria-describedby={[`${id}-reason-hint`, fieldErrors.reason && `${id}-reason-err`].filter(Boolean).join(' ')}
              />
              {fieldErrors.reason && <p className="tb-field-error" id={`${id}-reason-err`}>{fieldErrors.reason}</p>}
            </div>
            {error && <Alert type="error" showIcon role="alert" title={t('apply.dispute.failed')} description={message} />}
            <div className="tb-step-actions">
              <Button onClick={() => onClose(null)}>{t('apply.dispute.cancel')}</Button>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="dispute-submit">
                {t('apply.dispute.submit')}
              </Button>
            </div>
          </form>
        )}
      </div>
    </Modal>
  );
}
