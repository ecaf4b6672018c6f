/**
 * The checks an uploaded material passes before it is stored, over the bytes alone (no database, no disk):
 * - type by content, never by file name (file-type; OFD and Word 97-2003 by their container's contents);
 * - the material's accepted formats (`formats`) and size limit (`maxSizeMB`);
 * - images: decodable, a minimum resolution, a maximum pixel count (decompression bombs);
 * - ID photos: dimensions, aspect ratio and a light background (sharp statistics of the border bands);
 * - PDFs: readable, not encrypted, a page count within the limit.
 * A failure throws a DomainError whose code the server maps to a status in http/problems.ts (413, 415, 422); every
 * message names the limit and says how to fix it. Content checks report every failure at once.
 */
import { inflateRawSync } from 'node:zlib';
import sharp from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import { PDFDocument } from 'pdf-lib';
import { DomainError, ItemDefinitionSchema, type FieldProblem, type FILE_FORMATS, type ItemMaterial } from '@tongban/core';

/** A file format a material may accept (`formats` in the item definition). */
export type FileFormat = (typeof FILE_FORMATS)[number];
type Text = { zh: string; en: string };

export const MiB = 1024 * 1024;
/** The largest `maxSizeMB` any material may declare (the catalog schema's maximum). */
export const MAX_MATERIAL_MB = (ItemDefinitionSchema.properties.materials.items.properties.maxSizeMB as { maximum?: number }).maximum ?? 100;
/** Above this many pixels an image is refused before it is decoded (a small file can decode to gigabytes). */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Minimum resolution of an image of a document (scan or photo of a paper): below it, text is not legible. */
export const MIN_DOCUMENT_IMAGE = { width: 300, height: 300 } as const;
/** Page limit of a PDF whose material names none. */
export const DEFAULT_MAX_PDF_PAGES = 500;
/**
 * The ID-photo spec when the material's acceptance criteria name no other: GA 461 (居民身份证数码相片), 26 mm × 32 mm,
 * 358 × 441 pixels; width/height 0.75–0.85 (26:32 ≈ 0.81, and the exit-entry 354 × 472 ≈ 0.75); a white or light
 * background, measured as the mean luminance (0–255) of the top band and the side bands of the upper half.
 */
export const DEFAULT_PHOTO_SPEC: PhotoSpec = { minWidth: 358, minHeight: 441, minAspect: 0.75, maxAspect: 0.85, minBackground: 190 };

/** Media type and display name of each format. */
export const FORMAT_INFO: Record<FileFormat, { mediaType: string; label: string }> = {
  pdf: { mediaType: 'application/pdf', label: 'PDF' },
  jpg: { mediaType: 'image/jpeg', label: 'JPG' },
  png: { mediaType: 'image/png', label: 'PNG' },
  ofd: { mediaType: 'application/ofd', label: 'OFD' },
  doc: { mediaType: 'application/msword', label: 'DOC' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'DOCX' },
};

/** What an ID photo must be. */
export interface PhotoSpec {
  minWidth: number;
  minHeight: number;
  /** width / height */
  minAspect: number;
  maxAspect: number;
  /** minimum mean luminance (0–255) of the border bands */
  minBackground: number;
}

/** What an upload is held to, derived from the material of the item version in force. */
export interface MaterialRules {
  itemCode: string;
  materialId: string;
  name: Text;
  formats: FileFormat[];
  maxSizeMB: number;
  maxBytes: number;
  /** set when the material is an ID photo */
  photo: PhotoSpec | null;
  maxPages: number;
}

/** The outcome of one check, kept with the file (`checks` in the response and the row). */
export interface CheckRecord {
  /** stable name: `type`, `size`, `image.decode`, `image.resolution`, `photo.dimensions`, `photo.aspect`,
   *  `photo.background`, `pdf.readable`, `pdf.pages` */
  check: string;
  passed: boolean;
  actual?: unknown;
  limit?: unknown;
}

/** What the checks learnt about a file that passed them. */
export interface Inspection {
  format: FileFormat;
  mediaType: string;
  size: number;
  width?: number;
  height?: number;
  pages?: number;
  checks: CheckRecord[];
}

const ID_PHOTO_NAME = /(证件|数码)(照片|相片)|证件照/;

/**
 * Whether a material is an ID photo: its id is `photo`, or its Chinese name says 证件照片 / 数码相片. (A bare 照片
 * is not enough: 犬只照片 and 本车外观照片 are photos of a dog or a car, not of the applicant.)
 */
export function isIdPhoto(m: Pick<ItemMaterial, 'id' | 'name'>): boolean {
  return m.id === 'photo' || ID_PHOTO_NAME.test(m.name.zh);
}

/** The photo spec of a material: the default, with pixel sizes and a print format (mm) its acceptance criteria name. */
export function photoSpecOf(m: Pick<ItemMaterial, 'acceptanceCriteria'>): PhotoSpec {
  const spec = { ...DEFAULT_PHOTO_SPEC };
  const text = `${m.acceptanceCriteria?.zh ?? ''} ${m.acceptanceCriteria?.en ?? ''}`;
  const px = /(\d{2,5})\s*[×xX*]\s*(\d{2,5})\s*(?:像素|pixels?|px)/.exec(text);
  if (px) {
    const [a, b] = [Number(px[1]), Number(px[2])];
    spec.minWidth = Math.min(a, b);
    spec.minHeight = Math.max(a, b);
  }
  // a print format such as 32mm×22mm: portrait, so the ratio is the short side over the long side
  const mm = /(\d{2,3})\s*(?:mm|毫米)\s*[×xX*]\s*(\d{2,3})\s*(?:mm|毫米)/.exec(text);
  if (mm) {
    const [a, b] = [Number(mm[1]), Number(mm[2])];
    const ratio = Math.min(a, b) / Math.max(a, b);
    spec.minAspect = round(ratio - 0.05, 3);
    spec.maxAspect = round(ratio + 0.05, 3);
  }
  return spec;
}

/** A page limit the acceptance criteria name (不超过 N 页, N 页以内, at most N pages), else the default. */
export function pageLimitOf(m: Pick<ItemMaterial, 'acceptanceCriteria'>): number {
  const text = `${m.acceptanceCriteria?.zh ?? ''} ${m.acceptanceCriteria?.en ?? ''}`;
  const hit = /不超过\s*(\d+)\s*页|(\d+)\s*页以内|at most (\d+) pages?/i.exec(text);
  const n = hit ? Number(hit[1] ?? hit[2] ?? hit[3]) : NaN;
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_PDF_PAGES;
}

/** The rules an upload for this material is held to. */
export function rulesFor(itemCode: string, m: ItemMaterial): MaterialRules {
  return {
    itemCode, materialId: m.id, name: m.name,
    formats: [...m.formats],
    maxSizeMB: m.maxSizeMB,
    maxBytes: Math.floor(m.maxSizeMB * MiB),
    photo: isIdPhoto(m) ? photoSpecOf(m) : null,
    maxPages: pageLimitOf(m),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (n: number) => `${round(n, 1)} MB`;
const formatsText = (f: FileFormat[]): Text => ({ zh: f.map((x) => FORMAT_INFO[x].label).join('、'), en: f.map((x) => FORMAT_INFO[x].label).join(', ') });
const named = (r: MaterialRules): Text => ({ zh: `“${r.name.zh}”`, en: `"${r.name.en}"` });

/** 413: the file is over the material's size limit (`size` unknown when the upload was cut off). */
export function tooLarge(r: MaterialRules, size?: number): DomainError {
  const n = named(r);
  const was: Text = size === undefined ? { zh: '文件', en: 'The file' } : { zh: `文件大小 ${mb(size / MiB)}，`, en: `The file is ${mb(size / MiB)},` };
  return new DomainError('materials.too_large', {
    zh: `${was.zh}超过${n.zh}的大小上限 ${mb(r.maxSizeMB)}：请压缩文件、降低分辨率或删去多余页后重新上传`,
    en: `${was.en} over the ${mb(r.maxSizeMB)} limit of ${n.en}: compress it, lower its resolution or remove extra pages, and upload again`,
  }, { limitMB: r.maxSizeMB, ...(size === undefined ? {} : { size }) });
}

function refusedType(r: MaterialRules, what: Text, code = 'materials.unsupported_type'): DomainError {
  const accepted = formatsText(r.formats);
  return new DomainError(code, {
    zh: `${what.zh}${named(r).zh}只接受 ${accepted.zh} 格式（按文件内容判断，与扩展名无关）：请转换为 ${accepted.zh} 后重新上传`,
    en: `${what.en} ${named(r).en} accepts only ${accepted.en} (judged by the content, not the file name): convert the file to ${accepted.en} and upload again`,
  }, { accepted: r.formats });
}

// ---------------------------------------------------------------------------------------------------------------
// Type by content

/** A recognised format, or what the content is instead (for the message). */
export type Detection = { format: FileFormat; mediaType: string } | { format: null; why: Text };

/** Recognises the format of the bytes by their content alone. */
export async function detectFormat(bytes: Buffer): Promise<Detection> {
  const ft = await fileTypeFromBuffer(bytes);
  const known = (format: FileFormat): Detection => ({ format, mediaType: FORMAT_INFO[format].mediaType });
  if (!ft) return { format: null, why: { zh: '无法识别文件内容的类型（可能是文本或已损坏的文件）；', en: 'The content is of no recognisable type (text, or a damaged file);' } };
  switch (ft.ext) {
    case 'pdf': return known('pdf');
    case 'jpg': return known('jpg');
    case 'png': return known('png');
    case 'docx': return known('docx');
    case 'zip':
      return isOfd(bytes) ? known('ofd') : { format: null, why: { zh: '文件是 ZIP 压缩包而不是 OFD 版式文档（缺少 OFD.xml）；', en: 'The file is a ZIP archive, not an OFD document (it has no OFD.xml);' } };
    case 'cfb':
      return isWordDoc(bytes) ? known('doc') : { format: null, why: { zh: '文件是 Office 复合文档但不是 Word 文档；', en: 'The file is an Office compound file but not a Word document;' } };
    default:
      return { format: null, why: { zh: `文件内容是 ${ft.ext.toUpperCase()}（${ft.mime}）；`, en: `The content is ${ft.ext.toUpperCase()} (${ft.mime});` } };
  }
}

/** Whether a ZIP is an OFD document (GB/T 33190): its entry file OFD.xml at the root, with an ofd:OFD root element. */
function isOfd(b: Buffer): boolean {
  const entry = zipEntry(b, 'OFD.xml');
  if (!entry) return false;
  let xml: string;
  try {
    xml = (entry.method === 0 ? entry.data : inflateRawSync(entry.data, { maxOutputLength: 1 * MiB })).toString('utf8');
  } catch {
    return false;
  }
  return /<(\w+:)?OFD[\s>]/.test(xml);
}

/** The compressed bytes of a ZIP entry named exactly `name`, found through the central directory. */
function zipEntry(b: Buffer, name: string): { method: number; data: Buffer } | null {
  const EOCD = 0x06054b50;
  const from = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = b.length - 22; i >= from; i--) if (b.readUInt32LE(i) === EOCD) { eocd = i; break; }
  if (eocd < 0) return null;
  const entries = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries && p + 46 <= b.length && b.readUInt32LE(p) === 0x02014b50; n++) {
    const method = b.readUInt16LE(p + 10);
    const compressed = b.readUInt32LE(p + 20);
    const nameLen = b.readUInt16LE(p + 28);
    const skip = nameLen + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    if (b.toString('utf8', p + 46, p + 46 + nameLen) === name) {
      if (local + 30 > b.length || b.readUInt32LE(local) !== 0x04034b50 || compressed > 1 * MiB) return null;
      const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
      return start + compressed <= b.length ? { method, data: b.subarray(start, start + compressed) } : null;
    }
    p += 46 + skip;
  }
  return null;
}

const WORD_STREAM = Buffer.from('WordDocument', 'utf16le');
/** Whether an OLE compound file is a Word 97-2003 document: its directory names a `WordDocument` stream. */
const isWordDoc = (b: Buffer): boolean => b.includes(WORD_STREAM);

// ---------------------------------------------------------------------------------------------------------------
// The checks

/** Throws 413 when the bytes are over the material's size limit. */
export function checkSize(size: number, r: MaterialRules): CheckRecord {
  if (size > r.maxBytes) throw tooLarge(r, size);
  return { check: 'size', passed: true, actual: size, limit: r.maxBytes };
}

/** Throws 415 when the content is not one of the material's formats; else the format found. */
export async function checkType(bytes: Buffer, r: MaterialRules): Promise<{ format: FileFormat; mediaType: string; record: CheckRecord }> {
  const d = await detectFormat(bytes);
  if (d.format === null) throw refusedType(r, d.why);
  if (!r.formats.includes(d.format)) {
    const label = FORMAT_INFO[d.format].label;
    throw refusedType(r, { zh: `文件是 ${label} 格式；`, en: `The file is a ${label};` }, 'materials.format_not_accepted');
  }
  return { format: d.format, mediaType: d.mediaType, record: { check: 'type', passed: true, actual: d.mediaType, limit: r.formats } };
}

const problem = (reason: string, message: Text): FieldProblem & { in: string } => ({ in: 'body', path: '/file', reason, message });

/**
 * Runs every check on an upload: size, type, then the image, photo or PDF checks. Returns what was learnt; throws
 * 413 (size), 415 (type) or 422 `materials.check_failed` listing every failed content check.
 */
export async function inspectUpload(bytes: Buffer, r: MaterialRules): Promise<Inspection> {
  const checks: CheckRecord[] = [checkSize(bytes.length, r)];
  const type = await checkType(bytes, r);
  checks.push(type.record);
  const out: Inspection = { format: type.format, mediaType: type.mediaType, size: bytes.length, checks };
  const failures: (FieldProblem & { in: string })[] = [];
  if (type.format === 'jpg' || type.format === 'png') await checkImage(bytes, r, out, failures);
  if (type.format === 'pdf') await checkPdf(bytes, r, out, failures);
  if (failures.length) {
    const n = named(r);
    throw new DomainError('materials.check_failed', {
      zh: `${n.zh}未通过 ${failures.length} 项检查：${failures.map((f) => f.message.zh).join('；')}`,
      en: `${n.en} failed ${failures.length} check(s): ${failures.map((f) => f.message.en).join('; ')}`,
    }, { checks }, failures);
  }
  return out;
}

async function checkImage(bytes: Buffer, r: MaterialRules, out: Inspection, failures: (FieldProblem & { in: string })[]): Promise<void> {
  const unreadable = () => {
    out.checks.push({ check: 'image.decode', passed: false });
    failures.push(problem('image_unreadable', {
      zh: '图片已损坏或不完整，无法解码：请重新拍摄或导出后上传', en: 'The image is damaged or incomplete and cannot be decoded: take or export it again and upload it',
    }));
  };
  let width: number;
  let height: number;
  try {
    // the header alone: the pixel limit is checked below, with a message that names it
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    width = meta.autoOrient?.width ?? meta.width;
    height = meta.autoOrient?.height ?? meta.height;
  } catch {
    return unreadable();
  }
  out.width = width;
  out.height = height;
  if (width * height > MAX_IMAGE_PIXELS) {
    out.checks.push({ check: 'image.pixels', passed: false, actual: width * height, limit: MAX_IMAGE_PIXELS });
    failures.push(problem('image_too_many_pixels', {
      zh: `图片为 ${width}×${height} 像素，超过 ${MAX_IMAGE_PIXELS / 1e6} 百万像素的上限：请缩小后上传`,
      en: `The image is ${width}×${height} pixels, over the limit of ${MAX_IMAGE_PIXELS / 1e6} megapixels: scale it down and upload it`,
    }));
    return;
  }
  // decoding the whole image proves it is complete; the photo checks need no more than ~600 pixels across
  let grey: { data: Buffer; width: number; height: number };
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
      .autoOrient().flatten({ background: '#ffffff' }).resize({ width: 600, height: 600, fit: 'inside', withoutEnlargement: true })
      .greyscale().raw().toBuffer({ resolveWithObject: true });
    grey = { data, width: info.width, height: info.height };
  } catch {
    return unreadable();
  }
  out.checks.push({ check: 'image.decode', passed: true });
  if (r.photo) return checkPhoto(grey, width, height, r.photo, out, failures);
  const min = MIN_DOCUMENT_IMAGE;
  const ok = width >= min.width && height >= min.height;
  out.checks.push({ check: 'image.resolution', passed: ok, actual: { width, height }, limit: { minWidth: min.width, minHeight: min.height } });
  if (!ok) {
    failures.push(problem('image_too_small', {
      zh: `图片为 ${width}×${height} 像素，至少需要 ${min.width}×${min.height} 像素才能看清内容：请用更高分辨率扫描或拍摄`,
      en: `The image is ${width}×${height} pixels; at least ${min.width}×${min.height} are needed to read it: scan or photograph it at a higher resolution`,
    }));
  }
}

async function checkPhoto(
  grey: { data: Buffer; width: number; height: number }, width: number, height: number, spec: PhotoSpec,
  out: Inspection, failures: (FieldProblem & { in: string })[],
): Promise<void> {
  const bigEnough = width >= spec.minWidth && height >= spec.minHeight;
  out.checks.push({ check: 'photo.dimensions', passed: bigEnough, actual: { width, height }, limit: { minWidth: spec.minWidth, minHeight: spec.minHeight } });
  if (!bigEnough) {
    failures.push(problem('photo_too_small', {
      zh: `照片为 ${width}×${height} 像素，至少需要 ${spec.minWidth}×${spec.minHeight} 像素（宽×高）：请使用原图或更高分辨率重新拍摄`,
      en: `The photo is ${width}×${height} pixels; it must be at least ${spec.minWidth}×${spec.minHeight} (width × height): use the original or take it again at a higher resolution`,
    }));
  }
  const aspect = round(width / height, 3);
  const aspectOk = aspect >= spec.minAspect && aspect <= spec.maxAspect;
  out.checks.push({ check: 'photo.aspect', passed: aspectOk, actual: aspect, limit: { min: spec.minAspect, max: spec.maxAspect } });
  if (!aspectOk) {
    failures.push(problem('photo_aspect', {
      zh: `照片宽高比为 ${aspect}，应在 ${spec.minAspect}–${spec.maxAspect} 之间（竖版证件照）：请按证件照比例裁剪`,
      en: `The photo's width/height ratio is ${aspect}; it must be between ${spec.minAspect} and ${spec.maxAspect} (a portrait ID photo): crop it to the ID-photo proportions`,
    }));
  }
  const background = round(await borderLuminance(grey), 1);
  const light = background >= spec.minBackground;
  out.checks.push({ check: 'photo.background', passed: light, actual: background, limit: { min: spec.minBackground } });
  if (!light) {
    failures.push(problem('photo_background_dark', {
      zh: `照片背景过暗：边缘平均亮度 ${background}，至少需要 ${spec.minBackground}（0–255）：请在白色或浅色背景前、光线充足处重新拍摄`,
      en: `The photo's background is too dark: the mean brightness of its edges is ${background}, at least ${spec.minBackground} (0–255) is needed: take it again in good light in front of a white or light background`,
    }));
  }
}

/**
 * Mean luminance of the background: the top band (a tenth of the height) and the side bands (a tenth of the width)
 * of the upper half, where an ID photo shows only background; the lower half holds the shoulders.
 */
async function borderLuminance(g: { data: Buffer; width: number; height: number }): Promise<number> {
  const edge = { h: Math.max(1, Math.round(g.height / 10)), w: Math.max(1, Math.round(g.width / 10)) };
  const sideHeight = Math.max(1, Math.round(g.height / 2) - edge.h);
  const regions = [
    { left: 0, top: 0, width: g.width, height: edge.h },
    { left: 0, top: edge.h, width: edge.w, height: sideHeight },
    { left: g.width - edge.w, top: edge.h, width: edge.w, height: sideHeight },
  ].filter((x) => x.top + x.height <= g.height);
  let sum = 0;
  let pixels = 0;
  for (const region of regions) {
    // stats() reads its input, not the pipeline's output: the band is cut out first, then measured
    const band = await sharp(g.data, { raw: { width: g.width, height: g.height, channels: 1 } }).extract(region).raw().toBuffer();
    const stats = await sharp(band, { raw: { width: region.width, height: region.height, channels: 1 } }).stats();
    const n = region.width * region.height;
    sum += (stats.channels[0]?.mean ?? 0) * n;
    pixels += n;
  }
  return pixels ? sum / pixels : 0;
}

async function checkPdf(bytes: Buffer, r: MaterialRules, out: Inspection, failures: (FieldProblem & { in: string })[]): Promise<void> {
  let pages: number;
  let encrypted: boolean;
  try {
    // loaded with ignoreEncryption so that an encrypted file is told apart from a broken one
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    encrypted = doc.isEncrypted;
    pages = doc.getPageCount();
  } catch {
    out.checks.push({ check: 'pdf.readable', passed: false });
    failures.push(problem('pdf_unreadable', {
      zh: 'PDF 文件已损坏或不完整，无法读取：请重新导出或扫描为 PDF 后上传', en: 'The PDF is damaged or incomplete and cannot be read: export or scan it to PDF again and upload it',
    }));
    return;
  }
  if (encrypted) {
    out.checks.push({ check: 'pdf.readable', passed: false, actual: 'encrypted' });
    failures.push(problem('pdf_encrypted', {
      zh: 'PDF 文件已加密或设有密码，审核人员无法查看：请去除密码保护后重新上传', en: 'The PDF is encrypted or password-protected, so reviewers cannot open it: remove the protection and upload it again',
    }));
    return;
  }
  out.checks.push({ check: 'pdf.readable', passed: true });
  out.pages = pages;
  const ok = pages >= 1 && pages <= r.maxPages;
  out.checks.push({ check: 'pdf.pages', passed: ok, actual: pages, limit: { min: 1, max: r.maxPages } });
  if (pages < 1) {
    failures.push(problem('pdf_empty', { zh: 'PDF 文件没有任何页面：请重新导出后上传', en: 'The PDF has no pages: export it again and upload it' }));
  } else if (!ok) {
    failures.push(problem('pdf_too_many_pages', {
      zh: `PDF 共 ${pages} 页，${named(r).zh}最多 ${r.maxPages} 页：请删去多余页面后上传`,
      en: `The PDF has ${pages} pages; ${named(r).en} allows at most ${r.maxPages}: remove the extra pages and upload it`,
    }));
  }
}
