/**
 * The audit log on PostgreSQL (DATABASE_URL), in a fresh database created for the run and dropped after it.
 * Figures:
 * - audit_append_per_s: one-row audited transactions (BEGIN; audit(…); COMMIT) from 8 concurrent clients, against the
 *   peer raw_insert: plain single-row INSERT transactions into a table of the same width, same clients, same run
 *   (target: at least 50% of the peer). The two alternate in rounds so drift on a shared machine hits both.
 * - audit_verify_1m_s: seconds to verify a 1,000,000-entry chain (32 shards, with a signed checkpoint); target < 10.
 * BENCH_SECONDS (default 8) sets each round's length; BENCH_VERIFY_ENTRIES (default 1,000,000) the chain's size.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sealEntry, type StoredAuditEntry } from '@tongban/core';
import { auditRepo, migrate, openDb } from '@tongban/db';
import { audit, configureAudit, verifyAudit, writeCheckpoint, type AuditInput } from '../packages/server/src/audit/audit.service.ts';
import { generateSigningKeyPem, parseSigningKey } from '../packages/server/src/audit/platform-key.ts';
import { figure, progress, round } from './report.ts';

const base = process.env.DATABASE_URL;
if (!base) {
  console.error('The audit bench runs on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres); it creates and drops its own database there.');
  process.exit(2);
}
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = 2;
const CLIENTS = 8;
const VERIFY_ENTRIES = Number(process.env.BENCH_VERIFY_ENTRIES ?? 1_000_000);

const name = `tongban_bench_audit_${randomBytes(4).toString('hex')}`;
const adminClient = async (sql: string) => {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
};
await adminClient(`create database ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
const db = await openDb({ databaseUrl: url.toString(), poolSize: CLIENTS });

try {
  await migrate(db);
  configureAudit({ alg: 'sha256', signingKey: parseSigningKey(generateSigningKeyPem()) });
  // the peer: a plain table as wide as audit_log, with only a bigserial primary key and no trigger
  await db.exec(`create table bench_raw (
    id bigserial primary key, shard smallint not null, seq bigint not null, at timestamptz(3) not null, actor text not null, actor_role text,
    org text, action text not null, subject_type text not null, subject_id text not null, subject_person text, purpose text,
    detail jsonb not null, alg text not null, prev_hash text not null, hash text not null)`);

  const input = (n: number): AuditInput => ({
    actor: `officer:o-${n % 500}`, actorRole: 'reviewer', org: 'SH-HP-NJDL', action: 'personal_data.read', subjectType: 'person',
    subjectId: `p-${n}`, subjectPerson: `bi-${(n * 7919) % 100_000}`, purpose: '受理审查：核对户籍信息', detail: { fields: ['name', 'address'], disclosure: 'masked' },
  });
  const hex = () => randomBytes(32).toString('hex');
  let rawSeq = 0;
  const rawInsert = (n: number) => db.transaction(async (tx) => {
    const i = input(n);
    await tx.query(
      `insert into bench_raw (shard, seq, at, actor, actor_role, org, action, subject_type, subject_id, subject_person, purpose, detail, alg, prev_hash, hash)
       values (0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'sha256', $12, $13)`,
      [++rawSeq, new Date().toISOString(), i.actor, i.actorRole, i.org, i.action, i.subjectType, i.subjectId, i.subjectPerson, i.purpose,
        JSON.stringify(i.detail), hex(), hex()]);
  });
  const auditedTx = (n: number) => db.transaction((tx) => audit(tx, input(n)));

  /** Runs `op` from CLIENTS concurrent clients for `seconds`; returns committed transactions. */
  const drive = async (op: (n: number) => Promise<unknown>, seconds: number): Promise<number> => {
    const until = performance.now() + seconds * 1000;
    let n = 0;
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) await op(n++);
    }));
    return n;
  };

  progress(`warming up (${CLIENTS} clients)…`);
  await drive(rawInsert, 1);
  await drive(auditedTx, 1);
  const totals = { raw: { tx: 0, s: 0 }, audit: { tx: 0, s: 0 } };
  for (let r = 1; r <= ROUNDS; r++) {
    for (const [kind, op] of [['raw', rawInsert], ['audit', auditedTx]] as const) {
      const t0 = performance.now();
      const tx = await drive(op, SECONDS);
      const s = (performance.now() - t0) / 1000;
      totals[kind].tx += tx;
      totals[kind].s += s;
      progress(`round ${r}: ${kind === 'raw' ? 'raw_insert' : 'audit_append'} ${Math.round(tx / s)} tx/s`);
    }
  }
  const rawPerS = totals.raw.tx / totals.raw.s;
  const auditPerS = totals.audit.tx / totals.audit.s;
  progress(`audit_append is ${Math.round((100 * auditPerS) / rawPerS)}% of raw_insert`);
  const shardsUsed = (await db.query<{ n: number }>('select count(distinct shard)::int as n from audit_log')).rows[0]!.n;
  progress(`the audited transactions used ${shardsUsed} shards`);
  const appended = await verifyAudit(db);
  if (!appended.intact) throw new Error(`the chains written under load do not verify: ${appended.firstBroken!.message.en}`);
  figure({ suite: 'audit', figure: 'audit_append_per_s', value: Math.round(auditPerS), unit: 'tx/s', peer: 'raw_insert', peerValue: Math.round(rawPerS) });

  // A 1,000,000-entry log: the chains above, continued with entries hashed here and loaded in bulk.
  const existing = appended.entries;
  const toAdd = Math.max(0, VERIFY_ENTRIES - existing);
  progress(`building a ${VERIFY_ENTRIES.toLocaleString('en-US')}-entry log: ${existing} entries written above, ${toAdd.toLocaleString('en-US')} more hashed here…`);
  let t0 = performance.now();
  const heads = await auditRepo.heads(db);
  const nextId = Number((await db.query<{ id: string }>(`select nextval('audit_log_ids')::text as id`)).rows[0]!.id);
  const perShard = Math.ceil(toAdd / heads.length);
  const startMs = Date.parse('2026-01-01T00:00:00.000Z');
  const cols = ['shard', 'seq', 'id', 'at', 'actor', 'actor_role', 'org', 'action', 'subject_type', 'subject_id', 'subject_person', 'purpose', 'detail', 'alg', 'prev_hash', 'hash'];
  const types = ['smallint', 'bigint', 'bigint', 'timestamptz', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'jsonb', 'text', 'text', 'text'];
  const insertBatch = (rows: StoredAuditEntry[]) => db.query(
    `insert into audit_log (${cols.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
    [rows.map((e) => e.shard), rows.map((e) => e.seq), rows.map((e) => e.id), rows.map((e) => e.at), rows.map((e) => e.actor),
      rows.map((e) => e.actorRole), rows.map((e) => e.org), rows.map((e) => e.action), rows.map((e) => e.subjectType),
      rows.map((e) => e.subjectId), rows.map((e) => e.subjectPerson), rows.map((e) => e.purpose), rows.map((e) => JSON.stringify(e.detail)),
      rows.map((e) => e.alg), rows.map((e) => e.prevHash), rows.map((e) => e.hash)],
  );
  let added = 0;
  let id = nextId;
  // at most 4 batches in flight: the pool has 8 connections, and hashing here keeps pace with about that many
  const loads: Promise<unknown>[] = [];
  const load = async (rows: StoredAuditEntry[]) => {
    while (loads.length >= 4) await loads.shift();
    const p = insertBatch(rows);
    p.catch(() => { /* rethrown where it is awaited; this keeps a failure from crashing past the cleanup below */ });
    loads.push(p);
  };
  const newHeads = new Map<number, { seq: number; hash: string }>();
  for (const h of heads) {
    let { seq, hash } = h;
    let batch: StoredAuditEntry[] = [];
    for (let i = 0; i < perShard && added < toAdd; i++, added++) {
      const n = id - nextId;
      const e = sealEntry(hash, {
        ...input(n), actorRole: 'reviewer', org: 'SH-HP-NJDL', subjectPerson: `bi-${(n * 7919) % 100_000}`, purpose: '受理审查：核对户籍信息',
        detail: { fields: ['name', 'address'], disclosure: 'masked' },
        id: String(id++), shard: h.shard, seq: ++seq, at: new Date(startMs + n * 10).toISOString(), alg: 'sha256',
      });
      hash = e.hash;
      batch.push(e);
      if (batch.length === 5000) {
        await load(batch);
        batch = [];
      }
    }
    if (batch.length) await load(batch);
    newHeads.set(h.shard, { seq, hash });
    if (h.shard % 8 === 7) progress(`  ${added.toLocaleString('en-US')} entries hashed`);
  }
  await Promise.all(loads);
  for (const [shard, h] of newHeads) await db.query('update audit_heads set seq = $2, hash = $3 where shard = $1', [shard, h.seq, h.hash]);
  await db.query(`select setval('audit_log_ids', $1)`, [id]);
  const cp = await writeCheckpoint(db);
  progress(`built in ${round((performance.now() - t0) / 1000, 1)} s; checkpoint #${cp.checkpoint!.id} signed; vacuum analyze…`);
  await db.exec('vacuum analyze audit_log');

  progress('verifying the whole log…');
  t0 = performance.now();
  const report = await verifyAudit(db);
  const seconds = (performance.now() - t0) / 1000;
  if (!report.intact) throw new Error(`the bulk-built log does not verify: ${report.firstBroken!.message.en}`);
  if (report.entries !== VERIFY_ENTRIES) throw new Error(`verified ${report.entries} entries, expected ${VERIFY_ENTRIES}`);
  progress(`verified ${report.entries.toLocaleString('en-US')} entries and ${report.checkpoints.count} checkpoint(s) in ${round(seconds, 2)} s`);
  figure({ suite: 'audit', figure: 'audit_verify_1m_s', value: round(seconds, 2), unit: 's', limit: 'target', limitValue: 10 });
} finally {
  await db.close();
  await adminClient(`drop database if exists ${name} with (force)`);
}
