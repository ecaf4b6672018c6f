/**
 * The printable copy of an e-licence (电子证照打印件): an A4 page with the licence's name, identifier, issuer, dates and
 * its face in Chinese and English labels, and a QR code carrying a presentation of the credential that any verifier
 * checks against the issuer's published key (the printed-copy audience: no age limit, holder presence not proven).
 */
import { claimLabel, licenseTypeByCode } from '@tongban/core';
import { rgb } from 'pdf-lib';
import { A4, drawQrCode, newPdfDocument, wrapText } from '../pdf/pdf.ts';

/** Claims that are references to images (shown by verifiers from the credential), not printed as text. */
const IMAGE_CLAIMS = new Set(['photo', 'dogPhoto', 'sealImage']);

const isBilingual = (v: unknown): v is { zh: string; en?: string } => typeof v === 'object' && v !== null && typeof (v as { zh?: unknown }).zh === 'string';

/** A claim value as printed text. */
function text(name: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if ((name === 'sex' || name === 'dogSex') && (v === 'male' || v === 'female')) return name === 'dogSex' ? (v === 'male' ? '公 Male' : '母 Female') : (v === 'male' ? '男 Male' : '女 Female');
  if (isBilingual(v)) return v.en && v.en !== v.zh ? `${v.zh} ${v.en}` : v.zh;
  if (Array.isArray(v)) return v.map((x) => text('', x)).join('、');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Input of renderLicensePdf: what printMine returns. */
export interface PrintableLicense {
  license: { id: string; licenseType: string; issuerOrg: string; issuedOn: string; expiresOn: string | null; status: string };
  claims: [string, unknown][];
  plain: Record<string, unknown>;
  verifyUrl: string;
}

/** Renders the printed copy as PDF bytes. */
export async function renderLicensePdf(p: PrintableLicense): Promise<Uint8Array> {
  const type = licenseTypeByCode(p.license.licenseType);
  const name = type?.name ?? { zh: p.license.licenseType, en: p.license.licenseType };
  const issuer = isBilingual(p.plain['issuerName']) ? p.plain['issuerName'] : { zh: p.license.issuerOrg, en: p.license.issuerOrg };
  const { doc, font, bold } = await newPdfDocument({ title: `${name.zh} ${p.license.id}`, subject: `${name.en} (e-licence, printed copy)`, keywords: [p.license.id, p.license.licenseType] });
  const page = doc.addPage(A4);
  const [W, H] = A4;
  const margin = 56;
  const ink = rgb(0.1, 0.1, 0.12);
  const grey = rgb(0.35, 0.35, 0.4);
  let y = H - margin;

  page.drawText(name.zh, { x: margin, y: y - 24, size: 24, font: bold, color: ink });
  page.drawText(name.en, { x: margin, y: y - 44, size: 12, font, color: grey });
  y -= 70;
  const meta: [string, string][] = [
    ['证照标识 Licence identifier', p.license.id],
    ['发证机关 Issuer', issuer.en && issuer.en !== issuer.zh ? `${issuer.zh} ${issuer.en}` : issuer.zh],
    ['签发日期 Issued on', p.license.issuedOn],
    ['有效期至 Valid until', p.license.expiresOn ?? '长期 No expiry'],
  ];
  const labelW = 170;
  const row = (label: string, value: string, f = font) => {
    const lines = wrapText(value, f, 11, W - 2 * margin - labelW);
    page.drawText(label, { x: margin, y, size: 9.5, font, color: grey });
    for (const [i, line] of lines.entries()) page.drawText(line, { x: margin + labelW, y: y - i * 15, size: 11, font: f, color: ink });
    y -= Math.max(1, lines.length) * 15 + 7;
  };
  for (const [label, value] of meta) row(label, value);
  y -= 6;
  page.drawLine({ start: { x: margin, y }, end: { x: W - margin, y }, thickness: 0.6, color: grey });
  y -= 22;
  page.drawText('照面信息 Particulars', { x: margin, y, size: 13, font: bold, color: ink });
  y -= 22;
  for (const [claim, value] of p.claims) {
    if (IMAGE_CLAIMS.has(claim)) continue;
    row(`${claimLabel(claim, 'zh')} ${claimLabel(claim, 'en')}`, text(claim, value));
  }

  // the QR code, and what scanning it does
  const qr = 190;
  drawQrCode(page, p.verifyUrl, { x: W - margin - qr, y: margin + 20, size: qr });
  const note = [
    '扫码核验：二维码内含本证照的电子签名凭证（不含身份号码、住址和照片），',
    '任何核验方可用发证机关公布的公钥离线核验其真伪、有效期和状态。',
    '打印件不能证明持证人本人在场；需要时请持证人现场亮证。',
    'Scan to verify: the QR code carries a signed presentation of this e-licence',
    '(without ID number, address or photo), checked against the issuer\'s published',
    'key. A printed copy does not prove the holder is present.',
  ];
  let ny = margin + 20 + qr - 12;
  for (const line of note) {
    for (const l of wrapText(line, font, 8.5, W - 2 * margin - qr - 16)) {
      page.drawText(l, { x: margin, y: ny, size: 8.5, font, color: grey });
      ny -= 12;
    }
  }
  page.drawText(`状态 Status (at printing): ${p.license.status}`, { x: margin, y: margin + 20, size: 8.5, font, color: grey });
  return doc.save();
}
