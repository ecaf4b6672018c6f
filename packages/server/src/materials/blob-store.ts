/**
 * Content-addressed storage of uploaded materials: a blob is named by the SHA-256 of its bytes, so the same content
 * is stored once, a name never points at other bytes, and a read can prove it got what was written.
 *
 * `DiskBlobStore` keeps blobs under `DATA_DIR/blobs/ab/cd/<sha256>` (ab, cd: the first two byte pairs of the hash, so
 * no directory grows past 65,536 entries). A write goes to a temporary file in `blobs/.tmp`, is flushed to disk, and
 * is renamed into place: rename is atomic on one file system, so a reader (or a crash) sees the whole blob or none.
 * Writing the same content twice is harmless: the second write finds the blob and reports `existed: true`.
 *
 * S3-compatible storage (production with several server processes, documented here and in
 * docs/decisions/0013-materials.md — NOT implemented in this release; `BLOB_STORE=s3` refuses to start):
 * - configuration: `BLOB_STORE=s3`, `S3_ENDPOINT` (e.g. https://oss-cn-shanghai.aliyuncs.com or a MinIO URL),
 *   `S3_REGION`, `S3_BUCKET`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`, `S3_FORCE_PATH_STYLE=true` for MinIO,
 *   optional `S3_PREFIX` (e.g. `materials/`);
 * - key = `S3_PREFIX + sha256` (flat: object stores need no fan-out directories);
 * - `put`: `HeadObject` (found: `existed: true`); else `PutObject` with `ChecksumSHA256` (the store refuses bytes that
 *   do not hash to it) and `If-None-Match: *` (two writers of one blob cannot interleave; a 412 means another wrote
 *   the same bytes first, which is success). An object appears whole or not at all, as with the rename on disk;
 * - `get`: `GetObject`, `NoSuchKey` → null, then the same hash check as on disk; `has`: `HeadObject`;
 * - the bucket is private, versioning on, server-side encryption (SSE-KMS/SM4 where the provider offers it); the
 *   server streams content to the owner itself — no presigned URLs, so every read goes through the access check.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What storing a blob did. */
export interface PutResult {
  /** lower-case hex SHA-256 of the bytes: the blob's name */
  sha256: string;
  size: number;
  /** the same content was stored before; nothing was written */
  existed: boolean;
}

/** Where material content lives. Implementations must make `put` atomic and idempotent for the same content. */
export interface BlobStore {
  /** Stores the bytes under their SHA-256 (once; a second put of the same bytes writes nothing). */
  put(bytes: Uint8Array): Promise<PutResult>;
  /** The bytes of a blob, checked against its name, or null when there is none. */
  get(sha256: string): Promise<Buffer | null>;
  /** Whether the blob is stored. */
  has(sha256: string): Promise<boolean>;
}

/** A stored blob whose bytes no longer hash to its name (disk fault or tampering). */
export class BlobIntegrityError extends Error {
  constructor(readonly sha256: string, readonly actual: string) {
    super(`blob ${sha256} is corrupt: its content hashes to ${actual}`);
    this.name = 'BlobIntegrityError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** SHA-256 of bytes as lower-case hex. */
export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Blobs as files under a root directory (`DATA_DIR/blobs`). */
export class DiskBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  /** The file of a blob; the name is checked, so no input can reach outside the root. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new TypeError(`not a SHA-256 hex digest: "${sha256.slice(0, 80)}"`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Uint8Array): Promise<PutResult> {
    const sha256 = sha256Of(bytes);
    const path = this.pathOf(sha256);
    const size = bytes.byteLength;
    // a file of another size under this name cannot be this content: write it again (rename replaces it)
    if ((await sizeOf(path)) === size) return { sha256, size, existed: true };
    const tmpDir = join(this.root, '.tmp');
    await mkdir(tmpDir, { recursive: true });
    await mkdir(join(this.root, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
    const tmp = join(tmpDir, `${sha256}.${randomBytes(6).toString('hex')}`);
    try {
      const fh = await open(tmp, 'wx', 0o640);
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    await syncDir(join(this.root, sha256.slice(0, 2), sha256.slice(2, 4)));
    return { sha256, size, existed: false };
  }

  async get(sha256: string): Promise<Buffer | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const actual = sha256Of(bytes);
    if (actual !== sha256) throw new BlobIntegrityError(sha256, actual);
    return bytes;
  }

  async has(sha256: string): Promise<boolean> {
    return (await sizeOf(this.pathOf(sha256))) !== null;
  }
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Flushes a directory entry (the rename) to disk; not possible on every platform, where it is skipped. */
async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    /* Windows cannot open a directory; the rename is still atomic */
  } finally {
    await fh?.close();
  }
}

/**
 * The blob store named by `BLOB_STORE` (default `disk`: `DATA_DIR/blobs`). `s3` is documented, not implemented:
 * it throws at start with a message saying so, rather than storing materials somewhere unexpected.
 */
export function openBlobStore(dataDir: string, env: NodeJS.ProcessEnv = process.env): BlobStore {
  const kind = env.BLOB_STORE || 'disk';
  if (kind === 'disk') return new DiskBlobStore(join(dataDir, 'blobs'));
  if (kind === 's3') {
    throw new Error('BLOB_STORE=s3 is documented (docs/decisions/0013-materials.md) but not implemented in this release; '
      + 'unset BLOB_STORE to keep materials under DATA_DIR/blobs');
  }
  throw new Error(`BLOB_STORE must be "disk" (or, once implemented, "s3"), got "${kind}"`);
}
