/**
 * `npm run history -- N [--seed S] [--from YYYY-MM-DD] [--to YYYY-MM-DD]`: writes N synthetic top-level cases (with
 * applications, ratings and rectification orders; ids `case_hist_…`) into the configured database (DATABASE_URL, or
 * the embedded one in DATA_DIR — stop the server first, PGlite allows one process). Default: the year up to
 * yesterday, seed 2 (the demo's own 20,000 use seed 1). The catalog and org tree must be loaded (start once first).
 */
import { DatabaseUnavailableError, migrate, openDb } from '@tongban/db';
import { loadConfig } from '../packages/server/src/config.ts';
import { systemClock } from '../packages/server/src/clock.ts';
import { loadSecrets } from '../packages/server/src/identity/keys.ts';
import { generateHistory, historyMarker } from '../packages/server/src/dashboard/history.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const addDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function main(): Promise<number> {
  const n = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 100_000);
  const seed = Number(flag('seed') ?? 2);
  const today = systemClock.today();
  const to = flag('to') ?? addDays(today, -1);
  const from = flag('from') ?? addDays(to, -364);
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    if ((await db.query('select 1 from persons where id = $1', [historyMarker(seed)])).rows.length) {
      console.error(`History of seed ${seed} is already there: pass another --seed to add more.`);
      return 2;
    }
    // with the platform's keys the synthetic applications can be opened by officers; without them (no keys configured) not
    let keys;
    try { keys = loadSecrets(config).keys; } catch { keys = undefined; }
    const r = await generateHistory(db, { cases: n, from, to, today, seed, ...(keys ? { keys } : {}), progress: (m) => console.error(m) });
    console.log(`Wrote ${r.cases.toLocaleString('en-US')} cases, ${r.ratings.toLocaleString('en-US')} ratings and ${r.rectifications.toLocaleString('en-US')} rectification orders (${from} … ${to}, seed ${seed}) in ${(r.ms / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await db.close();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err instanceof DatabaseUnavailableError ? err.message : err);
  process.exit(1);
});
