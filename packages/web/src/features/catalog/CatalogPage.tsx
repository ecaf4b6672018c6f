/** The service catalog (事项目录): search, filters and results, all kept in the URL query string. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Input } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { CHANNELS, DEPARTMENTS, ITEM_TYPES } from '@tongban/core/enums';
import { searchItems } from './catalog.api.ts';
import { hasCriteria, paramsFromQuery, queryFromParams } from './catalog.query.ts';
import type { ItemQuery, ItemSummary } from './catalog.types.ts';
import { useAsync } from '../../shared/useAsync.ts';
import { EmptyState } from '../../shared/Feedback.tsx';
import { SelectField } from '../../shared/Field.tsx';
import { ResultsSection } from '../../shared/Results.tsx';
import { Badges } from '../../shared/Badges.tsx';
import { DEPARTMENTS_POLICE_FIRST, L, channelText, departmentText, itemTypeText } from '../../shared/text.tsx';
import { useFormat } from '../../shared/format.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { queryPageHref, usePageFocus } from '../../shared/usePaging.ts';

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

  // After paging, move to the top of the new results (focus tells screen-reader users where they are).
  const headingRef = usePageFocus(query.page);

  return (
    <div className="tb-page tb-catalog">
      <h1>{t('catalog.title')}</h1>
      <p className="tb-lead">{t('catalog.intro')}</p>

      <SearchBox q={query.q ?? ''} onSearch={(q, replace) => update({ q: q.trim() || undefined }, { replace })} />
      <Filters query={query} onChange={(patch) => update(patch)} />

      <ResultsSection
        id="results-heading"
        className="tb-results"
        heading={t('catalog.results')}
        headingRef={headingRef}
        count={(count) => t('catalog.resultCount', { count })}
        list={results}
        page={query.page}
        pageSize={query.pageSize}
        hrefFor={queryPageHref(query, paramsFromQuery)}
      >
        {(data) =>
          data.items.length === 0 ? (
            results.status !== 'error' && <EmptyResults filtered={hasCriteria(query)} onClear={() => setParams(new URLSearchParams())} />
          ) : (
            <ul className="tb-result-list" data-testid="catalog-results" aria-busy={results.status === 'loading'}>
              {data.items.map((item) => (
                <li key={item.code}>
                  <ResultCard item={item} />
                </li>
              ))}
            </ul>
          )
        }
      </ResultsSection>
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
  const id = useId();
  const active = !!(query.department || query.itemType || query.channel || query.fullyOnline || query.crossRegion);

  return (
    <section className="tb-filters" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="tb-filters-title">{t('catalog.filters')}</h2>
      <div className="tb-filter-grid">
        <SelectField
          id={`${id}-department`}
          label={t('catalog.department')}
          testId="filter-department"
          value={query.department}
          anyLabel={t('catalog.any')}
          options={DEPARTMENTS_POLICE_FIRST.map((d) => ({ value: d, label: departmentText(d) }))}
          onChange={(v) => onChange({ department: DEPARTMENTS.find((d) => d === v) })}
        />
        <SelectField
          id={`${id}-type`}
          label={t('catalog.itemType')}
          testId="filter-item-type"
          value={query.itemType}
          anyLabel={t('catalog.any')}
          options={ITEM_TYPES.map((v) => ({ value: v, label: itemTypeText(v) }))}
          onChange={(v) => onChange({ itemType: ITEM_TYPES.find((x) => x === v) })}
        />
        <SelectField
          id={`${id}-channel`}
          label={t('catalog.channel')}
          testId="filter-channel"
          value={query.channel}
          anyLabel={t('catalog.any')}
          options={CHANNELS.map((v) => ({ value: v, label: channelText(v) }))}
          onChange={(v) => onChange({ channel: CHANNELS.find((x) => x === v) })}
        />
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
    <EmptyState
      testId="catalog-empty"
      title={t('catalog.empty.title')}
      hint={t('catalog.empty.hint')}
      action={filtered && <Button type="primary" onClick={onClear}>{t('catalog.empty.clear')}</Button>}
    />
  );
}
