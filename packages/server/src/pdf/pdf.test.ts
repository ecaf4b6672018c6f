import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { A4, drawQrCode, newPdfDocument, wrapText } from './pdf.ts';
import { readQrFromPdf } from '../test/pdf-qr.ts';

describe('printable PDF', () => {
  it('embeds the Chinese font as a subset and draws a QR code a scanner reads back', async () => {
    const { doc, font } = await newPdfDocument({ title: '居住证 打印件' });
    const page = doc.addPage(A4);
    page.drawText('上海市居住证 张伟', { x: 50, y: 780, size: 18, font });
    const text = `https://tongban.example/verify#p=${'eyJhbGciOiJFZERTQSJ9.'.repeat(40)}`;
    drawQrCode(page, text, { x: 350, y: 60, size: 190 });
    const bytes = await doc.save();
    assert.ok(bytes.length < 200_000, `a page stays small with a font subset (${bytes.length} bytes)`);
    const loaded = await PDFDocument.load(bytes);
    assert.equal(loaded.getTitle(), '居住证 打印件');
    assert.equal(loaded.getPageCount(), 1);
    const fonts = loaded.context.enumerateIndirectObjects().map(([, o]) => (o instanceof PDFDict ? o.get(PDFName.of('BaseFont'))?.toString() : undefined)).filter(Boolean);
    assert.ok(fonts.some((f) => /NotoSansSC/.test(f!)), `the font is embedded: ${fonts.join(', ')}`);
    assert.equal(await readQrFromPdf(bytes), text);
  });

  it('wraps Chinese text between characters to the width', async () => {
    const { font } = await newPdfDocument({ title: 't' });
    const lines = wrapText('上海市浦东新区世纪大道一百号东方明珠广场二十八楼', font, 11, 100);
    assert.ok(lines.length > 1);
    for (const l of lines) assert.ok(font.widthOfTextAtSize(l, 11) <= 100, l);
    assert.equal(lines.join(''), '上海市浦东新区世纪大道一百号东方明珠广场二十八楼');
  });
});
