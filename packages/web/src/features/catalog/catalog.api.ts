/** Typed client of the catalog API: item search, published guides, life-event bundles and the admin export. */
import { getJson, getText, withQuery } from '../../shared/http.ts';
import type { BundleSummary, BundleView, ItemPage, ItemQuery, PublishedItem } from './catalog.types.ts';

const BASE = '/api/v1';

/** GET /api/v1/items — searches published items. */
export function searchItems(query: ItemQuery, signal?: AbortSignal): Promise<ItemPage> {
  return getJson<ItemPage>(
    withQuery(`${BASE}/items`, {
      q: query.q?.trim(),
      department: query.department,
      itemType: query.itemType,
      channel: query.channel,
      fullyOnline: query.fullyOnline,
      crossRegion: query.crossRegion,
      page: query.page,
      pageSize: query.pageSize,
    }),
    signal,
  );
}

/** GET /api/v1/items/{code}[?version=N] — the current (or a given) published version of an item. */
export function getItem(code: string, version?: number, signal?: AbortSignal): Promise<PublishedItem> {
  return getJson<PublishedItem>(withQuery(`${BASE}/items/${encodeURIComponent(code)}`, { version }), signal);
}

/** GET /api/v1/bundles — published life-event bundles. */
export async function listBundles(signal?: AbortSignal): Promise<BundleSummary[]> {
  const body = await getJson<{ bundles: BundleSummary[] }>(`${BASE}/bundles`, signal);
  return body.bundles;
}

/** GET /api/v1/bundles/{code} — a bundle with members, merged materials and totals. */
export function getBundle(code: string, signal?: AbortSignal): Promise<BundleView> {
  return getJson<BundleView>(`${BASE}/bundles/${encodeURIComponent(code)}`, signal);
}

/** GET /api/v1/admin/catalog/export — the newest published version of every item and bundle, as YAML (admin only). */
export function exportCatalog(signal?: AbortSignal): Promise<string> {
  return getText('/api/v1/admin/catalog/export', 'application/yaml, text/yaml', signal);
}
