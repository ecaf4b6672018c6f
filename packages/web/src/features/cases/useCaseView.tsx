/** Loading a case for its page (the applicant's or the officer's), and what the page shows while there is none. */
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Loading, NotFound } from '../../shared/Feedback.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { GuardedError } from '../identity/Guards.tsx';
import { useCaseT } from './cases.i18n.ts';

/**
 * The case `id`: the loaded view, or the newer view an action or answer returned (`setView`) until the next load.
 * `fallback` is what to show instead of the case (`notFound` for a 404, or for an id that is no case's: 400; the
 * error; loading), null once there is a case.
 */
export function useCaseView<V>(id: string, load: (id: string, signal: AbortSignal) => Promise<V>, notFound: ReactNode) {
  const loaded = useAsync((signal) => load(id, signal), [id]);
  const [override, setOverride] = useState<V | null>(null);
  const [loadedFor, setLoadedFor] = useState(loaded.data);
  if (loadedFor !== loaded.data) {
    setLoadedFor(loaded.data);
    setOverride(null);
  }
  const view = override ?? loaded.data ?? null;
  let fallback: ReactNode = null;
  if (loaded.status === 'error' && (loaded.error.status === 404 || loaded.error.status === 400)) fallback = notFound;
  else if (!view) {
    fallback =
      loaded.status === 'error' ? (
        <div className="tb-page">
          <GuardedError error={loaded.error} onRetry={loaded.reload} />
        </div>
      ) : (
        <Loading />
      );
  }
  return { loaded, view, override, setView: setOverride, fallback };
}

/** No such case (or not one of this person's / this officer's): a link back to the list. */
export function CaseNotFound({ detail, listHref, listName }: { detail: string; listHref: string; listName: string }) {
  const ct = useCaseT();
  return (
    <NotFound testId="case-not-found" title={ct('cases.notFound.title')} detail={detail}>
      <Link className="tb-button-link tb-button-link--primary" to={listHref}>
        {listName}
      </Link>
    </NotFound>
  );
}
