import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { isValidLicenseIdentifier } from '@tongban/core';
import { DEMO_PEOPLE } from '../identity/demo-people.ts';
import { dbKinds, startTestServer, tokenFor, type TestServer } from '../test/harness.ts';
import { bearer, fileApplication } from '../test/apply-helpers.ts';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { digest } from '@sd-jwt/crypto-nodejs';
import { compactVerify, createRemoteJWKSet, importJWK, type JWK } from 'jose';
import { verifyPresentation } from './credential.ts';
import { PDFDocument } from 'pdf-lib';
import { readQrFromPdf } from '../test/pdf-qr.ts';

const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;

for (const kind of dbKinds()) {
  describe(`e-licence issuance on ${kind}`, () => {
    let s: TestServer;
    before(async () => { s = await startTestServer(kind); });
    after(async () => { await s.close(); });

    it('an approved case puts a signed licence in the holder\'s wallet, verifiable against the published JWKS', async () => {
      const zhang = await tokenFor(s, person('zhangwei').id, 'citizen');
      const { caseId } = await fileApplication(s, zhang, { itemCode: 'JG-JYBZ' }, { answers: { nonCommercial: true, inspectionYear: '2', insuranceValid: true, withinWindow: true } });
      const wallet = await s.api('/api/v1/licenses', { headers: bearer(zhang) });
      assert.equal(wallet.status, 200);
      const lic = wallet.body.items.find((l: { caseId: string }) => l.caseId === caseId);
      assert.ok(lic, 'the licence of the closed case is in the wallet');
      assert.equal(lic.licenseType, 'vehicle_inspection_mark');
      assert.ok(isValidLicenseIdentifier(lic.id), lic.id);
      const one = await s.api(`/api/v1/licenses/${lic.id}`, { headers: bearer(zhang) });
      assert.equal(one.status, 200);
      const other = await s.api(`/api/v1/licenses/${lic.id}`, { headers: bearer(await tokenFor(s, person('lina').id, 'citizen')) });
      assert.equal(other.status, 404, 'only the holder sees it');
      const jwks = (await s.api('/.well-known/jwks.json')).body.keys as { kid: string }[];
      const shown = await s.api(`/api/v1/licenses/${lic.id}/presentations`, { method: 'POST', headers: bearer(zhang), body: { fields: ['plateNumber'] } });
      assert.equal(shown.status, 201, shown.text);
      const p = shown.body.presentation as string;
      const result = await verifyPresentation(p, {
        nonce: shown.body.nonce, aud: shown.body.aud,
        jwks: async (_iss, kid) => { const k = jwks.find((x) => x.kid === kid); return k ? createPublicKey({ key: k as never, format: 'jwk' }) : null; },
        now: s.clock.now(),
      });
      assert.equal(result.valid, true, JSON.stringify(result));
      // independently of our verifier: the @sd-jwt library and jose, with the JWKS and the status list fetched over HTTP
      const remoteJwks = createRemoteJWKSet(new URL(`${s.url}/.well-known/jwks.json`));
      const independent = new SDJwtVcInstance({
        hasher: digest,
        verifier: async (data: string, sig: string) => compactVerify(`${data}.${sig}`, remoteJwks, { algorithms: ['EdDSA'] }).then(() => true, () => false),
        kbVerifier: async (data: string, sig: string, payload: Record<string, unknown>) =>
          compactVerify(`${data}.${sig}`, await importJWK((payload.cnf as { jwk: JWK }).jwk, 'EdDSA')).then(() => true, () => false),
        statusListFetcher: async (uri: string) => (await fetch(uri.replace(/^https?:\/\/[^/]+/, s.url))).text(),
      });
      const checked = await independent.verify(p, { keyBindingNonce: shown.body.nonce, currentDate: Math.floor(s.clock.now().getTime() / 1000) });
      assert.equal((checked.payload as Record<string, unknown>).plateNumber, result.valid ? result.claims.plateNumber : undefined);
      assert.equal('vin' in checked.payload, false);
      if (result.valid) {
        assert.equal(result.claims.plateNumber, one.body.plateNumber ?? result.claims.plateNumber);
        assert.ok(result.claims.plateNumber, 'the disclosed plate number');
        assert.equal(result.claims.vin, undefined, 'only what was disclosed');
      }
    });
    it('reminds the holder once before the licence expires', async () => {
      const zhang = await tokenFor(s, person('zhangwei').id, 'citizen');
      const lic = (await s.api('/api/v1/licenses', { headers: bearer(zhang) })).body.items[0];
      assert.ok(lic.expiresOn, 'the inspection mark expires');
      const remindOn = new Date(Date.parse(`${lic.expiresOn}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
      const before = s.clock.now().toISOString();
      const count = async () => (await s.api('/api/v1/notifications', { headers: bearer(zhang) })).body.items.filter((n: { kind: string }) => n.kind === 'license.expiring').length;
      s.clock.set(`${remindOn}T08:59:00+08:00`);
      await s.app.deps.timers.runOnce();
      assert.equal(await count(), 0, 'not before the day');
      s.clock.set(`${remindOn}T09:00:01+08:00`);
      await s.app.deps.timers.runOnce();
      await s.app.deps.timers.runOnce();
      assert.equal(await count(), 1, 'once per licence and threshold');
      s.clock.set(before);
    });

    it('presents a licence for a purpose with key binding: valid now, refused for another audience or once expired', async () => {
      const zhang = await tokenFor(s, person('zhangwei').id, 'citizen');
      const lic = (await s.api('/api/v1/licenses', { headers: bearer(zhang) })).body.items[0];
      const bad = await s.api(`/api/v1/licenses/${lic.id}/presentations`, { method: 'POST', headers: bearer(zhang), body: { fields: ['noSuchField'] } });
      assert.equal(bad.status, 422);
      const p = await s.api(`/api/v1/licenses/${lic.id}/presentations`, { method: 'POST', headers: bearer(zhang), body: { purpose: 'traffic' } });
      assert.equal(p.status, 201, p.text);
      assert.deepEqual(p.body.disclosed.sort(), ['plateNumber', 'vehicleType']);
      assert.match(p.body.verifyUrl, /\/verify#p=/);
      const ok = await s.api('/api/v1/licenses/verify', { method: 'POST', body: { presentation: p.body.presentation, nonce: p.body.nonce, aud: p.body.aud } });
      assert.equal(ok.body.valid, true, JSON.stringify(ok.body));
      assert.equal(ok.body.holderBound, true);
      assert.equal(ok.body.claims.vin, undefined);
      const other = await s.api('/api/v1/licenses/verify', { method: 'POST', body: { presentation: p.body.presentation, nonce: p.body.nonce, aud: 'https://elsewhere.example/verify' } });
      assert.deepEqual([other.body.valid, other.body.reason], [false, 'wrong_audience']);
      const wrongNonce = await s.api('/api/v1/licenses/verify', { method: 'POST', body: { presentation: p.body.presentation, nonce: 'another-nonce', aud: p.body.aud } });
      assert.equal(wrongNonce.body.valid, false);
      const then = s.clock.now().toISOString();
      s.clock.set(new Date(Date.parse(then) + 6 * 60_000).toISOString());
      const late = await s.api('/api/v1/licenses/verify', { method: 'POST', body: { presentation: p.body.presentation, nonce: p.body.nonce, aud: p.body.aud } });
      assert.deepEqual([late.body.valid, late.body.reason], [false, 'replayed_or_expired_presentation'], 'a copied screenshot is useless once expired');
      s.clock.set(then);
    });

    it('prints a licence as a PDF whose QR code verifies weeks later without the ID number, as a printed copy', async () => {
      const zhang = await tokenFor(s, person('zhangwei').id, 'citizen');
      const lic = (await s.api('/api/v1/licenses', { headers: bearer(zhang) })).body.items[0];
      const res = await fetch(`${s.url}/api/v1/licenses/${lic.id}/pdf`, { headers: bearer(zhang) });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      const pdf = new Uint8Array(await res.arrayBuffer());
      const doc = await PDFDocument.load(pdf);
      assert.equal(doc.getPageCount(), 1);
      assert.match(doc.getTitle() ?? '', new RegExp(lic.id.replace(/\./g, '\\.')));
      const url = await readQrFromPdf(pdf);
      assert.ok(url, 'the QR code on the page decodes');
      const hash = new URLSearchParams(new URL(url!).hash.slice(1));
      const presentation = hash.get('p')!, aud = hash.get('a')!;
      assert.match(aud, /\/verify\/print$/);
      const then = s.clock.now().toISOString();
      s.clock.set(new Date(Date.parse(then) + 30 * 86_400_000).toISOString());
      const checked = await s.api('/api/v1/licenses/verify', { method: 'POST', body: { presentation, aud } });
      s.clock.set(then);
      assert.equal(checked.body.valid, true, JSON.stringify(checked.body));
      assert.ok(checked.body.printed?.at, 'reported as a printed copy');
      assert.equal(checked.body.holderBound, false, 'paper does not prove the holder is present');
      assert.ok(checked.body.claims.plateNumber, 'the licence particulars');
      assert.equal(checked.body.claims.vin, undefined, 'not the vehicle identification number');
      const other = await fetch(`${s.url}/api/v1/licenses/${lic.id}/pdf`, { headers: bearer(await tokenFor(s, person('lina').id, 'citizen')) });
      assert.equal(other.status, 404, 'only the holder prints it');
      // a hotel presentation is still refused once its five minutes are over: only the printed audience is long-lived
      const hotel = (await s.api(`/api/v1/licenses/${lic.id}/presentations`, { method: 'POST', headers: bearer(zhang), body: { fields: ['plateNumber'] } })).body;
      s.clock.set(new Date(Date.parse(then) + 10 * 60_000).toISOString());
      const replay = await s.api('/api/v1/licenses/verify', { method: 'POST', body: { presentation: hotel.presentation, aud } });
      s.clock.set(then);
      assert.equal(replay.body.valid, false, 'a live presentation cannot pass as a printed copy');
    });

    it('revocation shows in the status list and in verification; the holder sees every check', async () => {
      const zhang = await tokenFor(s, person('zhangwei').id, 'citizen');
      const lic = (await s.api('/api/v1/licenses', { headers: bearer(zhang) })).body.items[0];
      const { credential } = (await s.api(`/api/v1/licenses/${lic.id}`, { headers: bearer(zhang) })).body;
      assert.ok(credential.includes('~'));
      const shown = (await s.api(`/api/v1/licenses/${lic.id}/presentations`, { method: 'POST', headers: bearer(zhang), body: { fields: ['plateNumber'] } })).body;
      const { presentation, nonce, aud } = shown as { presentation: string; nonce: string; aud: string };
      const ok = await s.api('/api/v1/licenses/verify', { method: 'POST', body: { presentation, nonce, aud, purpose: '路面查验' } });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.valid, true, JSON.stringify(ok.body));
      const tampered = presentation.replace(/~([^~]+)~/, (_m, d: string) => `~${d.slice(0, -2)}AA~`);
      const bad = await s.api('/api/v1/licenses/verify', { method: 'POST', body: { presentation: tampered, nonce, aud } });
      assert.equal(bad.body.valid, false);
      const gao = await tokenFor(s, person('gaoyang').id);
      const noReason = await s.api(`/api/v1/officer/licenses/${lic.id}/status`, { method: 'POST', headers: bearer(gao), body: { status: 'revoked', reason: ' ' } });
      assert.equal(noReason.status, 422);
      const outside = await s.api(`/api/v1/officer/licenses/${lic.id}/status`, { method: 'POST', headers: bearer(await tokenFor(s, person('zhouhui').id)), body: { status: 'revoked', reason: '误发' } });
      assert.equal(outside.status, 403);
      const revoked = await s.api(`/api/v1/officer/licenses/${lic.id}/status`, { method: 'POST', headers: bearer(gao), body: { status: 'revoked', reason: '检验数据有误' } });
      assert.equal(revoked.status, 200, revoked.text);
      const after = await s.api('/api/v1/licenses/verify', { method: 'POST', body: { presentation, nonce, aud } });
      assert.deepEqual([after.body.valid, after.body.reason], [false, 'revoked']);
      const list = await s.api(`/api/v1/status-lists/${lic.issuerOrg}`);
      if (list.status !== 200) throw new Error(`status list: ${list.status} ${list.text}`);
      assert.match(list.headers.get('content-type') ?? '', /statuslist\+jwt/);
      const { getListFromStatusListJWT } = await import('@sd-jwt/jwt-status-list');
      assert.equal(getListFromStatusListJWT(list.text).getStatus(lic.statusIdx), 1, 'revoked in the published list');
      const seen = await s.api('/api/v1/licenses/verifications', { headers: bearer(zhang) });
      assert.ok(seen.body.items.some((v: { purpose: string; disclosed: string[]; result: string }) => v.purpose === '路面查验' && v.result === 'valid' && v.disclosed.includes('plateNumber')));
      assert.ok(seen.body.items.some((v: { result: string }) => v.result === 'revoked'));
    });

  });
}

describe('e-licences with the SM2/SM3 (国密) signing profile', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer('pglite', { config: { licenseSigning: 'sm2' } }); });
  after(async () => { await s.close(); });

  it('issues with an SM2 org key published in the JWKS, and verifies presentations and the status list', async () => {
    const zhang = await tokenFor(s, person('zhangwei').id, 'citizen');
    await fileApplication(s, zhang, { itemCode: 'JG-JYBZ' }, { answers: { nonCommercial: true, inspectionYear: '2', insuranceValid: true, withinWindow: true } });
    const lic = (await s.api('/api/v1/licenses', { headers: bearer(zhang) })).body.items[0];
    const jwks = (await s.api('/.well-known/jwks.json')).body.keys as { kid: string; alg: string; crv: string }[];
    const key = jwks.find((k) => k.kid === lic.kid)!;
    assert.deepEqual([key.alg, key.crv], ['SM2SM3', 'SM2']);
    const shown = (await s.api(`/api/v1/licenses/${lic.id}/presentations`, { method: 'POST', headers: bearer(zhang), body: { purpose: 'traffic' } })).body;
    assert.equal(JSON.parse(Buffer.from(shown.presentation.split('.')[0], 'base64url').toString()).alg, 'SM2SM3');
    const ok = await s.api('/api/v1/licenses/verify', { method: 'POST', body: { presentation: shown.presentation, nonce: shown.nonce, aud: shown.aud } });
    assert.equal(ok.body.valid, true, JSON.stringify(ok.body));
    const list = await s.api(`/api/v1/status-lists/${lic.issuerOrg}`);
    assert.equal(list.status, 200, list.text);
    const { getListFromStatusListJWT } = await import('@sd-jwt/jwt-status-list');
    assert.equal(getListFromStatusListJWT(list.text).getStatus(lic.statusIdx), 0);
  });
});

describe('e-licences across deployments (长三角 mutual recognition)', () => {
  let a: TestServer, b: TestServer, c: TestServer;
  before(async () => {
    a = await startTestServer('pglite');
    b = await startTestServer('pglite', { config: { trustedIssuers: [{ prefix: `${a.url}/issuers/`, jwks: `${a.url}/.well-known/jwks.json` }] } });
    c = await startTestServer('pglite', { seed: false });
  });
  after(async () => { await Promise.all([a.close(), b.close(), c.close()]); });

  it('another region that trusts this issuer verifies its licences and their status; one that does not, refuses them', async () => {
    const zhang = await tokenFor(a, person('zhangwei').id, 'citizen');
    await fileApplication(a, zhang, { itemCode: 'JG-JYBZ' }, { answers: { nonCommercial: true, inspectionYear: '2', insuranceValid: true, withinWindow: true } });
    const lic = (await a.api('/api/v1/licenses', { headers: bearer(zhang) })).body.items[0];
    const shown = (await a.api(`/api/v1/licenses/${lic.id}/presentations`, { method: 'POST', headers: bearer(zhang), body: { purpose: 'traffic' } })).body;
    const body = { presentation: shown.presentation, nonce: shown.nonce, aud: shown.aud };
    const there = await b.api('/api/v1/licenses/verify', { method: 'POST', body });
    assert.equal(there.body.valid, true, JSON.stringify(there.body));
    const untrusted = await c.api('/api/v1/licenses/verify', { method: 'POST', body });
    assert.deepEqual([untrusted.body.valid, untrusted.body.reason], [false, 'unknown_issuer']);
    const gao = await tokenFor(a, person('gaoyang').id);
    assert.equal((await a.api(`/api/v1/officer/licenses/${lic.id}/status`, { method: 'POST', headers: bearer(gao), body: { status: 'revoked', reason: '检验数据有误' } })).status, 200);
    const revoked = await b.api('/api/v1/licenses/verify', { method: 'POST', body });
    assert.deepEqual([revoked.body.valid, revoked.body.reason], [false, 'revoked'], 'the other region reads the issuer\'s signed status list');
  });
});
