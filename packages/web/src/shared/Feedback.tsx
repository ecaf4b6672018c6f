/** Loading and error states shared by the screens. */
import { Alert, Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from './http.ts';
import { pick, useTextLang } from './text.tsx';

/** A polite "loading" status. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="tb-loading" role="status">
      <Spin aria-hidden="true" />
      <span>{t('common.loading')}</span>
    </div>
  );
}

/** The message of a failed call: the problem's own message in the current language when it has one. */
export function useErrorMessage(error: ApiError): string {
  const { t } = useTranslation();
  const lang = useTextLang();
  if (error.problem?.message) return pick(error.problem.message, lang);
  if (error.status === 0) return t('error.network');
  return t('error.generic', { status: error.status });
}

/** An error alert with a retry button. */
export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage(error);
  return (
    <Alert
      className="tb-error"
      type="error"
      showIcon
      role="alert"
      title={t('error.title')}
      description={message}
      action={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
