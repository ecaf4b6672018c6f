/**
 * 在线办理: starts an application from a service guide or a bundle page. Signed out it is a link to sign-in that
 * comes back to this page; signed in it creates a draft and opens the apply journey at /apply/{id}.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd';
import { FormOutlined, LoginOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/http.ts';
import { useErrorMessage } from '../../shared/Feedback.tsx';
import { useSession, useSignInHref } from '../identity/session.tsx';
import { startApplication } from './apply.api.ts';

export function ApplyStart({ target, testId }: { target: { itemCode: string } | { bundleCode: string }; testId: string }) {
  const { t } = useTranslation();
  const { state, me, refresh } = useSession();
  const signInHref = useSignInHref('citizen');
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const message = useErrorMessage(error ?? new ApiError(0, undefined));

  if (state.status === 'loading') return null;
  if (!me) {
    return (
      <div className="tb-apply-start">
        <a className="tb-button-link tb-button-link--primary" href={signInHref} data-testid={testId} data-signed-in="false">
          <LoginOutlined aria-hidden="true" />
          {t('apply.start.signIn')}
        </a>
        <p className="tb-hint">{t('apply.start.signInHint')}</p>
      </div>
    );
  }

  const start = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const view = await startApplication(target);
      navigate(`/apply/${encodeURIComponent(view.id)}`);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, undefined);
      // the session ended meanwhile: the header and this button turn into sign-in
      if (e.status === 401) void refresh();
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="tb-apply-start">
      <Button type="primary" size="large" icon={<FormOutlined aria-hidden="true" />} loading={busy} onClick={() => void start()} data-testid={testId} data-signed-in="true">
        {t('apply.start.button')}
      </Button>
      {error && (
        <p className="tb-field-error" role="alert" data-testid="apply-start-error">
          {t('apply.start.failed', { message })}
        </p>
      )}
    </div>
  );
}
