/**
 * The audit hash chain: canonical serialisation, entry hashes, signed checkpoints, and verification that names the
 * first broken entry. Pure: the caller supplies entries (in batches, per shard) and keys; nothing here reads a database.
 */
import { createHash, createPublicKey, hash, sign, verify, type KeyObject } from 'node:crypto';
import {
  AUDIT_GENESIS_HASH, AUDIT_HASH_ALGS, type AuditBreak, type AuditCheckpoint, type AuditCheckpointPayload, type AuditEntryContent,
  type AuditHashAlg, type AuditHead, type AuditShardResult, type AuditVerifyReport, type StoredAuditEntry,
} from './audit.types.ts';

/** JSON with object keys in sorted order at every level, undefined members left out: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function').sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

// A string JSON.stringify would write other than as "…": quote, backslash, control character, surrogate (lone ones
// are escaped; pairs go the slow way too, which writes them as they are).
// eslint-disable-next-line no-control-regex -- these are exactly the characters JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const str = (s: string | null | undefined): string => (s == null ? 'null' : NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** Marks a value that a plain object cannot carry in sorted key order. */
const UNSORTABLE = Symbol('unsortable');
/** Keys a JS object always orders first, numerically (so insertion order cannot make them sorted); `__proto__` is no plain key either. */
const INDEX_KEY = /^(?:0|[1-9][0-9]*)$/;

/**
 * A copy of a JSON value whose objects have their keys inserted in sorted order, so that JSON.stringify writes the
 * canonical text; UNSORTABLE when an object has an index-like key or a toJSON method.
 */
function sortedCopy(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const c = sortedCopy(v[i]);
      if (c === UNSORTABLE) return UNSORTABLE;
      out[i] = c;
    }
    return out;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return UNSORTABLE;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (INDEX_KEY.test(k) || k === '__proto__') return UNSORTABLE;
    const c = sortedCopy(obj[k]);
    if (c === UNSORTABLE) return UNSORTABLE;
    out[k] = c;
  }
  return out;
}

/** canonicalJson of a detail object, through one native JSON.stringify when its keys can be kept in order. */
function canonicalDetail(d: unknown): string {
  const c = sortedCopy(d);
  return c === UNSORTABLE ? canonicalJson(d) : (JSON.stringify(c) ?? 'null');
}

/**
 * The canonical text of an entry's content: canonicalJson of the object {action, actor, actorRole, alg, at, detail,
 * id, org, purpose, seq, shard, subjectId, subjectPerson, subjectType, v: 1} — keys in alphabetical order at every
 * level, missing values as null. Written out by hand because verification runs it a million times;
 * canonicalEntryReference is the same through the general serialiser.
 */
export function canonicalEntry(e: AuditEntryContent): string {
  return '{"action":' + str(e.action) + ',"actor":' + str(e.actor) + ',"actorRole":' + str(e.actorRole) + ',"alg":' + str(e.alg)
    + ',"at":' + str(e.at) + ',"detail":' + canonicalDetail(e.detail) + ',"id":' + str(e.id) + ',"org":' + str(e.org)
    + ',"purpose":' + str(e.purpose) + ',"seq":' + num(e.seq) + ',"shard":' + num(e.shard) + ',"subjectId":' + str(e.subjectId)
    + ',"subjectPerson":' + str(e.subjectPerson) + ',"subjectType":' + str(e.subjectType) + ',"v":1}';
}

/** The definition of canonicalEntry, through canonicalJson (for tests and other implementations to compare with). */
export function canonicalEntryReference(e: AuditEntryContent): string {
  return canonicalJson({
    action: e.action, actor: e.actor, actorRole: e.actorRole ?? null, alg: e.alg, at: e.at, detail: e.detail ?? null, id: e.id,
    org: e.org ?? null, purpose: e.purpose ?? null, seq: e.seq, shard: e.shard, subjectId: e.subjectId,
    subjectPerson: e.subjectPerson ?? null, subjectType: e.subjectType, v: 1,
  });
}

/** Whether a string names a supported hash algorithm. */
export const isAuditHashAlg = (s: unknown): s is AuditHashAlg => typeof s === 'string' && (AUDIT_HASH_ALGS as readonly string[]).includes(s);

/** The hash of an entry: alg(prevHash "\n" canonicalEntry), lowercase hex. */
export function hashEntry(prevHash: string, entry: AuditEntryContent, alg: AuditHashAlg): string {
  // one-shot hash (strings are hashed as UTF-8): about twice as fast as a Hash object per entry
  return hash(alg, `${prevHash}\n${canonicalEntry(entry)}`, 'hex');
}

/** An entry ready to store: its content chained to `prevHash` with the hash of its own algorithm. */
export function sealEntry(prevHash: string, entry: AuditEntryContent): StoredAuditEntry {
  return { ...entry, prevHash, hash: hashEntry(prevHash, entry, entry.alg) };
}

// ---------------------------------------------------------------------------------------------------------------
// Checkpoints

/** The canonical text a checkpoint signature covers. */
export function canonicalCheckpoint(p: AuditCheckpointPayload): string {
  const heads = [...p.heads].sort((a, b) => a.shard - b.shard).map((h) => ({ shard: h.shard, seq: h.seq, hash: h.hash }));
  return canonicalJson({ v: 1, at: p.at, heads });
}

/** The short id of a public key: the first 16 hex digits of the SHA-256 of its SPKI DER encoding. */
export function platformKeyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Signs a checkpoint payload with the platform's Ed25519 private key. */
export function signCheckpoint(p: AuditCheckpointPayload, privateKey: KeyObject): { keyId: string; signature: string } {
  return { keyId: platformKeyId(privateKey), signature: sign(null, Buffer.from(canonicalCheckpoint(p), 'utf8'), privateKey).toString('base64') };
}

/** Whether a checkpoint was signed by one of the given public keys (matched by key id). */
export function checkpointSignatureValid(cp: AuditCheckpoint, publicKeys: KeyObject[]): boolean {
  const key = publicKeys.find((k) => platformKeyId(k) === cp.keyId);
  if (!key) return false;
  try {
    return verify(null, Buffer.from(canonicalCheckpoint(cp), 'utf8'), key, Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Verification

/** A position a shard is known to have reached, with the hash it had: from a checkpoint or the head table. */
export interface AuditMark {
  seq: number;
  hash: string;
  /** the checkpoint that recorded it; absent for the (unsigned) head table */
  checkpointId?: string;
  checkpointAt?: string;
}

const describeMark = (m: AuditMark) => m.checkpointId
  ? { zh: `检查点 #${m.checkpointId}（${m.checkpointAt}）`, en: `checkpoint #${m.checkpointId} (${m.checkpointAt})` }
  : { zh: '链头记录表', en: 'the head table' };

/**
 * Verifies one shard's chain, fed its entries in seq order in batches. Stops at the first break; when an entry does
 * not follow its predecessor it keeps reading to tell a reordering (the predecessor turns up later) from a deletion.
 */
export class ShardChainVerifier {
  private expectedSeq = 1;
  private prevHash = AUDIT_GENESIS_HASH;
  private count = 0;
  private broken: AuditBreak | null = null;
  /** an entry found where another was expected, while the rest of the shard is searched for the missing one */
  private suspect: StoredAuditEntry | null = null;
  private suspectExpected = { seq: 0, prevHash: '' };
  /** an entry whose hash does not match, until the next entry shows whether the two swapped their time or id */
  private editSuspect: StoredAuditEntry | null = null;
  private readonly marks = new Map<number, AuditMark[]>();

  constructor(readonly shard: number, marks: AuditMark[] = []) {
    for (const m of marks) {
      if (m.seq <= 0) continue;
      const list = this.marks.get(m.seq);
      if (list) list.push(m);
      else this.marks.set(m.seq, [m]);
    }
  }

  /** Whether the shard is settled as broken (no more entries are needed). */
  get done(): boolean {
    return this.broken !== null;
  }

  /** Feeds the next entries in seq order; returns false when the shard is settled as broken and reading can stop. */
  push(entries: readonly StoredAuditEntry[]): boolean {
    for (const e of entries) {
      if (this.broken) return false;
      this.count++;
      if (this.editSuspect) {
        this.settleEdited(this.editSuspect, e);
        return false;
      }
      if (this.suspect) {
        if (e.prevHash === this.suspectExpected.prevHash || e.hash === this.suspect.prevHash) this.settleReordered();
        continue;
      }
      const valid = isAuditHashAlg(e.alg);
      if (e.seq !== this.expectedSeq || e.prevHash !== this.prevHash) {
        if (valid && e.seq === this.expectedSeq && hashEntry(this.prevHash, e, e.alg) === e.hash) {
          // the entry is right for its place: only its prev_hash column was changed
          this.settleEdited(e, null);
          return false;
        }
        this.suspect = e;
        this.suspectExpected = { seq: this.expectedSeq, prevHash: this.prevHash };
        continue;
      }
      if (!valid || hashEntry(e.prevHash, e, e.alg) !== e.hash) {
        this.editSuspect = e;
        continue;
      }
      const marks = this.marks.get(e.seq);
      const differs = marks?.find((m) => m.hash !== e.hash);
      if (differs) {
        const d = describeMark(differs);
        this.broken = this.brk('rewritten', e, {
          zh: `分片 ${this.shard} 第 ${e.seq} 条（id ${e.id}）的哈希与${d.zh}记录的不同：此处及之前的记录被改写并重新计算了哈希`,
          en: `shard ${this.shard} seq ${e.seq} (id ${e.id}): its hash differs from the one ${d.en} recorded — the chain up to here was edited and re-hashed`,
        }, differs.checkpointId);
        return false;
      }
      this.prevHash = e.hash;
      this.expectedSeq++;
    }
    return !this.broken;
  }

  /** An entry's hash does not match: edited, unless swapping its time or id with the next entry's explains it. */
  private settleEdited(e: StoredAuditEntry, next: StoredAuditEntry | null): void {
    const swaps: Partial<AuditEntryContent>[] = next ? [{ at: next.at }, { id: next.id }, { at: next.at, id: next.id }] : [];
    const swapped = isAuditHashAlg(e.alg) ? swaps.find((s) => hashEntry(e.prevHash, { ...e, ...s }, e.alg) === e.hash) : undefined;
    if (swapped && next) {
      const what = Object.keys(swapped).join(' and ');
      this.broken = this.brk('reordered', e, {
        zh: `分片 ${this.shard} 第 ${e.seq} 条（id ${e.id}）与下一条互换了${what === 'at' ? '时间' : what === 'id' ? '编号' : '时间和编号'}：记录顺序被调换`,
        en: `shard ${this.shard} seq ${e.seq} (id ${e.id}) and the next entry swapped their ${what} — entries were reordered`,
      });
      return;
    }
    this.broken = this.brk('edited', e, {
      zh: `分片 ${this.shard} 第 ${e.seq} 条（id ${e.id}）的内容与其哈希不符：该记录被修改过`,
      en: `shard ${this.shard} seq ${e.seq} (id ${e.id}): the stored hash does not match the entry's content — the entry was edited`,
    });
  }

  private settleReordered(): void {
    const e = this.suspect!;
    this.broken = this.brk('reordered', e, {
      zh: `分片 ${this.shard} 第 ${this.suspectExpected.seq} 个位置上的记录（id ${e.id}，序号 ${e.seq}）不是上一条的后继，其前驱出现在后面：记录顺序被调换`,
      en: `shard ${this.shard} position ${this.suspectExpected.seq}: entry id ${e.id} (seq ${e.seq}) does not follow the entry before it, and its predecessor appears later — entries were reordered`,
    });
    if (e.seq !== this.suspectExpected.seq) this.broken.expectedSeq = this.suspectExpected.seq;
  }

  private brk(reason: AuditBreak['reason'], e: { seq: number; id: string } | null, message: AuditBreak['message'], checkpointId?: string): AuditBreak {
    return {
      reason, shard: this.shard, seq: e ? e.seq : this.expectedSeq, id: e ? e.id : null,
      ...(checkpointId !== undefined ? { checkpointId } : {}), message,
    };
  }

  /** Ends the shard: settles a pending edit or deletion and checks the end against the furthest known head. */
  end(): AuditShardResult {
    if (!this.broken && this.editSuspect) this.settleEdited(this.editSuspect, null);
    if (!this.broken && this.suspect) {
      const e = this.suspect;
      const from = this.suspectExpected.seq;
      const gap = e.seq > from;
      const range = e.seq - 1 > from ? `${from}–${e.seq - 1}` : `${from}`;
      this.broken = this.brk('deleted', e, gap
        ? {
          zh: `分片 ${this.shard} 第 ${e.seq} 条（id ${e.id}）之前缺少序号 ${range} 的记录：记录被删除`,
          en: `shard ${this.shard} seq ${e.seq} (id ${e.id}): the entries with seq ${range} before it are missing — entries were deleted`,
        }
        : {
          zh: `分片 ${this.shard} 第 ${e.seq} 条（id ${e.id}）记录的前一哈希与上一条不符：其前的记录被删除（或上一条被修改并重算了哈希）`,
          en: `shard ${this.shard} seq ${e.seq} (id ${e.id}): its prev hash is not the hash of the entry before it — an entry before it was deleted (or the one before was edited and re-hashed)`,
        });
      if (gap) this.broken.expectedSeq = from;
    }
    if (!this.broken) {
      const lastSeq = this.expectedSeq - 1;
      let furthest: AuditMark | null = null;
      for (const list of this.marks.values()) {
        for (const m of list) {
          if (m.seq <= lastSeq) continue;
          // prefer a signed checkpoint over the head table when both reach past the end
          if (!furthest || m.seq > furthest.seq || (m.seq === furthest.seq && m.checkpointId && !furthest.checkpointId)) furthest = m;
        }
      }
      if (furthest) {
        const d = describeMark(furthest);
        this.broken = this.brk('truncated', null, {
          zh: `分片 ${this.shard} 止于第 ${lastSeq} 条，而${d.zh}记录其已到第 ${furthest.seq} 条：末尾 ${furthest.seq - lastSeq} 条记录被删除`,
          en: `shard ${this.shard} ends at seq ${lastSeq}, but ${d.en} saw it at seq ${furthest.seq} — ${furthest.seq - lastSeq} entries were removed from the end`,
        }, furthest.checkpointId);
      }
    }
    return { shard: this.shard, entries: this.count, lastSeq: this.expectedSeq - 1, lastHash: this.prevHash, broken: this.broken };
  }
}

/** Verifies one shard given all its entries in seq order (a convenience over ShardChainVerifier). */
export function verifyShard(shard: number, entries: readonly StoredAuditEntry[], marks: AuditMark[] = []): AuditShardResult {
  const v = new ShardChainVerifier(shard, marks);
  v.push(entries);
  return v.end();
}

/** Verifies one shard from a stream of entry batches in seq order, reading no further than needed. */
export async function verifyShardStream(
  shard: number, batches: AsyncIterable<readonly StoredAuditEntry[]> | Iterable<readonly StoredAuditEntry[]>, marks: AuditMark[] = [],
): Promise<AuditShardResult> {
  const v = new ShardChainVerifier(shard, marks);
  for await (const batch of batches) {
    if (!v.push(batch)) break;
  }
  return v.end();
}

/** Where verification reads the log from. */
export interface AuditLogSource {
  /** the head table, read before any entry (so entries appended meanwhile only extend the chains) */
  heads: AuditHead[];
  /** every checkpoint, oldest first */
  checkpoints: AuditCheckpoint[];
  /** the shard's entries in seq order, in batches */
  readShard(shard: number): AsyncIterable<readonly StoredAuditEntry[]> | Iterable<readonly StoredAuditEntry[]>;
}

export interface VerifyAuditLogOptions {
  /** keys whose checkpoint signatures verify; none: checkpoints are used unchecked and the report says so */
  publicKeys?: KeyObject[] | null;
}

/**
 * Verifies the whole log: every checkpoint signature (when public keys are given), then every shard's chain against
 * the heads recorded by valid checkpoints and by the head table. Returns every shard's first break.
 */
export async function verifyAuditLog(source: AuditLogSource, opts: VerifyAuditLogOptions = {}): Promise<AuditVerifyReport> {
  const t0 = performance.now();
  const keys = opts.publicKeys?.length ? opts.publicKeys : null;
  const checkpointBreaks: AuditBreak[] = [];
  const marks = new Map<number, AuditMark[]>();
  const addMark = (shard: number, m: AuditMark) => {
    const list = marks.get(shard);
    if (list) list.push(m);
    else marks.set(shard, [m]);
  };
  for (const cp of source.checkpoints) {
    if (keys && !checkpointSignatureValid(cp, keys)) {
      const known = keys.some((k) => platformKeyId(k) === cp.keyId);
      checkpointBreaks.push({
        reason: 'bad_checkpoint_signature', shard: null, seq: null, id: null, checkpointId: cp.id,
        message: known
          ? { zh: `检查点 #${cp.id}（${cp.at}）的签名无效：检查点被篡改或伪造`, en: `checkpoint #${cp.id} (${cp.at}): the signature does not verify — the checkpoint was altered or forged` }
          : { zh: `检查点 #${cp.id}（${cp.at}）由未知密钥 ${cp.keyId} 签名：检查点被伪造，或平台密钥已更换`, en: `checkpoint #${cp.id} (${cp.at}) was signed by unknown key ${cp.keyId} — forged, or the platform key was replaced` },
      });
      continue;
    }
    for (const h of cp.heads) addMark(h.shard, { seq: h.seq, hash: h.hash, checkpointId: cp.id, checkpointAt: cp.at });
  }
  for (const h of source.heads) addMark(h.shard, { seq: h.seq, hash: h.hash });

  const shardIds = [...new Set([...source.heads.map((h) => h.shard), ...marks.keys()])].sort((a, b) => a - b);
  const shards: AuditShardResult[] = [];
  for (const shard of shardIds) shards.push(await verifyShardStream(shard, source.readShard(shard), marks.get(shard) ?? []));
  const breaks = [...shards.flatMap((s) => (s.broken ? [s.broken] : [])), ...checkpointBreaks];
  const latest = source.checkpoints.at(-1);
  return {
    intact: breaks.length === 0,
    entries: shards.reduce((n, s) => n + s.entries, 0),
    shards,
    checkpoints: {
      count: source.checkpoints.length,
      signaturesChecked: keys !== null,
      latest: latest ? { id: latest.id, at: latest.at, keyId: latest.keyId } : null,
    },
    firstBroken: breaks[0] ?? null,
    breaks,
    durationMs: Math.round(performance.now() - t0),
  };
}
