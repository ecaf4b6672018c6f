import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  canonicalCheckpoint, canonicalEntry, canonicalEntryReference, canonicalJson, checkpointSignatureValid, hashEntry, sealEntry, signCheckpoint, verifyAuditLog, verifyShard,
} from './audit.chain.ts';
import { AUDIT_GENESIS_HASH, type AuditCheckpoint, type AuditEntryContent, type AuditHashAlg, type StoredAuditEntry } from './audit.types.ts';

/** A plausible entry at a position of a shard. */
const buildContent = (shard: number, seq: number, over: Partial<AuditEntryContent> = {}): AuditEntryContent => ({
  id: String(1000 + shard * 100 + seq), shard, seq, at: new Date(Date.UTC(2026, 10, 23, 4, 0, seq)).toISOString(),
  actor: 'officer:o-123', actorRole: 'window_officer', org: '310101000000', action: 'personal_data.read',
  subjectType: 'application', subjectId: `app_${seq}`, subjectPerson: 'bi_4f1c', purpose: '受理审查', detail: { fields: ['name', 'address'] },
  alg: 'sha256', ...over,
});

/** A valid chain of n entries in one shard. */
function buildChain(n: number, shard = 0, alg: AuditHashAlg = 'sha256'): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  let prev = AUDIT_GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = sealEntry(prev, buildContent(shard, seq, { alg }));
    out.push(e);
    prev = e.hash;
  }
  return out;
}

const keys = () => generateKeyPairSync('ed25519');

describe('audit canonical form and hashes', () => {
  it('serialises objects with sorted keys at every level and drops undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: undefined, w: null }], c: 'é' } }), '{"a":{"c":"é","d":[1,{"w":null,"y":2}]},"b":1}');
    assert.equal(canonicalJson({ b: 1, a: 2 }), canonicalJson({ a: 2, b: 1 }));
  });

  it('gives an entry the same text whatever order its detail keys were written in', () => {
    const a = buildContent(0, 1, { detail: { z: 1, a: { q: 2, p: 1 } } });
    const b = buildContent(0, 1, { detail: { a: { p: 1, q: 2 }, z: 1 } });
    assert.equal(canonicalEntry(a), canonicalEntry(b));
    assert.equal(hashEntry(AUDIT_GENESIS_HASH, a, 'sha256'), hashEntry(AUDIT_GENESIS_HASH, b, 'sha256'));
    assert.equal(JSON.parse(canonicalEntry(a)).subjectPerson, 'bi_4f1c');
  });

  it('writes the same canonical text on its fast path as field by field, whatever the detail holds', () => {
    const details: Record<string, unknown>[] = [
      {}, { b: 1, a: 2 }, { z: { y: [3, { d: 1, c: null }], x: 'é"\\\n\u0001' }, a: [] }, { n: 1e21, m: -0, f: 0.1 + 0.2, big: 2 ** 60 },
      { 10: 'ten', 9: 'nine', a: 1 }, { nested: { 2: 'x', b: 'y' } }, JSON.parse('{"__proto__": {"x": 1}, "a": 2}'),
      { when: new Date(Date.UTC(2026, 0, 1)), gone: undefined, list: [undefined, 1] }, { 'emoji😀': '汉字', 'Z': 1, 'a': 1, '_': 1 },
      { lone: '\ud800x', pair: '😀', ctl: '\u001f\u007f\u2028', quote: 'a"b', slash: 'a\\b/c' },
    ];
    for (const detail of details) {
      const e = buildContent(0, 1, { detail });
      assert.equal(canonicalEntry(e), canonicalEntryReference(e), JSON.stringify(detail));
      assert.deepEqual(Object.keys(JSON.parse(canonicalEntry(e))), [...Object.keys(JSON.parse(canonicalEntry(e)))].sort());
    }
    const odd = buildContent(0, 1, { actor: 'officer:"x"\n', purpose: '\ud83d', subjectId: '身份证 😀', org: '\u0000' });
    assert.equal(canonicalEntry(odd), canonicalEntryReference(odd));
    const nulls = { ...buildContent(0, 1), actorRole: undefined, org: undefined } as unknown as AuditEntryContent;
    assert.equal(canonicalEntry(nulls), canonicalEntryReference(nulls));
    assert.match(canonicalEntry(nulls), /"actorRole":null/);
  });

  it('hashes prev hash and content with SHA-256 or SM3', () => {
    const e = buildContent(0, 1);
    const text = `${AUDIT_GENESIS_HASH}\n${canonicalEntry(e)}`;
    assert.equal(hashEntry(AUDIT_GENESIS_HASH, e, 'sha256'), createHash('sha256').update(text).digest('hex'));
    assert.equal(hashEntry(AUDIT_GENESIS_HASH, e, 'sm3'), createHash('sm3').update(text).digest('hex'));
    assert.notEqual(hashEntry(AUDIT_GENESIS_HASH, e, 'sm3'), hashEntry(AUDIT_GENESIS_HASH, e, 'sha256'));
    assert.notEqual(hashEntry('1'.repeat(64), e, 'sha256'), hashEntry(AUDIT_GENESIS_HASH, e, 'sha256'));
  });

  it('changes the hash when any field changes', () => {
    const e = buildContent(0, 1);
    const h = hashEntry(AUDIT_GENESIS_HASH, e, 'sha256');
    const changes: Partial<AuditEntryContent>[] = [
      { id: '9' }, { shard: 1 }, { seq: 2 }, { at: '2026-11-23T04:00:00.001Z' }, { actor: 'admin' }, { actorRole: null }, { org: null },
      { action: 'case.decide' }, { subjectType: 'case' }, { subjectId: 'x' }, { subjectPerson: null }, { purpose: null }, { detail: {} },
    ];
    for (const c of changes) assert.notEqual(hashEntry(AUDIT_GENESIS_HASH, { ...e, ...c }, 'sha256'), h, JSON.stringify(c));
  });
});

describe('audit shard verification', () => {
  it('accepts an intact chain, on either algorithm', () => {
    for (const alg of ['sha256', 'sm3'] as const) {
      const r = verifyShard(0, buildChain(20, 0, alg));
      assert.equal(r.broken, null);
      assert.equal(r.entries, 20);
      assert.equal(r.lastSeq, 20);
    }
    assert.equal(verifyShard(3, []).broken, null);
  });

  it('accepts a chain that switched algorithm part-way (each entry names its own)', () => {
    const first = buildChain(3);
    const next = sealEntry(first[2]!.hash, buildContent(0, 4, { alg: 'sm3' }));
    assert.equal(verifyShard(0, [...first, next]).broken, null);
  });

  it('names an edited entry', () => {
    const chain = buildChain(10);
    chain[4] = { ...chain[4]!, purpose: '好奇' };
    const b = verifyShard(0, chain).broken!;
    assert.equal(b.reason, 'edited');
    assert.equal(b.seq, 5);
    assert.equal(b.id, chain[4]!.id);
    assert.match(b.message.en, /seq 5 .*edited/);
  });

  it('names an entry whose prev hash column alone was changed as edited', () => {
    const chain = buildChain(10);
    chain[6] = { ...chain[6]!, prevHash: 'f'.repeat(64) };
    const b = verifyShard(0, chain).broken!;
    assert.equal(b.reason, 'edited');
    assert.equal(b.seq, 7);
  });

  it('names the entry after a deleted one, with the missing seq', () => {
    const chain = buildChain(10);
    chain.splice(3, 1); // seq 4
    const b = verifyShard(0, chain).broken!;
    assert.equal(b.reason, 'deleted');
    assert.equal(b.seq, 5);
    assert.equal(b.expectedSeq, 4);
    assert.match(b.message.en, /seq 4 before it are missing/);
  });

  it('sees a deletion hidden by renumbering the entries after it', () => {
    const chain = buildChain(10);
    chain.splice(3, 1);
    const renumbered = chain.map((e, i) => ({ ...e, seq: i + 1 }));
    const b = verifyShard(0, renumbered).broken!;
    assert.equal(b.reason, 'deleted');
    assert.equal(b.seq, 4);
    assert.equal(b.id, chain[3]!.id);
  });

  it('names two swapped entries as reordered, whether their seq, their timestamps or their ids were swapped', () => {
    const chain = buildChain(10);
    const [a, b] = [chain[5]!, chain[6]!];
    const bySeq = [...chain.slice(0, 5), { ...b, seq: a.seq }, { ...a, seq: b.seq }, ...chain.slice(7)];
    const r1 = verifyShard(0, bySeq).broken!;
    assert.equal(r1.reason, 'reordered');
    assert.equal(r1.seq, 6);
    assert.equal(r1.id, b.id);

    const byTime = [...chain.slice(0, 5), { ...a, at: b.at }, { ...b, at: a.at }, ...chain.slice(7)];
    const r2 = verifyShard(0, byTime).broken!;
    assert.equal(r2.reason, 'reordered');
    assert.equal(r2.seq, 6);
    assert.equal(r2.id, a.id);

    const byId = [...chain.slice(0, 5), { ...a, id: b.id }, { ...b, id: a.id }, ...chain.slice(7)];
    assert.equal(verifyShard(0, byId).broken!.reason, 'reordered');
  });

  it('names an entry moved far ahead as reordered', () => {
    const chain = buildChain(10);
    const moved = [...chain.slice(0, 2), ...chain.slice(3), chain[2]!].map((e, i) => ({ ...e, seq: i + 1 }));
    assert.equal(verifyShard(0, moved).broken!.reason, 'reordered');
  });

  it('needs a checkpoint to see a cut tail, and names the first missing seq', () => {
    const chain = buildChain(10);
    assert.equal(verifyShard(0, chain.slice(0, 7)).broken, null);
    const b = verifyShard(0, chain.slice(0, 7), [{ seq: 9, hash: chain[8]!.hash, checkpointId: '3', checkpointAt: '2026-11-23T04:05:00.000Z' }]).broken!;
    assert.equal(b.reason, 'truncated');
    assert.equal(b.seq, 8);
    assert.equal(b.id, null);
    assert.equal(b.checkpointId, '3');
    assert.match(b.message.en, /ends at seq 7, but checkpoint #3 .* saw it at seq 9/);
  });

  it('sees a chain recomputed after an edit when a checkpoint signed the old head', () => {
    const chain = buildChain(6);
    const oldHead = chain[5]!;
    let prev = chain[1]!.hash;
    const rewritten = [...chain.slice(0, 2)];
    for (const e of chain.slice(2)) {
      const s = sealEntry(prev, { ...e, purpose: e.seq === 3 ? '改过' : e.purpose });
      rewritten.push(s);
      prev = s.hash;
    }
    assert.equal(verifyShard(0, rewritten).broken, null);
    const b = verifyShard(0, rewritten, [{ seq: 6, hash: oldHead.hash, checkpointId: '1', checkpointAt: 'x' }]).broken!;
    assert.equal(b.reason, 'rewritten');
    assert.equal(b.seq, 6);
  });

  it('reads the entries in batches and stops at the first break', () => {
    const chain = buildChain(30);
    chain[11] = { ...chain[11]!, actor: 'admin' };
    const batches = [chain.slice(0, 10), chain.slice(10, 20), chain.slice(20)];
    let read = 0;
    const report = verifyAuditLog({
      heads: [{ shard: 0, seq: 30, hash: chain[29]!.hash }],
      checkpoints: [],
      readShard: function* () {
        for (const b of batches) { read++; yield b; }
      },
    });
    return report.then((r) => {
      assert.equal(r.intact, false);
      assert.equal(r.firstBroken!.reason, 'edited');
      assert.equal(r.firstBroken!.seq, 12);
      assert.equal(read, 2);
    });
  });
});

describe('audit checkpoints and whole-log verification', () => {
  const shards = [buildChain(5, 0), buildChain(3, 1), buildChain(0, 2)];
  const heads = shards.map((c, shard) => ({ shard, seq: c.length, hash: c.at(-1)?.hash ?? AUDIT_GENESIS_HASH }));
  const source = (checkpoints: AuditCheckpoint[], data = shards) => ({
    heads, checkpoints, readShard: (s: number) => [data[s] ?? []],
  });

  it('signs and verifies the heads of every shard with Ed25519', () => {
    const { privateKey, publicKey } = keys();
    const payload = { at: '2026-11-23T04:05:00.000Z', heads };
    const cp: AuditCheckpoint = { id: '1', ...payload, ...signCheckpoint(payload, privateKey) };
    assert.ok(checkpointSignatureValid(cp, [publicKey]));
    assert.ok(!checkpointSignatureValid({ ...cp, heads: heads.map((h) => (h.shard === 1 ? { ...h, seq: 2 } : h)) }, [publicKey]));
    assert.ok(!checkpointSignatureValid(cp, [keys().publicKey]));
    assert.equal(canonicalCheckpoint(payload), canonicalCheckpoint({ ...payload, heads: [...heads].reverse() }));
  });

  it('reports an intact log with its counts', async () => {
    const { privateKey, publicKey } = keys();
    const payload = { at: '2026-11-23T04:05:00.000Z', heads };
    const r = await verifyAuditLog(source([{ id: '1', ...payload, ...signCheckpoint(payload, privateKey) }]), { publicKeys: [publicKey] });
    assert.equal(r.intact, true);
    assert.equal(r.entries, 8);
    assert.equal(r.shards.length, 3);
    assert.equal(r.checkpoints.signaturesChecked, true);
    assert.equal(r.checkpoints.latest!.id, '1');
    assert.equal(r.firstBroken, null);
  });

  it('names a checkpoint with a bad signature and ignores what it claims', async () => {
    const { privateKey, publicKey } = keys();
    const payload = { at: '2026-11-23T04:05:00.000Z', heads };
    const good = { id: '1', ...payload, ...signCheckpoint(payload, privateKey) };
    const forgedPayload = { at: '2026-11-23T04:10:00.000Z', heads: heads.map((h) => ({ ...h, seq: h.seq + 5 })) };
    const forged = { id: '2', ...forgedPayload, ...signCheckpoint(forgedPayload, keys().privateKey) };
    const r = await verifyAuditLog(source([good, forged]), { publicKeys: [publicKey] });
    assert.equal(r.intact, false);
    assert.equal(r.breaks.length, 1);
    assert.equal(r.firstBroken!.reason, 'bad_checkpoint_signature');
    assert.equal(r.firstBroken!.checkpointId, '2');
    const altered = { ...good, at: '2026-11-23T05:00:00.000Z' };
    assert.equal((await verifyAuditLog(source([altered]), { publicKeys: [publicKey] })).firstBroken!.reason, 'bad_checkpoint_signature');
  });

  it('sees a truncated shard through a valid checkpoint even when the head table was reset to match', async () => {
    const { privateKey, publicKey } = keys();
    const payload = { at: '2026-11-23T04:05:00.000Z', heads };
    const cp = { id: '7', ...payload, ...signCheckpoint(payload, privateKey) };
    const cut = [shards[0]!, shards[1]!.slice(0, 1), shards[2]!];
    const resetHeads = heads.map((h) => (h.shard === 1 ? { shard: 1, seq: 1, hash: cut[1]![0]!.hash } : h));
    const r = await verifyAuditLog({ heads: resetHeads, checkpoints: [cp], readShard: (s) => [cut[s]!] }, { publicKeys: [publicKey] });
    assert.equal(r.firstBroken!.reason, 'truncated');
    assert.equal(r.firstBroken!.shard, 1);
    assert.equal(r.firstBroken!.seq, 2);
    assert.equal(r.firstBroken!.checkpointId, '7');
  });

  it('uses checkpoints without checking signatures when no public key is known, and says so', async () => {
    const payload = { at: '2026-11-23T04:05:00.000Z', heads };
    const r = await verifyAuditLog(source([{ id: '1', ...payload, keyId: 'x', signature: 'bad' }]));
    assert.equal(r.intact, true);
    assert.equal(r.checkpoints.signaturesChecked, false);
  });
});
