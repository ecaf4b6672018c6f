/**
 * The e-licence identifier (电子证照标识) of GB/T 36904-2018:
 * `1.2.156.3005.2.<type code 21>.<issuer USCC 18>.<serial>.<version 3>.<check 1>`, with an ISO/IEC 7064
 * MOD 37,36 check character over type code + issuer + serial + version. See shared/reference/e-license.md §2.
 */
import { DomainError } from '../kernel/errors.ts';

/** The e-licence root code that starts every identifier. */
export const LICENSE_ROOT_OID = '1.2.156.3005.2';

const CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The ISO/IEC 7064 MOD 37,36 (hybrid system) check character of a string of `0-9A-Z`, or '' if another character occurs. */
export function mod3736CheckChar(body: string): string {
  let p = 36;
  for (const ch of body) {
    const v = CHARSET.indexOf(ch);
    if (v < 0) return '';
    let s = (p + v) % 36;
    if (s === 0) s = 36;
    p = (2 * s) % 37;
  }
  return CHARSET[(37 - p) % 36]!;
}

/** The parts of a licence identifier. */
export interface LicenseIdentifierParts {
  /** Licence-type code: USCC of the defining authority (18) + 3-digit type number. */
  typeCode: string;
  /** USCC of the issuing agency. */
  issuerUscc: string;
  /** Issuer-assigned serial, uppercase letters and digits. */
  serial: string;
  /** Version, 1..999 (printed as 3 digits). */
  version: number;
}

/** A parsed licence identifier: its parts plus the check character and the canonical string. */
export interface ParsedLicenseIdentifier extends LicenseIdentifierParts {
  check: string;
  identifier: string;
}

/** Why a licence identifier is rejected. */
export type LicenseIdentifierErrorCode = 'bad_format' | 'bad_check';

const MESSAGES: Record<LicenseIdentifierErrorCode, { zh: string; en: string }> = {
  bad_format: {
    zh: '证照标识格式不正确：应为 1.2.156.3005.2.证照类型代码(21位).颁发机构代码(18位).流水号.版本号(3位).校验位',
    en: 'The licence identifier is malformed: expected 1.2.156.3005.2.<type code, 21>.<issuer code, 18>.<serial>.<version, 3 digits>.<check>',
  },
  bad_check: {
    zh: '证照标识的校验位不正确，标识可能被抄错或篡改',
    en: 'The check character of the licence identifier is wrong; it may have been mistyped or altered',
  },
};

/** Raised by licenseIdentifier and parseLicenseIdentifier; `code` is `license.identifier.<reason>`. */
export class LicenseIdentifierError extends DomainError {
  constructor(readonly reason: LicenseIdentifierErrorCode, data: Record<string, unknown> = {}) {
    super(`license.identifier.${reason}`, MESSAGES[reason], { reason, ...data });
    this.name = 'LicenseIdentifierError';
  }
}

const TYPE_CODE = /^[0-9A-Z]{18}\d{3}$/;
const USCC = /^[0-9A-Z]{18}$/;
const SERIAL = /^[0-9A-Z]{6,32}$/;

/** Builds a licence identifier from its parts (strictly: throws LicenseIdentifierError `bad_format` on a bad part). */
export function licenseIdentifier(parts: LicenseIdentifierParts): string {
  const { typeCode, issuerUscc, serial, version } = parts;
  if (!TYPE_CODE.test(typeCode)) throw new LicenseIdentifierError('bad_format', { field: 'typeCode' });
  if (!USCC.test(issuerUscc)) throw new LicenseIdentifierError('bad_format', { field: 'issuerUscc' });
  if (!SERIAL.test(serial)) throw new LicenseIdentifierError('bad_format', { field: 'serial' });
  if (!Number.isInteger(version) || version < 1 || version > 999) throw new LicenseIdentifierError('bad_format', { field: 'version' });
  const ver = String(version).padStart(3, '0');
  const check = mod3736CheckChar(typeCode + issuerUscc + serial + ver);
  return `${LICENSE_ROOT_OID}.${typeCode}.${issuerUscc}.${serial}.${ver}.${check}`;
}

// Lenient on purpose (reference §2.2): real identifiers carry a 6-digit division code as issuer and serials of
// 7+ characters; the check character still has to match. Generation above stays strict.
const PARSE = /^1\.2\.156\.3005\.2\.([0-9A-Z]{18}\d{3})\.([0-9A-Z]{6}|[0-9A-Z]{18})\.([0-9A-Z]{1,64})\.(\d{3})\.([0-9A-Z])$/;

/**
 * Parses a licence identifier (surrounding spaces trimmed, letters upper-cased) or throws a LicenseIdentifierError
 * with reason `bad_format` (structure) or `bad_check` (check character). `legacy` is true when the identifier
 * does not meet the strict generation rules (6-digit division code as issuer, short serial, version 000).
 */
export function parseLicenseIdentifier(input: string): ParsedLicenseIdentifier & { legacy: boolean } {
  const s = String(input).trim().toUpperCase();
  const m = PARSE.exec(s);
  if (!m) throw new LicenseIdentifierError('bad_format');
  const [, typeCode, issuerUscc, serial, ver, check] = m as unknown as [string, string, string, string, string, string];
  const expected = mod3736CheckChar(typeCode + issuerUscc + serial + ver);
  if (expected !== check) throw new LicenseIdentifierError('bad_check', { expected, found: check });
  const version = Number(ver);
  const legacy = !USCC.test(issuerUscc) || issuerUscc.length !== 18 || !SERIAL.test(serial) || version < 1;
  return { typeCode, issuerUscc, serial, version, check, identifier: s, legacy };
}

/** True when the string is a licence identifier with a correct check character (see parseLicenseIdentifier). */
export function isValidLicenseIdentifier(input: string): boolean {
  try {
    parseLicenseIdentifier(input);
    return true;
  } catch {
    return false;
  }
}
