/** Loading, error, empty and not-found states shared by the screens. */
import type { ReactNode } from 'react';
import { Alert, Button, Empty, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from './http.ts';
import { List } from './Section.tsx';
import { pick, useTextLang } from './text.tsx';
import { usePageTitle } from './usePageTitle.ts';

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

/** A failed request in a form: its message and, listed, the details that belong to no field. */
export function FailureAlert({ title, message, details, testId, className }: { title: string; message: string; details: ReactNode[]; testId?: string; className?: string }) {
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      className={className}
      data-testid={testId}
      title={title}
      description={
        <>
          {message}
          <List items={details} />
        </>
      }
    />
  );
}

/** The friendly 404 of a page: its title as the page's h1 and title, what was not found, and links on. */
export function NotFound({ testId, title, detail, children }: { testId: string; title: string; detail: ReactNode; children: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="tb-page tb-not-found" data-testid={testId}>
      <Result status="404" title={<h1>{title}</h1>} subTitle={detail} extra={<p className="tb-actions">{children}</p>} />
    </div>
  );
}

/** An empty list: a title and an optional hint; `action` goes inside the empty state, `children` below it. */
export function EmptyState({ testId, title, hint, action, children }: { testId: string; title: ReactNode; hint?: ReactNode; action?: ReactNode; children?: ReactNode }) {
  return (
    <div className="tb-empty" data-testid={testId}>
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <>
            <strong className="tb-empty-title">{title}</strong>
            {hint !== undefined && <span className="tb-empty-hint">{hint}</span>}
          </>
        }
      >
        {action}
      </Empty>
      {children}
    </div>
  );
}
