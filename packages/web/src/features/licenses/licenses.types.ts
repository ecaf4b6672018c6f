/** The e-licence API's shapes (wallet, presentation, verification, checks). */

/** A licence's status in its issuer's status list. */
export type LicenseStatus = 'valid' | 'suspended' | 'revoked';

/** GET /api/v1/licenses — one licence of the wallet. */
export interface LicenseSummary {
  /** GB/T 36904 licence identifier (the licence number) */
  id: string;
  /** licence type code, e.g. `residence_permit` */
  licenseType: string;
  holderId: string;
  /** issuing org code */
  issuerOrg: string;
  caseId: string | null;
  /** `YYYY-MM-DD` */
  issuedOn: string;
  /** `YYYY-MM-DD`; null = long-term */
  expiresOn: string | null;
  kid: string;
  statusIdx: number;
  status: LicenseStatus;
  statusReason: string | null;
}

/** POST /api/v1/officer/licenses/{id}/status — body: the new status and why (required, at most 500 characters). */
export interface LicenseStatusChange {
  status: LicenseStatus;
  reason: string;
}

/** GET /api/v1/licenses/{id} — a licence with its credential (SD-JWT VC, every disclosure). */
export interface LicenseDetail extends LicenseSummary {
  credential: string;
}

/** The purposes a licence is presented for (亮证场景). */
export const PURPOSES = ['hotel', 'internet_cafe', 'window', 'traffic'] as const;
export type PresentationPurpose = (typeof PURPOSES)[number];

/** POST /api/v1/licenses/{id}/presentations — body: a purpose or the fields to disclose. */
export interface PresentationRequest {
  purpose?: PresentationPurpose;
  fields?: string[];
}

/** POST /api/v1/licenses/{id}/presentations — a 5-minute presentation and the verifier link for its QR code. */
export interface Presentation {
  presentation: string;
  purpose: PresentationPurpose | null;
  aud: string;
  nonce: string;
  /** ISO timestamp */
  expiresAt: string;
  /** names of the disclosed claims */
  disclosed: string[];
  /** `${origin}/verify#p=<presentation>&n=<nonce>&a=<aud>` */
  verifyUrl: string;
}

/** Why a presentation is not valid. */
export type VerifyReason =
  | 'bad_format'
  | 'unknown_issuer'
  | 'bad_signature'
  | 'tampered_disclosure'
  | 'expired'
  | 'not_yet_valid'
  | 'revoked'
  | 'suspended'
  | 'bad_key_binding'
  | 'replayed_or_expired_presentation'
  | 'wrong_audience'
  | 'status_unavailable';

/** POST /api/v1/licenses/verify — body. */
export interface VerifyRequest {
  presentation: string;
  nonce?: string;
  aud?: string;
  purpose?: string;
}

/** A presentation that passed every check. */
export interface VerifyValid {
  valid: true;
  /** the disclosed personal claims plus the plain claims (licenseId, licenseName, issuerName, issuedOn, expiresOn…) */
  claims: Record<string, unknown>;
  /** names of the disclosed personal claims */
  disclosed: string[];
  /** issuer identifier (URL) */
  issuer: string;
  vct: string;
  issuedAt?: string | null;
  expiresAt?: string | null;
  holderBound: boolean;
  /** set for the QR code of a printed copy: when it was printed (the holder is not proven present) */
  printed?: { at: string };
  statusChecked: boolean;
}

/** A presentation that failed, with its reason. */
export interface VerifyInvalid {
  valid: false;
  reason: VerifyReason;
  message: { zh: string; en: string };
}

export type VerifyResult = VerifyValid | VerifyInvalid;

/** GET /api/v1/licenses/verifications — one check of one of my licences. */
export interface LicenseCheck {
  licenseId: string | null;
  /** `anonymous:<ip>`, `citizen:<id>`, `officer:<id>` … */
  verifier: string;
  purpose: string | null;
  disclosed: string[];
  /** `valid` or a VerifyReason */
  result: string;
  /** ISO timestamp */
  at: string;
}
