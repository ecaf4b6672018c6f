/**
 * A fake camera for Chromium: a Y4M video (YUV 4:2:0) whose frames show a QR code, for
 * `--use-file-for-fake-video-capture`, so that the verifier page's camera scanning reads a real code.
 */
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/** Writes a still video of the QR code of `text` to `path` (black modules on white, a 4-module quiet zone). */
export function writeQrVideo(path: string, text: string, side = 960): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size + 8;
  const scale = Math.floor(side / n);
  const offset = Math.floor((side - n * scale) / 2);
  const y = Buffer.alloc(side * side, 235);
  for (let r = 0; r < qr.modules.size; r++) {
    for (let c = 0; c < qr.modules.size; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = offset + (r + 4) * scale + dy;
        y.fill(16, row * side + offset + (c + 4) * scale, row * side + offset + (c + 5) * scale);
      }
    }
  }
  const chroma = Buffer.alloc((side / 2) * (side / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${side} H${side} F5:1 Ip A1:1 C420jpeg\n`), frame, frame]));
}
