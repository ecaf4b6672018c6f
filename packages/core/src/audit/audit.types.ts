/**
 * The audit log (存证/审计): append-only, hash-chained entries of personal-data reads, decisions and admin changes.
 * Entries live in several independent chains (shards) so that concurrent writers do not queue on one lock;
 * signed checkpoints of every shard's head make a removed tail detectable (see docs/decisions/0010-audit-chain.md).
 */

/** Hash algorithms of the chain: SHA-256 (default) or SM3 (GB/T 32905). */
export type AuditHashAlg = 'sha256' | 'sm3';
export const AUDIT_HASH_ALGS: readonly AuditHashAlg[] = ['sha256', 'sm3'];

/** The hash before the first entry of every shard. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** What an entry says: who did what to whom, why, and when. Everything here is covered by the entry's hash. */
export interface AuditEntryContent {
  /** global allocation number (decimal string); unique, roughly in time order across shards */
  id: string;
  /** the chain the entry belongs to */
  shard: number;
  /** position in the shard's chain, 1, 2, 3… without gaps */
  seq: number;
  /** when it was written, ISO 8601 UTC with milliseconds (`2026-11-23T04:00:00.123Z`) */
  at: string;
  /** who acted: `officer:o-123`, `citizen:…`, `admin`, `system` */
  actor: string;
  actorRole: string | null;
  /** organisation code of the actor, when acting for one */
  org: string | null;
  /** what happened: `personal_data.read`, `catalog.publish`, `authz.denied`, `case.decide` */
  action: string;
  subjectType: string;
  subjectId: string;
  /** keyed blind index of the citizen whose data was touched (for "who used my data") */
  subjectPerson: string | null;
  /** why; required for personal-data reads */
  purpose: string | null;
  /** small JSON object with the particulars */
  detail: Record<string, unknown>;
  alg: AuditHashAlg;
}

/** An entry as stored: its content, the hash of the entry before it in the same shard, and its own hash. */
export interface StoredAuditEntry extends AuditEntryContent {
  prevHash: string;
  hash: string;
}

/** One shard's head at a moment: the last entry's seq and hash (seq 0 and the genesis hash when empty). */
export interface AuditHead {
  shard: number;
  seq: number;
  hash: string;
}

/** What a checkpoint signs: every shard head at one moment. */
export interface AuditCheckpointPayload {
  at: string;
  heads: AuditHead[];
}

/** A stored checkpoint: the payload, the key that signed it and the Ed25519 signature (base64) of its canonical form. */
export interface AuditCheckpoint extends AuditCheckpointPayload {
  id: string;
  keyId: string;
  signature: string;
}

/**
 * Why verification failed:
 * - `edited`: an entry's stored hash does not match its content (a field was changed);
 * - `deleted`: an entry is missing — a gap in seq, or an entry whose prev hash is not the hash of the one before it;
 * - `reordered`: entries are in the wrong order (the missing predecessor turns up later in the shard);
 * - `truncated`: a shard ends before the head a signed checkpoint (or the head table) recorded;
 * - `rewritten`: the entry at a checkpointed position has another hash than the checkpoint signed (the chain was
 *   recomputed after an edit);
 * - `bad_checkpoint_signature`: a checkpoint's signature does not verify with the platform key.
 */
export type AuditBreakReason = 'edited' | 'deleted' | 'reordered' | 'truncated' | 'rewritten' | 'bad_checkpoint_signature';

/** The first place a chain (or a checkpoint) fails verification. */
export interface AuditBreak {
  reason: AuditBreakReason;
  /** the shard, or null for a checkpoint signature */
  shard: number | null;
  /**
   * seq of the first stored entry that fails; for `truncated`, the first missing seq; for `bad_checkpoint_signature`, null.
   */
  seq: number | null;
  /** id of that entry; null when it is missing (truncated) or for a checkpoint */
  id: string | null;
  /** the checkpoint involved (`truncated`, `rewritten`, `bad_checkpoint_signature` found through one) */
  checkpointId?: string;
  /** the seq the verifier expected at this position, when it differs from `seq` */
  expectedSeq?: number;
  message: { zh: string; en: string };
}

/** The outcome of verifying one shard. */
export interface AuditShardResult {
  shard: number;
  /** entries read (the whole shard, or up to and including the break's classification window) */
  entries: number;
  /** the last verified position */
  lastSeq: number;
  lastHash: string;
  broken: AuditBreak | null;
}

/** The outcome of verifying the whole log. */
export interface AuditVerifyReport {
  intact: boolean;
  /** entries verified, over every shard */
  entries: number;
  shards: AuditShardResult[];
  checkpoints: {
    count: number;
    /** whether signatures were checked (false when no platform public key is known) */
    signaturesChecked: boolean;
    latest: { id: string; at: string; keyId: string } | null;
  };
  /** the first break, in shard order, then checkpoint problems; null when intact */
  firstBroken: AuditBreak | null;
  /** every break: at most one per shard (verification of a shard stops at its first break), then checkpoint problems */
  breaks: AuditBreak[];
  durationMs: number;
}
