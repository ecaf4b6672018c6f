#!/usr/bin/env node
// `npm test`: unit tests, API tests (PGlite, and PostgreSQL when DATABASE_URL is set) and Chromium end-to-end tests.
// `npm test -- unit|api|e2e` runs one phase. Prints one closing line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function find(dir, test) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p, test));
    else if (test(name)) out.push(p);
  }
  return out.sort();
}

function run(label, files, { concurrency = 2, env = {} } = {}) {
  if (!files.length) return { passed: 0, failed: 0, skipped: 0 };
  console.log(`\n== ${label}: ${files.length} file(s)`);
  const counts = join(tmpdir(), `tongban-counts-${process.pid}-${label.replace(/\W/g, '')}.json`);
  rmSync(counts, { force: true });
  const r = spawnSync(process.execPath, [
    '--conditions=development', '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts/count-reporter.mjs')}`, `--test-reporter-destination=${counts}`,
    ...files,
  ], { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  let c = { passed: 0, failed: 1, skipped: 0 };
  try { c = JSON.parse(readFileSync(counts, 'utf8')); } catch { /* the runner crashed: count it as a failure */ }
  if (r.status !== 0 && c.failed === 0) c.failed = 1;
  return c;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0) {
    console.log('Chromium is missing: installing Debian chromium (apt-get install chromium)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    const r = spawnSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env });
    if (r.status === 0 && existsSync(CHROMIUM)) return;
  }
  console.error(`\nThe end-to-end tests need Chromium at ${CHROMIUM}. Install it with:\n\n  sudo apt-get install -y chromium\n`);
  process.exit(1);
}

const total = { passed: 0, failed: 0, skipped: 0 };
const add = (c) => { total.passed += c.passed; total.failed += c.failed; total.skipped += c.skipped; };
const pkgs = join(root, 'packages');

if (!only || only === 'unit') add(run('unit', find(pkgs, (n) => n.endsWith('.test.ts') && !n.endsWith('.api.test.ts'))));
if (!only || only === 'api') {
  if (!process.env.DATABASE_URL) console.log('\n(DATABASE_URL is not set: API and database tests run on PGlite only)');
  add(run('api', find(pkgs, (n) => n.endsWith('.api.test.ts')), { concurrency: 2 }));
}
if (!only || only === 'e2e') {
  ensureChromium();
  const b = spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) { console.error('The web build failed'); process.exit(1); }
  add(run('e2e', find(join(root, 'e2e'), (n) => n.endsWith('.e2e.ts')), { concurrency: 1 }));
}

console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed ? 1 : 0);
