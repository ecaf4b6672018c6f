/** The administrator's routes (holders of the admin role only). */
import type { RouteObject } from 'react-router-dom';
import { Guard } from '../../features/identity/Guards.tsx';
import { AdminPage } from './AdminPage.tsx';

export const adminRoutes: RouteObject[] = [
  {
    path: 'admin',
    element: (
      <Guard need="admin">
        <AdminPage />
      </Guard>
    ),
  },
];
