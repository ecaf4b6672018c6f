/**
 * National identifiers: citizen identity number (GB 11643-1999), unified social credit code (GB 32100-2015)
 * and the province-level division codes of GB/T 2260 they start with. See shared/reference/identifiers.md.
 */
import { DomainError } from '../kernel/errors.ts';

/** Province-level codes (first two digits) of GB/T 2260, including Taiwan, Hong Kong and Macao (71/81/82) and 83 (residence permits for Taiwan residents). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The MOD 11-2 check character for the 17-digit body of a citizen identity number. */
export function citizenIdCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Why a citizen identity number is invalid. */
export type CitizenIdErrorCode = 'bad_length' | 'bad_region' | 'bad_date' | 'bad_check';

/** Raised by parseCitizenId; `code` says which rule failed. */
export class CitizenIdError extends DomainError {
  constructor(readonly reason: CitizenIdErrorCode) {
    const text: Record<CitizenIdErrorCode, { zh: string; en: string }> = {
      bad_length: { zh: '公民身份号码应为 18 位：17 位数字加 1 位校验码（数字或 X）', en: 'A citizen ID number has 18 characters: 17 digits and a check character (digit or X)' },
      bad_region: { zh: '公民身份号码的前两位不是有效的省级行政区划代码', en: 'The first two digits of the citizen ID number are not a valid province code' },
      bad_date: { zh: '公民身份号码中的出生日期不存在或晚于今天', en: 'The birth date in the citizen ID number does not exist or is in the future' },
      bad_check: { zh: '公民身份号码的校验码不正确，请核对是否输错', en: 'The check character of the citizen ID number is wrong; check for a typing error' },
    };
    super(reason, text[reason], { reason });
  }
}

/** Parsed citizen identity number. */
export interface ParsedCitizenId {
  normalized: string;
  region: string;
  birthDate: string;
  sex: 'male' | 'female';
}

const today = (): string => {
  // Asia/Shanghai calendar date
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
};

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

/**
 * Parses an 18-character citizen identity number (surrounding spaces trimmed, lowercase x accepted) or throws a
 * CitizenIdError whose `code` is bad_length, bad_region, bad_date or bad_check.
 */
export function parseCitizenId(input: string, asOf: string = today()): ParsedCitizenId {
  const s = String(input).trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) throw new CitizenIdError('bad_length');
  if (!PROVINCE_CODES.has(s.slice(0, 2))) throw new CitizenIdError('bad_region');
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (y < 1900 || !isRealDate(y, m, d) || birthDate > asOf) throw new CitizenIdError('bad_date');
  if (citizenIdCheckChar(s.slice(0, 17)) !== s[17]) throw new CitizenIdError('bad_check');
  return { normalized: s, region: s.slice(0, 6), birthDate, sex: Number(s[16]) % 2 === 1 ? 'male' : 'female' };
}

/** True when the string is a valid citizen identity number (see parseCitizenId). */
export function isValidCitizenId(input: string): boolean {
  try {
    parseCitizenId(input);
    return true;
  } catch {
    return false;
  }
}

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The MOD 31 check character for the first 17 characters of a unified social credit code. */
export function usccCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(body17[i]!);
    if (v < 0) return '';
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Registration-authority codes (position 1) of GB 32100 and its later additions. */
const USCC_AUTHORITIES = new Set(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'N', 'Y']);

/**
 * True when the string is a valid unified social credit code (GB 32100): 18 characters of its set, a known
 * registration authority, a division code with a real province prefix (or 100000 for national level), MOD 31 check.
 */
export function isValidUscc(input: string): boolean {
  const s = String(input).trim();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) return false;
  if (!USCC_AUTHORITIES.has(s[0]!)) return false;
  const province = s.slice(2, 4);
  if (!PROVINCE_CODES.has(province) && s.slice(2, 8) !== '100000') return false;
  return usccCheckChar(s.slice(0, 17)) === s[17];
}
