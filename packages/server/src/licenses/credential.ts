/**
 * E-licences as SD-JWT VCs (IETF SD-JWT RFC 9901 + draft-ietf-oauth-sd-jwt-vc): issuance with every personal claim
 * selectively disclosable, holder presentation with a key-binding JWT, and a verifier that reports each failure
 * with its own reason code instead of throwing. Two signing profiles: Ed25519 (`alg: EdDSA`, the default) and SM2 with
 * SM3 (国密, GB/T 32918.2 + GB/T 32905; private `alg: SM2SM3`), for the issuer and for the holder's key binding alike.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as cryptoSign,
  verify as cryptoVerify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { SDJwtVcInstance, type SdJwtVcPayload } from '@sd-jwt/sd-jwt-vc';
import { digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import type { DisclosureFrame, PresentationFrame } from '@sd-jwt/types';
import { base64url, decodeJwt, decodeProtectedHeader, type JWK } from 'jose';

/** The issuing org's signing identity. */
export interface CredentialIssuer {
  /** Issuer identifier (URL of the org), e.g. `https://tongban.example/orgs/SH-PD`. */
  iss: string;
  /** Key id published in the org's JWKS; old kids stay published so older licences keep verifying. */
  kid: string;
  /** Private key: Ed25519 for `EdDSA`, SM2 for `SM2SM3` (see sm2KeyPair / asSm2Key). */
  privateKey: KeyObject;
  /** Signing profile of this deployment; defaults to `EdDSA`. Must match the key. */
  alg?: SigningAlg;
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
  /** Holder public key (Ed25519 `OKP` JWK, or SM2 `EC`/`SM2` JWK from publicJwk) for the `cnf` claim; presentations must then carry a key-binding JWT. */
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
  /** Holder private key (Ed25519 or SM2) matching the credential's `cnf`; adds a key-binding JWT signed with `EdDSA` or `SM2SM3` as the key is. */
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
  /**
   * Public key of a trusted issuer's key id (Ed25519, or SM2 as made by sm2KeyPair / importPublicJwk / asSm2Key); null
   * for an issuer or key this deployment does not trust. The header `alg` must match the key's kind.
   */
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
  /**
   * The audience of printed copies: a KB-JWT made for it when the licence was printed has no age limit (paper is
   * meant to be shown again), and the result says `printed` — the holder's presence is not proven by it.
   */
  printedAud?: string;
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
  /** True when a key-binding JWT proved possession of the holder key (not for a printed copy). */
  holderBound: boolean;
  /** A printed copy's QR (see VerifyOptions.printedAud), with when it was printed. */
  printed?: { at: Date };
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

/**
 * JOSE has no registered identifier for SM2 signatures (the IANA "JSON Web Signature and Encryption Algorithms"
 * registry lists none, and no RFC defines one), so this deployment uses a private `alg` name. It means: SM2 signature
 * (GB/T 32918.2, with the signer's Z value over the default distinguishing ID `1234567812345678`) over the SM3
 * digest of the JWS signing input, encoded like the JOSE ECDSA algorithms (RFC 7518 §3.4) as the 64 bytes r ‖ s
 * rather than DER. Verifiers outside this deployment must be told about it (the JWKS carries `alg` on each key).
 */
export const SM2_ALG = 'SM2SM3';
/** Ed25519 as JOSE names it (RFC 8037). */
export const EDDSA_ALG = 'EdDSA';
/** A signing profile: Ed25519 (default) or SM2/SM3. */
export type SigningAlg = typeof EDDSA_ALG | typeof SM2_ALG;
/** The (unregistered) JWK curve name used for SM2 public keys: `{ kty: 'EC', crv: 'SM2', x, y }`. */
export const SM2_JWK_CRV = 'SM2';

const ED_ALGS = new Set(['EdDSA', 'Ed25519']);
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

// ---- keys and signatures of both profiles

type KeyKind = 'ed25519' | 'sm2' | 'other';

// id-ecPublicKey with the SM2 curve (1.2.156.10197.1.301): the fixed 27-byte head of every uncompressed SM2 SPKI
const SM2_SPKI_HEAD = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');

const kindCache = new WeakMap<KeyObject, KeyKind>();
const sm2Cache = new WeakMap<KeyObject, KeyObject>();

/**
 * Node (20, OpenSSL 3) reports SM2 keys imported from PEM/DER with `asymmetricKeyType` undefined (newer versions may
 * say 'sm2'); a key straight from generateKeyPairSync('ec', { namedCurve: 'SM2' }) is of type 'ec' and signs plain
 * ECDSA over the SM2 curve, which is not an SM2 signature. Both are recognised here; see asSm2Key.
 */
function keyKind(key: KeyObject): KeyKind {
  let kind = kindCache.get(key);
  if (kind) return kind;
  const t = key.asymmetricKeyType as string | undefined;
  if (t === 'ed25519') kind = 'ed25519';
  else if (t === 'sm2') kind = 'sm2';
  else if (t === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'SM2') kind = 'sm2';
  else if (t === undefined && key.type !== 'secret') {
    const pub = key.type === 'private' ? createPublicKey(key) : key;
    kind = pub.export({ format: 'der', type: 'spki' }).includes(SM2_CURVE_OID) ? 'sm2' : 'other';
  } else kind = 'other';
  kindCache.set(key, kind);
  return kind;
}

/** Returns the key as an OpenSSL SM2 key (signing with SM2/SM3), re-importing an 'ec'-typed SM2 key once (cached). */
export function asSm2Key(key: KeyObject): KeyObject {
  if (keyKind(key) !== 'sm2') throw new Error('not an SM2 key');
  if (key.asymmetricKeyType !== 'ec') return key;
  let k = sm2Cache.get(key);
  if (!k) {
    k = key.type === 'private'
      ? createPrivateKey(key.export({ format: 'pem', type: 'pkcs8' }))
      : createPublicKey(key.export({ format: 'pem', type: 'spki' }));
    kindCache.set(k, 'sm2');
    sm2Cache.set(key, k);
  }
  return k;
}

/** A fresh SM2 key pair usable for `SM2SM3` (PEM round trip so that OpenSSL treats it as SM2, not ECDSA). */
export function sm2KeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = asSm2Key(generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey);
  const publicKey = createPublicKey(privateKey);
  kindCache.set(publicKey, 'sm2');
  return { privateKey, publicKey };
}

/** The signing profile a key belongs to. */
export function algOfKey(key: KeyObject): SigningAlg {
  const kind = keyKind(key);
  if (kind === 'ed25519') return EDDSA_ALG;
  if (kind === 'sm2') return SM2_ALG;
  throw new Error('unsupported key type: only Ed25519 and SM2 keys sign e-licences');
}

/** Public JWK of an Ed25519 (`OKP`) or SM2 (`EC`, crv `SM2`, unregistered) key, without `d`. */
export function publicJwk(key: KeyObject): JWK {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  if (keyKind(key) === 'sm2') {
    const spki = pub.export({ format: 'der', type: 'spki' });
    if (spki.length !== SM2_SPKI_HEAD.length + 65 || !spki.subarray(0, SM2_SPKI_HEAD.length).equals(SM2_SPKI_HEAD)) throw new Error('unexpected SM2 public key encoding');
    return { kty: 'EC', crv: SM2_JWK_CRV, x: base64url.encode(spki.subarray(-64, -32)), y: base64url.encode(spki.subarray(-32)) };
  }
  if (keyKind(key) !== 'ed25519') throw new Error('unsupported key type');
  const { kty, crv, x } = pub.export({ format: 'jwk' });
  return { kty: kty!, crv: crv!, x: x! };
}

/** Imports a public JWK made by publicJwk (Ed25519 or SM2); throws on anything else, private keys included. */
export function importPublicJwk(jwk: JWK): KeyObject {
  if ('d' in jwk) throw new Error('not a public key');
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  if (jwk.kty === 'EC' && jwk.crv === SM2_JWK_CRV && typeof jwk.x === 'string' && typeof jwk.y === 'string') {
    const x = base64url.decode(jwk.x);
    const y = base64url.decode(jwk.y);
    if (x.length !== 32 || y.length !== 32) throw new Error('bad SM2 coordinates');
    // OpenSSL rejects a point that is not on the curve
    const key = createPublicKey({ key: Buffer.concat([SM2_SPKI_HEAD, Buffer.from([4]), x, y]), format: 'der', type: 'spki' });
    kindCache.set(key, 'sm2');
    return key;
  }
  throw new Error('unsupported JWK: only Ed25519 (OKP) and SM2 (EC/SM2) keys');
}

// Holder keys seen lately, by their public coordinates: a holder presents the same licence again and again, and
// importing a JWK costs as much as a tenth of a verification. Bounded; cleared when full.
const holderKeys = new Map<string, KeyObject>();
const HOLDER_KEY_CACHE = 10_000;

function holderKeyOf(jwk: JWK): KeyObject {
  if ('d' in jwk) throw new Error('not a public key');
  const id = `${String(jwk.kty)}|${String(jwk.crv)}|${String(jwk.x)}|${String(jwk.y)}`;
  let key = holderKeys.get(id);
  if (!key) {
    key = importPublicJwk(jwk);
    if (holderKeys.size >= HOLDER_KEY_CACHE) holderKeys.clear();
    holderKeys.set(id, key);
  }
  return key;
}

// DER `SEQUENCE { INTEGER r, INTEGER s }` ↔ r ‖ s, 32 bytes each (OpenSSL writes DER; JOSE wants the fixed form)
function derToRaw(der: Buffer): Buffer {
  const out = Buffer.alloc(64);
  let i = 2;
  if (der[0] !== 0x30) throw new Error('bad DER signature');
  if (der[1]! & 0x80) i = 2 + (der[1]! & 0x7f);
  for (const at of [0, 32]) {
    if (der[i] !== 0x02) throw new Error('bad DER signature');
    let len = der[i + 1]!;
    let start = i + 2;
    i = start + len;
    while (len > 32 && der[start] === 0) { start++; len--; }
    if (len > 32) throw new Error('bad DER signature');
    der.copy(out, at + 32 - len, start, start + len);
  }
  return out;
}

function rawToDer(raw: Uint8Array): Buffer {
  const int = (b: Uint8Array): Buffer => {
    let s = 0;
    while (s < b.length - 1 && b[s] === 0) s++;
    const v = Buffer.from(b.subarray(s));
    return v[0]! & 0x80 ? Buffer.concat([Buffer.from([0x02, v.length + 1, 0]), v]) : Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** Signs a JWS signing input with the given profile; returns the raw signature (64 bytes for both profiles). */
export function signJwsInput(alg: SigningAlg, key: KeyObject, data: string | Uint8Array): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  if (alg === SM2_ALG) return derToRaw(cryptoSign('sm3', bytes, asSm2Key(key)));
  if (keyKind(key) !== 'ed25519') throw new Error('EdDSA needs an Ed25519 key');
  return cryptoSign(null, bytes, key);
}

/**
 * Verifies a compact JWS's signature with the alg its header names, which must match the key's kind (no algorithm
 * confusion). Headers with `crit` are refused, as no extension is understood here. Returns false on any failure.
 */
export function verifyCompactJws(jws: string, alg: unknown, crit: unknown, key: KeyObject): boolean {
  if (crit !== undefined) return false;
  const dot = jws.lastIndexOf('.');
  if (dot < 0) return false;
  const kind = keyKind(key);
  const sig = Buffer.from(jws.slice(dot + 1), 'base64url'); // the caller checked the alphabet
  if (sig.length !== 64) return false;
  const data = Buffer.from(jws.slice(0, dot), 'ascii');
  if (alg === SM2_ALG && kind === 'sm2') return cryptoVerify('sm3', data, asSm2Key(key), rawToDer(sig));
  if (typeof alg === 'string' && ED_ALGS.has(alg) && kind === 'ed25519') return cryptoVerify(null, data, key, sig);
  return false;
}

const jwsSigner = (alg: SigningAlg, key: KeyObject) => (data: string): string => base64url.encode(signJwsInput(alg, key, data));

const sha256b64u = (s: string): string => createHash('sha256').update(s, 'ascii').digest('base64url');

// Claims that belong to the JWT or SD-JWT machinery, not to the licence; never selectively disclosable.
const RESERVED = new Set(['iss', 'nbf', 'exp', 'cnf', 'vct', 'vct#integrity', 'status', 'iat', 'sub', '_sd', '_sd_alg', '...']);

/** Issues an SD-JWT VC signed with the issuer's key (EdDSA, or SM2SM3 when `issuer.alg` says so); returns the compact form with every disclosure. */
export async function issueCredential(input: IssueCredentialInput): Promise<string> {
  const { issuer, vct, claims, plainClaims = {}, holderJwk, status, iat, exp, nbf } = input;
  for (const k of [...Object.keys(claims), ...Object.keys(plainClaims)]) {
    if (RESERVED.has(k)) throw new Error(`claim name "${k}" is reserved in SD-JWT VC`);
  }
  for (const k of Object.keys(claims)) {
    if (k in plainClaims) throw new Error(`claim "${k}" is both personal and plain`);
  }
  if (holderJwk) importPublicJwk(holderJwk); // throws for a private key or an unsupported one
  const alg = issuer.alg ?? EDDSA_ALG;
  if (alg !== EDDSA_ALG && alg !== SM2_ALG) throw new Error(`unsupported signing alg "${String(alg)}"`);
  if (algOfKey(issuer.privateKey) !== alg) throw new Error(`the issuer key does not fit alg ${alg}`);
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
    signer: jwsSigner(alg, issuer.privateKey),
    signAlg: alg,
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
    ...(holderKey ? { kbSigner: jwsSigner(algOfKey(holderKey), holderKey), kbSignAlg: algOfKey(holderKey) } : {}),
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

const UTF8 = new TextDecoder('utf-8', { fatal: true });

// a disclosure's bytes are pinned by its digest, which the caller checks before (or right after) decoding
/** The claim disclosures an issued credential carries, as [name, value], in their order (array elements left out). */
export function claimDisclosures(credential: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const d of credential.trim().split('~').slice(1)) {
    const arr = d ? decodeDisclosure(d) : null;
    if (arr?.length === 3) out.push([arr[1] as string, arr[2]]);
  }
  return out;
}

function decodeDisclosure(d: string): unknown[] | null {
  try {
    const arr: unknown = JSON.parse(UTF8.decode(Buffer.from(d, 'base64url')));
    if (!Array.isArray(arr) || (arr.length !== 3 && arr.length !== 2) || typeof arr[0] !== 'string') return null;
    if (arr.length === 3 && (typeof arr[1] !== 'string' || RESERVED.has(arr[1]))) return null;
    return arr;
  } catch {
    return null;
  }
}

/**
 * The payload with every disclosed claim in place of its digest (recursively, for disclosures inside disclosures),
 * undisclosed digests and `_sd_alg` removed; null when a disclosure is used in the wrong place (an array element's
 * disclosure in `_sd` or the reverse) or its name clashes with a claim already at that level. Names of the disclosed
 * object properties are pushed to `names`.
 */
function resolveClaims(payload: Record<string, unknown>, byDigest: Map<string, unknown[]>, names: string[]): Record<string, unknown> | null {
  let bad = false;
  const walk = (value: unknown, top: boolean): unknown => {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const el of value) {
        if (el && typeof el === 'object' && !Array.isArray(el) && Object.keys(el).length === 1 && typeof (el as Record<string, unknown>)['...'] === 'string') {
          const disclosure = byDigest.get((el as Record<string, string>)['...']!);
          if (!disclosure) continue;
          if (disclosure.length !== 2) bad = true;
          out.push(walk(disclosure[1], false));
        } else out.push(walk(el, false));
      }
      return out;
    }
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    const obj = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj)) {
      if (k === '_sd' || (top && k === '_sd_alg')) continue;
      out[k] = walk(v, false);
    }
    const sd = obj['_sd'];
    if (Array.isArray(sd)) {
      for (const d of sd) {
        const disclosure = typeof d === 'string' ? byDigest.get(d) : undefined;
        if (!disclosure) continue;
        const name = disclosure[1];
        if (disclosure.length !== 3 || typeof name !== 'string' || Object.hasOwn(out, name)) {
          bad = true;
          continue;
        }
        out[name] = walk(disclosure[2], false);
        names.push(name);
      }
    }
    return out;
  };
  const out = walk(payload, true) as Record<string, unknown>;
  return bad ? null : out;
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
  if (!verifyCompactJws(parts.issuerJwt, header.alg, header.crit, key)) return fail('bad_signature');

  // 4. disclosures: each must be committed to by the signed payload, and only once
  const committed = new Set<string>();
  const all: string[] = [];
  collectDigests(payload, all);
  for (const d of all) committed.add(d);
  // decoded once here, by digest, and used again to resolve the claims at the end
  const byDigest = new Map<string, unknown[]>();
  for (const d of parts.disclosures) {
    const h = sha256b64u(d);
    const decoded = committed.has(h) && !byDigest.has(h) ? decodeDisclosure(d) : null;
    if (!decoded) return fail('tampered_disclosure');
    byDigest.set(h, decoded);
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
  let printedAt: Date | undefined;
  if (parts.kbJwt || needKb) {
    if (!parts.kbJwt || !cnf?.jwk || 'd' in cnf.jwk) return fail('bad_key_binding');
    let kbPayload: Record<string, unknown>;
    try {
      const holderKey = holderKeyOf(cnf.jwk);
      const kbHeader = decodeProtectedHeader(parts.kbJwt);
      if (kbHeader.typ !== 'kb+jwt' || !verifyCompactJws(parts.kbJwt, kbHeader.alg, kbHeader.crit, holderKey)) return fail('bad_key_binding');
      kbPayload = decodeJwt(parts.kbJwt);
    } catch {
      return fail('bad_key_binding');
    }
    // sd_hash binds the KB-JWT to exactly this issuer JWT and set of disclosures
    const withoutKb = presentation.trim().slice(0, presentation.trim().length - parts.kbJwt.length);
    if (kbPayload['sd_hash'] !== sha256b64u(withoutKb)) return fail('bad_key_binding');
    const kbIat = kbPayload['iat'];
    if (typeof kbIat !== 'number' || typeof kbPayload['nonce'] !== 'string' || typeof kbPayload['aud'] !== 'string') return fail('bad_key_binding');
    if (options.nonce !== undefined && kbPayload['nonce'] !== options.nonce) return fail('replayed_or_expired_presentation');
    const isPrint = options.printedAud !== undefined && kbPayload['aud'] === options.printedAud;
    if ((!isPrint && kbIat + maxPresentationAgeSeconds + skewSeconds < nowS) || kbIat - skewSeconds > nowS) return fail('replayed_or_expired_presentation');
    if (options.aud !== undefined && kbPayload['aud'] !== options.aud) return fail('wrong_audience');
    if (isPrint) printedAt = new Date(kbIat * 1000);
    else holderBound = true;
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

  // claims: the checked disclosures put in place of their digests (RFC 9901 §7.1 step 3)
  const disclosed: string[] = [];
  const resolved = resolveClaims(payload, byDigest, disclosed);
  if (!resolved) return fail('bad_format');
  const claims = Object.fromEntries(Object.entries(resolved).filter(([k]) => !RESERVED.has(k)));
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
    ...(printedAt ? { printed: { at: printedAt } } : {}),
    statusChecked,
  };
}
