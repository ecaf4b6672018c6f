import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sign, verify } from 'node:crypto';
import { dbKinds, startTestServer, type TestServer } from '../test/harness.ts';

for (const kind of dbKinds()) {
  describe(`issuer keys on ${kind}`, () => {
    let s: TestServer;
    before(async () => { s = await startTestServer(kind); });
    after(async () => { await s.close(); });

    it('makes one Ed25519 key per org on first use, publishes it, and keeps it verifiable after rotation', async () => {
      const keys = s.app.deps.issuerKeys;
      const [a, b] = await Promise.all([
        s.db.transaction((tx) => keys.signingKey(tx, 'SH-PD')),
        s.db.transaction((tx) => keys.signingKey(tx, 'SH-PD')),
      ]);
      assert.equal(a.kid, b.kid, 'one key even when asked twice at once');
      const jwks = await s.api('/.well-known/jwks.json');
      assert.equal(jwks.status, 200);
      const published = jwks.body.keys.find((k: { kid: string }) => k.kid === a.kid);
      assert.deepEqual([published.kty, published.crv, published.alg, published.org], ['OKP', 'Ed25519', 'EdDSA', 'SH-PD']);
      assert.equal(published.d, undefined, 'no private part is published');
      const message = Buffer.from('居住证');
      const signature = sign(null, message, a.privateKey);
      await s.db.transaction((tx) => keys.rotate(tx, 'SH-PD'));
      const next = await s.db.transaction((tx) => keys.signingKey(tx, 'SH-PD'));
      assert.notEqual(next.kid, a.kid);
      const after = (await s.api('/.well-known/jwks.json')).body.keys;
      assert.ok(after.some((k: { kid: string; retired?: boolean }) => k.kid === a.kid && k.retired));
      const old = await keys.publicKey(s.db, a.kid);
      assert.ok(old && verify(null, message, old, signature), 'a licence signed before the rotation still verifies');
      const sealed = await s.db.query<{ privateEnc: string }>('select private_enc as "privateEnc" from issuer_keys where kid = $1', [a.kid]);
      assert.ok(!sealed.rows[0]!.privateEnc.includes('PRIVATE KEY'), 'the private key is sealed at rest');
    });
  });
}
