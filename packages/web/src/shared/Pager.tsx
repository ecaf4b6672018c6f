/** Paging as real links (each page has its own URL), inside a labelled nav. */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

interface PagerProps {
  page: number;
  pages: number;
  /** the link of a page */
  hrefFor: (page: number) => string;
}

/** Numbers around the current page, with the first and last always shown. */
function pageWindow(page: number, pages: number): (number | 'gap')[] {
  const shown = new Set([1, pages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pages));
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | 'gap')[] = [];
  sorted.forEach((p, i) => {
    const prev = sorted[i - 1];
    if (prev !== undefined && p - prev > 1) out.push('gap');
    out.push(p);
  });
  return out;
}

export function Pager({ page, pages, hrefFor }: PagerProps) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav className="tb-pager" aria-label={t('catalog.pagination')}>
      <ul>
        <li>
          {page > 1 ? (
            <Link to={hrefFor(page - 1)} rel="prev">{t('catalog.prev')}</Link>
          ) : (
            <span className="tb-pager-disabled" aria-disabled="true">{t('catalog.prev')}</span>
          )}
        </li>
        {pageWindow(page, pages).map((p, i) =>
          p === 'gap' ? (
            <li key={`gap-${i}`} aria-hidden="true" className="tb-pager-gap">…</li>
          ) : (
            <li key={p}>
              <Link
                to={hrefFor(p)}
                aria-current={p === page ? 'page' : undefined}
                aria-label={t('catalog.pageOf', { page: p, pages })}
              >
                {p}
              </Link>
            </li>
          ),
        )}
        <li>
          {page < pages ? (
            <Link to={hrefFor(page + 1)} rel="next">{t('catalog.next')}</Link>
          ) : (
            <span className="tb-pager-disabled" aria-disabled="true">{t('catalog.next')}</span>
          )}
        </li>
      </ul>
    </nav>
  );
}
