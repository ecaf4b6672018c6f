/** Storage of the audit log: entries in shard chains, shard heads, signed checkpoints. SQL only; hashing lives in @tongban/core. */
import type { Queryable } from './db.ts';

// Row shapes of the audit tables. They match @tongban/core's StoredAuditEntry, AuditHead and AuditCheckpoint
// structurally (this package does not depend on core).

/** A stored audit entry. */
export interface AuditEntryRow {
  id: string;
  shard: number;
  seq: number;
  at: string;
  actor: string;
  actorRole: string | null;
  org: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  subjectPerson: string | null;
  purpose: string | null;
  detail: Record<string, unknown>;
  alg: 'sha256' | 'sm3';
  prevHash: string;
  hash: string;
}

/** A shard head: the last entry's seq and hash. */
export interface AuditHeadRow {
  shard: number;
  seq: number;
  hash: string;
}

/** A stored signed checkpoint. */
export interface AuditCheckpointRow {
  id: string;
  at: string;
  heads: AuditHeadRow[];
  keyId: string;
  signature: string;
}

/** Number of shards (independent chains); migration 0003 creates one head row for each of 0..AUDIT_SHARDS-1. */
export const AUDIT_SHARDS = 32;

/** The head a writer has locked: where its entry goes, and the id and time it gets. */
export interface LockedAuditHead {
  shard: number;
  /** the last seq; the new entry gets seq + 1 */
  seq: number;
  hash: string;
  /** the new entry's id */
  id: string;
  /** the new entry's time, ISO 8601 UTC with milliseconds */
  at: string;
}

interface HeadRow { shard: number; seq: string; hash: string; id: string; at: string }

const AT_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const NEXT = `nextval('audit_log_ids')::text as id, to_char(date_trunc('milliseconds', clock_timestamp()) at time zone 'UTC', ${AT_TEXT}) as at`;

// Each connection prefers the shard of its backend pid, so a pool's connections keep to different shards; a shard
// locked by another transaction is skipped. A shard this transaction already holds is never skipped, so a second
// entry in the same transaction lands there without waiting.
const LOCK_FREE_HEAD = `
  with pick as (
    select shard, seq, hash from audit_heads
    order by (shard + ${AUDIT_SHARDS} - pg_backend_pid() % ${AUDIT_SHARDS}) % ${AUDIT_SHARDS}
    limit 1 for update skip locked
  )
  select shard, seq::text as seq, hash, ${NEXT} from pick`;

// Every shard is taken by another transaction (and this one holds none, or it would have got it): wait for its own.
// Holding no head while waiting means two writers can never wait on each other's heads.
const LOCK_OWN_HEAD = `
  select shard, seq::text as seq, hash, ${NEXT} from audit_heads
  where shard = pg_backend_pid() % ${AUDIT_SHARDS} for update`;

// Careful: these aliases shadow the columns in ORDER BY; queries order by the qualified column (l.seq), never the alias.
const ENTRY_COLS = `id::text as id, shard, seq::text as seq, to_char(at at time zone 'UTC', ${AT_TEXT}) as at, actor, actor_role as "actorRole", org,
  action, subject_type as "subjectType", subject_id as "subjectId", subject_person as "subjectPerson", purpose, detail, alg,
  prev_hash as "prevHash", hash`;

type EntryRow = Omit<AuditEntryRow, 'seq'> & { seq: string };
// seq comes as text (int8); converted in place, since verification maps a million rows
const toEntry = (r: EntryRow): AuditEntryRow => {
  (r as unknown as AuditEntryRow).seq = Number(r.seq);
  return r as unknown as AuditEntryRow;
};

/** Repository of the audit tables. Every function takes the connection or transaction to run on. */
export const auditRepo = {
  /**
   * Locks a shard head for the rest of the transaction `tx` and allocates the next entry's id and time. Must run in
   * a transaction: the lock is what keeps a shard's chain linear.
   */
  async lockHead(tx: Queryable): Promise<LockedAuditHead> {
    let r = await tx.query<HeadRow>(LOCK_FREE_HEAD);
    if (!r.rows.length) r = await tx.query<HeadRow>(LOCK_OWN_HEAD);
    const h = r.rows[0];
    if (!h) throw new Error('audit_heads has no rows: migration 0003_audit did not run');
    return { shard: h.shard, seq: Number(h.seq), hash: h.hash, id: h.id, at: h.at };
  },

  /** Stores an entry and moves its shard's head to it, in one statement (the head must be locked by `tx`). */
  async append(tx: Queryable, e: AuditEntryRow): Promise<void> {
    await tx.query(
      `with entry as (
         insert into audit_log (shard, seq, id, at, actor, actor_role, org, action, subject_type, subject_id, subject_person, purpose, detail, alg, prev_hash, hash)
         values ($1, $2, $3, $4::timestamptz, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15, $16)
       )
       update audit_heads set seq = $2, hash = $16, updated_at = $4::timestamptz where shard = $1`,
      [e.shard, e.seq, e.id, e.at, e.actor, e.actorRole, e.org, e.action, e.subjectType, e.subjectId, e.subjectPerson, e.purpose,
        JSON.stringify(e.detail), e.alg, e.prevHash, e.hash],
    );
  },

  /** Every shard head, in shard order. */
  async heads(q: Queryable): Promise<AuditHeadRow[]> {
    const r = await q.query<{ shard: number; seq: string; hash: string }>('select shard, seq::text as seq, hash from audit_heads h order by h.shard');
    return r.rows.map((h) => ({ shard: h.shard, seq: Number(h.seq), hash: h.hash }));
  },

  /** Up to `limit` entries of a shard after `afterSeq`, in seq order (keyset paging: read a million rows a page at a time). */
  async readShard(q: Queryable, shard: number, afterSeq: number, limit: number): Promise<AuditEntryRow[]> {
    const r = await q.query<EntryRow>(
      `select ${ENTRY_COLS} from audit_log l where l.shard = $1 and l.seq > $2 order by l.seq limit $3`, [shard, afterSeq, limit]);
    return r.rows.map(toEntry);
  },

  /** Stores a signed checkpoint; returns its id. */
  async insertCheckpoint(q: Queryable, cp: Omit<AuditCheckpointRow, 'id'> & { publicKey: string }): Promise<string> {
    const r = await q.query<{ id: string }>(
      `insert into audit_checkpoints (at, heads, key_id, public_key, signature) values ($1::timestamptz, $2::jsonb, $3, $4, $5) returning id::text as id`,
      [cp.at, JSON.stringify(cp.heads), cp.keyId, cp.publicKey, cp.signature],
    );
    return r.rows[0]!.id;
  },

  /** Every checkpoint, oldest first. */
  async checkpoints(q: Queryable): Promise<AuditCheckpointRow[]> {
    const r = await q.query<AuditCheckpointRow>(
      `select id::text as id, to_char(at at time zone 'UTC', ${AT_TEXT}) as at, heads, key_id as "keyId", signature from audit_checkpoints c order by c.id`);
    return r.rows;
  },

  /** The newest checkpoint, or null. */
  async latestCheckpoint(q: Queryable): Promise<AuditCheckpointRow | null> {
    const r = await q.query<AuditCheckpointRow>(
      `select id::text as id, to_char(at at time zone 'UTC', ${AT_TEXT}) as at, heads, key_id as "keyId", signature
       from audit_checkpoints c order by c.id desc limit 1`);
    return r.rows[0] ?? null;
  },

  /** The database's time now, in the entries' format. */
  async now(q: Queryable): Promise<string> {
    const r = await q.query<{ at: string }>(`select to_char(date_trunc('milliseconds', clock_timestamp()) at time zone 'UTC', ${AT_TEXT}) as at`);
    return r.rows[0]!.at;
  },

  /** A citizen's entries (by the blind index of their identity), newest first, and how many there are. */
  async listByPerson(q: Queryable, subjectPerson: string, limit: number, offset: number): Promise<{ total: number; entries: AuditEntryRow[] }> {
    const [rows, count] = await Promise.all([
      q.query<EntryRow>(
        `select ${ENTRY_COLS} from audit_log l where l.subject_person = $1 order by l.at desc, l.id desc limit $2 offset $3`,
        [subjectPerson, limit, offset]),
      q.query<{ n: number }>('select count(*)::int as n from audit_log where subject_person = $1', [subjectPerson]),
    ]);
    return { total: count.rows[0]?.n ?? 0, entries: rows.rows.map(toEntry) };
  },

  /** Whether migration 0003 has created the audit tables. */
  async installed(q: Queryable): Promise<boolean> {
    const r = await q.query<{ ok: boolean }>(`select to_regclass('audit_log') is not null and to_regclass('audit_heads') is not null as ok`);
    return r.rows[0]?.ok ?? false;
  },
};
