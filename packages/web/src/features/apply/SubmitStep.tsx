/**
 * Step 5, 提交: what is being submitted, and the submit button. Each submit attempt has one Idempotency-Key, sent
 * again when the attempt is retried after a network failure, so a retry can never submit twice; the button is
 * disabled while a request is under way (and a second click in the same instant is ignored).
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'antd';
import { ArrowLeftOutlined, CheckCircleFilled, SendOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/http.ts';
import { useErrorMessage } from '../../shared/Feedback.tsx';
import { L } from '../../shared/text.tsx';
import { Facts } from '../../shared/Section.tsx';
import { getApplication, newIdempotencyKey, submitApplication } from './apply.api.ts';
import type { ApplicationView, ChecklistEntry } from './apply.types.ts';
import type { Go } from './apply.steps.ts';
import type { Draft } from './useApplication.ts';
import { problemCode } from './useApplication.ts';
import { Checklist } from './Checklist.tsx';

export function SubmitStep({ view, draft, go }: { view: ApplicationView; draft: Draft; go: Go }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [incomplete, setIncomplete] = useState<ChecklistEntry[] | null>(null);
  const key = useRef<string | null>(null);
  const inFlight = useRef(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const message = useErrorMessage(error ?? new ApiError(0, undefined));

  const m = view.materials;
  const count = (kinds: string[]) => m.filter((x) => x.state && kinds.includes(x.state.kind)).length;
  const filled = Object.keys(view.form.values).filter((k) => view.form.values[k] !== '' && view.form.values[k] !== null).length;

  const submit = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    setIncomplete(null);
    key.current ??= newIdempotencyKey();
    try {
      const receipt = await submitApplication(view.id, key.current);
      key.current = null;
      draft.replace(receipt.application);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, undefined);
      const unsure = e.status === 0 || e.status >= 500;
      // only an answer we did not get keeps the key: the retry is the same attempt
      if (!unsure) key.current = null;
      if (e.status === 409 && problemCode(e) === 'application.already_submitted') {
        draft.replace(await getApplication(view.id).catch(() => view));
        return;
      }
      if (e.status === 422 && e.problem?.errors?.length) {
        setIncomplete(e.problem.errors.map((x) => ({ kind: kindOf(x.path), path: x.path, code: x.reason, message: { zh: x.message.zh, en: x.message.en ?? x.message.zh } })));
      }
      setError(e);
      requestAnimationFrame(() => alertRef.current?.focus());
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const unsure = error && (error.status === 0 || error.status >= 500);
  return (
    <div className="tb-submit">
      <div className="tb-review-status" data-testid="prereview-checklist" data-ok={incomplete ? 'false' : 'true'}>
        {incomplete ? (
          <Checklist view={view} entries={incomplete} />
        ) : (
          <p className="tb-review-ok">
            <CheckCircleFilled aria-hidden="true" /> <strong>{t('apply.review.ok')}</strong>
          </p>
        )}
      </div>
      <p>{t('apply.submit.intro')}</p>
      <Facts
        facts={[
          { key: 'name', label: t('apply.submit.what'), value: <L text={view.name} /> },
          { key: 'form', label: t('apply.submit.form'), value: t('apply.submit.formValue', { count: filled, prefilled: Object.keys(view.form.prefill).length }) },
          {
            key: 'materials', label: t('apply.submit.materials'),
            value: t('apply.submit.materialsValue', { uploaded: count(['upload']), exempt: count(['license', 'dataSource', 'itemOutput']), deferred: count(['deferred']), committed: count(['commitment']) }),
          },
        ]}
      />
      <p className="tb-note">{t('apply.submit.declaration')}</p>
      <div ref={alertRef} tabIndex={-1} className="tb-submit-result">
        {error && (
          <Alert
            type={unsure ? 'warning' : 'error'}
            showIcon
            role="alert"
            className="tb-error"
            data-testid="submit-error"
            title={unsure ? t('apply.submit.unsure') : t('apply.submit.failed')}
            description={unsure ? t('apply.submit.unsureDetail') : message}
          />
        )}
      </div>
      <div className="tb-step-actions">
        <Button icon={<ArrowLeftOutlined aria-hidden="true" />} onClick={() => go('review')} data-testid="step-back" disabled={busy}>
          {t('apply.back')}
        </Button>
        <Button
          type="primary"
          size="large"
          icon={<SendOutlined aria-hidden="true" />}
          loading={busy}
          disabled={busy}
          onClick={() => void submit()}
          data-testid="submit-application"
        >
          {unsure ? t('apply.submit.retry') : t('apply.submit.button')}
        </Button>
      </div>
    </div>
  );
}

const kindOf = (path: string): ChecklistEntry['kind'] => (path.startsWith('/conditions/') ? 'condition' : path.startsWith('/materials/') ? 'material' : 'form');
