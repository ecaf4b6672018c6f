/**
 * The signed-in session: /api/v1/me is loaded once for the whole app and shared through useSession(). It also
 * hands the session's CSRF token to the HTTP helper, so every write carries it.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { ApiError, onCsrfRejected, setCsrfToken } from '../../shared/http.ts';
import { getMe, signInUrl, signOut as postSignOut } from './identity.api.ts';
import type { Me, OfficerRole } from './identity.types.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'signedIn'; me: Me }
  | { status: 'error'; error: ApiError };

export interface Session {
  state: SessionState;
  /** the signed-in person, or null */
  me: Me | null;
  /** signed in with the identity of an officer (not as a citizen) */
  isOfficer: boolean;
  /** whether the officer holds this role at any org */
  hasRole: (role: OfficerRole) => boolean;
  /** reloads /api/v1/me (after acting-as changes, a 401, a CSRF refusal); resolves to the person or null */
  refresh: () => Promise<Me | null>;
  /**
   * ends the session; `then` runs in the same update as the session turning signed-out (e.g. to navigate away
   * without the current page flashing "please sign in"); throws ApiError when the server could not do it
   */
  signOut: (then?: () => void) => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Loads the session once and keeps it for every screen. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const latest = useRef(0);

  const refresh = useCallback(async (): Promise<Me | null> => {
    const call = ++latest.current;
    try {
      const me = await getMe();
      if (call === latest.current) {
        setCsrfToken(me.csrfToken);
        setState({ status: 'signedIn', me });
      }
      return me;
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, undefined);
      if (call === latest.current) {
        if (error.status === 401) {
          setCsrfToken(null);
          setState({ status: 'signedOut' });
        } else {
          // A failed reload (network) keeps a known session rather than blanking the pages.
          setState((prev) => (prev.status === 'signedIn' ? prev : { status: 'error', error }));
        }
      }
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
    onCsrfRejected(async () => (await refresh())?.csrfToken ?? null);
    return () => onCsrfRejected(null);
  }, [refresh]);

  const signOut = useCallback(async (then?: () => void) => {
    try {
      await postSignOut();
    } catch (err) {
      // Already signed out (the session expired): that is what was wanted.
      if (!(err instanceof ApiError && err.status === 401)) throw err;
    }
    latest.current++;
    setCsrfToken(null);
    then?.();
    setState({ status: 'signedOut' });
    void refresh();
  }, [refresh]);

  const value = useMemo<Session>(() => {
    const me = state.status === 'signedIn' ? state.me : null;
    const isOfficer = me?.kind === 'officer' && !!me.officer;
    return {
      state,
      me,
      isOfficer,
      hasRole: (role) => isOfficer && !!me?.officer?.roles.some((r) => r.role === role),
      refresh,
      signOut,
    };
  }, [state, refresh, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; only inside SessionProvider. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The sign-in address that brings the user back to the current page. */
export function useSignInHref(as?: 'citizen' | 'officer'): string {
  const { pathname, search, hash } = useLocation();
  return signInUrl(`${pathname}${search}${hash}`, as);
}
