/** The service catalog (事项目录): search, filters and results, all kept in the URL query string. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Empty, Input } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { CHANNELS, DEPARTMENTS, ITEM_TYPES, POLICE_DEPARTMENTS } from '@tongban/core/enums';
import { searchItems } from './catalog.api.ts';
import { hasCriteria, paramsFromQuery, queryFromParams } from './catalog.query.ts';
import type { ItemQuery, ItemSummary } from './catalog.types.ts';
import { useAsync } from '../../shared/useAsync.ts';
import { ErrorState, Loading } from '../../shared/Feedback.tsx';
import { Pager } from '../../shared/Pager.tsx';
import { Badges } from '../../shared/Badges.tsx';
import { L, channelText, departmentText, itemTypeText, pick, useTextLang } from '../../shared/text.tsx';
import { useFormat } from '../../shared/format.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';

/** How long typing pauses before the results follow. */
const TYPING_DELAY_MS = 400;

export function CatalogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const paramsKey = paramsFromQuery(query).toString();
  usePageTitle(t('catalog.title'));

  const results = useAsync((signal) => searchItems(query, signal), [paramsKey]);

  /** Changes the query; any change other than the page goes back to page 1. */
  const update = (patch: Partial<ItemQuery>, options: { replace?: boolean } = {}) => {
    // paramsFromQuery leaves out the cleared (undefined / false / empty) values.
    const next: ItemQuery = { ...query, page: 1, ...patch };
    setParams(paramsFromQuery(next), { replace: options.replace ?? false });
  };

  const hrefFor = (page: number) => {
    const p = paramsFromQuery({ ...query, page }).toString();
    return p ? `?${p}` : '?';
  };

  // After paging, move to the top of the new results (focus tells screen-reader users where they are).
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownPage = useRef(query.page);
  useEffect(() => {
    if (shownPage.current === query.page) return;
    shownPage.current = query.page;
    headingRef.current?.focus();
  }, [query.page]);

  const data = results.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div className="tb-page tb-catalog">
      <h1>{t('catalog.title')}</h1>
      <p className="tb-lead">{t('catalog.intro')}</p>

      <SearchBox q={query.q ?? ''} onSearch={(q, replace) => update({ q: q.trim() || undefined }, { replace })} />
      <Filters query={query} onChange={(patch) => update(patch)} />

      <section className="tb-results" aria-labelledby="results-heading">
        <h2 id="results-heading" ref={headingRef} tabIndex={-1}>{t('catalog.results')}</h2>
        <p className="tb-result-count" role="status">
          {data ? t('catalog.resultCount', { count: data.total }) : ''}
        </p>
        {results.status === 'error' && <ErrorState error={results.error} onRetry={results.reload} />}
        {results.status === 'loading' && !data && <Loading />}
        {data && data.items.length === 0 && results.status !== 'error' && (
          <EmptyResults filtered={hasCriteria(query)} onClear={() => setParams(new URLSearchParams())} />
        )}
        {data && data.items.length > 0 && (
          <ul className="tb-result-list" data-testid="catalog-results" aria-busy={results.status === 'loading'}>
            {data.items.map((item) => (
              <li key={item.code}>
                <ResultCard item={item} />
              </li>
            ))}
          </ul>
        )}
        {data && <Pager page={data.page} pages={pages} hrefFor={hrefFor} />}
      </section>
    </div>
  );
}

/** The search box: results follow typing after a pause, or at once on Enter / the button. */
function SearchBox({ q, onSearch }: { q: string; onSearch: (q: string, replace: boolean) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(q);
  const sent = useRef(q);
  const search = useRef(onSearch);
  useEffect(() => {
    search.current = onSearch;
  });

  // Follow the URL when it changes from outside (back button, a cleared search), not while typing.
  useEffect(() => {
    if (q !== sent.current) {
      sent.current = q;
      setDraft(q);
    }
  }, [q]);

  useEffect(() => {
    if (draft.trim() === sent.current.trim()) return;
    const timer = setTimeout(() => {
      sent.current = draft.trim();
      search.current(draft, true);
    }, TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    sent.current = draft.trim();
    onSearch(draft, false);
  };

  return (
    <form role="search" className="tb-search" onSubmit={submit}>
      <label htmlFor="catalog-search" className="tb-label">{t('catalog.searchLabel')}</label>
      <div className="tb-search-row">
        <Input
          id="catalog-search"
          data-testid="catalog-search"
          type="search"
          size="large"
          value={draft}
          placeholder={t('catalog.searchPlaceholder')}
          autoComplete="off"
          enterKeyHint="search"
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button type="primary" htmlType="submit" size="large" icon={<SearchOutlined aria-hidden="true" />}>
          {t('catalog.searchButton')}
        </Button>
      </div>
    </form>
  );
}

/** Department, item type, channel and the two yes/no filters, as native controls (best on phones and for AT). */
function Filters({ query, onChange }: { query: ItemQuery; onChange: (patch: Partial<ItemQuery>) => void }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const id = useId();
  // Police departments first; outside agencies only matter for bundle members but may still be searched.
  const departments = [...POLICE_DEPARTMENTS, ...DEPARTMENTS.filter((d) => !(POLICE_DEPARTMENTS as readonly string[]).includes(d))];
  const active = !!(query.department || query.itemType || query.channel || query.fullyOnline || query.crossRegion);

  return (
    <section className="tb-filters" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="tb-filters-title">{t('catalog.filters')}</h2>
      <div className="tb-filter-grid">
        <div className="tb-field">
          <label htmlFor={`${id}-department`} className="tb-label">{t('catalog.department')}</label>
          <select
            id={`${id}-department`}
            data-testid="filter-department"
            className="tb-select"
            value={query.department ?? ''}
            onChange={(e) => onChange({ department: DEPARTMENTS.find((d) => d === e.target.value) })}
          >
            <option value="">{t('catalog.any')}</option>
            {departments.map((d) => (
              <option key={d} value={d}>{pick(departmentText(d), lang)}</option>
            ))}
          </select>
        </div>
        <div className="tb-field">
          <label htmlFor={`${id}-type`} className="tb-label">{t('catalog.itemType')}</label>
          <select
            id={`${id}-type`}
            data-testid="filter-item-type"
            className="tb-select"
            value={query.itemType ?? ''}
            onChange={(e) => onChange({ itemType: ITEM_TYPES.find((v) => v === e.target.value) })}
          >
            <option value="">{t('catalog.any')}</option>
            {ITEM_TYPES.map((v) => (
              <option key={v} value={v}>{pick(itemTypeText(v), lang)}</option>
            ))}
          </select>
        </div>
        <div className="tb-field">
          <label htmlFor={`${id}-channel`} className="tb-label">{t('catalog.channel')}</label>
          <select
            id={`${id}-channel`}
            data-testid="filter-channel"
            className="tb-select"
            value={query.channel ?? ''}
            onChange={(e) => onChange({ channel: CHANNELS.find((v) => v === e.target.value) })}
          >
            <option value="">{t('catalog.any')}</option>
            {CHANNELS.map((v) => (
              <option key={v} value={v}>{pick(channelText(v), lang)}</option>
            ))}
          </select>
        </div>
        <div className="tb-field tb-field--checks">
          <Checkbox
            data-testid="filter-fully-online"
            checked={!!query.fullyOnline}
            onChange={(e) => onChange({ fullyOnline: e.target.checked || undefined })}
          >
            {t('catalog.fullyOnline')}
          </Checkbox>
          <Checkbox
            data-testid="filter-cross-region"
            checked={!!query.crossRegion}
            onChange={(e) => onChange({ crossRegion: e.target.checked || undefined })}
          >
            {t('catalog.crossRegion')}
          </Checkbox>
        </div>
      </div>
      {active && (
        <Button
          className="tb-filter-reset"
          onClick={() =>
            onChange({ department: undefined, itemType: undefined, channel: undefined, fullyOnline: undefined, crossRegion: undefined })
          }
        >
          {t('catalog.reset')}
        </Button>
      )}
    </section>
  );
}

/** One result: the name links to the guide. */
function ResultCard({ item }: { item: ItemSummary }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <article className="tb-result">
      <h3 className="tb-result-title">
        <Link to={`/items/${encodeURIComponent(item.code)}`}>
          <L text={item.name} />
        </Link>
      </h3>
      {item.summary && <p className="tb-result-summary"><L text={item.summary} /></p>}
      <dl className="tb-meta">
        <div>
          <dt>{t('catalog.department')}</dt>
          <dd><L text={departmentText(item.department)} /></dd>
        </div>
        <div>
          <dt>{t('catalog.itemType')}</dt>
          <dd><L text={itemTypeText(item.itemType)} /></dd>
        </div>
        <div>
          <dt>{t('catalog.promisedLimit')}</dt>
          <dd>{f.days(item.promisedLimitDays)}</dd>
        </div>
        <div>
          <dt>{t('catalog.visits')}</dt>
          <dd>{f.visits(item.visits)}</dd>
        </div>
      </dl>
      <Badges fullyOnline={item.fullyOnline} instant={item.projectType === 'instant'} crossRegion={item.crossRegion} />
    </article>
  );
}

function EmptyResults({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="tb-empty" data-testid="catalog-empty">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <>
            <strong className="tb-empty-title">{t('catalog.empty.title')}</strong>
            <span className="tb-empty-hint">{t('catalog.empty.hint')}</span>
          </>
        }
      >
        {filtered && <Button type="primary" onClick={onClear}>{t('catalog.empty.clear')}</Button>}
      </Empty>
    </div>
  );
}
