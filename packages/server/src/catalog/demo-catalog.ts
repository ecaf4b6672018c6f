/** Loads the demo catalog (catalog/items, catalog/bundles) into an empty database on first start. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Db } from '@tongban/db';
import { importCatalog, type ImportResult } from './catalog.commands.ts';

/** Reads every YAML file of a catalog folder. */
export function readCatalogDir(dir: string): { items: { file: string; data: unknown }[]; bundles: { file: string; data: unknown }[] } {
  const read = (sub: string) => {
    let names: string[];
    try { names = readdirSync(join(dir, sub)); } catch { return []; }
    return names.filter((f) => f.endsWith('.yaml')).sort()
      .map((f) => ({ file: `${sub}/${f}`, data: parse(readFileSync(join(dir, sub, f), 'utf8')) as unknown }));
  };
  return { items: read('items'), bundles: read('bundles') };
}

/** Imports the folder when the catalog is empty; returns null when it already had entries. */
export async function seedCatalog(db: Db, dir: string, today: string): Promise<ImportResult | null> {
  return importCatalog(db, readCatalogDir(dir), { id: 'system:demo-seed' }, today, { onlyIfEmpty: true });
}
