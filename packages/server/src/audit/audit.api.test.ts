/**
 * The audit log on both databases: entries are appended in the caller's transaction (also from many concurrent
 * transactions), the table refuses changes, and the verifier — through `npm run audit:verify` and the admin API —
 * names the first broken entry after an attacker with database rights edits, deletes, reorders or cuts entries.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { migrate, openDb, type Db, type Queryable } from '@tongban/db';
import type { AuditBreak } from '@tongban/core';
import type { AppDeps } from '../app.ts';
import { installProblemHandlers, ProblemSchema } from '../http/problems.ts';
import { auditAdminRoutes } from '../routes/audit/audit.admin.routes.ts';
import { dbKinds, freshDb, ROOT, startTestServer, type DbKind, type TestServer } from '../test/harness.ts';
import { audit, configureAudit, listPersonAccess, verifyAudit, writeCheckpoint, type AuditInput } from './audit.service.ts';
import { generateSigningKeyPem, loadPlatformKey, parseSigningKey, PLATFORM_KEY_FILE } from './platform-key.ts';

/** A database for one scenario, with what `audit:verify` needs to find it and its key. */
interface ScenarioDb {
  db: Db;
  /** environment of the verify script */
  env: Record<string, string>;
  /** PGlite allows one process: close it before the script runs */
  release: () => Promise<void>;
  drop: () => Promise<void>;
}

async function scenarioDb(kind: DbKind): Promise<ScenarioDb> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'tongban-audit-'));
    const db = await openDb({ dataDir: dir });
    await migrate(db);
    configureAudit({ signingKey: loadPlatformKey({ dataDir: dir, create: true }) });
    let open = true;
    const release = async () => { if (open) { open = false; await db.close(); } };
    return { db, env: { DATA_DIR: dir, DATABASE_URL: '' }, release, drop: async () => { await release(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const fresh = await freshDb('postgres');
  const key = parseSigningKey(generateSigningKeyPem());
  configureAudit({ signingKey: key });
  // the verifier gets only the public key
  const env = { DATABASE_URL: fresh.url!, PLATFORM_PUBLIC_KEY: Buffer.from(key.publicKeyPem).toString('base64'), PLATFORM_SIGNING_KEY: '' };
  return { db: fresh.db, env, release: async () => {}, drop: fresh.drop };
}

/** Runs the verify script (as `npm run audit:verify` does) with an environment. */
function runVerify(env: Record<string, string>, args: string[] = ['--json'], viaNpm = false): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const cmd = viaNpm ? 'npm' : process.execPath;
    const argv = viaNpm ? ['run', '--silent', 'audit:verify', '--', ...args] : ['--conditions=development', '--import', 'tsx', join(ROOT, 'scripts/audit-verify.ts'), ...args];
    const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const jsonOf = (out: string) => JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1));

/** The admin route on a bare app (it does not depend on whether app.ts has wired it yet); records its policy. */
async function verifyThroughApi(db: Db): Promise<{ status: number; body: any; policy: unknown }> {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  let policy: unknown;
  app.addHook('onRoute', (r) => { if (r.url === '/api/v1/admin/audit/verify') policy = r.config?.policy; });
  installProblemHandlers(app);
  app.addSchema(ProblemSchema);
  await app.register(auditAdminRoutes({ db } as AppDeps));
  const res = await app.inject({ method: 'GET', url: '/api/v1/admin/audit/verify' });
  await app.close();
  return { status: res.statusCode, body: res.json(), policy };
}

const entry = (n: number, over: Partial<AuditInput> = {}): AuditInput => ({
  actor: `officer:o-${n % 7}`, actorRole: 'reviewer', org: 'SH-HP', action: 'personal_data.read', subjectType: 'person',
  subjectId: `p-${n}`, subjectPerson: `bi-${n % 5}`, purpose: '受理审查', detail: { fields: ['name', 'address'], n }, ...over,
});

/** Appends from 8 concurrent workers, then 10 entries in one transaction (one shard): returns that shard and its rows. */
async function seed(db: Db): Promise<{ shard: number; rows: { seq: number; id: string }[] }> {
  await Promise.all(Array.from({ length: 8 }, (_, w) => (async () => {
    for (let i = 0; i < 5; i++) await db.transaction((tx) => audit(tx, entry(w * 10 + i)));
  })()));
  await db.transaction(async (tx) => {
    for (let i = 0; i < 10; i++) await audit(tx, entry(100 + i, { subjectId: `target-${i}` }));
  });
  const r = await db.query<{ shard: number; seq: string; id: string }>(
    `select shard, seq::text as seq, id::text as id from audit_log l where l.subject_id like 'target-%' order by l.seq`);
  const shard = r.rows[0]!.shard;
  assert.ok(r.rows.every((x) => x.shard === shard), 'the entries of one transaction share a shard');
  return { shard, rows: r.rows.map((x) => ({ seq: Number(x.seq), id: x.id })) };
}

/** Runs SQL as an attacker with database rights: with the append-only triggers bypassed. */
const asAttacker = (db: Db, fn: (tx: Queryable) => Promise<void>) => db.transaction(async (tx) => {
  await tx.query('set local session_replication_role = replica');
  await fn(tx);
});

const count = async (q: Queryable) => (await q.query<{ n: number }>('select count(*)::int as n from audit_log')).rows[0]!.n;

for (const kind of dbKinds()) {
  describe(`audit log on ${kind}`, () => {
    let s: ScenarioDb;
    before(async () => { s = await scenarioDb(kind); });
    after(async () => { await s.drop(); });

    it('appends entries from many concurrent transactions into intact chains', async () => {
      await seed(s.db);
      assert.equal(await count(s.db), 50);
      const report = await verifyAudit(s.db);
      assert.equal(report.intact, true, JSON.stringify(report.firstBroken));
      assert.equal(report.entries, 50);
      assert.equal(report.shards.length, 32);
      if (kind === 'postgres') assert.ok(report.shards.filter((x) => x.entries > 0).length > 1, 'concurrent writers use several shards');
    });

    it('writes the entry in the caller\'s transaction: rolled back with it', async () => {
      const before = await count(s.db);
      await assert.rejects(s.db.transaction(async (tx) => {
        await audit(tx, entry(1, { action: 'case.decide', purpose: null }));
        throw new Error('the business change failed');
      }), /business change failed/);
      assert.equal(await count(s.db), before);
      await audit(s.db, entry(2, { action: 'catalog.publish', purpose: null, subjectPerson: null }));
      assert.equal(await count(s.db), before + 1);
      assert.equal((await verifyAudit(s.db)).intact, true);
    });

    it('refuses an entry without a purpose for a personal-data read, and a large detail', async () => {
      await assert.rejects(audit(s.db, entry(1, { purpose: '  ' })), /personal_data\.read needs a purpose/);
      await assert.rejects(audit(s.db, entry(1, { detail: { blob: 'x'.repeat(5000) } })), /detail must be small/);
      await assert.rejects(audit(s.db, entry(1, { action: 'Read' })), /dotted lower-case/);
    });

    it('hashes with SM3 when configured, and verifies a chain that mixes both', async () => {
      configureAudit({ alg: 'sm3' });
      try {
        await audit(s.db, entry(3, { subjectId: 'sm3-entry' }));
      } finally {
        configureAudit({ alg: 'sha256' });
      }
      const r = await s.db.query<{ alg: string }>(`select alg from audit_log where subject_id = 'sm3-entry'`);
      assert.equal(r.rows[0]!.alg, 'sm3');
      assert.equal((await verifyAudit(s.db)).intact, true);
    });

    it('refuses UPDATE, DELETE and TRUNCATE of entries and checkpoints', async () => {
      await assert.rejects(s.db.query(`update audit_log set purpose = 'x' where seq = 1`), /append-only/);
      await assert.rejects(s.db.query('delete from audit_log where seq = 1'), /append-only/);
      await assert.rejects(s.db.query('truncate audit_log'), /append-only/);
      await writeCheckpoint(s.db);
      await assert.rejects(s.db.query(`update audit_checkpoints set signature = 'x'`), /append-only/);
      await assert.rejects(s.db.query('delete from audit_checkpoints'), /append-only/);
    });

    it('lists the accesses to a person\'s data, newest first, with the total', async () => {
      const r = await listPersonAccess(s.db, 'bi-3', 5, 0);
      const all = await s.db.query<{ n: number }>(`select count(*)::int as n from audit_log where subject_person = 'bi-3'`);
      assert.equal(r.total, all.rows[0]!.n);
      assert.ok(r.total > 5);
      assert.equal(r.entries.length, 5);
      assert.ok(r.entries.every((e) => e.purpose === '受理审查' && e.actor.startsWith('officer:')));
      const times = r.entries.map((e) => e.at);
      assert.deepEqual(times, [...times].sort().reverse());
      const next = await listPersonAccess(s.db, 'bi-3', 5, 5);
      assert.ok(!next.entries.some((e) => r.entries.some((x) => x.id === e.id)));
      assert.equal((await listPersonAccess(s.db, 'nobody', 5, 0)).total, 0);
    });

    it('writes a checkpoint only when the heads moved, signed with the platform key', async () => {
      const again = await writeCheckpoint(s.db);
      assert.equal(again.written, false);
      assert.equal(again.reason, 'unchanged');
      await audit(s.db, entry(9));
      const moved = await writeCheckpoint(s.db);
      assert.equal(moved.written, true);
      assert.ok(moved.checkpoint!.heads.some((h) => h.seq > 0));
      assert.equal((await writeCheckpoint(s.db, { minAgeSeconds: 3600 })).reason, 'recent');
      const report = await verifyAudit(s.db);
      assert.equal(report.intact, true);
      assert.equal(report.checkpoints.count, 2);
      assert.equal(report.checkpoints.signaturesChecked, true);
    });

    if (kind === 'pglite') {
      it('keeps the generated platform key in DATA_DIR with mode 0600', () => {
        assert.equal(statSync(join(s.env.DATA_DIR!, PLATFORM_KEY_FILE)).mode & 0o777, 0o600);
      });
    }
  });

  describe(`audit verification after tampering, on ${kind}`, () => {
    type Ctx = { shard: number; rows: { seq: number; id: string }[]; checkpointId: string };
    const scenarios: {
      name: string;
      tamper: (db: Db, c: Ctx) => Promise<void>;
      expect: (c: Ctx) => Partial<AuditBreak> | null;
      npm?: boolean;
    }[] = [
      { name: 'reports an untouched log as intact (exit 0)', tamper: async () => {}, expect: () => null, npm: true },
      {
        name: 'names an edited entry',
        tamper: (db, c) => asAttacker(db, async (tx) => {
          await tx.query(`update audit_log set purpose = '随便看看' where shard = $1 and seq = $2`, [c.shard, c.rows[3]!.seq]);
        }),
        expect: (c) => ({ reason: 'edited', shard: c.shard, seq: c.rows[3]!.seq, id: c.rows[3]!.id }),
        npm: true,
      },
      {
        name: 'names the entry after a deleted one',
        tamper: (db, c) => asAttacker(db, async (tx) => {
          await tx.query('delete from audit_log where shard = $1 and seq = $2', [c.shard, c.rows[4]!.seq]);
        }),
        expect: (c) => ({ reason: 'deleted', shard: c.shard, seq: c.rows[5]!.seq, id: c.rows[5]!.id, expectedSeq: c.rows[4]!.seq }),
      },
      {
        name: 'names two swapped entries as reordered',
        tamper: (db, c) => asAttacker(db, async (tx) => {
          const [a, b] = [c.rows[5]!.seq, c.rows[6]!.seq];
          await tx.query('update audit_log set seq = 999999999 where shard = $1 and seq = $2', [c.shard, a]);
          await tx.query('update audit_log set seq = $3 where shard = $1 and seq = $2', [c.shard, b, a]);
          await tx.query('update audit_log set seq = $2 where shard = $1 and seq = 999999999', [c.shard, b]);
        }),
        expect: (c) => ({ reason: 'reordered', shard: c.shard, seq: c.rows[5]!.seq, id: c.rows[6]!.id }),
      },
      {
        name: 'names a tail cut after a checkpoint, even with the head table reset to hide it',
        tamper: (db, c) => asAttacker(db, async (tx) => {
          const keep = c.rows[6]!;
          await tx.query('delete from audit_log where shard = $1 and seq > $2', [c.shard, keep.seq]);
          await tx.query('update audit_heads set seq = $2, hash = (select hash from audit_log where shard = $1 and seq = $2) where shard = $1', [c.shard, keep.seq]);
        }),
        expect: (c) => ({ reason: 'truncated', shard: c.shard, seq: c.rows[7]!.seq, id: null, checkpointId: c.checkpointId }),
      },
      {
        name: 'names a checkpoint whose signed heads were altered',
        tamper: (db, c) => asAttacker(db, async (tx) => {
          await tx.query(`update audit_checkpoints set heads = jsonb_set(heads, '{0,seq}', '1') where id = $1`, [c.checkpointId]);
        }),
        expect: (c) => ({ reason: 'bad_checkpoint_signature', shard: null, seq: null, id: null, checkpointId: c.checkpointId }),
      },
    ];

    for (const sc of scenarios) {
      it(`${sc.name} — through audit:verify and the admin API`, async () => {
        const s = await scenarioDb(kind);
        try {
          const seeded = await seed(s.db);
          const cp = await writeCheckpoint(s.db);
          assert.equal(cp.written, true);
          const c: Ctx = { ...seeded, checkpointId: cp.checkpoint!.id };
          await sc.tamper(s.db, c);
          const want = sc.expect(c);

          const api = await verifyThroughApi(s.db);
          assert.equal(api.policy, 'audit.verify', 'the route is guarded by the audit.verify policy');
          assert.equal(api.status, 200);
          assert.equal(api.body.intact, want === null);
          if (want) {
            for (const [k, v] of Object.entries(want)) assert.deepEqual(api.body.firstBroken[k], v, `API firstBroken.${k}: ${JSON.stringify(api.body.firstBroken)}`);
            assert.equal(api.body.breaks.length, 1, JSON.stringify(api.body.breaks));
          } else assert.equal(api.body.firstBroken, null);

          await s.release();
          const script = await runVerify(s.env);
          assert.equal(script.code, want === null ? 0 : 1, script.out);
          const report = jsonOf(script.out);
          assert.equal(report.checkpoints.signaturesChecked, true);
          if (want) {
            for (const [k, v] of Object.entries(want)) assert.deepEqual(report.firstBroken[k], v, `script firstBroken.${k}`);
          }
          if (sc.npm) {
            const human = await runVerify(s.env, [], true);
            assert.equal(human.code, want === null ? 0 : 1, human.out);
            if (want) assert.match(human.out, new RegExp(`BROKEN: first broken entry: shard ${want.shard}, seq ${want.seq}, id ${want.id}: ${want.reason}`));
            else assert.match(human.out, /INTACT/);
          }
        } finally {
          await s.drop();
        }
      });
    }
  });

  describe(`audit admin API in the server on ${kind}`, () => {
    let srv: TestServer;
    before(async () => { srv = await startTestServer(kind); });
    after(async () => { await srv.close(); });

    it('answers 401 without a token and the report to the administrator, once app.ts registers the route', async (t) => {
      const r = await srv.api('/api/v1/admin/audit/verify', { admin: true });
      if (r.status === 404) {
        t.skip('GET /api/v1/admin/audit/verify is not registered in app.ts yet');
        return;
      }
      assert.equal(r.status, 200);
      assert.equal(r.body.intact, true);
      assert.equal(r.body.shards.length, 32);
      const anon = await srv.api('/api/v1/admin/audit/verify');
      assert.equal(anon.status, 401);
    });
  });
}
