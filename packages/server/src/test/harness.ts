/**
 * Test harness: a real server on a random port over a fresh database — PGlite in memory, or a throwaway
 * PostgreSQL database created from DATABASE_URL — so API tests run the same on both engines.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { identityRepo, migrate, openDb, type Db } from '@tongban/db';
import { createSession, issueAccessToken } from '../identity/sessions.ts';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { movableClock, type MovableClock } from '../clock.ts';
import { seedCatalog } from '../catalog/demo-catalog.ts';
import { loadSecrets, type Secrets } from '../identity/keys.ts';
import { seedIdentity } from '../identity/demo-identity.ts';
import { seedDataSources } from '../datasources/synthetic.ts';
import { dataSourceConfigFromEnv, startDataSources, type RunningDataSources } from '../datasources/datasources.service.ts';

export type DbKind = 'pglite' | 'postgres';

/** The engines to run database tests on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const dbKinds = (): DbKind[] => (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']);

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const DEMO_CATALOG = process.env.TEST_CATALOG_DIR ?? `${ROOT}catalog`;
export const ADMIN_TOKEN = 'test-admin-token';

/** A fresh, migrated database of the given kind; `drop` removes it. */
export async function freshDb(kind: DbKind): Promise<{ db: Db; url?: string; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openDb({ dataDir: 'memory://' });
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const base = process.env.DATABASE_URL!;
  const name = `tongban_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString(), poolSize: 10 });
  await migrate(db);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestServer {
  url: string;
  dataSources: RunningDataSources;
  app: FastifyInstance;
  db: Db;
  /** the throwaway PostgreSQL database's URL (PostgreSQL only) */
  databaseUrl?: string;
  secrets: Secrets;
  /** the server's clock: tests move it (`s.clock.set('2026-12-01')`) to reach deadlines */
  clock: MovableClock;
  config: Config;
  close: () => Promise<void>;
  /** fetch against the server; JSON bodies are sent and parsed for you */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies freely
  api: (path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string>; admin?: boolean; raw?: string }) => Promise<{ status: number; body: any; headers: Headers; text: string }>;
}

/** A bearer token of a fresh session of a demo person (as officer when they are one, unless `as` says citizen). */
export async function tokenFor(s: TestServer, personId: string, as: 'citizen' | 'officer' = 'officer'): Promise<string> {
  const officer = await identityRepo.officerByPerson(s.db, personId);
  const session = await createSession(s.db, { kind: officer && as === 'officer' ? 'officer' : 'citizen', personId, idpSubject: `test-${personId}`, hours: 1 });
  return issueAccessToken(s.secrets.sessionSecret, { id: session.id, personId }, s.config.publicUrl!);
}

/** Starts a server over a fresh database, with the demo catalog loaded unless `seed` is false. */
export async function startTestServer(kind: DbKind, opts: { seed?: boolean; today?: string; catalogDir?: string; webDist?: string; dataDir?: string; config?: Partial<Config> } = {}): Promise<TestServer> {
  const fresh = await freshDb(kind);
  const clock = movableClock(opts.today ?? '2026-11-23');
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'tongban-test-'));
  const config = { ...loadConfig({}), port: 0, adminToken: ADMIN_TOKEN, catalogDir: opts.catalogDir ?? DEMO_CATALOG, webDist: opts.webDist ?? '/nonexistent', dataDir, ...opts.config };
  const secrets = loadSecrets(config, { ephemeral: true });
  if (opts.seed !== false) {
    await seedCatalog(fresh.db, config.catalogDir, clock.today());
    await seedIdentity(fresh.db, secrets.keys);
    await seedDataSources(fresh.db, secrets.keys, clock, { people: 300 });
  }
  const dataSources = await startDataSources({
    db: fresh.db, keys: secrets.keys, clock, testMode: true, people: 300,
    settings: { ...dataSourceConfigFromEnv({}, { port: 0, host: '127.0.0.1' }), timeoutMs: 500 },
  });
  const app = await buildApp({ db: fresh.db, clock, config, secrets, dataSources: dataSources.service }, { logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  config.publicUrl = address;
  const api: TestServer['api'] = async (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.admin) headers.authorization = `Bearer ${ADMIN_TOKEN}`;
    let body: string | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(address + path, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body: parsed, headers: res.headers, text };
  };
  return {
    url: address, dataSources, app, db: fresh.db, ...(fresh.url ? { databaseUrl: fresh.url } : {}), secrets, clock, config, api,
    close: async () => {
      await app.close();
      await dataSources.close();
      await fresh.drop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
