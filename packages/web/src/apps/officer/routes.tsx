/** The officer's routes (signed in with an officer's identity only). */
import type { RouteObject } from 'react-router-dom';
import { Guard } from '../../features/identity/Guards.tsx';
import { WorkbenchPage } from '../../features/identity/WorkbenchPage.tsx';

export const officerRoutes: RouteObject[] = [
  {
    path: 'officer',
    element: (
      <Guard need="officer">
        <WorkbenchPage />
      </Guard>
    ),
  },
];
