/**
 * Schema migrations: numbered SQL files run once each, in order, on start. An advisory lock held for the
 * transaction lets several server processes start on one database at the same time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const dir = fileURLToPath(new URL('./migrations/', import.meta.url));
const LOCK_KEY = 7_310_000_001;

/** Applies every migration not yet applied; returns the names applied now. */
export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(dir).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query('create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())');
    const done = new Set((await tx.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const f of files) {
      if (done.has(f)) continue;
      await tx.exec(readFileSync(dir + f, 'utf8'));
      await tx.query('insert into schema_migrations (name) values ($1)', [f]);
      applied.push(f);
    }
    return applied;
  });
}
