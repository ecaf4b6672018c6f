/**
 * The unread count shown in the header: one value for the whole app, polled every 30 s while a citizen is signed in
 * (never for anonymous visitors or officers), checked again when the tab becomes visible, and set directly by the
 * inbox page when it loads or marks messages read, so the badge follows at once.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { ApiError } from '../../shared/http.ts';
import { listNotifications } from './notifications.api.ts';

/** How often the count is asked for. */
export const POLL_MS = 30_000;

let unread = 0;
const listeners = new Set<() => void>();

/** Sets the unread count (from any answer of the notifications API). */
export function setUnreadCount(n: number): void {
  const next = Math.max(0, Math.floor(n));
  if (next === unread) return;
  unread = next;
  listeners.forEach((l) => l());
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

/** The current unread count. */
export function useUnreadCount(): number {
  return useSyncExternalStore(subscribe, () => unread, () => 0);
}

/** Polls the unread count while `enabled` (a citizen is signed in); clears it otherwise. */
export function useUnreadPolling(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) {
      setUnreadCount(0);
      return;
    }
    let controller: AbortController | null = null;
    let stopped = false;
    const load = () => {
      if (stopped || document.visibilityState === 'hidden') return;
      controller?.abort();
      const ctl = new AbortController();
      controller = ctl;
      listNotifications(true, ctl.signal).then(
        (list) => {
          if (!ctl.signal.aborted) setUnreadCount(list.unread);
        },
        (err: unknown) => {
          // signed out meanwhile: stop asking (the session notices on the next page); any other failure keeps the
          // last count and the next poll tries again
          if (err instanceof ApiError && err.status === 401) {
            stopped = true;
            window.clearInterval(timer);
            setUnreadCount(0);
          }
        },
      );
    };
    const timer = window.setInterval(load, POLL_MS);
    load();
    document.addEventListener('visibilitychange', load);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', load);
      controller?.abort();
    };
  }, [enabled]);
}
