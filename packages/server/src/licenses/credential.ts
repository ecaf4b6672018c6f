/**
 * E-licences as SD-JWT VCs (IETF SD-JWT RFC 9901 + draft-ietf-oauth-sd-jwt-vc): issuance with every personal claim
 * selectively disclosable, holder presentation with a key-binding JWT, and a verifier that reports each failure
 * with its own reason code instead of throwing. Ed25519 (`alg: EdDSA`) only for now.
 */
import { createHash, createPublicKey, sign as edSign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { SDJwtVcInstance, type SdJwtVcPayload } from '@sd-jwt/sd-jwt-vc';
import { SDJwt } from '@sd-jwt/core';
import { digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import type { DisclosureFrame, PresentationFrame } from '@sd-jwt/types';
import { base64url, compactVerify, decodeJwt, decodeProtectedHeader, type JWK } from 'jose';

/** The issuing org's signing identity. */
export interface CredentialIssuer {
  /** Issuer identifier (URL of the org), e.g. `https://tongban.example/orgs/SH-PD`. */
  iss: string;
  /** Key id published in the org's JWKS; old kids stay published so older licences keep verifying. */
  kid: string;
  /** Ed25519 private key. */
  privateKey: KeyObject;
}

/** What to put into a credential. */
export interface IssueCredentialInput {
  issuer: CredentialIssuer;
  /** Credential type (`vct`), e.g. `https://tongban.example/vct/residence_permit`. */
  vct: string;
  /** Personal claims: each one a separate disclosure the holder can keep back. */
  claims: Record<string, unknown>;
  /** Claims always visible (licence type, issuer name, …); must not hold personal data. */
  plainClaims?: Record<string, unknown>;
  /** Holder public key (Ed25519 JWK) for the `cnf` claim; presentations must then carry a key-binding JWT. */
  holderJwk?: JWK;
  /** Token Status List reference (IETF draft-ietf-oauth-status-list). */
  status?: { uri: string; idx: number };
  iat: Date;
  /** Expiry; absent for long-term licences. */
  exp?: Date;
  /** Not valid before (defaults to none). */
  nbf?: Date;
}

/** How the holder presents a credential. */
export interface PresentOptions {
  /** Names of the selectively disclosable claims to reveal; the rest are left out. */
  disclose: readonly string[];
  /** Holder private key (Ed25519) matching the credential's `cnf`; adds a key-binding JWT. */
  holderKey?: KeyObject;
  nonce?: string;
  aud?: string;
  iat?: Date;
}

/** Why a presentation is not accepted. */
export type VerifyFailureReason =
  | 'bad_format'
  | 'unknown_issuer'
  | 'bad_signature'
  | 'tampered_disclosure'
  | 'expired'
  | 'not_yet_valid'
  | 'revoked'
  | 'suspended'
  | 'status_unavailable'
  | 'bad_key_binding'
  | 'replayed_or_expired_presentation'
  | 'wrong_audience';

/** Licence status as a status list reports it. */
export type CredentialStatus = 'valid' | 'revoked' | 'suspended';

/** What the verifier trusts and expects. */
export interface VerifyOptions {
  /** Public key of a trusted issuer's key id; null for an issuer or key this deployment does not trust. */
  jwks: (iss: string, kid: string | undefined) => Promise<KeyObject | null>;
  /** Expected KB-JWT nonce; when set (or when the credential is holder-bound) a key-binding JWT is required. */
  nonce?: string;
  /** Expected KB-JWT audience (the verifier). */
  aud?: string;
  now: Date;
  /** Looks up a status list entry; omitted → status not checked (reported as `statusChecked: false`). */
  status?: (uri: string, idx: number) => Promise<CredentialStatus>;
  /** Oldest acceptable KB-JWT, in seconds (default 300). */
  maxPresentationAgeSeconds?: number;
  /** Clock skew tolerated on every time check, in seconds (default 30). */
  skewSeconds?: number;
}

/** A presentation that passed every check. */
export interface VerifySuccess {
  valid: true;
  /** Disclosed personal claims plus the plain claims (technical JWT claims removed). */
  claims: Record<string, unknown>;
  /** Names of the selectively disclosed claims that were revealed. */
  disclosed: string[];
  issuer: string;
  kid: string | undefined;
  vct: string;
  issuedAt: Date | undefined;
  expiresAt: Date | undefined;
  /** True when a key-binding JWT proved possession of the holder key. */
  holderBound: boolean;
  statusChecked: boolean;
}

/** A presentation that failed, with the first reason found and an explanation. */
export interface VerifyFailure {
  valid: false;
  reason: VerifyFailureReason;
  message: { zh: string; en: string };
}

/** Outcome of verifyPresentation. */
export type VerifyResult = VerifySuccess | VerifyFailure;

const ALG = 'EdDSA';
const ACCEPTED_ALGS = ['EdDSA', 'Ed25519'];
const VC_TYPES = new Set(['dc+sd-jwt', 'vc+sd-jwt']);

const MESSAGES: Record<VerifyFailureReason, { zh: string; en: string }> = {
  bad_format: { zh: '内容不是有效的电子证照凭证（SD-JWT VC）格式', en: 'This is not a well-formed e-licence credential (SD-JWT VC)' },
  unknown_issuer: { zh: '签发机构或其密钥不在本平台信任列表中，无法确认真伪', en: 'The issuer or its key is not on this deployment\'s trust list, so authenticity cannot be confirmed' },
  bad_signature: { zh: '签发机构的签名校验失败，证照可能被伪造或改动', en: 'The issuer\'s signature does not verify; the licence may be forged or altered' },
  tampered_disclosure: { zh: '出示的字段与签发时的内容不一致，可能被篡改', en: 'A disclosed field does not match what was issued; it may have been tampered with' },
  expired: { zh: '证照已超过有效期', en: 'The licence has expired' },
  not_yet_valid: { zh: '证照尚未生效', en: 'The licence is not valid yet' },
  revoked: { zh: '证照已被发证机关撤销或注销', en: 'The licence has been revoked by the issuing authority' },
  suspended: { zh: '证照已被发证机关暂扣（暂停使用）', en: 'The licence has been suspended by the issuing authority' },
  status_unavailable: { zh: '暂时无法查询证照状态，请稍后重试', en: 'The licence status could not be checked; try again later' },
  bad_key_binding: { zh: '亮证者未能证明持有该证照（持有人密钥绑定校验失败）', en: 'The presenter did not prove to be the holder (key binding failed)' },
  replayed_or_expired_presentation: { zh: '亮证二维码已过期或已被使用过，请持证人重新亮证', en: 'The presentation has expired or was made for another request; ask the holder to present again' },
  wrong_audience: { zh: '该亮证是出示给其他核验方的，不能在此使用', en: 'The presentation was made for a different verifier' },
};

const fail = (reason: VerifyFailureReason): VerifyFailure => ({ valid: false, reason, message: MESSAGES[reason] });

const toSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);

const edSigner = (key: KeyObject) => (data: string): string => base64url.encode(edSign(null, Buffer.from(data), key));

const sha256b64u = (s: string): string => base64url.encode(createHash('sha256').update(s, 'ascii').digest());

// Claims that belong to the JWT or SD-JWT machinery, not to the licence; never selectively disclosable.
const RESERVED = new Set(['iss', 'nbf', 'exp', 'cnf', 'vct', 'vct#integrity', 'status', 'iat', 'sub', '_sd', '_sd_alg', '...']);

/** Issues an SD-JWT VC signed with the issuer's Ed25519 key; returns the compact form with every disclosure. */
export async function issueCredential(input: IssueCredentialInput): Promise<string> {
  const { issuer, vct, claims, plainClaims = {}, holderJwk, status, iat, exp, nbf } = input;
  for (const k of [...Object.keys(claims), ...Object.keys(plainClaims)]) {
    if (RESERVED.has(k)) throw new Error(`claim name "${k}" is reserved in SD-JWT VC`);
  }
  for (const k of Object.keys(claims)) {
    if (k in plainClaims) throw new Error(`claim "${k}" is both personal and plain`);
  }
  if (holderJwk && 'd' in holderJwk) throw new Error('holderJwk must be a public key');
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
    signer: edSigner(issuer.privateKey),
    signAlg: ALG,
  });
  const payload: SdJwtVcPayload = {
    ...plainClaims,
    ...claims,
    iss: issuer.iss,
    vct,
    iat: toSeconds(iat),
    ...(exp ? { exp: toSeconds(exp) } : {}),
    ...(nbf ? { nbf: toSeconds(nbf) } : {}),
    ...(holderJwk ? { cnf: { jwk: holderJwk } } : {}),
    ...(status ? { status: { status_list: { uri: status.uri, idx: status.idx } } } : {}),
  };
  const frame = { _sd: Object.keys(claims) } as DisclosureFrame<SdJwtVcPayload>;
  return sdjwt.issue(payload, frame, { header: { kid: issuer.kid } });
}

/** Builds a presentation revealing only `disclose`, with a key-binding JWT (nonce, aud, iat) when holderKey is given. */
export async function present(credential: string, options: PresentOptions): Promise<string> {
  const { disclose, holderKey, nonce, aud, iat = new Date() } = options;
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    ...(holderKey ? { kbSigner: edSigner(holderKey), kbSignAlg: ALG } : {}),
  });
  const frame = Object.fromEntries(disclose.map((k) => [k, true])) as PresentationFrame<Record<string, unknown>>;
  if (!holderKey) return sdjwt.present(credential, frame);
  if (!nonce || !aud) throw new Error('a key-bound presentation needs a nonce and an audience');
  return sdjwt.present(credential, frame, { kb: { payload: { iat: toSeconds(iat), aud, nonce } } });
}

interface Parts {
  issuerJwt: string;
  disclosures: string[];
  kbJwt: string | undefined;
}

// `<issuer-jwt>~<disclosure>~…~<kb-jwt or empty>` (RFC 9901 §4)
function split(presentation: string): Parts | null {
  if (typeof presentation !== 'string' || !presentation.includes('~')) return null;
  const parts = presentation.trim().split('~');
  const issuerJwt = parts[0]!;
  const last = parts[parts.length - 1]!;
  const disclosures = parts.slice(1, -1);
  if (disclosures.some((d) => d === '')) return null;
  const jws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
  if (!jws.test(issuerJwt)) return null;
  if (last !== '' && !jws.test(last)) return null;
  return { issuerJwt, disclosures, kbJwt: last === '' ? undefined : last };
}

// Every digest the signed payload commits to: `_sd` arrays in objects and `{ "...": d }` array elements.
function collectDigests(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const el of value) {
      if (el && typeof el === 'object' && !Array.isArray(el) && Object.keys(el).length === 1 && typeof (el as Record<string, unknown>)['...'] === 'string') {
        into.push((el as Record<string, string>)['...']!);
      } else collectDigests(el, into);
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '_sd' && Array.isArray(v)) into.push(...v.filter((d): d is string => typeof d === 'string'));
      else collectDigests(v, into);
    }
  }
}

function decodeDisclosure(d: string): unknown[] | null {
  try {
    const arr: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(d)));
    if (!Array.isArray(arr) || (arr.length !== 3 && arr.length !== 2) || typeof arr[0] !== 'string') return null;
    if (arr.length === 3 && (typeof arr[1] !== 'string' || RESERVED.has(arr[1]))) return null;
    return arr;
  } catch {
    return null;
  }
}

/**
 * Verifies a presentation (or a full credential): format, issuer trust, issuer signature, disclosures, validity
 * period, key binding (nonce, audience, age) and status, in that order. Never throws: every failure comes back as
 * `{ valid: false, reason, message }`.
 */
export async function verifyPresentation(presentation: string, options: VerifyOptions): Promise<VerifyResult> {
  try {
    return await verifyInner(presentation, options);
  } catch {
    // a library surprise on hostile input must not become a server error
    return fail('bad_format');
  }
}

async function verifyInner(presentation: string, options: VerifyOptions): Promise<VerifyResult> {
  const { now, maxPresentationAgeSeconds = 300, skewSeconds = 30 } = options;
  const nowS = toSeconds(now);

  // 1. format
  const parts = split(presentation);
  if (!parts) return fail('bad_format');
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(parts.issuerJwt);
    payload = decodeJwt(parts.issuerJwt);
  } catch {
    return fail('bad_format');
  }
  const iss = payload['iss'];
  const vct = payload['vct'];
  if (typeof iss !== 'string' || typeof vct !== 'string' || !VC_TYPES.has(String(header.typ))) return fail('bad_format');
  if (payload['_sd_alg'] !== undefined && payload['_sd_alg'] !== 'sha-256') return fail('bad_format');
  for (const t of ['iat', 'exp', 'nbf'] as const) {
    if (payload[t] !== undefined && typeof payload[t] !== 'number') return fail('bad_format');
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined;

  // 2. trust, 3. signature
  let key: KeyObject | null;
  try {
    key = await options.jwks(iss, kid);
  } catch {
    key = null;
  }
  if (!key) return fail('unknown_issuer');
  try {
    await compactVerify(parts.issuerJwt, key, { algorithms: ACCEPTED_ALGS });
  } catch {
    return fail('bad_signature');
  }

  // 4. disclosures: each must be committed to by the signed payload, and only once
  const committed = new Set<string>();
  const all: string[] = [];
  collectDigests(payload, all);
  for (const d of all) committed.add(d);
  const seen = new Set<string>();
  for (const d of parts.disclosures) {
    const h = sha256b64u(d);
    if (!committed.has(h) || seen.has(h) || !decodeDisclosure(d)) return fail('tampered_disclosure');
    seen.add(h);
  }

  // 5. validity period
  const exp = payload['exp'] as number | undefined;
  const nbf = payload['nbf'] as number | undefined;
  const iat = payload['iat'] as number | undefined;
  if (exp !== undefined && exp + skewSeconds < nowS) return fail('expired');
  if ((nbf !== undefined && nbf - skewSeconds > nowS) || (iat !== undefined && iat - skewSeconds > nowS)) return fail('not_yet_valid');

  // 6. key binding
  const cnf = payload['cnf'] as { jwk?: JWK } | undefined;
  const needKb = cnf !== undefined || options.nonce !== undefined || options.aud !== undefined;
  let holderBound = false;
  if (parts.kbJwt || needKb) {
    if (!parts.kbJwt || !cnf?.jwk || 'd' in cnf.jwk) return fail('bad_key_binding');
    let holderKey: KeyObject;
    try {
      holderKey = createPublicKey({ key: cnf.jwk as JsonWebKey, format: 'jwk' });
    } catch {
      return fail('bad_key_binding');
    }
    let kbPayload: Record<string, unknown>;
    try {
      const { protectedHeader, payload: raw } = await compactVerify(parts.kbJwt, holderKey, { algorithms: ACCEPTED_ALGS });
      if (protectedHeader.typ !== 'kb+jwt') return fail('bad_key_binding');
      kbPayload = JSON.parse(new TextDecoder().decode(raw)) as Record<string, unknown>;
    } catch {
      return fail('bad_key_binding');
    }
    // sd_hash binds the KB-JWT to exactly this issuer JWT and set of disclosures
    const withoutKb = presentation.trim().slice(0, presentation.trim().length - parts.kbJwt.length);
    if (kbPayload['sd_hash'] !== sha256b64u(withoutKb)) return fail('bad_key_binding');
    const kbIat = kbPayload['iat'];
    if (typeof kbIat !== 'number' || typeof kbPayload['nonce'] !== 'string' || typeof kbPayload['aud'] !== 'string') return fail('bad_key_binding');
    if (options.nonce !== undefined && kbPayload['nonce'] !== options.nonce) return fail('replayed_or_expired_presentation');
    if (kbIat + maxPresentationAgeSeconds + skewSeconds < nowS || kbIat - skewSeconds > nowS) return fail('replayed_or_expired_presentation');
    if (options.aud !== undefined && kbPayload['aud'] !== options.aud) return fail('wrong_audience');
    holderBound = true;
  }

  // 7. status
  const statusRef = (payload['status'] as { status_list?: { uri?: unknown; idx?: unknown } } | undefined)?.status_list;
  let statusChecked = false;
  if (statusRef && options.status) {
    if (typeof statusRef.uri !== 'string' || typeof statusRef.idx !== 'number') return fail('bad_format');
    let s: CredentialStatus;
    try {
      s = await options.status(statusRef.uri, statusRef.idx);
    } catch {
      return fail('status_unavailable');
    }
    if (s === 'revoked') return fail('revoked');
    if (s === 'suspended') return fail('suspended');
    if (s !== 'valid') return fail('status_unavailable');
    statusChecked = true;
  }

  // claims: the library resolves the (already checked) disclosures into the payload
  const decoded = await SDJwt.fromEncode(presentation.trim(), digest);
  const resolved = await decoded.getClaims<Record<string, unknown>>(digest);
  const claims = Object.fromEntries(Object.entries(resolved).filter(([k]) => !RESERVED.has(k)));
  const disclosed = parts.disclosures.map((d) => decodeDisclosure(d)).filter((a): a is unknown[] => !!a && a.length === 3).map((a) => a[1] as string);
  return {
    valid: true,
    claims,
    disclosed,
    issuer: iss,
    kid,
    vct,
    issuedAt: iat !== undefined ? new Date(iat * 1000) : undefined,
    expiresAt: exp !== undefined ? new Date(exp * 1000) : undefined,
    holderBound,
    statusChecked,
  };
}
