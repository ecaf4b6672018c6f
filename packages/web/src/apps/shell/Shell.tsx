/**
 * The page frame: skip link, header with name, navigation (with 我的办件, 证照夹 and 消息 and its unread count for a
 * signed-in citizen, 核验证照 for everyone, 办件工作台, 窗口收件 and 证照管理 for an officer), account and display settings, main content, footer.
 */
import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button, Switch } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { usePreferences } from './preferences.tsx';
import { AccountArea } from './Account.tsx';
import { useSession } from '../../features/identity/session.tsx';
import { UnreadBadge } from '../../features/notifications/UnreadBadge.tsx';
import { useUnreadPolling } from '../../features/notifications/notifications.store.ts';
import { useCaseT } from '../../features/cases/cases.i18n.ts';
import { useLicenseT } from '../../features/licenses/licenses.i18n.ts';
import { useRatingT } from '../../features/ratings/ratings.i18n.ts';
import { useAlertT } from '../../features/alerts/alerts.i18n.ts';
import { useDashboardT } from '../../features/dashboard/dashboard.i18n.ts';

export function Shell() {
  const { t } = useTranslation();
  const mainRef = useRef<HTMLElement>(null);
  const location = useLocation();
  const first = useRef(true);

  // A new page: start at its top and move focus to it, as a full page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (location.hash) return;
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname, location.hash]);

  const skip = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    mainRef.current?.focus();
    mainRef.current?.scrollIntoView();
  };

  return (
    <div className="tb-app">
      <a className="tb-skip" href="#main" onClick={skip}>
        {t('app.skipToContent')}
      </a>
      <header className="tb-header">
        <div className="tb-header-inner">
          <Link to="/" className="tb-brand">
            <svg className="tb-brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
              <rect width="32" height="32" rx="6" fill="#fff" />
              <path d="M16 5l9 4v6c0 6-4 10-9 12-5-2-9-6-9-12V9z" fill="#0b3d91" />
            </svg>
            <span className="tb-brand-name">{t('app.name')}</span>
          </Link>
          <MainNav />
          <AccountArea />
          <DisplaySettings />
        </div>
      </header>
      <p className="tb-visually-hidden" role="status" data-testid="session-status">
        {(location.state as { signedOut?: boolean } | null)?.signedOut ? t('account.signedOut') : ''}
      </p>
      <main id="main" ref={mainRef} tabIndex={-1} className="tb-main">
        <Outlet />
      </main>
      <footer className="tb-footer">
        <div className="tb-footer-inner">
          <p>{t('app.footer')}</p>
          <p>{t('app.footerNote')}</p>
        </div>
      </footer>
    </div>
  );
}

interface NavLink {
  to: string;
  label: ReactNode;
  exact: boolean;
  within: boolean;
  testId?: string;
}

function MainNav() {
  const { t } = useTranslation();
  const ct = useCaseT();
  const lt = useLicenseT();
  const rt = useRatingT();
  const at = useAlertT();
  const dt = useDashboardT();
  const { pathname } = useLocation();
  const { me, isOfficer, hasRole } = useSession();
  const citizen = me?.kind === 'citizen';
  // the unread count is asked for only while a citizen is signed in
  useUnreadPolling(citizen);
  const links: NavLink[] = [
    { to: '/', label: t('nav.catalog'), exact: pathname === '/' || pathname === '/items', within: pathname.startsWith('/items/') },
    { to: '/bundles', label: t('nav.bundles'), exact: pathname === '/bundles', within: pathname.startsWith('/bundles/') },
  ];
  if (citizen) {
    links.push(
      { to: '/me/cases', label: ct('cases.nav'), exact: pathname === '/me/cases', within: pathname.startsWith('/me/cases/'), testId: 'nav-my-cases' },
      { to: '/me/licenses', label: lt('licenses.nav'), exact: pathname === '/me/licenses', within: pathname.startsWith('/me/licenses/'), testId: 'nav-licenses' },
      {
        to: '/me/notifications',
        label: (
          <>
            {ct('notifications.nav')}
            <UnreadBadge />
          </>
        ),
        exact: pathname === '/me/notifications',
        within: false,
        testId: 'nav-notifications',
      },
    );
  }
  links.push({ to: '/verify', label: lt('licenses.verifyNav'), exact: pathname === '/verify', within: false, testId: 'nav-verify' });
  links.push({ to: '/quality', label: dt('dashboard.public.nav'), exact: pathname === '/quality', within: false, testId: 'nav-quality' });
  if (isOfficer) {
    links.push({ to: '/officer/cases', label: ct('workbench.nav'), exact: pathname === '/officer/cases', within: pathname.startsWith('/officer/cases/'), testId: 'nav-officer-cases' });
    if (hasRole('window_officer')) {
      links.push({ to: '/officer/intake', label: ct('intake.nav'), exact: pathname === '/officer/intake', within: false, testId: 'nav-intake' });
    }
    links.push({ to: '/officer/rectifications', label: rt('ratings.orders.nav'), exact: pathname === '/officer/rectifications', within: pathname.startsWith('/officer/rectifications/'), testId: 'nav-rectifications' });
    links.push({ to: '/officer/licenses', label: lt('licenses.adminNav'), exact: pathname === '/officer/licenses', within: false, testId: 'nav-officer-licenses' });
    // alert.read: every handling role (an administrator alone does not handle cases)
    if ((['window_officer', 'reviewer', 'approver', 'department_head', 'producer'] as const).some((r) => hasRole(r))) {
      links.push({ to: '/officer/alerts', label: at('alerts.nav'), exact: pathname === '/officer/alerts', within: false, testId: 'nav-officer-alerts' });
    }
    // quality.dashboard: approvers, department heads and administrators
    if ((['approver', 'department_head', 'admin'] as const).some((r) => hasRole(r))) {
      links.push({ to: '/officer/dashboard', label: dt('dashboard.nav'), exact: pathname === '/officer/dashboard', within: false, testId: 'nav-officer-dashboard' });
    }
  }
  return (
    <nav className="tb-nav" aria-label={t('app.mainNav')}>
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <Link
              to={l.to}
              data-testid={l.testId}
              className={l.exact || l.within ? 'active' : undefined}
              aria-current={l.exact ? 'page' : l.within ? 'true' : undefined}
            >
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function DisplaySettings() {
  const { t } = useTranslation();
  const { toggleLanguage, elderly, setElderly } = usePreferences();
  return (
    <div className="tb-prefs" role="group" aria-label={t('app.preferences')}>
      <Button
        className="tb-lang"
        data-testid="lang-switch"
        lang={t('prefs.switchToLang')}
        title={t('prefs.switchTitle')}
        icon={<GlobalOutlined aria-hidden="true" />}
        onClick={toggleLanguage}
      >
        {t('prefs.switchTo')}
      </Button>
      <span className="tb-elderly">
        <Switch id="elderly-toggle" data-testid="elderly-toggle" aria-labelledby="elderly-label" checked={elderly} onChange={setElderly} />
        <label id="elderly-label" htmlFor="elderly-toggle">
          {t('prefs.elderly')}
        </label>
      </span>
    </div>
  );
}
