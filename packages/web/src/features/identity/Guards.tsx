/**
 * Route guards: a page that needs sign-in explains so and offers to sign in (coming back to the same page, so
 * there is no redirect loop); a signed-in user without the needed role gets a "not allowed" page.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { LoginOutlined } from '@ant-design/icons';
import { ErrorState, Loading } from '../../shared/Feedback.tsx';
import type { ApiError } from '../../shared/http.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { useSession, useSignInHref } from './session.tsx';

/** Who may see a page: anyone signed in, officers, or holders of the admin role. */
export type Need = 'signedIn' | 'officer' | 'admin';

/** Renders `children` only for a session that meets `need`. */
export function Guard({ need, children }: { need: Need; children: ReactNode }) {
  const session = useSession();
  const { state } = session;
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <div className="tb-page">
        <ErrorState error={state.error} onRetry={() => void session.refresh()} />
      </div>
    );
  }
  if (state.status === 'signedOut') return <SignInRequired />;
  if (need === 'officer' && !session.isOfficer) return <Forbidden need={need} />;
  if (need === 'admin' && !session.hasRole('admin')) return <Forbidden need={need} />;
  return <>{children}</>;
}

/** "Please sign in": what the page needs and a button that signs in and comes back here. */
export function SignInRequired() {
  const { t } = useTranslation();
  const href = useSignInHref();
  usePageTitle(t('auth.required.title'));
  return (
    <div className="tb-page tb-gate" data-testid="sign-in-required">
      <h1>{t('auth.required.title')}</h1>
      <p className="tb-lead">{t('auth.required.detail')}</p>
      <p>
        <a className="tb-button-link tb-button-link--primary" href={href} data-testid="sign-in-required-button">
          <LoginOutlined aria-hidden="true" />
          {t('auth.required.button')}
        </a>
      </p>
    </div>
  );
}

/** "Not allowed" (403): signed in, but without the role the page needs. */
export function Forbidden({ need, message }: { need?: Need; message?: string }) {
  const { t } = useTranslation();
  const asOfficer = useSignInHref('officer');
  usePageTitle(t('auth.forbidden.title'));
  const detail = message ?? (need === 'officer' ? t('auth.forbidden.officer') : need === 'admin' ? t('auth.forbidden.admin') : t('auth.forbidden.generic'));
  return (
    <div className="tb-page tb-gate" data-testid="forbidden">
      <h1>{t('auth.forbidden.title')}</h1>
      <p className="tb-lead">{detail}</p>
      <p className="tb-gate-actions">
        {need === 'officer' && (
          <a className="tb-button-link" href={asOfficer}>
            {t('auth.forbidden.signInAsOfficer')}
          </a>
        )}
        <Link className="tb-button-link tb-button-link--primary" to="/">
          {t('common.backToCatalog')}
        </Link>
      </p>
    </div>
  );
}

/**
 * A failed call inside a guarded page: 401 (the session ended meanwhile) reloads the session, so the guard then
 * offers sign-in; anything else is an error with a retry.
 */
export function GuardedError({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { refresh } = useSession();
  const expired = error.status === 401;
  const [checked, setChecked] = useState(false);
  useEffect(() => {
    if (expired) void refresh().finally(() => setChecked(true));
  }, [expired, refresh]);
  if (expired && !checked) return <Loading />;
  return <ErrorState error={error} onRetry={onRetry} />;
}
