/** The results part of a list page: a heading that takes focus after paging, the count, the error and loading states, the list and its pager. */
import type { ComponentType, ReactNode, RefObject } from 'react';
import { ErrorState, Loading } from './Feedback.tsx';
import type { ApiError } from './http.ts';
import { Pager } from './Pager.tsx';
import { useAsync, type AsyncState } from './useAsync.ts';
import { pageHref, usePaging } from './usePaging.ts';

/** What a page of a list says about itself. */
interface ListPage {
  total: number;
  page?: number;
  pageSize?: number;
}

export function ResultsSection<T extends ListPage>({ id, heading, headingRef, headingHidden = false, className, count, list, page, pageSize, hrefFor, errorView: ErrorView = ErrorState, children }: {
  /** the heading's id */
  id: string;
  heading: ReactNode;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** a heading for screen readers only */
  headingHidden?: boolean;
  className?: string;
  /** the count line, from the list's total */
  count: (total: number) => string;
  list: AsyncState<T> & { reload: () => void };
  /** the page asked for, and the page size asked for (used when the answer does not say) */
  page: number;
  pageSize: number;
  hrefFor: (page: number) => string;
  errorView?: ComponentType<{ error: ApiError; onRetry?: () => void }>;
  /** the list, once loaded */
  children: (data: T) => ReactNode;
}) {
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || pageSize))) : 1;
  return (
    <section className={className} aria-labelledby={id}>
      <h2 id={id} ref={headingRef} tabIndex={-1} className={headingHidden ? 'tb-visually-hidden' : undefined}>
        {heading}
      </h2>
      <p className="tb-result-count" role="status">
        {data ? count(data.total) : ''}
      </p>
      {list.status === 'error' && <ErrorView error={list.error} onRetry={list.reload} />}
      {list.status === 'loading' && !data && <Loading />}
      {data && children(data)}
      {data && <Pager page={data.page ?? page} pages={pages} hrefFor={hrefFor} />}
    </section>
  );
}

/**
 * A list paged with `?page=` (the URL's only parameter): the list loaded for the page asked for, and the paging
 * props of its ResultsSection.
 */
export function usePagedList<T extends ListPage>(load: (page: number, pageSize: number, signal: AbortSignal) => Promise<T>, pageSize: number) {
  const { page, headingRef } = usePaging();
  const list = useAsync((signal) => load(page, pageSize, signal), [page]);
  return { list, paging: { list, page, pageSize, headingRef, hrefFor: pageHref } };
}
