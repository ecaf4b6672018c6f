/** The catalog page's search and filters, read from and written to the URL query string (so it can be shared). */
import { CHANNELS, DEPARTMENTS, ITEM_TYPES } from '@tongban/core/enums';
import type { ItemQuery } from './catalog.types.ts';

/** Results per page. */
export const PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

const oneOf = <T extends string>(values: readonly T[], raw: string | null): T | undefined =>
  values.find((v) => v === raw);

const positiveInt = (raw: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
};

/** Reads the query; unknown filter values are ignored rather than sent to the API. */
export function queryFromParams(params: URLSearchParams): ItemQuery {
  const q = params.get('q')?.trim();
  const department = oneOf(DEPARTMENTS, params.get('department'));
  const itemType = oneOf(ITEM_TYPES, params.get('itemType'));
  const channel = oneOf(CHANNELS, params.get('channel'));
  return {
    ...(q ? { q } : {}),
    ...(department ? { department } : {}),
    ...(itemType ? { itemType } : {}),
    ...(channel ? { channel } : {}),
    ...(params.get('fullyOnline') === 'true' ? { fullyOnline: true } : {}),
    ...(params.get('crossRegion') === 'true' ? { crossRegion: true } : {}),
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('pageSize'), PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

/** Writes the query, leaving out defaults so that shared links stay short. */
export function paramsFromQuery(query: ItemQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.department) params.set('department', query.department);
  if (query.itemType) params.set('itemType', query.itemType);
  if (query.channel) params.set('channel', query.channel);
  if (query.fullyOnline) params.set('fullyOnline', 'true');
  if (query.crossRegion) params.set('crossRegion', 'true');
  if (query.page > 1) params.set('page', String(query.page));
  if (query.pageSize !== PAGE_SIZE) params.set('pageSize', String(query.pageSize));
  return params;
}

/** True when any search text or filter is set (the empty state then offers to clear them). */
export const hasCriteria = (query: ItemQuery): boolean =>
  !!(query.q || query.department || query.itemType || query.channel || query.fullyOnline || query.crossRegion);
