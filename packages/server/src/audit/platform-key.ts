/**
 * The platform signing key (Ed25519) that signs audit checkpoints: from PLATFORM_SIGNING_KEY (PKCS#8 PEM, or base64 of
 * the PEM), or — on the embedded database only — generated once and kept in DATA_DIR/platform-key.pem (mode 0600).
 * Verifiers need only the public key (PLATFORM_PUBLIC_KEY, SPKI PEM or base64 of it).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platformKeyId } from '@tongban/core';

export const PLATFORM_KEY_FILE = 'platform-key.pem';

/** The platform's key pair, with the public half in PEM and its short id (as stored with each checkpoint). */
export interface PlatformKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
  /** where it came from: configuration, the key file in DATA_DIR, or made for this process only */
  source: 'config' | 'file' | 'ephemeral';
}

/** The text of a PEM given as is or as base64 of it. */
const pemText = (value: string): string => {
  const v = value.trim();
  return v.includes('-----BEGIN') ? v : Buffer.from(v, 'base64').toString('utf8');
};

const fromPrivate = (privateKey: KeyObject, source: PlatformKey['source']): PlatformKey => {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: platformKeyId(publicKey), source };
};

/** Parses an Ed25519 private key (PKCS#8 PEM or base64 of it); throws naming `name` when it is not one. */
export function parseSigningKey(value: string, name = 'PLATFORM_SIGNING_KEY', source: PlatformKey['source'] = 'config'): PlatformKey {
  let key: KeyObject;
  try {
    key = createPrivateKey(pemText(value));
  } catch (err) {
    throw new Error(`${name} must be an Ed25519 private key in PKCS#8 PEM (or base64 of the PEM): ${(err as Error).message}`, { cause: err });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${name} must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'an unknown key type'}`);
  return fromPrivate(key, source);
}

/** Parses an Ed25519 public key (SPKI PEM or base64 of it); throws naming `name` when it is not one. */
export function parsePublicKey(value: string, name = 'PLATFORM_PUBLIC_KEY'): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pemText(value));
  } catch (err) {
    throw new Error(`${name} must be an Ed25519 public key in PEM (or base64 of the PEM): ${(err as Error).message}`, { cause: err });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${name} must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'an unknown key type'}`);
  return key;
}

/** A new Ed25519 key pair in PKCS#8 PEM (for PLATFORM_SIGNING_KEY, or tests). */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export interface PlatformKeyOptions {
  /** PLATFORM_SIGNING_KEY */
  signingKey?: string | undefined;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** make (and, with a DATA_DIR, save) a key when there is none: true for the server, false for verification */
  create?: boolean;
}

/**
 * The platform key: configured, or on the embedded database the one kept in DATA_DIR (made on first start).
 * Returns null when none is configured on PostgreSQL, or when there is none yet and `create` is false.
 */
export function loadPlatformKey(opts: PlatformKeyOptions): PlatformKey | null {
  if (opts.signingKey) return parseSigningKey(opts.signingKey);
  if (opts.databaseUrl || !opts.dataDir) return null;
  if (opts.dataDir.startsWith('memory://')) return opts.create ? fromPrivate(generateKeyPairSync('ed25519').privateKey, 'ephemeral') : null;
  const file = join(opts.dataDir, PLATFORM_KEY_FILE);
  if (!existsSync(file)) {
    if (!opts.create) return null;
    mkdirSync(opts.dataDir, { recursive: true });
    // 'wx': never overwrite a key another process wrote meanwhile; checkpoints signed with it would stop verifying
    try {
      writeFileSync(file, generateSigningKeyPem(), { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return parseSigningKey(readFileSync(file, 'utf8'), file, 'file');
}
