import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { DomainError, type ItemMaterial } from '@tongban/core';
import { detectFormat, inspectUpload, isIdPhoto, pageLimitOf, photoSpecOf, rulesFor, DEFAULT_PHOTO_SPEC } from './checks.ts';

/** A material as an item definition declares it; fields the checks do not read are filled with defaults. */
const material = (m: Partial<ItemMaterial> = {}): ItemMaterial => ({
  id: 'proof', name: { zh: '证明材料', en: 'Proof' }, kind: 'original', form: 'electronic', originalCopies: 1, copyCopies: 0,
  sourceChannel: 'applicant', source: { type: 'upload' }, necessity: 'required', formats: ['pdf', 'jpg', 'png'], maxSizeMB: 5, ...m,
});

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };

/** A stored-entry ZIP. */
function zip(files: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const n = Buffer.from(name);
    const data = Buffer.from(text);
    const l = Buffer.alloc(30);
    l.writeUInt32LE(0x04034b50, 0); l.writeUInt16LE(20, 4); l.writeUInt32LE(crc32(data), 14); l.writeUInt32LE(data.length, 18); l.writeUInt32LE(data.length, 22); l.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt32LE(crc32(data), 16); c.writeUInt32LE(data.length, 20); c.writeUInt32LE(data.length, 24); c.writeUInt16LE(n.length, 28); c.writeUInt32LE(offset, 42);
    parts.push(l, n, data);
    central.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** An OLE compound file header followed by a directory that names the given stream. */
const cfb = (stream: string) => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504), Buffer.from(stream, 'utf16le'), Buffer.alloc(1024)]);

/** A PNG claiming a size, with a sliver of pixel data: enough for metadata, a bomb if decoded. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]);
}

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected the checks to fail');
}

describe('isIdPhoto', () => {
  it('treats the photo material and 证件照片 / 数码相片 as ID photos, not photos of a dog or a car', () => {
    assert.equal(isIdPhoto({ id: 'photo', name: { zh: '本人近期证件照片', en: 'Recent ID photo' } }), true);
    assert.equal(isIdPhoto({ id: 'digital_photo', name: { zh: '居民身份证数码相片', en: 'Digital ID photo' } }), true);
    assert.equal(isIdPhoto({ id: 'dog_photo', name: { zh: '犬只照片', en: 'Photo of the dog' } }), false);
    assert.equal(isIdPhoto({ id: 'vehicle_photos', name: { zh: '本车外观照片（含号牌）', en: 'Photos of the vehicle' } }), false);
  });
});

describe('photoSpecOf', () => {
  it('defaults to GA 461: 358×441 pixels, width/height 0.75–0.85', () => {
    assert.deepEqual(photoSpecOf({}), DEFAULT_PHOTO_SPEC);
  });
  it('takes pixel sizes and a print format from the acceptance criteria', () => {
    const jzz = photoSpecOf({ acceptanceCriteria: { zh: '354×472 像素以上' } });
    assert.deepEqual([jzz.minWidth, jzz.minHeight], [354, 472]);
    const driving = photoSpecOf({ acceptanceCriteria: { zh: '32mm×22mm 证件照规格，头部占照片高度的 2/3' } });
    assert.deepEqual([driving.minAspect, driving.maxAspect], [0.638, 0.738]);
  });
});

describe('pageLimitOf', () => {
  it('reads a page limit from the acceptance criteria, else allows 500', () => {
    assert.equal(pageLimitOf({ acceptanceCriteria: { zh: '不超过 2 页' } }), 2);
    assert.equal(pageLimitOf({ acceptanceCriteria: { zh: '10页以内' } }), 10);
    assert.equal(pageLimitOf({ acceptanceCriteria: { zh: '加盖公章', en: 'At most 3 pages' } }), 3);
    assert.equal(pageLimitOf({}), 500);
  });
});

describe('detectFormat', () => {
  it('recognises OFD by its OFD.xml, DOCX, and DOC by its WordDocument stream', async () => {
    const ofd = zip([['OFD.xml', '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody/></ofd:OFD>']]);
    assert.equal((await detectFormat(ofd)).format, 'ofd');
    const docx = zip([
      ['[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'],
      ['word/document.xml', '<w:document/>'],
    ]);
    assert.equal((await detectFormat(docx)).format, 'docx');
    assert.equal((await detectFormat(cfb('WordDocument'))).format, 'doc');
  });
  it('says what the content is when it is none of the accepted formats', async () => {
    const notOfd = await detectFormat(zip([['OFD.txt', 'x']]));
    assert.equal(notOfd.format, null);
    assert.match(notOfd.format === null ? notOfd.why.en : '', /ZIP archive, not an OFD document/);
    const workbook = await detectFormat(cfb('Workbook'));
    assert.match(workbook.format === null ? workbook.why.zh : '', /不是 Word 文档/);
    const gif = await detectFormat(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'binary'));
    assert.match(gif.format === null ? gif.why.en : '', /GIF \(image\/gif\)/);
  });
});

describe('inspectUpload', () => {
  it('refuses an image claiming more than 100 megapixels before decoding it', async () => {
    const err = await failure(inspectUpload(pngHeader(20_000, 20_000), rulesFor('X-1', material())));
    assert.equal(err.code, 'materials.check_failed');
    assert.equal(err.problems[0]?.reason, 'image_too_many_pixels');
    assert.match(err.problems[0]!.message.en, /20000×20000 pixels, over the limit of 100 megapixels/);
  });

  it('refuses a truncated image as unreadable', async () => {
    const jpeg = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const err = await failure(inspectUpload(jpeg.subarray(0, Math.floor(jpeg.length / 2)), rulesFor('X-1', material())));
    assert.equal(err.problems[0]?.reason, 'image_unreadable');
  });

  it('holds a PDF to the page limit its material names', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 3; i++) doc.addPage();
    const bytes = Buffer.from(await doc.save());
    const err = await failure(inspectUpload(bytes, rulesFor('X-1', material({ acceptanceCriteria: { zh: '不超过 2 页' } }))));
    assert.equal(err.problems[0]?.reason, 'pdf_too_many_pages');
    assert.match(err.problems[0]!.message.zh, /共 3 页，“证明材料”最多 2 页/);
    assert.equal((await inspectUpload(bytes, rulesFor('X-1', material()))).pages, 3);
  });

  it('checks the size before anything else, naming the limit in MB', async () => {
    const err = await failure(inspectUpload(Buffer.alloc(1.5 * 1024 * 1024, 1), rulesFor('X-1', material({ maxSizeMB: 1 }))));
    assert.equal(err.code, 'materials.too_large');
    assert.match(err.detail.en, /The file is 1\.5 MB, over the 1 MB limit of "Proof"/);
  });

  it('applies the photo spec, not the document minimum, to an ID photo', async () => {
    const rules = rulesFor('X-1', material({ id: 'photo', name: { zh: '证件照片', en: 'ID photo' }, formats: ['jpg'] }));
    const small = await sharp({ create: { width: 320, height: 400, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const err = await failure(inspectUpload(small, rules));
    assert.deepEqual(err.problems.map((p) => p.reason), ['photo_too_small']);
    const ok = await inspectUpload(await sharp({ create: { width: 390, height: 480, channels: 3, background: '#ffffff' } }).jpeg().toBuffer(), rules);
    assert.deepEqual(ok.checks.map((c) => c.check), ['size', 'type', 'image.decode', 'photo.dimensions', 'photo.aspect', 'photo.background']);
  });
});
