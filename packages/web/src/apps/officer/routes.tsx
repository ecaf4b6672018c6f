/** The officer's routes (signed in with an officer's identity only): profile and jurisdiction, the case workbench, counter intake, licence status. */
import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Guard } from '../../features/identity/Guards.tsx';
import { WorkbenchPage } from '../../features/identity/WorkbenchPage.tsx';
import { Loading } from '../../shared/Feedback.tsx';

/**
 * The case screens bring the data table, dialogs and (counter intake) the form renderer with its JSON Schema
 * validator, which no citizen needs: loaded when an officer first opens one.
 */
const CaseWorkbenchPage = lazy(() => import('../../features/cases/CaseWorkbenchPage.tsx').then((m) => ({ default: m.CaseWorkbenchPage })));
const OfficerCasePage = lazy(() => import('../../features/cases/OfficerCasePage.tsx').then((m) => ({ default: m.OfficerCasePage })));
const IntakePage = lazy(() => import('../../features/cases/IntakePage.tsx').then((m) => ({ default: m.IntakePage })));
const RectificationsPage = lazy(() => import('../../features/ratings/RectificationsPage.tsx').then((m) => ({ default: m.RectificationsPage })));
const RectificationPage = lazy(() => import('../../features/ratings/RectificationPage.tsx').then((m) => ({ default: m.RectificationPage })));
const LicenseStatusPage = lazy(() => import('../../features/licenses/LicenseStatusPage.tsx').then((m) => ({ default: m.LicenseStatusPage })));
const AlertsPage = lazy(() => import('../../features/alerts/AlertsPage.tsx').then((m) => ({ default: m.AlertsPage })));
const DashboardPage = lazy(() => import('../../features/dashboard/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));

export const officerRoutes: RouteObject[] = [
  { path: 'officer/rectifications', element: <Guard need="officer"><Suspense fallback={<Loading />}><RectificationsPage /></Suspense></Guard> },
  { path: 'officer/rectifications/:id', element: <Guard need="officer"><Suspense fallback={<Loading />}><RectificationPage /></Suspense></Guard> },
  {
    path: 'officer',
    element: (
      <Guard need="officer">
        <WorkbenchPage />
      </Guard>
    ),
  },
  {
    path: 'officer/cases',
    element: (
      <Guard need="officer">
        <Suspense fallback={<Loading />}>
          <CaseWorkbenchPage />
        </Suspense>
      </Guard>
    ),
  },
  {
    path: 'officer/cases/:id',
    element: (
      <Guard need="officer">
        <Suspense fallback={<Loading />}>
          <OfficerCasePage />
        </Suspense>
      </Guard>
    ),
  },
  {
    path: 'officer/intake',
    element: (
      <Guard need="officer">
        <Suspense fallback={<Loading />}>
          <IntakePage />
        </Suspense>
      </Guard>
    ),
  },
  {
    path: 'officer/licenses',
    element: (
      <Guard need="officer">
        <Suspense fallback={<Loading />}>
          <LicenseStatusPage />
        </Suspense>
      </Guard>
    ),
  },
  {
    path: 'officer/alerts',
    element: (
      <Guard need="officer">
        <Suspense fallback={<Loading />}>
          <AlertsPage />
        </Suspense>
      </Guard>
    ),
  },
  {
    path: 'officer/dashboard',
    element: (
      <Guard need="officer">
        <Suspense fallback={<Loading />}>
          <DashboardPage />
        </Suspense>
      </Guard>
    ),
  },
];
