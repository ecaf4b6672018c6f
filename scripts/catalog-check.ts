/** `npm run catalog:check [dir]`: validates every catalog file and prints each problem with its path. */
import { checkCatalog } from '@tongban/core';
import { readCatalogDir } from './catalog-files.ts';

const dir = process.argv[2] ?? 'catalog';
const { items, bundles } = readCatalogDir(dir);
const report = checkCatalog(items, bundles);
let bad = 0;
for (const r of report) {
  for (const p of r.problems) {
    bad++;
    console.log(`${r.file} ${p.path || '/'}: ${p.message.en} (${p.reason})`);
  }
}
console.log(`${items.length} items, ${bundles.length} bundles, ${bad} problem(s)`);
process.exit(bad ? 1 : 0);
