/**
 * One application on the page: loads it, and saves changes one after another (each with the revision the last
 * save returned). A save refused as stale (`application.stale_revision`: changed in another tab) reloads the
 * application and applies the same change once more; one refused because it was submitted meanwhile reloads it,
 * so the page shows the receipt.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../shared/http.ts';
import { getApplication, saveApplication } from './apply.api.ts';
import type { ApplicationPatch, ApplicationView } from './apply.types.ts';

export type LoadState = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; view: ApplicationView };

export interface Draft {
  state: LoadState;
  /** saves a change; resolves to the saved view, rejects with ApiError */
  save: (patch: ApplicationPatch) => Promise<ApplicationView>;
  /** a save is under way */
  saving: boolean;
  /** when the last save ended well */
  savedAt: Date | null;
  /** replaces the view with one another call returned (pre-review, submit) */
  replace: (view: ApplicationView) => void;
  reload: () => void;
}

const asApiError = (err: unknown) => (err instanceof ApiError ? err : new ApiError(0, undefined));
export const problemCode = (err: unknown): string | undefined => (err instanceof ApiError ? err.problem?.code : undefined);

export function useApplication(id: string): Draft {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [pending, setPending] = useState(0);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef<ApplicationView | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const replace = useCallback((view: ApplicationView) => {
    // an older answer never replaces a newer revision
    if (latest.current && latest.current.id === view.id && latest.current.revision > view.revision && latest.current.status === view.status) return;
    latest.current = view;
    setState({ status: 'ready', view });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    latest.current = null;
    setState({ status: 'loading' });
    getApplication(id, controller.signal).then(
      (view) => {
        if (!controller.signal.aborted) replace(view);
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: asApiError(err) });
      },
    );
    return () => controller.abort();
  }, [id, attempt, replace]);

  const save = useCallback(
    (patch: ApplicationPatch): Promise<ApplicationView> => {
      const run = async (): Promise<ApplicationView> => {
        const current = latest.current;
        if (!current) throw new ApiError(0, undefined);
        setPending((n) => n + 1);
        try {
          try {
            const next = await saveApplication(id, current.revision, patch);
            replace(next);
            setSavedAt(new Date());
            return next;
          } catch (err) {
            const code = problemCode(err);
            if (code === 'application.stale_revision') {
              const fresh = await getApplication(id);
              latest.current = fresh;
              replace(fresh);
              if (fresh.status !== 'draft') throw err;
              const next = await saveApplication(id, fresh.revision, patch);
              replace(next);
              setSavedAt(new Date());
              return next;
            }
            if (code === 'application.not_draft') replace(await getApplication(id));
            throw err;
          }
        } catch (err) {
          throw asApiError(err);
        } finally {
          setPending((n) => n - 1);
        }
      };
      const p = queue.current.then(run, run);
      queue.current = p.catch(() => undefined);
      return p;
    },
    [id, replace],
  );

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  return { state, save, saving: pending > 0, savedAt, replace, reload };
}
