/**
 * The route tree inside the shell: catalog, service guides and life-event bundles (public); the signed-in person's
 * profile, data-access record, applications (我的申请), the apply journey (/apply/:id), cases (我的办件), messages (消息),
 * e-licences (证照夹 /me/licenses, a licence and 亮证 /me/licenses/:id, who checked them /me/licenses/checks); the public
 * licence verifier (/verify); and the officer's and the administrator's routes (./officer, ./admin).
 */
import { lazy, Suspense, type ReactElement } from 'react';
import { createBrowserRouter, useRouteError } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Shell } from '../shell/Shell.tsx';
import { NotFoundPage } from '../shell/NotFoundPage.tsx';
import { CatalogPage } from '../../features/catalog/CatalogPage.tsx';
import { GuidePage } from '../../features/catalog/GuidePage.tsx';
import { BundlesPage } from '../../features/bundles/BundlesPage.tsx';
import { BundlePage } from '../../features/bundles/BundlePage.tsx';
import { Guard } from '../../features/identity/Guards.tsx';
import { ProfilePage } from '../../features/identity/ProfilePage.tsx';
import { DataAccessPage } from '../../features/identity/DataAccessPage.tsx';
import { MyApplicationsPage } from '../../features/apply/MyApplicationsPage.tsx';
import { MyCasesPage } from '../../features/cases/MyCasesPage.tsx';
import { NotificationsPage } from '../../features/notifications/NotificationsPage.tsx';
import { WalletPage } from '../../features/licenses/WalletPage.tsx';
import { ChecksPage } from '../../features/licenses/ChecksPage.tsx';
import { Loading } from '../../shared/Feedback.tsx';
import { officerRoutes } from '../officer/routes.tsx';
import { adminRoutes } from '../admin/routes.tsx';

/** The apply journey brings the form renderer and its JSON Schema validator: loaded when first needed. */
const ApplyPage = lazy(() => import('../../features/apply/ApplyPage.tsx').then((m) => ({ default: m.ApplyPage })));
/** A case's page brings the step list and the timeline (and the supplement upload): loaded when first opened. */
const CasePage = lazy(() => import('../../features/cases/CasePage.tsx').then((m) => ({ default: m.CasePage })));
/** A licence's page brings the QR code renderer (亮证); the verifier page is public and opened from a QR code. */
const LicensePage = lazy(() => import('../../features/licenses/LicensePage.tsx').then((m) => ({ default: m.LicensePage })));
const PadPage = lazy(() => import('../../features/ratings/PadPage.tsx').then((m) => ({ default: m.PadPage })));
const VerifyPage = lazy(() => import('../../features/licenses/VerifyPage.tsx').then((m) => ({ default: m.VerifyPage })));
/** 政务公开: the public service-quality table, for anyone. */
const PublicQualityPage = lazy(() => import('../../features/dashboard/PublicQualityPage.tsx').then((m) => ({ default: m.PublicQualityPage })));

/** A render error inside a page: say so instead of a blank screen. */
function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <div className="tb-page" role="alert">
      <h1>{t('error.title')}</h1>
      <p>{t('error.generic', { status: 'UI' })}</p>
    </div>
  );
}

/** A page for signed-in people only. */
const signedIn = (page: ReactElement) => <Guard need="signedIn">{page}</Guard>;
/** A page for signed-in people only, loaded when first opened. */
const signedInLazy = (page: ReactElement) => signedIn(<Suspense fallback={<Loading />}>{page}</Suspense>);

export const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <CatalogPage /> },
          { path: 'items', element: <CatalogPage /> },
          { path: 'items/:code', element: <GuidePage /> },
          { path: 'bundles', element: <BundlesPage /> },
          { path: 'bundles/:code', element: <BundlePage /> },
          {
            path: 'me',
            element: signedIn(<ProfilePage />),
          },
          {
            path: 'me/data-access',
            element: signedIn(<DataAccessPage />),
          },
          {
            path: 'me/applications',
            element: signedIn(<MyApplicationsPage />),
          },
          {
            path: 'me/cases',
            element: signedIn(<MyCasesPage />),
          },
          {
            path: 'me/cases/:id',
            element: signedInLazy(<CasePage />),
          },
          {
            path: 'me/notifications',
            element: signedIn(<NotificationsPage />),
          },
          {
            path: 'me/licenses',
            element: signedIn(<WalletPage />),
          },
          {
            path: 'me/licenses/checks',
            element: signedIn(<ChecksPage />),
          },
          {
            path: 'me/licenses/:id',
            element: signedInLazy(<LicensePage />),
          },
          {
            path: 'quality',
            element: (
              <Suspense fallback={<Loading />}>
                <PublicQualityPage />
              </Suspense>
            ),
          },
          {
            path: 'verify',
            element: (
              <Suspense fallback={<Loading />}>
                <VerifyPage />
              </Suspense>
            ),
          },
          { path: 'pad/:token', element: <Suspense fallback={<Loading />}><PadPage /></Suspense> },
          {
            path: 'apply/:id',
            element: signedInLazy(<ApplyPage />),
          },
          ...officerRoutes,
          ...adminRoutes,
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
