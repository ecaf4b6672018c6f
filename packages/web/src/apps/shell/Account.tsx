/**
 * The header's account area: a sign-in button when signed out; when signed in, the user's name (and the enterprise
 * they act for) opening a list of account links, and a sign-out button that is always visible.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd';
import { DownOutlined, LoginOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useSession, useSignInHref } from '../../features/identity/session.tsx';
import { signInUrl } from '../../features/identity/identity.api.ts';
import type { Me } from '../../features/identity/identity.types.ts';
import { ApiError } from '../../shared/http.ts';
import { pick, useTextLang } from '../../shared/text.tsx';

export function AccountArea() {
  const { state, me } = useSession();
  const signInHref = useSignInHref();
  const { t } = useTranslation();
  if (state.status === 'loading') return <div className="tb-account" aria-hidden="true" />;
  if (!me) {
    return (
      <div className="tb-account">
        <a className="tb-button-link tb-button-link--primary tb-sign-in" href={signInHref} data-testid="sign-in">
          <LoginOutlined aria-hidden="true" />
          {t('account.signIn')}
        </a>
      </div>
    );
  }
  return (
    <div className="tb-account">
      <AccountMenu me={me} />
      <SignOutButton />
    </div>
  );
}

/** A disclosure (not an ARIA menu): a button that shows and hides a short list of links. */
function AccountMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const { isOfficer, hasRole } = useSession();
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  // Close after moving to another page.
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('focusin', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('focusin', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  const links = [
    { to: '/me', label: t('account.profile') },
    { to: '/me/applications', label: t('account.applications') },
    { to: '/me/data-access', label: t('account.dataAccess') },
    isOfficer && { to: '/officer', label: t('account.workbench') },
    hasRole('admin') && { to: '/admin', label: t('account.admin') },
  ].filter((l): l is { to: string; label: string } => !!l);

  return (
    <div className="tb-account-menu" ref={rootRef}>
      <Button
        ref={buttonRef}
        className="tb-account-button"
        data-testid="account-menu"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        icon={<UserOutlined aria-hidden="true" />}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="tb-visually-hidden">{t('account.menuOf')}</span>
        <span className="tb-account-label">
          <span className="tb-account-name" data-testid="account-name">{me.name}</span>
          {me.actingFor && (
            <span className="tb-account-acting" data-testid="account-acting-for">
              {t('account.actingFor', { name: me.actingFor.name })}
            </span>
          )}
        </span>
        <DownOutlined aria-hidden="true" className="tb-account-caret" />
      </Button>
      <nav id={`${id}-panel`} className="tb-account-panel" aria-label={t('account.menu')} hidden={!open}>
        <ul>
          {links.map((l) => (
            <li key={l.to}>
              <Link to={l.to} aria-current={pathname === l.to ? 'page' : undefined} onClick={() => setOpen(false)}>
                {l.label}
              </Link>
            </li>
          ))}
          {isOfficer && (
            <li>
              <a href={signInUrl('/me', 'citizen')}>{t('account.signInAsCitizen')}</a>
            </li>
          )}
        </ul>
        {me.officer && me.officer.roles.length > 0 && (
          <p className="tb-account-roles">
            {me.officer.roles.map((r) => pick(r.roleName, lang)).join(t('common.listSeparator'))}
          </p>
        )}
      </nav>
    </div>
  );
}

/** Signs out, then goes to the home page (which announces it). */
function SignOutButton() {
  const { t } = useTranslation();
  const lang = useTextLang();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const click = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await signOut(() => navigate('/', { state: { signedOut: true }, flushSync: true }));
    } catch (err) {
      const message = err instanceof ApiError && err.problem?.message ? pick(err.problem.message, lang) : t('error.network');
      setFailure(t('account.signOutFailed', { message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button className="tb-sign-out" data-testid="sign-out" icon={<LogoutOutlined aria-hidden="true" />} loading={busy} onClick={() => void click()}>
        {t('account.signOut')}
      </Button>
      {failure && (
        <p className="tb-account-error" role="alert">
          {failure}
        </p>
      )}
    </>
  );
}
