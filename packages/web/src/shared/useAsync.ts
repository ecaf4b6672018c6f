/** Loads data for a screen, cancelling the previous request when its inputs change. */
import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { ApiError } from './http.ts';

export type AsyncState<T> =
  | { status: 'loading'; data?: T }
  | { status: 'success'; data: T }
  | { status: 'error'; error: ApiError; data?: T };

/** Runs `load` whenever `deps` change; keeps the last data while reloading so lists do not flash. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    setState((prev) => ({ status: 'loading', ...(prev.data !== undefined ? { data: prev.data } : {}) }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'success', data });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const error = err instanceof ApiError ? err : new ApiError(0, undefined);
        setState((prev) => ({ status: 'error', error, ...(prev.data !== undefined ? { data: prev.data } : {}) }));
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; the caller's deps say when it really changes.
  }, [...deps, attempt]);

  return { ...state, reload };
}
