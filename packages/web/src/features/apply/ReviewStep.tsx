/**
 * Step 4, 智能预审: the server checks conditions, form and materials together and lists every problem at once;
 * when there is none the applicant goes on to submit.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, CheckCircleFilled, ExclamationCircleFilled, ReloadOutlined } from '@ant-design/icons';
import { ErrorState, Loading } from '../../shared/Feedback.tsx';
import { ApiError } from '../../shared/http.ts';
import { preReview } from './apply.api.ts';
import type { ApplicationView, PreReview } from './apply.types.ts';
import type { Go } from './apply.steps.ts';
import type { Draft } from './useApplication.ts';
import { Checklist } from './Checklist.tsx';

export function ReviewStep({ view, draft, go }: { view: ApplicationView; draft: Draft; go: Go }) {
  const { t } = useTranslation();
  const location = useLocation();
  // arriving from the materials step: a clean pre-review goes straight on to the submit step
  const auto = useRef((location.state as { auto?: boolean } | null)?.auto === true);
  const goRef = useRef(go);
  goRef.current = go;
  const [result, setResult] = useState<{ status: 'loading' } | { status: 'done'; review: PreReview } | { status: 'error'; error: ApiError }>({ status: 'loading' });
  const viewRef = useRef(view);
  viewRef.current = view;
  const { replace } = draft;

  const run = useCallback(async () => {
    setResult({ status: 'loading' });
    try {
      const review = await preReview(viewRef.current.id);
      setResult({ status: 'done', review });
      // the journey's view follows the newest review (the submit step opens only when nothing is missing)
      const v = viewRef.current;
      replace({ ...v, checklist: review.checklist, precheck: review.precheck, ready: review.ok });
      if (review.ok && auto.current) goRef.current('submit', { replace: true });
      auto.current = false;
    } catch (err) {
      setResult({ status: 'error', error: err instanceof ApiError ? err : new ApiError(0, undefined) });
    }
  }, [replace]);

  useEffect(() => {
    void run();
  }, [run]);

  return (
    <div className="tb-review" aria-busy={result.status === 'loading'}>
      <p>{t('apply.review.intro')}</p>
      {result.status === 'loading' && <Loading />}
      <div
        className="tb-review-status"
        data-testid={result.status === 'done' ? 'prereview-checklist' : undefined}
        data-ok={result.status === 'done' ? String(result.review.ok) : undefined}
      >
        {/* only the outcome is announced, not the whole list */}
        <div role="status">
          {result.status === 'done' && (result.review.ok ? (
            <p className="tb-review-ok">
              <CheckCircleFilled aria-hidden="true" /> <strong>{t('apply.review.ok')}</strong>
            </p>
          ) : (
            <p className="tb-review-problems">
              <ExclamationCircleFilled aria-hidden="true" /> <strong>{t('apply.review.problems', { count: result.review.checklist.length })}</strong>
            </p>
          ))}
        </div>
        {result.status === 'done' && !result.review.ok && <Checklist view={view} entries={result.review.checklist} />}
      </div>
      {result.status === 'error' && <ErrorState error={result.error} onRetry={() => void run()} />}
      <div className="tb-step-actions">
        <Button icon={<ArrowLeftOutlined aria-hidden="true" />} onClick={() => go('materials')} data-testid="step-back">
          {t('apply.back')}
        </Button>
        <Button icon={<ReloadOutlined aria-hidden="true" />} onClick={() => void run()} disabled={result.status === 'loading'} data-testid="prereview-run">
          {t('apply.review.again')}
        </Button>
        {result.status === 'done' && result.review.ok && (
          <Button type="primary" icon={<ArrowRightOutlined aria-hidden="true" />} onClick={() => go('submit')} data-testid="step-next">
            {t('apply.next')}
          </Button>
        )}
      </div>
    </div>
  );
}
