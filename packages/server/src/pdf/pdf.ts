/**
 * Printable documents (PDF) with Chinese text: pdf-lib with fontkit and Noto Sans SC (SIL Open Font License, from
 * the npm package @expo-google-fonts/noto-sans-sc), embedded as a subset of the glyphs used so that a page stays
 * a few kilobytes. QR codes are drawn as vector squares from the `qrcode` library's module matrix, so they print
 * sharply at any size. See docs/decisions/0021-printable-pdf.md.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
const fontPath = (weight: '400Regular' | '700Bold') =>
  require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`);

let fontBytes: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

/** The font files, read once per process (about 10 MB each; only the glyphs a document uses are embedded). */
function fonts(): Promise<{ regular: Uint8Array; bold: Uint8Array }> {
  fontBytes ??= Promise.all([readFile(fontPath('400Regular')), readFile(fontPath('700Bold'))]).then(([regular, bold]) => ({ regular, bold }));
  return fontBytes;
}

/** A new PDF with the Chinese fonts embedded (regular and bold), and its title and producer set. */
export async function newPdfDocument(meta: { title: string; subject?: string; keywords?: string[] }): Promise<{ doc: PDFDocument; font: PDFFont; bold: PDFFont }> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = await fonts();
  const font = await doc.embedFont(f.regular, { subset: true });
  const bold = await doc.embedFont(f.bold, { subset: true });
  doc.setTitle(meta.title);
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords) doc.setKeywords(meta.keywords);
  doc.setProducer('Tongban (通办)');
  doc.setCreator('Tongban (通办)');
  return { doc, font, bold };
}

/** A4 in PDF points. */
export const A4: [number, number] = [595.28, 841.89];

/**
 * Draws a QR code of `text` with its lower-left corner at (x, y) and the given side (quiet zone included), in
 * black squares on white. Error correction M; the matrix size grows with the text.
 */
export function drawQrCode(page: PDFPage, text: string, at: { x: number; y: number; size: number }): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = at.size / (n + 2 * quiet);
  page.drawRectangle({ x: at.x, y: at.y, width: at.size, height: at.size, color: rgb(1, 1, 1) });
  // one path of rectangles, a rectangle per horizontal run of dark modules (SVG coordinates: y grows downwards)
  const f = (v: number) => Number(v.toFixed(3));
  let d = '';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      let end = c;
      while (end + 1 < n && qr.modules.get(r, end + 1)) end++;
      d += `M${f((c + quiet) * cell)} ${f((r + quiet) * cell)}H${f((end + 1 + quiet) * cell)}V${f((r + 1 + quiet) * cell)}H${f((c + quiet) * cell)}Z`;
      c = end;
    }
  }
  page.drawSvgPath(d, { x: at.x, y: at.y + at.size, color: rgb(0, 0, 0), borderWidth: 0 });
}

/** Splits text into lines no wider than `width` at the given font size (CJK text breaks between any characters). */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const ch of para) {
      if (line && font.widthOfTextAtSize(line + ch, size) > width) {
        lines.push(line);
        line = ch.trim() ? ch : '';
      } else line += ch;
    }
    lines.push(line);
  }
  return lines;
}
