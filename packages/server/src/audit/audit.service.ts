/**
 * The audit log (存证/审计) for the rest of the server: `audit(tx, …)` appends an entry in the caller's transaction,
 * `verifyAudit` checks every chain and checkpoint, `writeCheckpoint` signs the shard heads, `listPersonAccess` answers
 * "who used my data". The hash algorithm and the platform key are set once at start with `configureAudit`.
 */
import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  DomainError, isAuditHashAlg, sealEntry, signCheckpoint, verifyAuditLog, verifyShardStream,
  type AuditCheckpoint, type AuditHashAlg, type AuditMark, type AuditShardResult, type AuditVerifyReport, type StoredAuditEntry,
} from '@tongban/core';
import { auditRepo, openDb, type Db, type Queryable } from '@tongban/db';
import { loadPlatformKey, parsePublicKey, type PlatformKey } from './platform-key.ts';

/** What happened, as the caller tells it; the service adds the chain position, time, id and hashes. */
export interface AuditInput {
  actor: string;
  actorRole?: string | null;
  org?: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  subjectPerson?: string | null;
  purpose?: string | null;
  detail?: Record<string, unknown>;
}

/** The audit configuration. */
export interface AuditSettings {
  /** AUDIT_HASH */
  alg: AuditHashAlg;
  /** the platform key that signs checkpoints; null: checkpoints are not written */
  signingKey: PlatformKey | null;
  /** further public keys whose checkpoints verify (earlier platform keys, or PLATFORM_PUBLIC_KEY for a verifier) */
  trustedPublicKeys: KeyObject[];
  /** AUDIT_CHECKPOINT_SECONDS (0: no periodic checkpoints) */
  checkpointSeconds: number;
}

const settings: Omit<AuditSettings, 'checkpointSeconds'> = { alg: 'sha256', signingKey: null, trustedPublicKeys: [] };

/** Sets the hash algorithm and the platform key (main.ts, once at start). Fields left out keep their value. */
export function configureAudit(s: Partial<Omit<AuditSettings, 'checkpointSeconds'>>): void {
  if (s.alg !== undefined) {
    if (!isAuditHashAlg(s.alg)) throw new Error(`audit hash algorithm must be sha256 or sm3, got "${String(s.alg)}"`);
    settings.alg = s.alg;
  }
  if (s.signingKey !== undefined) settings.signingKey = s.signingKey;
  if (s.trustedPublicKeys !== undefined) settings.trustedPublicKeys = s.trustedPublicKeys;
}

/** The current audit configuration (read-only view). */
export const auditSettings = (): Readonly<Omit<AuditSettings, 'checkpointSeconds'>> => settings;

/**
 * Reads AUDIT_HASH, PLATFORM_SIGNING_KEY, PLATFORM_PUBLIC_KEY and AUDIT_CHECKPOINT_SECONDS; throws naming the variable
 * when one is malformed. The server (`forVerification` false) makes the key on the embedded database and requires
 * PLATFORM_SIGNING_KEY on PostgreSQL; a verifier only reads what exists and may run with a public key alone.
 */
export function auditConfigFromEnv(
  env: NodeJS.ProcessEnv, where: { dataDir?: string | undefined; databaseUrl?: string | undefined }, opts: { forVerification?: boolean } = {},
): AuditSettings {
  const alg = env.AUDIT_HASH || 'sha256';
  if (!isAuditHashAlg(alg)) throw new Error(`AUDIT_HASH must be sha256 or sm3, got "${alg}"`);
  const seconds = Number(env.AUDIT_CHECKPOINT_SECONDS ?? 300);
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`AUDIT_CHECKPOINT_SECONDS must be a whole number of seconds (0 turns checkpoints off), got "${env.AUDIT_CHECKPOINT_SECONDS}"`);
  const signingKey = loadPlatformKey({ signingKey: env.PLATFORM_SIGNING_KEY, databaseUrl: where.databaseUrl, dataDir: where.dataDir, create: !opts.forVerification });
  if (!signingKey && where.databaseUrl && !opts.forVerification) {
    throw new Error('PLATFORM_SIGNING_KEY must be set when DATABASE_URL is used (audit checkpoints are signed with it); '
      + 'make one with: openssl genpkey -algorithm ed25519');
  }
  const trustedPublicKeys = env.PLATFORM_PUBLIC_KEY ? [parsePublicKey(env.PLATFORM_PUBLIC_KEY)] : [];
  return { alg, signingKey, trustedPublicKeys, checkpointSeconds: seconds };
}

// ---------------------------------------------------------------------------------------------------------------
// Appending

const MAX_TEXT = 200;
const MAX_PURPOSE = 500;
const MAX_DETAIL = 4096;
const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** Checks an input and returns the content to hash; a bad input is a bug in the caller, so it throws a plain error. */
function contentOf(input: AuditInput): Omit<StoredAuditEntry, 'id' | 'shard' | 'seq' | 'at' | 'alg' | 'prevHash' | 'hash'> {
  const bad = (why: string) => new TypeError(`audit entry refused: ${why}`);
  for (const k of ['actor', 'action', 'subjectType', 'subjectId'] as const) {
    const v = input[k];
    if (typeof v !== 'string' || !v.trim() || v.length > MAX_TEXT) throw bad(`${k} must be a non-empty string of at most ${MAX_TEXT} characters`);
  }
  for (const k of ['actorRole', 'org', 'subjectPerson'] as const) {
    const v = input[k];
    if (v != null && (typeof v !== 'string' || v.length > MAX_TEXT)) throw bad(`${k} must be a string of at most ${MAX_TEXT} characters, or null`);
  }
  if (!ACTION.test(input.action)) throw bad(`action "${input.action}" must be dotted lower-case words, e.g. personal_data.read`);
  const purpose = input.purpose?.trim() || null;
  if (purpose && purpose.length > MAX_PURPOSE) throw bad(`purpose must be at most ${MAX_PURPOSE} characters`);
  if (!purpose && input.action.startsWith('personal_data.')) throw bad(`${input.action} needs a purpose`);
  if (input.detail !== undefined && (input.detail === null || typeof input.detail !== 'object' || Array.isArray(input.detail))) throw bad('detail must be an object');
  // what is hashed must be exactly what jsonb gives back: JSON values only
  const text = JSON.stringify(input.detail ?? {});
  if (text.length > MAX_DETAIL) throw bad(`detail must be small (at most ${MAX_DETAIL} characters of JSON), got ${text.length}`);
  return {
    actor: input.actor, actorRole: input.actorRole ?? null, org: input.org ?? null, action: input.action,
    subjectType: input.subjectType, subjectId: input.subjectId, subjectPerson: input.subjectPerson ?? null, purpose,
    detail: JSON.parse(text) as Record<string, unknown>,
  };
}

const isDb = (q: Queryable): q is Db => typeof (q as Partial<Db>).transaction === 'function';

/**
 * Appends an audit entry in the caller's transaction `tx`, so the entry commits or rolls back with the change it
 * records. Holds one shard's head until that transaction ends. Given the database instead of a transaction, it
 * appends in a transaction of its own.
 */
export async function audit(tx: Queryable, input: AuditInput): Promise<void> {
  const content = contentOf(input);
  if (isDb(tx)) return tx.transaction((t) => append(t, content));
  return append(tx, content);
}

async function append(tx: Queryable, content: ReturnType<typeof contentOf>): Promise<void> {
  const head = await auditRepo.lockHead(tx);
  const entry = sealEntry(head.hash, { ...content, id: head.id, shard: head.shard, seq: head.seq + 1, at: head.at, alg: settings.alg });
  await auditRepo.append(tx, entry);
}

// ---------------------------------------------------------------------------------------------------------------
// Verification

/** The verification report, with the public key the checkpoints were checked against. */
export type VerifyReport = AuditVerifyReport & { publicKey: { keyId: string; pem: string } | null };

/** Pages of a shard in seq order; the next page is fetched while the current one is checked. */
async function* shardPages(q: Queryable, shard: number, size: number): AsyncGenerator<StoredAuditEntry[]> {
  let next = auditRepo.readShard(q, shard, 0, size);
  for (;;) {
    const rows = await next;
    if (rows.length === size) {
      next = auditRepo.readShard(q, shard, rows[rows.length - 1]!.seq, size);
      next.catch(() => { /* reported when awaited; ignored when the reader stopped early */ });
    }
    yield rows;
    if (rows.length < size) return;
  }
}

/** Options of verifyAudit. */
export interface VerifyAuditOptions {
  /** keys whose checkpoint signatures verify (default: the platform key and the trusted public keys) */
  publicKeys?: KeyObject[];
  batchSize?: number;
  /**
   * The PostgreSQL URL of `db`: with it, a large log is verified by worker threads, each reading its shards over
   * its own connection (row parsing and hashing are the cost, and they spread over the cores).
   */
  databaseUrl?: string | undefined;
  /** worker threads (default: the cores, at most 4; 1 = verify in this thread) */
  workers?: number;
}

/** Below this many entries (by the heads) starting workers costs more than it saves. */
const WORKER_THRESHOLD = 200_000;

/**
 * Verifies every shard chain and checkpoint and names the first broken entry. Signatures are checked with the
 * platform key and the trusted public keys; with none, checkpoints are used unchecked and the report says so.
 */
export async function verifyAudit(db: Db, opts: VerifyAuditOptions = {}): Promise<VerifyReport> {
  const publicKeys = opts.publicKeys ?? [...(settings.signingKey ? [settings.signingKey.publicKey] : []), ...settings.trustedPublicKeys];
  // heads first: entries committed later only extend the chains
  const heads = await auditRepo.heads(db);
  const checkpoints = await auditRepo.checkpoints(db);
  const size = opts.batchSize ?? 5000;
  const source = { heads, checkpoints, readShard: (s: number) => shardPages(db, s, size) };
  const workers = Math.min(opts.workers ?? Math.min(4, availableParallelism()), heads.length);
  const entries = heads.reduce((n, h) => n + h.seq, 0);
  let report: AuditVerifyReport | null = null;
  if (opts.databaseUrl && db.kind === 'postgres' && workers > 1 && entries >= WORKER_THRESHOLD) {
    const pool = await startVerifyWorkers(opts.databaseUrl, workers, size);
    if (pool) {
      try {
        report = await verifyAuditLog(source, { publicKeys, runShard: pool.run, concurrency: workers });
      } finally {
        await pool.stop();
      }
    }
  }
  report ??= await verifyAuditLog(source, { publicKeys });
  const key = settings.signingKey;
  return { ...report, publicKey: key ? { keyId: key.keyId, pem: key.publicKeyPem } : null };
}

// Verification workers: this module is also the worker's entry; workerData.role tells it apart.
const WORKER_ROLE = 'tongban-audit-verify';
type VerifyJob = { shard: number; marks: AuditMark[] };
type VerifyReply = { ready: true } | { ready: false; error: string } | { shard: number; result?: AuditShardResult; error?: string };

if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  const { databaseUrl, batchSize } = workerData as { databaseUrl: string; batchSize: number };
  const port = parentPort!;
  openDb({ databaseUrl, poolSize: 2 }).then((db) => {
    port.on('message', (job: VerifyJob | null) => {
      if (job === null) {
        void db.close().finally(() => port.close());
        return;
      }
      verifyShardStream(job.shard, shardPages(db, job.shard, batchSize), job.marks).then(
        (result) => port.postMessage({ shard: job.shard, result } satisfies VerifyReply),
        (err: unknown) => port.postMessage({ shard: job.shard, error: (err as Error).message } satisfies VerifyReply),
      );
    });
    port.postMessage({ ready: true } satisfies VerifyReply);
  }, (err: unknown) => port.postMessage({ ready: false, error: (err as Error).message } satisfies VerifyReply));
}

// The server runs TypeScript through tsx, whose loader a worker does not inherit on Node 20: the worker registers it
// itself, then loads this module.
const WORKER_EXEC_ARGV = process.execArgv.filter((a) => a.startsWith('--conditions'));
const workerBoot = () => {
  const entry = JSON.stringify(import.meta.url);
  return import.meta.url.endsWith('.ts')
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${entry}); })`
    : `import(${entry})`;
};

/** Starts verification workers, each with its own connection; null when they cannot start (then verify in-thread). */
async function startVerifyWorkers(databaseUrl: string, n: number, batchSize: number): Promise<{
  run: (shard: number, marks: AuditMark[]) => Promise<AuditShardResult>;
  stop: () => Promise<void>;
} | null> {
  const workers: Worker[] = [];
  const started = await Promise.all(Array.from({ length: n }, () => new Promise<boolean>((resolve) => {
    let w: Worker;
    try {
      w = new Worker(workerBoot(), { eval: true, execArgv: WORKER_EXEC_ARGV, workerData: { role: WORKER_ROLE, databaseUrl, batchSize } });
    } catch {
      resolve(false);
      return;
    }
    workers.push(w);
    w.once('error', () => resolve(false));
    w.once('message', (m: VerifyReply) => resolve('ready' in m && m.ready));
  })));
  const stop = async () => {
    await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
      w.once('exit', () => resolve());
      w.postMessage(null);
      setTimeout(() => void w.terminate(), 5000).unref();
    })));
  };
  if (!started.every(Boolean)) {
    await Promise.all(workers.map((w) => w.terminate()));
    return null;
  }
  const free = [...workers];
  const run = (shard: number, marks: AuditMark[]) => new Promise<AuditShardResult>((resolve, reject) => {
    const w = free.pop();
    if (!w) {
      reject(new Error('no free verification worker'));
      return;
    }
    const onError = (err: Error) => { w.off('message', onMessage); reject(err); };
    const onMessage = (m: VerifyReply) => {
      if (!('shard' in m) || m.shard !== shard) return;
      w.off('message', onMessage);
      w.off('error', onError);
      free.push(w);
      if (m.result) resolve(m.result);
      else reject(new Error(`verifying shard ${shard} failed: ${m.error ?? 'unknown error'}`));
    };
    w.on('message', onMessage);
    w.once('error', onError);
    w.postMessage({ shard, marks } satisfies VerifyJob);
  });
  return { run, stop };
}

// ---------------------------------------------------------------------------------------------------------------
// Checkpoints

const CHECKPOINT_LOCK = 7_310_000_003;

/** What writeCheckpoint did: wrote one, or why not (another process is writing, nothing changed, the last is recent). */
export interface CheckpointResult {
  written: boolean;
  reason?: 'busy' | 'unchanged' | 'recent';
  /** the checkpoint written, or the latest one when none was written */
  checkpoint: AuditCheckpoint | null;
}

/**
 * Signs every shard head with the platform key and stores the checkpoint. Only one process at a time writes
 * (`pg_try_advisory_xact_lock`); nothing is written when the heads have not moved since the last checkpoint, or when
 * that one is younger than `minAgeSeconds`.
 */
export async function writeCheckpoint(db: Db, opts: { minAgeSeconds?: number } = {}): Promise<CheckpointResult> {
  const key = settings.signingKey;
  if (!key) {
    throw new DomainError('audit.no_signing_key', {
      zh: '未配置平台签名密钥（PLATFORM_SIGNING_KEY），无法写入审计检查点',
      en: 'No platform signing key (PLATFORM_SIGNING_KEY) is configured: audit checkpoints cannot be signed',
    });
  }
  return db.transaction(async (tx) => {
    const locked = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [CHECKPOINT_LOCK]);
    const last = await auditRepo.latestCheckpoint(tx);
    if (!locked.rows[0]?.ok) return { written: false, reason: 'busy' as const, checkpoint: last };
    const at = await auditRepo.now(tx);
    if (last && opts.minAgeSeconds && Date.parse(at) - Date.parse(last.at) < opts.minAgeSeconds * 1000) {
      return { written: false, reason: 'recent' as const, checkpoint: last };
    }
    const heads = await auditRepo.heads(tx);
    const same = last && last.heads.length === heads.length
      && heads.every((h) => last.heads.some((l) => l.shard === h.shard && l.seq === h.seq && l.hash === h.hash));
    if (same) return { written: false, reason: 'unchanged' as const, checkpoint: last };
    const payload = { at, heads };
    const signed = signCheckpoint(payload, key.privateKey);
    const id = await auditRepo.insertCheckpoint(tx, { ...payload, ...signed, publicKey: key.publicKeyPem });
    return { written: true, checkpoint: { id, ...payload, ...signed } };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Who used my data

/** One access to a citizen's data, as the "who used my data" page shows it (no chain bookkeeping). */
export interface PersonAccessEntry {
  id: string;
  at: string;
  actor: string;
  actorRole: string | null;
  org: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  purpose: string | null;
  detail: Record<string, unknown>;
}

/** The audited accesses to a citizen's data (by the blind index of their identity), newest first, and their number. */
export async function listPersonAccess(q: Queryable, subjectPerson: string, limit = 20, offset = 0): Promise<{ total: number; entries: PersonAccessEntry[] }> {
  const lim = Math.min(Math.max(Math.trunc(limit) || 20, 1), 200);
  const off = Math.max(Math.trunc(offset) || 0, 0);
  const r = await auditRepo.listByPerson(q, subjectPerson, lim, off);
  return {
    total: r.total,
    entries: r.entries.map((e) => ({
      id: e.id, at: e.at, actor: e.actor, actorRole: e.actorRole, org: e.org, action: e.action,
      subjectType: e.subjectType, subjectId: e.subjectId, purpose: e.purpose, detail: e.detail,
    })),
  };
}
