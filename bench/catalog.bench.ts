/**
 * Catalog search latency over 2,000 generated items on the embedded database (PGlite), through the HTTP API.
 * Figures: catalog_search_p50_ms, catalog_search_p99_ms (target p99 < 10 ms).
 */
import { migrate, openDb } from "@tongban/db";
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { fixedClock } from '../packages/server/src/clock.ts';
import { loadSecrets } from '../packages/server/src/identity/keys.ts';
import { importCatalog } from '../packages/server/src/catalog/catalog.commands.ts';
import { readCatalogDir } from '../packages/server/src/catalog/demo-catalog.ts';
import { figure, progress, quantile, round } from './report.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 2000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2000);
const config = loadConfig({});
const today = '2026-11-23';

const demo = readCatalogDir(config.catalogDir);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- generated variations of untyped YAML
const templates = demo.items.map((i) => i.data as Record<string, any>);
const PLACES = ['黄浦', '徐汇', '长宁', '静安', '普陀', '虹口', '杨浦', '闵行', '宝山', '嘉定', '浦东', '金山', '松江', '青浦', '奉贤', '崇明'];
const VARIANTS = ['办理', '变更', '补办', '延续', '注销', '查询', '备案', '换领', '核验', '预约'];

// Generated items: copies of the demo items under new codes, with district and variant words in their names.
const items = Array.from({ length: ITEMS }, (_, n) => {
  const t = structuredClone(templates[n % templates.length]!);
  const place = PLACES[n % PLACES.length]!;
  const variant = VARIANTS[Math.floor(n / templates.length) % VARIANTS.length]!;
  t.code = `GEN-${String(n).padStart(5, '0')}`;
  t.name = { zh: `${place}${t.name.zh}${variant}`, en: `${t.name.en} (${n})` };
  for (const m of t.materials) if (m.source?.type === 'itemOutput') m.source = { type: 'upload' };
  delete t.effectiveDate;
  return { file: `gen/${n}`, data: t };
});

const db = await openDb({ dataDir: 'memory://' });
await migrate(db);
progress(`importing ${ITEMS} generated items into PGlite…`);
let t0 = performance.now();
await importCatalog(db, { items, bundles: [] }, { id: 'system:bench' }, today);
progress(`imported in ${round((performance.now() - t0) / 1000, 1)} s`);

const app = await buildApp({ db, clock: fixedClock(today), config: { ...config, webDist: '/nonexistent' }, secrets: loadSecrets(config, { ephemeral: true }) }, { logger: false });
const base = await app.listen({ port: 0, host: '127.0.0.1' });

const words = ['居住证', '签注', '护照', '驾驶证', '户口', '犬只', '机动车', '证明', '备案', '许可', '身份证', '港澳', '消防', '黄浦 居住证', '浦东 户籍证明', 'HZ-JZZ', 'GEN-001', 'permit'];
const filters = ['', '&department=household', '&fullyOnline=true', '&channel=window', '&crossRegion=true', '&itemType=licence'];
const urls = Array.from({ length: QUERIES }, (_, i) => {
  const q = i % 7 === 6 ? '' : `q=${encodeURIComponent(words[i % words.length]!)}`;
  return `${base}/api/v1/items?${q}${filters[i % filters.length]}&page=${1 + (i % 3)}&pageSize=20`;
});

progress('warming up…');
for (const u of urls.slice(0, 200)) await (await fetch(u)).arrayBuffer();
progress(`${QUERIES} searches, one at a time…`);
const times: number[] = [];
let hits = 0;
for (const u of urls) {
  t0 = performance.now();
  const res = await fetch(u);
  const body = (await res.json()) as { total: number };
  times.push(performance.now() - t0);
  if (res.status !== 200) throw new Error(`search failed: ${res.status} ${u}`);
  hits += body.total > 0 ? 1 : 0;
}
progress(`${hits}/${QUERIES} searches found something`);
figure({ suite: 'catalog', figure: 'catalog_search_p50_ms', value: round(quantile(times, 0.5)), unit: 'ms' });
figure({ suite: 'catalog', figure: 'catalog_search_p99_ms', value: round(quantile(times, 0.99)), unit: 'ms', limit: 'target', limitValue: 10 });
await app.close();
await db.close();
