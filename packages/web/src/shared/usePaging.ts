/** Paging state kept in the URL (`?page=`), and focus moved to the list's heading after a page change. */
import { useEffect, useRef, type RefObject } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The page asked for in `?page=` (1 when missing or invalid), and a ref for the heading that takes focus when it changes, so screen-reader users know where they are. */
export function usePaging(): { page: number; headingRef: RefObject<HTMLHeadingElement | null> } {
  const [params] = useSearchParams();
  const raw = Number(params.get('page'));
  const page = Number.isInteger(raw) && raw >= 1 ? raw : 1;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownPage = useRef(page);
  useEffect(() => {
    if (shownPage.current === page) return;
    shownPage.current = page;
    headingRef.current?.focus();
  }, [page]);
  return { page, headingRef };
}
