/**
 * The audit log (存证/审计) for the rest of the server: `audit(tx, …)` appends an entry in the caller's transaction,
 * `verifyAudit` checks every chain and checkpoint, `writeCheckpoint` signs the shard heads, `listPersonAccess` answers
 * "who used my data". The hash algorithm and the platform key are set once at start with `configureAudit`.
 */
import type { KeyObject } from 'node:crypto';
import {
  DomainError, isAuditHashAlg, sealEntry, signCheckpoint, verifyAuditLog,
  type AuditCheckpoint, type AuditHashAlg, type AuditVerifyReport, type StoredAuditEntry,
} from '@tongban/core';
import { auditRepo, type Db, type Queryable } from '@tongban/db';
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

/**
 * Pages of a shard in seq order; the next page is fetched while the current one is checked. `first` is the first
 * page when it was fetched ahead (while the shard before was checked).
 */
async function* shardPages(q: Queryable, shard: number, size: number, first?: Promise<StoredAuditEntry[]>): AsyncGenerator<StoredAuditEntry[]> {
  let next = first ?? auditRepo.readShard(q, shard, 0, size);
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

/** Reads shards in ascending order, each one's first page fetched while the shard before it is checked. */
function shardReader(q: Queryable, shards: number[], size: number): (shard: number) => AsyncGenerator<StoredAuditEntry[]> {
  const order = [...new Set(shards)].sort((a, b) => a - b);
  const ahead = new Map<number, Promise<StoredAuditEntry[]>>();
  return (shard) => {
    const following = order[order.indexOf(shard) + 1];
    if (following !== undefined && !ahead.has(following)) {
      const p = auditRepo.readShard(q, following, 0, size);
      p.catch(() => { /* reported when that shard is read */ });
      ahead.set(following, p);
    }
    const first = ahead.get(shard);
    ahead.delete(shard);
    return shardPages(q, shard, size, first);
  };
}

/**
 * Verifies every shard chain and checkpoint and names the first broken entry. Signatures are checked with the
 * platform key and the trusted public keys; with none, checkpoints are used unchecked and the report says so.
 * (Tried: worker threads reading shards over their own connections; on two cores the database needs the second one,
 * and verification got no faster.)
 */
export async function verifyAudit(db: Db, opts: { publicKeys?: KeyObject[]; batchSize?: number } = {}): Promise<VerifyReport> {
  const publicKeys = opts.publicKeys ?? [...(settings.signingKey ? [settings.signingKey.publicKey] : []), ...settings.trustedPublicKeys];
  // heads first: entries committed later only extend the chains
  const heads = await auditRepo.heads(db);
  const checkpoints = await auditRepo.checkpoints(db);
  // 2,000 rows a page: larger pages keep more rows alive across young-generation collections and verify slower
  const size = opts.batchSize ?? 2000;
  const shards = [...heads.map((h) => h.shard), ...checkpoints.flatMap((c) => c.heads.map((h) => h.shard))];
  const report = await verifyAuditLog({ heads, checkpoints, readShard: shardReader(db, shards, size) }, { publicKeys });
  const key = settings.signingKey;
  return { ...report, publicKey: key ? { keyId: key.keyId, pem: key.publicKeyPem } : null };
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
