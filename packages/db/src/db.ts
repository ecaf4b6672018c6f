/**
 * One database interface over two engines: embedded PGlite (Postgres in WASM, persisted under DATA_DIR) and
 * PostgreSQL through a pg pool. Both speak the same SQL; nothing above this file knows which one runs.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Something SQL can be sent to: the database, or one open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** The database. `transaction` commits when the callback resolves and rolls back when it throws. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Raised when the database cannot be reached at start; its message says what to check. */
export class DatabaseUnavailableError extends Error {}

/** Where the database lives: a PostgreSQL URL, or a PGlite data directory (`memory://` for a throwaway one). */
export interface DbOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number;
}

/** Opens the database named by the options and checks that it answers. */
export async function openDb(opts: DbOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : openPglite(opts.dataDir ?? './data');
}

async function openPostgres(url: string, max: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  pool.on('error', () => { /* an idle client died; the pool replaces it */ });
  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end().catch(() => {});
    const safe = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    throw new DatabaseUnavailableError(
      `Cannot connect to PostgreSQL at ${safe}: ${(err as Error).message}. ` +
        'Check that the server is running and reachable, that the user, password and database name in DATABASE_URL are right, ' +
        'or unset DATABASE_URL to use the embedded database.',
    );
  }
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  let db: PGlite;
  try {
    db = new PGlite(dataDir);
    await db.waitReady;
  } catch (err) {
    throw new DatabaseUnavailableError(
      `Cannot open the embedded database in ${dataDir}: ${(err as Error).message}. ` +
        'Check that DATA_DIR is writable and not used by another running Tongban process.',
    );
  }
  const wrap = (c: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const r = await c.query<T>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await c.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}
