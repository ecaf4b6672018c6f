/**
 * Personal data at rest: AES-256-GCM encryption with keys from a key provider (a KMS can implement the interface),
 * a keyed blind index (HMAC-SHA256) for exact lookup without decrypting, and masking for display by role.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { DomainError } from '../kernel/errors.ts';

/** Where data keys come from. Keys are 32 bytes; `currentKeyId` encrypts, any listed id decrypts (rotation). */
export interface KeyProvider {
  currentKeyId(): string;
  dataKey(keyId: string): Buffer;
  /** Key of the blind index; it never rotates silently (a rotation means re-indexing). */
  indexKey(): Buffer;
}

/** A key provider over keys held in configuration (`PII_KEYS` = "kid:base64key,kid2:base64key", `PII_INDEX_KEY`). */
export function staticKeyProvider(keys: Record<string, Buffer>, current: string, indexKey: Buffer): KeyProvider {
  for (const [id, k] of Object.entries(keys)) if (k.length !== 32) throw new Error(`PII key ${id} must be 32 bytes, is ${k.length}`);
  if (!keys[current]) throw new Error(`PII key ${current} is not configured`);
  if (indexKey.length < 32) throw new Error('PII index key must be at least 32 bytes');
  return { currentKeyId: () => current, dataKey: (id) => { const k = keys[id]; if (!k) throw new DomainError('pii.unknown_key', { zh: `未知的数据密钥 ${id}`, en: `Unknown data key ${id}` }); return k; }, indexKey: () => indexKey };
}

/**
 * Kinds of personal data, each with its own blind-index domain so equal values of different kinds do not match.
 * `document` seals a whole JSON document that holds personal data (an application's form, answers and facts).
 */
export type PiiKind = 'citizen_id' | 'phone' | 'address' | 'name' | 'email' | 'document';

/** Encrypts a value: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url); the kind is bound as associated data. */
export function encryptPii(keys: KeyProvider, kind: PiiKind, plaintext: string): string {
  const kid = keys.currentKeyId();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.dataKey(kid), iv);
  cipher.setAAD(Buffer.from(kind));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', kid, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** Decrypts a value written by encryptPii; a tampered value or the wrong kind fails. */
export function decryptPii(keys: KeyProvider, kind: PiiKind, sealed: string): string {
  const [v, kid, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !kid || !iv || !tag || ct === undefined) {
    throw new DomainError('pii.malformed', { zh: '加密数据格式无效', en: 'Malformed encrypted value' });
  }
  const decipher = createDecipheriv('aes-256-gcm', keys.dataKey(kid), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(kind));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** The keyed blind index of a value (normalised: trimmed, upper-cased for IDs), for exact-match lookups. */
export function blindIndex(keys: KeyProvider, kind: PiiKind, value: string): string {
  const normal = kind === 'citizen_id' ? value.trim().toUpperCase() : value.trim();
  return createHmac('sha256', keys.indexKey()).update(`${kind}\u0000${normal}`).digest('base64url');
}

/** `310101199003070019` → `3101**********0019`. */
export function maskCitizenId(id: string): string {
  return id.length <= 8 ? '*'.repeat(id.length) : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string): string {
  return phone.length < 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** Keeps the district-level start of an address (up to and including 区/县/市), masks the rest. */
export function maskAddress(address: string): string {
  const m = /^(.*?[区县])/.exec(address) ?? /^(.*?市)/.exec(address);
  const keep = m?.[1] ?? address.slice(0, Math.min(6, Math.floor(address.length / 3)));
  return `${keep}${'*'.repeat(Math.max(4, Math.min(8, address.length - keep.length)))}`;
}

/** `张三` → `张*`, `欧阳小明` → `欧阳**` (two-character surnames of four-character names kept). */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}

/**
 * A form's values as a viewer without full disclosure sees them: ID numbers, phones, addresses and names masked with
 * the functions above (by field name), other free text masked to its first and last character; values the form
 * schema enumerates, numbers and booleans are not personal and stay as they are.
 */
export function maskFormValues(form: Record<string, unknown>, schema?: { properties?: Record<string, { enum?: unknown[] }> } | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (typeof v !== 'string' || schema?.properties?.[k]?.enum) { out[k] = v; continue; }
    const field = k.split('.').pop()!;
    out[k] = /citizenid$/i.test(field) ? maskCitizenId(v)
      : /phone$/i.test(field) ? maskPhone(v)
        : /address$/i.test(field) ? maskAddress(v)
          : /name$/i.test(field) ? maskName(v)
            : v.length > 2 ? `${v.slice(0, 1)}${'*'.repeat(Math.min(v.length - 2, 12))}${v.slice(-1)}` : v;
  }
  return out;
}

/** How much of a person's data a viewer sees: in full (the person themself, or an authorised purpose) or masked. */
export type Disclosure = 'full' | 'masked';

/** Applies a disclosure to a person's fields. */
export function disclose<T extends { citizenId?: string; phone?: string; address?: string; name?: string }>(p: T, how: Disclosure): T {
  if (how === 'full') return p;
  return {
    ...p,
    ...(p.citizenId !== undefined ? { citizenId: maskCitizenId(p.citizenId) } : {}),
    ...(p.phone !== undefined ? { phone: maskPhone(p.phone) } : {}),
    ...(p.address !== undefined ? { address: maskAddress(p.address) } : {}),
    ...(p.name !== undefined ? { name: maskName(p.name) } : {}),
  };
}
