/**
 * The secrets of this deployment: personal-data keys from PII_KEYS / PII_INDEX_KEY and the session secret from
 * SESSION_SECRET, or — on the embedded database only — generated once and kept in DATA_DIR. A KMS replaces the
 * key provider by implementing KeyProvider.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { staticKeyProvider, type KeyProvider } from '@tongban/core';
import type { Config } from '../config.ts';

const parseKeys = (spec: string): { keys: Record<string, Buffer>; current: string } => {
  const keys: Record<string, Buffer> = {};
  let current = '';
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [kid, b64] = part.split(':');
    if (!kid || !b64) throw new Error('PII_KEYS must look like "k1:<base64 of 32 bytes>,k0:<…>"');
    keys[kid] = Buffer.from(b64, 'base64');
    current ||= kid;
  }
  return { keys, current };
};

/** The secrets of a deployment: personal-data keys and the secret that signs sessions, cookies and access tokens. */
export interface Secrets {
  keys: KeyProvider;
  sessionSecret: Buffer;
}

/**
 * Loads the secrets from configuration; on the embedded database they are generated once and kept in
 * DATA_DIR/secrets.json (mode 0600); `ephemeral` makes throwaway ones (tests).
 */
export function loadSecrets(config: Config, opts: { ephemeral?: boolean } = {}): Secrets {
  if (config.piiKeys && config.piiIndexKey && config.sessionSecret) {
    const { keys, current } = parseKeys(config.piiKeys);
    return { keys: staticKeyProvider(keys, current, Buffer.from(config.piiIndexKey, 'base64')), sessionSecret: Buffer.from(config.sessionSecret, 'base64') };
  }
  if (opts.ephemeral) return { keys: staticKeyProvider({ t: randomBytes(32) }, 't', randomBytes(32)), sessionSecret: randomBytes(32) };
  if (config.databaseUrl) {
    throw new Error('PII_KEYS, PII_INDEX_KEY and SESSION_SECRET must be set when DATABASE_URL is used (personal data is encrypted and sessions signed with them)');
  }
  const file = join(config.dataDir, 'secrets.json');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    const fresh = { piiKeys: `k1:${randomBytes(32).toString('base64')}`, piiIndexKey: randomBytes(32).toString('base64'), sessionSecret: randomBytes(32).toString('base64') };
    writeFileSync(file, JSON.stringify(fresh), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { piiKeys: string; piiIndexKey: string; sessionSecret: string };
  const { keys, current } = parseKeys(saved.piiKeys);
  return { keys: staticKeyProvider(keys, current, Buffer.from(saved.piiIndexKey, 'base64')), sessionSecret: Buffer.from(saved.sessionSecret, 'base64') };
}
