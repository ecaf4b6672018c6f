/**
 * The issuing orgs' signing keys for e-licences: Ed25519 by default (SM2 with LICENSE_SIGNING=sm2), one active key per org, made on first use and
 * kept sealed at rest with the platform's data keys. Every key ever used is published at /.well-known/jwks.json
 * (retired ones too), so licences signed before a rotation still verify.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { algOfKey, asSm2Key, importPublicJwk, publicJwk as jwkOf, SM2_ALG, sm2KeyPair, type SigningAlg } from './credential.ts';
import { decryptPii, encryptPii, type KeyProvider } from '@tongban/core';
import type { Db, Queryable } from '@tongban/db';

export interface IssuerKey {
  kid: string;
  org: string;
  /** the JOSE alg the key signs with: EdDSA, or the private SM2SM3 of the 国密 profile */
  alg: SigningAlg;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

interface Row { kid: string; org: string; alg: 'EdDSA' | 'SM2'; publicJwk: Record<string, unknown>; privateEnc: string; retiredAt: string | null }

const KEY_LOCK = 7_310_000_061;

export class IssuerKeys {
  private readonly cache = new Map<string, IssuerKey>();

  /** `profile`: the signing profile of new keys (LICENSE_SIGNING: Ed25519 by default, SM2/SM3 for 国密 deployments). */
  constructor(private readonly deps: { db: Db; keys: KeyProvider; profile?: 'ed25519' | 'sm2' }) {}

  private open(r: Row): IssuerKey {
    let privateKey = createPrivateKey(decryptPii(this.deps.keys, 'document', r.privateEnc));
    if (r.alg === 'SM2') privateKey = asSm2Key(privateKey);
    return { kid: r.kid, org: r.org, alg: algOfKey(privateKey), privateKey, publicJwk: r.publicJwk };
  }

  /** The org's active signing key, made (once, under a lock: several processes may ask) when it has none. */
  async signingKey(q: Queryable, org: string): Promise<IssuerKey> {
    const hit = this.cache.get(org);
    if (hit) return hit;
    const read = async () => (await q.query<Row>(
      `select kid, org, alg, public_jwk as "publicJwk", private_enc as "privateEnc", retired_at as "retiredAt"
       from issuer_keys where org = $1 and retired_at is null order by created_at desc limit 1`, [org])).rows[0];
    let row = await read();
    if (!row) {
      await q.query('select pg_advisory_xact_lock($1, hashtext($2))', [KEY_LOCK % 2_147_483_647, org]);
      row = await read();
      if (!row) {
        const sm2 = this.deps.profile === 'sm2';
        const { privateKey, publicKey } = sm2 ? sm2KeyPair() : generateKeyPairSync('ed25519');
        const kid = `${org}-${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
        const publicJwk = { ...jwkOf(publicKey), kid, alg: sm2 ? SM2_ALG : 'EdDSA', use: 'sig' } as Record<string, unknown>;
        const privateEnc = encryptPii(this.deps.keys, 'document', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
        const alg = sm2 ? 'SM2' : 'EdDSA';
        await q.query('insert into issuer_keys (kid, org, alg, public_jwk, private_enc) values ($1, $2, $3, $4, $5)', [kid, org, alg, JSON.stringify(publicJwk), privateEnc]);
        row = { kid, org, alg, publicJwk, privateEnc, retiredAt: null };
      }
    }
    const key = this.open(row);
    this.cache.set(org, key);
    return key;
  }

  /** Retires the org's active key (rotation): the next licence is signed with a new one; old licences still verify. */
  async rotate(q: Queryable, org: string): Promise<void> {
    await q.query('update issuer_keys set retired_at = now() where org = $1 and retired_at is null', [org]);
    this.cache.delete(org);
  }

  /** Every issuer key ever used, as a JSON Web Key Set (with the org each belongs to). */
  async jwks(q: Queryable = this.deps.db): Promise<{ keys: Record<string, unknown>[] }> {
    const r = await q.query<{ publicJwk: Record<string, unknown>; org: string; retiredAt: string | null }>(
      `select public_jwk as "publicJwk", org, retired_at as "retiredAt" from issuer_keys order by created_at`);
    return { keys: r.rows.map((k) => ({ ...k.publicJwk, org: k.org, ...(k.retiredAt ? { retired: true } : {}) })) };
  }

  /** The public key of `kid`, or null when no such key was ever published. */
  async publicKey(q: Queryable, kid: string): Promise<KeyObject | null> {
    return (await this.published(q, kid))?.key ?? null;
  }

  /** The public key of `kid` and the org it belongs to, or null when no such key was ever published. */
  async published(q: Queryable, kid: string): Promise<{ key: KeyObject; org: string } | null> {
    const r = await q.query<{ publicJwk: Record<string, unknown>; org: string }>('select public_jwk as "publicJwk", org from issuer_keys where kid = $1', [kid]);
    return r.rows[0] ? { key: importPublicJwk(r.rows[0].publicJwk as never), org: r.rows[0].org } : null;
  }
}
