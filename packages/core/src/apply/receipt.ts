/**
 * Receipt numbers (受理编号): `TB` + date `YYYYMMDD` + an 8-digit daily sequence + `-` + a 2-digit check pair,
 * e.g. `TB2026112200000042-02`. The check is ISO 7064 MOD 97-10 (as in IBAN: letters count as 10..35, the pair
 * makes the whole number ≡ 1 mod 97), so every changed digit and every swap of two neighbouring digits is caught.
 */

const PREFIX = 'TB';
const SEQ_MAX = 99_999_999;
const PATTERN = /^TB(\d{4})(\d{2})(\d{2})(\d{8})-?(\d{2})$/;

/** The remainder mod 97 of a string of digits and capital letters (letters count as 10..35). */
function mod97(s: string): number {
  let r = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 48 && c <= 57) r = (r * 10 + (c - 48)) % 97;
    else r = (r * 100 + (c - 55)) % 97;
  }
  return r;
}

const checkPair = (body: string): string => String(98 - mod97(`${body}00`)).padStart(2, '0');

const isRealDate = (y: number, m: number, d: number): boolean => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

/** Formats the receipt number of the `seq`-th application of a day (date `YYYY-MM-DD`, seq 0..99,999,999). */
export function formatReceipt(date: string, seq: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw new RangeError(`receipt date must be a real YYYY-MM-DD date, got "${date}"`);
  if (!Number.isInteger(seq) || seq < 0 || seq > SEQ_MAX) throw new RangeError(`receipt sequence must be an integer 0..${SEQ_MAX}, got ${seq}`);
  const body = `${PREFIX}${m[1]}${m[2]}${m[3]}${String(seq).padStart(8, '0')}`;
  return `${body}-${checkPair(body)}`;
}

/**
 * Reads a receipt number (spaces ignored, lower case accepted, the hyphen optional); null when it is malformed,
 * names no real date, or its check pair does not match.
 */
export function parseReceipt(s: string): { date: string; seq: number; receipt: string } | null {
  const norm = s.replace(/\s+/g, '').toUpperCase();
  const m = PATTERN.exec(norm);
  if (!m) return null;
  const [, y, mo, d, seq, check] = m;
  if (!isRealDate(Number(y), Number(mo), Number(d))) return null;
  const body = `${PREFIX}${y}${mo}${d}${seq}`;
  if (mod97(`${body}${check}`) !== 1) return null;
  return { date: `${y}-${mo}-${d}`, seq: Number(seq), receipt: `${body}-${check}` };
}

/** True when the receipt number is well formed and its check pair matches. */
export function isValidReceipt(s: string): boolean {
  return parseReceipt(s) !== null;
}
