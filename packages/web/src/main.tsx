/** Entry of the Tongban citizen web app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import './i18n/i18n.ts';
import './styles/global.css';
import './styles/apply.css';
import './styles/print.css';
import { PreferencesProvider } from './apps/shell/preferences.tsx';
import { router } from './apps/citizen/routes.tsx';
import { SessionProvider } from './features/identity/session.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <PreferencesProvider>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </PreferencesProvider>
  </StrictMode>,
);
