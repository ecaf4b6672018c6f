/**
 * Test helper: reads the QR codes that pdf.ts draws (vector squares) back out of a PDF page, rasterises them and
 * decodes them with jsQR — so a test checks what a phone camera would read from the printed page.
 */
import { PDFArray, PDFDocument, PDFRawStream, decodePDFRawStream, type PDFObject } from 'pdf-lib';
import jsQR from 'jsqr';

/** The text of the page's content streams, decompressed. */
async function pageContent(pdf: Uint8Array, pageIndex = 0): Promise<string> {
  const doc = await PDFDocument.load(pdf);
  const contents = doc.getPage(pageIndex).node.Contents();
  const streams: PDFObject[] = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)!) : contents ? [contents] : [];
  return streams.map((s) => (s instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(s).decode()).toString('latin1') : '')).join('\n');
}

/** Decodes the QR code drawn on a page of the PDF; null when there is none or it does not decode. */
export async function readQrFromPdf(pdf: Uint8Array, pageIndex = 0): Promise<string | null> {
  const content = await pageContent(pdf, pageIndex);
  // drawQrCode draws one path of rectangles (`x0 y0 m x1 y0 l x1 y1 l x0 y1 l h`), each a run of dark modules in a row
  const runs: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const re = /(-?[\d.]+) (-?[\d.]+) m\s+(-?[\d.]+) (-?[\d.]+) l\s+(-?[\d.]+) (-?[\d.]+) l\s+(-?[\d.]+) (-?[\d.]+) l\s+h/g;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    const [x0, y0, x1, , , y1] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    if (y1 - y0 > 0 && y1 - y0 < 20) runs.push({ x0, x1, y0, y1 });
  }
  if (runs.length < 20) return null;
  const cell = runs[0]!.y1 - runs[0]!.y0;
  const cols = Math.round(Math.max(...runs.map((r) => r.x1)) / cell) + 4;
  const scale = 4, size = cols * scale;
  const rgba = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const r of runs) {
    const row = Math.round(r.y0 / cell);
    for (let col = Math.round(r.x0 / cell); col < Math.round(r.x1 / cell); col++) {
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = ((row * scale + dy) * size + col * scale + dx) * 4;
          rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
        }
      }
    }
  }
  return jsQR(rgba, size, size)?.data ?? null;
}
