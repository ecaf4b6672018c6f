/** Paging state kept in the URL (`?page=`), and focus moved to the list's heading after a page change. */
import { useEffect, useRef, type RefObject } from 'react';
import { useSearchParams } from 'react-router-dom';

/** A ref for the heading of a paged list that takes focus when `page` changes, so screen-reader users know where they are. */
export function usePageFocus(page: number): RefObject<HTMLHeadingElement | null> {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownPage = useRef(page);
  useEffect(() => {
    if (shownPage.current === page) return;
    shownPage.current = page;
    headingRef.current?.focus();
  }, [page]);
  return headingRef;
}

/** The page asked for in `?page=` (1 when missing or invalid), and a ref for the heading that takes focus when it changes. */
export function usePaging(): { page: number; headingRef: RefObject<HTMLHeadingElement | null> } {
  const [params] = useSearchParams();
  const raw = Number(params.get('page'));
  const page = Number.isInteger(raw) && raw >= 1 ? raw : 1;
  return { page, headingRef: usePageFocus(page) };
}

/** The link of a page when the page is the URL's only parameter. */
export const pageHref = (page: number): string => (page > 1 ? `?page=${page}` : '?');

/** The links of the pages of a query kept in the URL (the other parameters stay as they are). */
export function queryPageHref<Q extends { page: number }>(query: Q, toParams: (q: Q) => URLSearchParams): (page: number) => string {
  return (page) => {
    const p = toParams({ ...query, page }).toString();
    return p ? `?${p}` : '?';
  };
}
