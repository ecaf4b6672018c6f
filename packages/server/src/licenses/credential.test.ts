import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { digest } from '@sd-jwt/crypto-nodejs';
import { StatusList, createHeaderAndPayload } from '@sd-jwt/jwt-status-list';
import { SignJWT, compactVerify, createLocalJWKSet, exportJWK, importJWK, type JWK } from 'jose';
import {
  SM2_ALG,
  asSm2Key,
  importPublicJwk,
  issueCredential,
  present,
  publicJwk,
  signJwsInput,
  sm2KeyPair,
  verifyPresentation,
  type CredentialStatus,
  type VerifyOptions,
  type VerifyResult,
} from './credential.ts';

const ISS = 'https://tongban.example/orgs/SH-PD';
const VCT = 'https://tongban.example/vct/residence_permit';
const STATUS_URI = 'https://tongban.example/orgs/SH-PD/status/1';
const T0 = new Date('2026-03-01T08:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const ed25519 = () => generateKeyPairSync('ed25519');
const issuerKeys = ed25519();
const holderKeys = ed25519();
const holderJwk = (await exportJWK(holderKeys.publicKey)) as JWK;

// the residence permit of a made-up holder
const buildClaims = () => ({
  name: '张三',
  citizenId: '11010519491231002X',
  sex: 'female',
  birthDate: '1949-12-31',
  address: '上海市黄浦区寿宁路95号',
  photo: 'data:image/jpeg;base64,AAAA',
  permitNumber: '310101202600001',
});

async function buildCredential(overrides: Partial<Parameters<typeof issueCredential>[0]> = {}): Promise<string> {
  return issueCredential({
    issuer: { iss: ISS, kid: 'sh-pd-2026', privateKey: issuerKeys.privateKey },
    vct: VCT,
    claims: buildClaims(),
    plainClaims: { licenseType: 'residence_permit', issuerName: '上海市公安局黄浦分局' },
    holderJwk,
    status: { uri: STATUS_URI, idx: 7 },
    iat: T0,
    exp: new Date('2027-03-01T00:00:00Z'),
    ...overrides,
  });
}

const trustOnly = (key: KeyObject = issuerKeys.publicKey): VerifyOptions['jwks'] => async (iss, kid) => (iss === ISS && kid === 'sh-pd-2026' ? key : null);

function verifier(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    jwks: trustOnly(),
    nonce: 'n-123',
    aud: 'https://hotel.example',
    now: minutes(1),
    status: async (): Promise<CredentialStatus> => 'valid',
    ...overrides,
  };
}

const hotelPresentation = async (credential: string, iat = T0) =>
  present(credential, { disclose: ['name', 'photo'], holderKey: holderKeys.privateKey, nonce: 'n-123', aud: 'https://hotel.example', iat });

function assertFails(result: VerifyResult, reason: string): void {
  assert.equal(result.valid, false, `expected ${reason}, got valid`);
  if (!result.valid) {
    assert.equal(result.reason, reason);
    assert.ok(result.message.zh.length > 0 && result.message.en.length > 0);
  }
}

const b64json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('#licenses.credential', () => {
  it('should show name and photo but not the ID number when presented for hotel check-in', async () => {
    const presentation = await hotelPresentation(await buildCredential());
    const result = await verifyPresentation(presentation, verifier());
    assert.equal(result.valid, true, JSON.stringify(result));
    if (!result.valid) return;
    assert.equal(result.claims['name'], '张三');
    assert.equal(result.claims['photo'], 'data:image/jpeg;base64,AAAA');
    assert.equal(result.claims['licenseType'], 'residence_permit');
    assert.equal('citizenId' in result.claims, false);
    assert.equal('address' in result.claims, false);
    assert.deepEqual(result.disclosed.sort(), ['name', 'photo']);
    assert.equal(result.expiresAt?.toISOString(), '2027-03-01T00:00:00.000Z');
    assert.equal(result.issuer, ISS);
    assert.equal(result.vct, VCT);
    assert.equal(result.holderBound, true);
    assert.equal(result.statusChecked, true);
    // the ID number is nowhere in the presented bytes either
    assert.equal(Buffer.from(presentation).includes('11010519491231002X'), false);
    const decoded = presentation.split('~').slice(1, -1).map((d) => Buffer.from(d, 'base64url').toString());
    assert.equal(decoded.some((d) => d.includes('citizenId')), false);
  });

  it('should fail with tampered_disclosure when a disclosed value is changed', async () => {
    const presentation = await hotelPresentation(await buildCredential());
    const parts = presentation.split('~');
    const i = parts.findIndex((p, n) => n > 0 && Buffer.from(p, 'base64url').toString().includes('"name"'));
    const [salt] = JSON.parse(Buffer.from(parts[i]!, 'base64url').toString()) as [string];
    parts[i] = b64json([salt, 'name', '李四']);
    const result = await verifyPresentation(parts.join('~'), verifier({ nonce: undefined, aud: undefined, jwks: trustOnly() }));
    assertFails(result, 'tampered_disclosure');
  });

  it('should fail with tampered_disclosure when a forged disclosure is added, even without a key binding', async () => {
    const credential = await buildCredential({ holderJwk: undefined });
    const forged = credential.replace(/~$/, `~${b64json(['c2FsdA', 'citizenId', '310101199003071237'])}~`);
    assertFails(await verifyPresentation(forged, verifier({ nonce: undefined, aud: undefined })), 'tampered_disclosure');
  });

  it('should fail with bad_signature when the issuer JWT was signed by another key', async () => {
    const other = ed25519();
    const credential = await buildCredential({ issuer: { iss: ISS, kid: 'sh-pd-2026', privateKey: other.privateKey } });
    assertFails(await verifyPresentation(await hotelPresentation(credential), verifier()), 'bad_signature');
  });

  it('should fail with bad_signature when a plain claim in the signed payload is edited', async () => {
    const presentation = await hotelPresentation(await buildCredential());
    const [jwt, ...rest] = presentation.split('~');
    const [h, p, s] = jwt!.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.exp = payload.exp + 10 * 365 * 86400;
    const edited = [h, b64json(payload), s].join('.');
    assertFails(await verifyPresentation([edited, ...rest].join('~'), verifier()), 'bad_signature');
  });

  it('should fail with unknown_issuer when the issuer is not on the trust list', async () => {
    const credential = await buildCredential({ issuer: { iss: 'https://elsewhere.example/orgs/X', kid: 'k1', privateKey: issuerKeys.privateKey } });
    assertFails(await verifyPresentation(await hotelPresentation(credential), verifier()), 'unknown_issuer');
  });

  it('should fail with expired when the licence is past its expiry date', async () => {
    const credential = await buildCredential({ exp: new Date('2026-03-01T07:00:00Z'), iat: new Date('2025-03-01T07:00:00Z') });
    assertFails(await verifyPresentation(await hotelPresentation(credential), verifier()), 'expired');
  });

  it('should fail with not_yet_valid when the licence starts in the future', async () => {
    const credential = await buildCredential({ nbf: new Date('2026-04-01T00:00:00Z') });
    assertFails(await verifyPresentation(await hotelPresentation(credential), verifier()), 'not_yet_valid');
  });

  it('should fail with revoked or suspended as the status list says, and status_unavailable when it cannot be read', async () => {
    const presentation = await hotelPresentation(await buildCredential());
    let asked: [string, number] | undefined;
    const revoked = await verifyPresentation(presentation, verifier({ status: async (uri, idx) => ((asked = [uri, idx]), 'revoked') }));
    assertFails(revoked, 'revoked');
    assert.deepEqual(asked, [STATUS_URI, 7]);
    assertFails(await verifyPresentation(presentation, verifier({ status: async () => 'suspended' })), 'suspended');
    assertFails(await verifyPresentation(presentation, verifier({ status: async () => { throw new Error('down'); } })), 'status_unavailable');
  });

  it('should fail with replayed_or_expired_presentation when the KB-JWT carries another nonce', async () => {
    const presentation = await hotelPresentation(await buildCredential());
    assertFails(await verifyPresentation(presentation, verifier({ nonce: 'n-456' })), 'replayed_or_expired_presentation');
  });

  it('should fail with replayed_or_expired_presentation when the KB-JWT is older than five minutes', async () => {
    const presentation = await hotelPresentation(await buildCredential());
    assert.equal((await verifyPresentation(presentation, verifier({ now: minutes(4) }))).valid, true);
    assertFails(await verifyPresentation(presentation, verifier({ now: minutes(6) })), 'replayed_or_expired_presentation');
  });

  it('should fail with wrong_audience when the presentation was made for another verifier', async () => {
    const presentation = await hotelPresentation(await buildCredential());
    assertFails(await verifyPresentation(presentation, verifier({ aud: 'https://netcafe.example' })), 'wrong_audience');
  });

  it('should fail with bad_key_binding when the KB-JWT is signed by someone other than the holder or missing', async () => {
    const credential = await buildCredential();
    const thief = ed25519();
    const stolen = await present(credential, { disclose: ['name'], holderKey: thief.privateKey, nonce: 'n-123', aud: 'https://hotel.example', iat: T0 });
    assertFails(await verifyPresentation(stolen, verifier()), 'bad_key_binding');
    const unbound = await present(credential, { disclose: ['name'] });
    assertFails(await verifyPresentation(unbound, verifier()), 'bad_key_binding');
  });

  it('should fail with bad_key_binding when a disclosure is dropped after the holder signed', async () => {
    const presentation = await hotelPresentation(await buildCredential());
    const parts = presentation.split('~');
    parts.splice(1, 1);
    assertFails(await verifyPresentation(parts.join('~'), verifier()), 'bad_key_binding');
  });

  it('should report bad_format, not throw, for garbage input', async () => {
    for (const junk of ['', 'hello', 'a.b.c', '~~~', `${'x'.repeat(10)}.${'y'.repeat(10)}.z~`, 42 as unknown as string, null as unknown as string]) {
      assertFails(await verifyPresentation(junk, verifier()), 'bad_format');
    }
  });

  it('should accept a credential without holder binding when the verifier asks for no nonce', async () => {
    const credential = await buildCredential({ holderJwk: undefined, status: undefined });
    const result = await verifyPresentation(await present(credential, { disclose: ['name'] }), { jwks: trustOnly(), now: minutes(1) });
    assert.equal(result.valid, true);
    if (result.valid) {
      assert.deepEqual(Object.keys(result.claims).sort(), ['issuerName', 'licenseType', 'name']);
      assert.equal(result.holderBound, false);
      assert.equal(result.statusChecked, false);
    }
  });

  it('should verify independently with @sd-jwt SDJwtVcInstance and jose against the published JWKS', async () => {
    const publicJwk = { ...(await exportJWK(issuerKeys.publicKey)), kid: 'sh-pd-2026', alg: 'EdDSA', use: 'sig' };
    const jwks = createLocalJWKSet({ keys: [publicJwk] });
    // a real Token Status List JWT, signed by the issuer, with index 7 set as the test needs
    const statusListJwt = async (value: number) => {
      const list = new StatusList(new Array(16).fill(0), 2);
      list.setStatus(7, value);
      const { header, payload } = createHeaderAndPayload(list, { iss: ISS, sub: STATUS_URI, iat: Math.floor(T0.getTime() / 1000) }, { alg: 'EdDSA', typ: 'statuslist+jwt', kid: 'sh-pd-2026' });
      return new SignJWT(payload).setProtectedHeader(header).sign(issuerKeys.privateKey);
    };
    const jwsVerifier = async (data: string, sig: string) => {
      try {
        await compactVerify(`${data}.${sig}`, jwks, { algorithms: ['EdDSA'] });
        return true;
      } catch {
        return false;
      }
    };
    const kbVerifier = async (data: string, sig: string, payload: Record<string, unknown>) => {
      const cnf = payload['cnf'] as { jwk: JWK };
      try {
        await compactVerify(`${data}.${sig}`, await importJWK(cnf.jwk, 'EdDSA'));
        return true;
      } catch {
        return false;
      }
    };
    const instance = (statusValue: number) =>
      new SDJwtVcInstance({ hasher: digest, verifier: jwsVerifier, kbVerifier, statusListFetcher: () => statusListJwt(statusValue) });

    const presentation = await hotelPresentation(await buildCredential());
    const result = await instance(0).verify(presentation, { keyBindingNonce: 'n-123', currentDate: Math.floor(minutes(1).getTime() / 1000) });
    assert.equal(result.payload.iss, ISS);
    assert.equal(result.payload.vct, VCT);
    assert.equal((result.payload as Record<string, unknown>)['name'], '张三');
    assert.equal('citizenId' in result.payload, false);
    assert.equal(result.kb?.payload.aud, 'https://hotel.example');
    assert.equal(result.header?.['typ'], 'dc+sd-jwt');
    assert.equal(result.header?.['kid'], 'sh-pd-2026');

    // the same library rejects a revoked one, a wrong nonce and a foreign signature
    await assert.rejects(instance(1).verify(presentation, { keyBindingNonce: 'n-123', currentDate: Math.floor(minutes(1).getTime() / 1000) }));
    await assert.rejects(instance(0).verify(presentation, { keyBindingNonce: 'other', currentDate: Math.floor(minutes(1).getTime() / 1000) }));
    const foreign = await hotelPresentation(await buildCredential({ issuer: { iss: ISS, kid: 'sh-pd-2026', privateKey: ed25519().privateKey } }));
    await assert.rejects(instance(0).verify(foreign, { keyBindingNonce: 'n-123', currentDate: Math.floor(minutes(1).getTime() / 1000) }));
  });
});

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('#licenses.credential SM2/SM3 profile', () => {
  const sm2Issuer = sm2KeyPair();
  const sm2Holder = sm2KeyPair();
  const sm2HolderJwk = publicJwk(sm2Holder.publicKey);
  const SM2_KID = 'sh-pd-2026-sm2';
  const sm2Trust = (key: KeyObject = sm2Issuer.publicKey): VerifyOptions['jwks'] => async (iss, kid) => (iss === ISS && kid === SM2_KID ? key : null);
  const sm2Credential = (overrides: Partial<Parameters<typeof issueCredential>[0]> = {}) =>
    buildCredential({ issuer: { iss: ISS, kid: SM2_KID, privateKey: sm2Issuer.privateKey, alg: SM2_ALG }, holderJwk: sm2HolderJwk, ...overrides });
  const sm2Present = (credential: string) =>
    present(credential, { disclose: ['name', 'photo'], holderKey: sm2Holder.privateKey, nonce: 'n-123', aud: 'https://hotel.example', iat: T0 });
  const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;

  it('should issue, present and verify with SM2 signatures on both the credential and the key binding', async () => {
    const presentation = await sm2Present(await sm2Credential());
    const parts = presentation.split('~');
    assert.equal(headerOf(parts[0]!)['alg'], 'SM2SM3');
    assert.equal(headerOf(parts.at(-1)!)['alg'], 'SM2SM3');
    assert.equal(Buffer.from(parts[0]!.split('.')[2]!, 'base64url').length, 64);
    const result = await verifyPresentation(presentation, verifier({ jwks: sm2Trust() }));
    assert.equal(result.valid, true, JSON.stringify(result));
    if (!result.valid) return;
    assert.equal(result.claims['name'], '张三');
    assert.equal('citizenId' in result.claims, false);
    assert.equal(result.holderBound, true);
    assert.equal(result.statusChecked, true);
    assert.deepEqual(result.disclosed.sort(), ['name', 'photo']);
  });

  it('should mix profiles: an SM2 issuer with an Ed25519 holder, and an Ed25519 issuer with an SM2 holder', async () => {
    const a = await hotelPresentation(await sm2Credential({ holderJwk }));
    assert.equal((await verifyPresentation(a, verifier({ jwks: sm2Trust() }))).valid, true);
    const b = await sm2Present(await buildCredential({ holderJwk: sm2HolderJwk }));
    assert.equal((await verifyPresentation(b, verifier())).valid, true);
  });

  it('should fail with tampered_disclosure when an SM2-signed credential has a changed disclosure', async () => {
    const presentation = await sm2Present(await sm2Credential());
    const parts = presentation.split('~');
    const i = parts.findIndex((p, n) => n > 0 && Buffer.from(p, 'base64url').toString().includes('"name"'));
    const [salt] = JSON.parse(Buffer.from(parts[i]!, 'base64url').toString()) as [string];
    parts[i] = b64json([salt, 'name', '李四']);
    assertFails(await verifyPresentation(parts.join('~'), verifier({ jwks: sm2Trust(), nonce: undefined, aud: undefined })), 'tampered_disclosure');
  });

  it('should fail with bad_signature for another SM2 key, an Ed25519 key under the SM2 kid, or alg EdDSA on an SM2 signature', async () => {
    const presentation = await sm2Present(await sm2Credential());
    assertFails(await verifyPresentation(presentation, verifier({ jwks: sm2Trust(sm2KeyPair().publicKey) })), 'bad_signature');
    assertFails(await verifyPresentation(presentation, verifier({ jwks: sm2Trust(issuerKeys.publicKey) })), 'bad_signature');
    const [jwt, ...rest] = presentation.split('~');
    const [, p, sig] = jwt!.split('.');
    const relabelled = [b64json({ ...headerOf(jwt!), alg: 'EdDSA' }), p, sig].join('.');
    assertFails(await verifyPresentation([relabelled, ...rest].join('~'), verifier({ jwks: sm2Trust() })), 'bad_signature');
    // and an SM2 signature over the right data, but by an Ed25519-trusting verifier
    const forged = await sm2Present(await sm2Credential({ issuer: { iss: ISS, kid: 'sh-pd-2026', privateKey: sm2Issuer.privateKey, alg: SM2_ALG } }));
    assertFails(await verifyPresentation(forged, verifier()), 'bad_signature');
  });

  it('should fail with bad_key_binding when the SM2 KB-JWT is signed by another SM2 key', async () => {
    const credential = await sm2Credential();
    const stolen = await present(credential, { disclose: ['name'], holderKey: sm2KeyPair().privateKey, nonce: 'n-123', aud: 'https://hotel.example', iat: T0 });
    assertFails(await verifyPresentation(stolen, verifier({ jwks: sm2Trust() })), 'bad_key_binding');
  });

  it('should refuse to issue when the key does not fit the alg', async () => {
    await assert.rejects(buildCredential({ issuer: { iss: ISS, kid: SM2_KID, privateKey: issuerKeys.privateKey, alg: SM2_ALG } }));
    await assert.rejects(buildCredential({ issuer: { iss: ISS, kid: SM2_KID, privateKey: sm2Issuer.privateKey } }));
  });

  it('should treat an ec-typed SM2 key from generateKeyPairSync as SM2, and round-trip the SM2 public JWK', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    const data = Buffer.from('signing input');
    const sig = signJwsInput(SM2_ALG, ec.privateKey, data);
    const imported = importPublicJwk(publicJwk(ec.publicKey));
    assert.deepEqual(publicJwk(imported), publicJwk(ec.privateKey));
    assert.equal(sig.length, 64);
    assert.throws(() => importPublicJwk({ ...sm2HolderJwk, y: sm2HolderJwk.x }));
    assert.throws(() => importPublicJwk({ ...sm2HolderJwk, d: 'AAAA' }));
    // the ec-typed public key would check plain ECDSA; the SM2 view of it checks the SM2 signature
    assert.equal(cryptoVerify('sm3', data, asSm2Key(ec.publicKey), derOf(sig)), true);
  });

  it('should produce SM2 signatures that the openssl CLI verifies (pkeyutl -rawin -digest sm3)', async (t) => {
    if (!hasOpenssl) {
      t.skip('openssl CLI not found: interoperability not checked');
      return;
    }
    const credential = await sm2Credential();
    const jwt = credential.split('~')[0]!;
    const dot = jwt.lastIndexOf('.');
    const dir = mkdtempSync(join(tmpdir(), 'sm2-'));
    try {
      writeFileSync(join(dir, 'pub.pem'), sm2Issuer.publicKey.export({ format: 'pem', type: 'spki' }));
      writeFileSync(join(dir, 'data'), jwt.slice(0, dot));
      writeFileSync(join(dir, 'sig'), derOf(Buffer.from(jwt.slice(dot + 1), 'base64url')));
      const verify = (file: string) =>
        execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'pub.pem'), '-rawin', '-in', join(dir, file), '-sigfile', join(dir, 'sig'), '-digest', 'sm3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      assert.match(verify('data'), /Signature Verified Successfully/);
      writeFileSync(join(dir, 'other'), `${jwt.slice(0, dot)}x`);
      assert.throws(() => verify('other'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// r ‖ s (JOSE form) → DER, as OpenSSL expects
function derOf(raw: Uint8Array): Buffer {
  const int = (b: Uint8Array) => {
    let v = Buffer.from(b);
    while (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) v = v.subarray(1);
    if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([2, v.length]), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
