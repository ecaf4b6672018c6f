import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobIntegrityError, DiskBlobStore, openBlobStore, sha256Of } from './blob-store.ts';

describe('DiskBlobStore', () => {
  let dir: string;
  let store: DiskBlobStore;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tongban-blobs-'));
    store = new DiskBlobStore(join(dir, 'blobs'));
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('stores content under blobs/ab/cd/<sha256> and reads it back', async () => {
    const bytes = Buffer.from('a residence registration record');
    const put = await store.put(bytes);
    assert.deepEqual(put, { sha256: sha256Of(bytes), size: bytes.length, existed: false });
    assert.equal(store.pathOf(put.sha256), join(dir, 'blobs', put.sha256.slice(0, 2), put.sha256.slice(2, 4), put.sha256));
    assert.deepEqual(await store.get(put.sha256), bytes);
    assert.equal(await store.has(put.sha256), true);
  });

  it('writes the same content once, also when two writers race, and leaves no temporary file', async () => {
    const bytes = Buffer.from('the same content, twice');
    const [a, b] = await Promise.all([store.put(bytes), store.put(bytes)]);
    assert.equal(a.sha256, b.sha256);
    const again = await store.put(bytes);
    assert.equal(again.existed, true);
    const files = (await readdir(join(dir, 'blobs'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name === a.sha256);
    assert.equal(files.length, 1);
    assert.deepEqual(await readdir(join(dir, 'blobs', '.tmp')), []);
  });

  it('answers null for a blob it does not have', async () => {
    assert.equal(await store.get('0'.repeat(64)), null);
    assert.equal(await store.has('0'.repeat(64)), false);
  });

  it('refuses content that no longer hashes to its name', async () => {
    const put = await store.put(Buffer.from('to be tampered with'));
    await writeFile(store.pathOf(put.sha256), 'tampered');
    await assert.rejects(store.get(put.sha256), BlobIntegrityError);
    // a later put of the real content repairs it (the size differs, so it is written again)
    assert.equal((await store.put(Buffer.from('to be tampered with'))).existed, false);
    assert.deepEqual(await store.get(put.sha256), Buffer.from('to be tampered with'));
  });

  it('refuses a name that is not a SHA-256, so no input reaches outside the store', async () => {
    await assert.rejects(store.get('../../etc/passwd'), TypeError);
    await assert.rejects(store.has('ABC'), TypeError);
  });
});

describe('openBlobStore', () => {
  it('opens the disk store under DATA_DIR/blobs by default', () => {
    const s = openBlobStore('/srv/tongban', {});
    assert.ok(s instanceof DiskBlobStore);
    assert.equal(s.root, join('/srv/tongban', 'blobs'));
  });
  it('refuses BLOB_STORE=s3, which is documented but not implemented, and unknown stores', () => {
    assert.throws(() => openBlobStore('/srv/tongban', { BLOB_STORE: 's3' }), /documented .*0013-materials\.md.* not implemented/);
    assert.throws(() => openBlobStore('/srv/tongban', { BLOB_STORE: 'ftp' }), /BLOB_STORE must be "disk"/);
  });
});
