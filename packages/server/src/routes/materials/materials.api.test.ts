import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { dbKinds, startTestServer, tokenFor, type TestServer } from '../../test/harness.ts';

// Test files are made here, with sharp and pdf-lib: no binary fixtures.

/** An ID-photo-like image: a background, a darker head and shoulders in the middle and at the bottom. */
async function photo(o: { width?: number; height?: number; background?: string; format?: 'jpeg' | 'png' } = {}): Promise<Buffer> {
  const { width = 358, height = 441, background = '#f4f4f4', format = 'jpeg' } = o;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <ellipse cx="${width / 2}" cy="${height * 0.42}" rx="${width * 0.22}" ry="${height * 0.22}" fill="#8a6a55"/>
    <rect x="${width * 0.15}" y="${height * 0.72}" width="${width * 0.7}" height="${height * 0.28}" rx="20" fill="#223355"/>
  </svg>`;
  const img = sharp({ create: { width, height, channels: 3, background } }).composite([{ input: Buffer.from(svg) }]);
  return format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 90 }).toBuffer();
}

/** A PDF of `pages` pages with a line of text on each. */
async function pdf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([595, 842]).drawText(`Page ${i} of the guardianship commitment`, { x: 50, y: 780, size: 14, font });
  return Buffer.from(await doc.save());
}

/** A PDF whose trailer says it is encrypted (pdf-lib cannot encrypt; readers then refuse it without a password). */
async function encryptedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  doc.context.trailerInfo.Encrypt = doc.context.obj({ Filter: PDFName.of('Standard'), V: 1, R: 2 });
  return Buffer.from(await doc.save());
}

/** A minimal ZIP (stored entries), to build OFD containers and plain archives. */
function zip(files: [string, string][]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc32 = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const n = Buffer.from(name);
    const data = Buffer.from(text);
    const crc = crc32(data);
    const l = Buffer.alloc(30);
    l.writeUInt32LE(0x04034b50, 0); l.writeUInt16LE(20, 4); l.writeUInt32LE(crc, 14); l.writeUInt32LE(data.length, 18); l.writeUInt32LE(data.length, 22); l.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt32LE(crc, 16); c.writeUInt32LE(data.length, 20); c.writeUInt32LE(data.length, 24); c.writeUInt16LE(n.length, 28); c.writeUInt32LE(offset, 42);
    locals.push(l, n, data);
    central.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const ofd = () => zip([
  ['OFD.xml', '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"><ofd:DocBody/></ofd:OFD>'],
  ['Doc_0/Document.xml', '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"/>'],
]);

interface Sent { itemCode?: string; materialId?: string; file?: Buffer; name?: string; type?: string; fileFirst?: boolean }

/** Uploads as a browser would: multipart, fields first unless `fileFirst`. */
async function upload(s: TestServer, token: string | null, o: Sent) {
  const form = new FormData();
  const addFile = () => { if (o.file) form.append('file', new Blob([o.file], { type: o.type ?? 'application/octet-stream' }), o.name ?? 'upload.bin'); };
  if (o.fileFirst) addFile();
  if (o.itemCode !== undefined) form.append('itemCode', o.itemCode);
  if (o.materialId !== undefined) form.append('materialId', o.materialId);
  if (!o.fileFirst) addFile();
  const res = await fetch(`${s.url}/api/v1/materials`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  let body: any = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body, headers: res.headers };
}

/** Every file under a directory (recursively), as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
  } catch {
    return [];
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PHOTO = { itemCode: 'HZ-JZZ-BL', materialId: 'photo' };
const PDF_ONLY = { itemCode: 'HZ-JZZ-BL', materialId: 'guardian_commitment' };
const DOCUMENT = { itemCode: 'HZ-JZZ-BL', materialId: 'enrolment_proof' };

for (const kind of dbKinds()) {
  describe(`materials on ${kind}`, () => {
    let s: TestServer;
    let dataDir: string;
    let zhangwei: string;
    let lina: string;
    const blobs = () => filesUnder(join(dataDir, 'blobs'));
    const rows = async () => (await s.db.query<{ n: number }>('select count(*)::int as n from material_files')).rows[0]!.n;
    /** Asserts that a failed upload left nothing behind: no new row, no new blob, no temporary file. */
    async function nothingWritten(attempt: () => Promise<unknown>) {
      const [rowsBefore, blobsBefore] = [await rows(), await blobs()];
      await attempt();
      assert.equal(await rows(), rowsBefore, 'no row');
      assert.deepEqual(await blobs(), blobsBefore, 'no blob, no temporary file');
    }

    before(async () => {
      s = await startTestServer(kind);
      dataDir = await mkdtemp(join(tmpdir(), 'tongban-materials-'));
      s.config.dataDir = dataDir;
      zhangwei = await tokenFor(s, 'p-zhangwei', 'citizen');
      lina = await tokenFor(s, 'p-lina', 'citizen');
    });
    after(async () => {
      await s.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    describe('#materials.upload', () => {
      it('accepts a valid ID photo with 201, its size, type, dimensions and the checks it passed', async () => {
        const file = await photo();
        const res = await upload(s, zhangwei, { ...PHOTO, file, name: '证件照.jpg', type: 'image/jpeg' });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        assert.match(res.body.id, /^mf_[0-9a-f]{24}$/);
        assert.equal(res.headers.get('location'), `/api/v1/materials/${res.body.id}`);
        assert.equal(res.body.sha256, sha256(file));
        assert.equal(res.body.size, file.length);
        assert.equal(res.body.mediaType, 'image/jpeg');
        assert.deepEqual([res.body.width, res.body.height], [358, 441]);
        assert.equal(res.body.pages, undefined);
        assert.equal(res.body.fileName, '证件照.jpg');
        assert.equal(res.body.itemVersion, 1);
        const checks = Object.fromEntries(res.body.checks.map((c: any) => [c.check, c]));
        for (const c of ['size', 'type', 'image.decode', 'photo.dimensions', 'photo.aspect', 'photo.background']) assert.equal(checks[c]?.passed, true, c);
        assert.ok(checks['photo.background'].actual >= 190);
        assert.deepEqual(await blobs(), [join(res.body.sha256.slice(0, 2), res.body.sha256.slice(2, 4), res.body.sha256)]);
      });

      it('records the upload in the audit log, in the same transaction as the row', async () => {
        const res = await upload(s, zhangwei, { ...PHOTO, file: await photo({ format: 'png' }) });
        assert.equal(res.status, 201);
        assert.equal(res.body.mediaType, 'image/png');
        const entry = (await s.db.query<{ actor: string; action: string; detail: any }>(
          "select actor, action, detail from audit_log where subject_type = 'material_file' and subject_id = $1", [res.body.id])).rows;
        assert.deepEqual(entry.map((e) => [e.actor, e.action, e.detail.sha256]), [['citizen:p-zhangwei', 'material.upload', res.body.sha256]]);
      });

      it('refuses a photo below the minimum size with 422 naming 358×441', async () => {
        await nothingWritten(async () => {
          const res = await upload(s, zhangwei, { ...PHOTO, file: await photo({ width: 300, height: 370 }) });
          assert.equal(res.status, 422);
          assert.equal(res.body.code, 'materials.check_failed');
          assert.deepEqual(res.body.errors.map((e: any) => e.reason), ['photo_too_small']);
          assert.match(res.body.errors[0].message.zh, /358×441/);
          assert.match(res.body.errors[0].message.en, /at least 358×441/);
          assert.match(res.body.message.en, /300×370/);
        });
      });

      it('refuses a photo of the wrong proportions with 422 naming the accepted ratio', async () => {
        await nothingWritten(async () => {
          const res = await upload(s, zhangwei, { ...PHOTO, file: await photo({ width: 600, height: 600 }) });
          assert.equal(res.status, 422);
          assert.deepEqual(res.body.errors.map((e: any) => e.reason), ['photo_aspect']);
          assert.match(res.body.errors[0].message.en, /ratio is 1; it must be between 0\.75 and 0\.85/);
        });
      });

      it('refuses a photo on a dark background with 422 naming the brightness needed', async () => {
        await nothingWritten(async () => {
          const res = await upload(s, zhangwei, { ...PHOTO, file: await photo({ background: '#3a4a6a' }) });
          assert.equal(res.status, 422);
          assert.deepEqual(res.body.errors.map((e: any) => e.reason), ['photo_background_dark']);
          assert.match(res.body.errors[0].message.zh, /至少需要 190/);
          assert.match(res.body.errors[0].message.en, /white or light background/);
        });
      });

      it('reports every failed photo check at once', async () => {
        const res = await upload(s, zhangwei, { ...PHOTO, file: await photo({ width: 320, height: 320, background: '#202020' }) });
        assert.equal(res.status, 422);
        assert.deepEqual(res.body.errors.map((e: any) => e.reason).sort(), ['photo_aspect', 'photo_background_dark', 'photo_too_small']);
        assert.ok(res.body.errors.every((e: any) => e.in === 'body' && e.path === '/file'));
      });

      it('refuses a document image below 300×300 with 422, accepts one above it', async () => {
        const small = await sharp({ create: { width: 200, height: 280, channels: 3, background: '#ffffff' } }).png().toBuffer();
        await nothingWritten(async () => {
          const res = await upload(s, zhangwei, { ...DOCUMENT, file: small });
          assert.equal(res.status, 422);
          assert.deepEqual(res.body.errors.map((e: any) => e.reason), ['image_too_small']);
          assert.match(res.body.errors[0].message.en, /at least 300×300/);
        });
        const scan = await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#eeeeee' } }).jpeg().toBuffer();
        const ok = await upload(s, zhangwei, { ...DOCUMENT, file: scan });
        assert.equal(ok.status, 201);
        assert.equal(ok.body.checks.find((c: any) => c.check === 'image.resolution').passed, true);
      });

      it('refuses a PNG for a PDF-only material with 415 naming the accepted formats', async () => {
        await nothingWritten(async () => {
          const res = await upload(s, zhangwei, { ...PDF_ONLY, file: await photo({ format: 'png' }), name: 'commitment.pdf', type: 'application/pdf' });
          assert.equal(res.status, 415);
          assert.equal(res.body.code, 'materials.format_not_accepted');
          assert.match(res.body.message.zh, /文件是 PNG 格式；“监护关系承诺书”只接受 PDF 格式/);
          assert.match(res.body.message.en, /accepts only PDF/);
        });
      });

      it('refuses a file over the material\'s size limit with 413 naming the limit', async () => {
        // random pixels do not compress: about 2.4 MB, over the photo's 2 MB
        const big = await sharp(randomBytes(900 * 900 * 3), { raw: { width: 900, height: 900, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
        assert.ok(big.length > 2 * 1024 * 1024);
        await nothingWritten(async () => {
          const res = await upload(s, zhangwei, { ...PHOTO, file: big });
          assert.equal(res.status, 413);
          assert.equal(res.body.code, 'materials.too_large');
          assert.match(res.body.message.zh, /超过“本人近期证件照片”的大小上限 2 MB/);
          assert.match(res.body.message.en, /over the 2 MB limit of "Recent ID photo"/);
        });
      });

      it('applies the size limit also when the file comes before the fields', async () => {
        const big = Buffer.concat([await photo(), randomBytes(2 * 1024 * 1024)]);
        await nothingWritten(async () => {
          const res = await upload(s, zhangwei, { ...PHOTO, file: big, fileFirst: true });
          assert.equal(res.status, 413);
          assert.match(res.body.message.en, /2 MB limit/);
        });
        const ok = await upload(s, zhangwei, { ...PHOTO, file: await photo({ width: 400, height: 500 }), fileFirst: true });
        assert.equal(ok.status, 201);
      });

      it('judges the type by content: a text file named .jpg is refused with 415', async () => {
        await nothingWritten(async () => {
          const res = await upload(s, zhangwei, { ...PHOTO, file: Buffer.from('this is not a photo\n'.repeat(50)), name: 'me.jpg', type: 'image/jpeg' });
          assert.equal(res.status, 415);
          assert.equal(res.body.code, 'materials.unsupported_type');
          assert.match(res.body.message.zh, /按文件内容判断，与扩展名无关/);
          assert.match(res.body.message.en, /accepts only JPG, PNG/);
        });
      });

      it('counts the pages of a PDF', async () => {
        const res = await upload(s, zhangwei, { ...PDF_ONLY, file: await pdf(3), name: 'commitment.pdf' });
        assert.equal(res.status, 201);
        assert.equal(res.body.mediaType, 'application/pdf');
        assert.equal(res.body.pages, 3);
        assert.equal(res.body.width, undefined);
        assert.deepEqual(res.body.checks.find((c: any) => c.check === 'pdf.pages'), { check: 'pdf.pages', passed: true, actual: 3, limit: { min: 1, max: 500 } });
      });

      it('refuses an unreadable PDF with 422', async () => {
        await nothingWritten(async () => {
          const res = await upload(s, zhangwei, { ...PDF_ONLY, file: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3000)]) });
          assert.equal(res.status, 422);
          assert.deepEqual(res.body.errors.map((e: any) => e.reason), ['pdf_unreadable']);
        });
      });

      it('refuses an encrypted PDF with 422 saying to remove the password', async () => {
        await nothingWritten(async () => {
          const res = await upload(s, zhangwei, { ...PDF_ONLY, file: await encryptedPdf() });
          assert.equal(res.status, 422);
          assert.deepEqual(res.body.errors.map((e: any) => e.reason), ['pdf_encrypted']);
          assert.match(res.body.errors[0].message.en, /remove the protection/);
        });
      });

      it('accepts an OFD document where the material allows OFD, and refuses a plain ZIP', async () => {
        const ok = await upload(s, zhangwei, { itemCode: 'JD-YZD-GMBA', materialId: 'business_licence', file: ofd(), name: '营业执照.ofd' });
        assert.equal(ok.status, 201, JSON.stringify(ok.body));
        assert.equal(ok.body.mediaType, 'application/ofd');
        await nothingWritten(async () => {
          const res = await upload(s, zhangwei, { itemCode: 'JD-YZD-GMBA', materialId: 'business_licence', file: zip([['readme.txt', 'hello']]), name: 'licence.ofd' });
          assert.equal(res.status, 415);
          assert.match(res.body.message.en, /ZIP archive, not an OFD document.*accepts only PDF, OFD/);
        });
      });

      it('stores the same content once: the same sha256 and one blob on disk', async () => {
        const file = await photo({ width: 450, height: 560, background: '#ffffff' });
        const first = await upload(s, zhangwei, { ...PHOTO, file });
        const before = await blobs();
        const second = await upload(s, lina, { ...PHOTO, file, name: 'again.jpg' });
        assert.equal(first.status, 201);
        assert.equal(second.status, 201);
        assert.notEqual(first.body.id, second.body.id);
        assert.equal(second.body.sha256, first.body.sha256);
        assert.deepEqual(await blobs(), before, 'no second blob');
        assert.equal((await blobs()).filter((f) => f.endsWith(sha256(file))).length, 1);
        const audit = (await s.db.query<{ detail: any }>("select detail from audit_log where subject_id = $1", [second.body.id])).rows[0];
        assert.equal(audit?.detail.blobExisted, true);
      });

      it('answers 422 naming what is missing when a field or the file is missing', async () => {
        const res = await upload(s, zhangwei, { itemCode: 'HZ-JZZ-BL' });
        assert.equal(res.status, 422);
        assert.equal(res.body.code, 'materials.upload_invalid');
        assert.deepEqual(res.body.errors.map((e: any) => e.path), ['/materialId', '/file']);
      });

      it('answers 422 to more than one file in one upload, keeping none', async () => {
        await nothingWritten(async () => {
          const form = new FormData();
          form.append('itemCode', PHOTO.itemCode);
          form.append('materialId', PHOTO.materialId);
          form.append('file', new Blob([await photo()]), 'a.jpg');
          form.append('file', new Blob([await photo({ width: 400, height: 500 })]), 'b.jpg');
          const res = await fetch(`${s.url}/api/v1/materials`, { method: 'POST', body: form, headers: { authorization: `Bearer ${zhangwei}` } });
          assert.equal(res.status, 422);
          assert.equal(((await res.json()) as any).errors[0].reason, 'too_many_parts');
        });
      });

      it('keeps none of the file when the fields before it name no material', async () => {
        const res = await upload(s, zhangwei, { itemCode: 'HZ-JZZ-BL', materialId: 'Bad-Id', file: await photo() });
        assert.equal(res.status, 422);
        assert.deepEqual(res.body.errors.map((e: any) => [e.path, e.reason]), [['/materialId', 'pattern']]);
      });

      it('answers 404 for an item not in force or a material the item does not have', async () => {
        const noItem = await upload(s, zhangwei, { itemCode: 'NO-SUCH-ITEM', materialId: 'photo', file: await photo() });
        assert.equal(noItem.status, 404);
        assert.equal(noItem.body.code, 'materials.item_not_found');
        const noMaterial = await upload(s, zhangwei, { itemCode: 'HZ-JZZ-BL', materialId: 'passport', file: await photo() });
        assert.equal(noMaterial.status, 404);
        assert.match(noMaterial.body.message.en, /has no material "passport"; its materials are: id_card, photo/);
      });

      it('answers 415 when the body is not multipart', async () => {
        const res = await s.api('/api/v1/materials', { method: 'POST', raw: 'abc', headers: { authorization: `Bearer ${zhangwei}`, 'content-type': 'image/jpeg' } });
        assert.equal(res.status, 415);
        assert.equal(res.body.code, 'materials.multipart_required');
      });

      it('answers 401 when not signed in and 403 for an officer session', async () => {
        const file = await photo();
        assert.equal((await upload(s, null, { ...PHOTO, file })).status, 401);
        const officer = await tokenFor(s, 'p-chenjing', 'officer');
        const res = await upload(s, officer, { ...PHOTO, file });
        assert.equal(res.status, 403);
        assert.equal(res.body.code, 'materials.citizens_only');
      });
    });

    describe('#materials.read', () => {
      it('gives the uploader the metadata and the exact content', async () => {
        const file = await pdf(2);
        const up = await upload(s, zhangwei, { ...PDF_ONLY, file, name: '承诺书.pdf' });
        const meta = await s.api(`/api/v1/materials/${up.body.id}`, { headers: { authorization: `Bearer ${zhangwei}` } });
        assert.equal(meta.status, 200);
        assert.deepEqual(meta.body, up.body);
        const res = await fetch(`${s.url}/api/v1/materials/${up.body.id}/content`, { headers: { authorization: `Bearer ${zhangwei}` } });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'application/pdf');
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(res.headers.get('content-disposition'), `inline; filename*=UTF-8''${encodeURIComponent('承诺书.pdf')}`);
        assert.ok(Buffer.from(await res.arrayBuffer()).equals(file));
      });

      it('answers 404 to another citizen, an officer and the admin token, as if the file did not exist', async () => {
        const up = await upload(s, zhangwei, { ...PHOTO, file: await photo({ width: 380, height: 470 }) });
        assert.equal(up.status, 201);
        const officer = await tokenFor(s, 'p-liuqiang', 'officer');
        for (const headers of [{ authorization: `Bearer ${lina}` }, { authorization: `Bearer ${officer}` }, { authorization: 'Bearer test-admin-token' }]) {
          for (const path of [`/api/v1/materials/${up.body.id}`, `/api/v1/materials/${up.body.id}/content`]) {
            const res = await s.api(path, { headers });
            assert.equal(res.status, 404, path);
            assert.equal(res.body.code, 'materials.not_found');
          }
        }
        const missing = await s.api('/api/v1/materials/mf_000000000000000000000000', { headers: { authorization: `Bearer ${zhangwei}` } });
        assert.deepEqual([missing.status, missing.body.code], [404, 'materials.not_found']);
        assert.equal((await s.api(`/api/v1/materials/${up.body.id}`)).status, 401);
      });
    });
  });
}
