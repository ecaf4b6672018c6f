/**
 * Durable timers with several server processes on one PostgreSQL: two `main.ts` processes poll the same jobs table,
 * and every timer fires exactly once (one reminder and one escalation per case, each job done once). PostgreSQL
 * only: PGlite is one process by design.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PEOPLE } from '../identity/demo-people.ts';
import { ROOT, startTestServer, tokenFor, type TestServer } from '../test/harness.ts';
import { fileApplication } from '../test/apply-helpers.ts';

const CASES = 12;

describe('durable timers with two server processes on one PostgreSQL', { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL (PostgreSQL)' }, () => {
  let s: TestServer;
  const children: ChildProcess[] = [];
  const keys = { piiKeys: `k1:${randomBytes(32).toString('base64')}`, piiIndexKey: randomBytes(32).toString('base64'), sessionSecret: randomBytes(32).toString('base64') };
  const dirs: string[] = [];
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  before(async () => {
    s = await startTestServer('postgres', { today: '2026-11-23', config: keys });
  });
  after(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** Starts `npm start`'s server (without the web build) on the test database; resolves once it listens. */
  const startProcess = (name: string) => new Promise<ChildProcess>((resolve, reject) => {
    const dataDir = mkdtempSync(join(tmpdir(), `tongban-${name}-`));
    dirs.push(dataDir);
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', join(ROOT, 'packages/server/src/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env, DATABASE_URL: s.databaseUrl, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', TIMER_POLL_MS: '25', NOTIFY_POLL_MS: '60000',
        PII_KEYS: keys.piiKeys, PII_INDEX_KEY: keys.piiIndexKey, SESSION_SECRET: keys.sessionSecret, ADMIN_TOKEN: 'x'.repeat(24), DATA_DIR: dataDir, LOG_LEVEL: 'warn',
        AUDIT_CHECKPOINT_SECONDS: '0', PLATFORM_SIGNING_KEY: signingKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${err}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('is running')) { clearTimeout(timer); resolve(child); } });
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited with ${code}: ${err}`)); });
  });

  it('fires each timer once', async () => {
    const wang = await tokenFor(s, DEMO_PEOPLE.find((p) => p.username === 'wangfang')!.id, 'citizen');
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) ids.push((await fileApplication(s, wang, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment' } })).caseId);
    // both processes poll; then every pending timer becomes due at once (the test's own server does not poll)
    await Promise.all([startProcess('a'), startProcess('b')]);
    // the case timers (the overdue-detection job, monitor.detect, reschedules itself and is left to its interval)
    const due = await s.db.query<{ n: number }>(`update jobs set run_at = now() - interval '1 minute' where state = 'pending' and kind not like 'monitor.%' returning 1 as n`);
    const jobs = due.rowCount;
    assert.ok(jobs >= CASES * 2, `${jobs} timers scheduled for ${CASES} cases`);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const left = await s.db.query<{ n: number }>(`select count(*)::int as n from jobs where state = 'pending' and kind not like 'monitor.%'`);
      if (left.rows[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const done = await s.db.query<{ state: string; attempts: number; firedBy: string }>(`select state, attempts, fired_by as "firedBy" from jobs where kind not like 'monitor.%'`);
    assert.equal(done.rows.filter((j) => j.state === 'done').length, jobs, 'every timer ran');
    assert.ok(done.rows.every((j) => j.attempts === 1), 'none ran twice');
    // two processes that started together run one chain of overdue-detection passes, not two
    const monitor = await s.db.query<{ n: number }>(`select count(*)::int as n from jobs where kind = 'monitor.detect' and state = 'pending'`);
    assert.equal(monitor.rows[0]!.n, 1, 'one pending monitor.detect job');
    const byProcess = new Set(done.rows.map((j) => j.firedBy));
    assert.ok(byProcess.size >= 1 && [...byProcess].every((p) => !!p));
    const events = await s.db.query<{ caseId: string; kind: string; n: number }>(
      `select case_id as "caseId", kind, count(*)::int as n from case_events where kind in ('reminder', 'escalated') group by case_id, kind`);
    for (const id of ids) {
      for (const kind of ['reminder', 'escalated']) {
        const row = events.rows.find((e) => e.caseId === id && e.kind === kind);
        assert.equal(row?.n, 1, `${kind} of ${id} fired ${row?.n ?? 0} times`);
      }
    }
    console.log(`# ${jobs} timers, fired by ${byProcess.size} process(es): ${[...byProcess].map((p) => `${p}=${done.rows.filter((j) => j.firedBy === p).length}`).join(', ')}`);
  });
});
