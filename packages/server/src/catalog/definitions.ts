/**
 * Catalog definitions by version, cached: a published version never changes (a database trigger enforces it), so
 * each is read and parsed once per process. Drafts are read every time.
 */
import { NotFoundError, type ItemDefinition } from '@tongban/core';
import { catalogRepo, type Queryable } from '@tongban/db';

const cache = new Map<string, unknown>();
const MAX = 2000;

/** The definition of `code` at `version` (an item or a bundle); 404 when there is no such version. */
export async function definitionAt<T = ItemDefinition>(q: Queryable, code: string, version: number): Promise<T> {
  const key = `${code}@${version}`;
  const hit = cache.get(key);
  if (hit) return hit as T;
  const v = await catalogRepo.version(q, code, version);
  if (!v) throw new NotFoundError('catalog.not_found', { zh: `事项“${code}”第 ${version} 版`, en: `Version ${version} of "${code}"` }, { code, version });
  if (v.status === 'published') {
    if (cache.size >= MAX) cache.delete(cache.keys().next().value!);
    cache.set(key, v.definition);
  }
  return v.definition as T;
}
