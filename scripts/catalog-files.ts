/** Reads every item and bundle file of a catalog folder (YAML), for the check script, the loader and the tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface CatalogFile { file: string; data: unknown }

export function readCatalogDir(dir: string): { items: CatalogFile[]; bundles: CatalogFile[] } {
  const read = (sub: string): CatalogFile[] =>
    readdirSync(join(dir, sub)).filter((f) => f.endsWith('.yaml')).sort()
      .map((f) => ({ file: `${sub}/${f}`, data: parse(readFileSync(join(dir, sub, f), 'utf8')) as unknown }));
  return { items: read('items'), bundles: read('bundles') };
}
