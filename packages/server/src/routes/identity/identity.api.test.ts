import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { SignJWT } from 'jose';
import { DEMO_PEOPLE } from '../../identity/demo-people.ts';
import { signInThroughIdp, CookieClient } from '../../test/browser-flow.ts';
import { dbKinds, startTestServer, tokenFor, type TestServer } from '../../test/harness.ts';

const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;

for (const kind of dbKinds()) {
  describe(`unified identity on ${kind}`, () => {
    let s: TestServer;
    before(async () => { s = await startTestServer(kind); });
    after(async () => { await s.close(); });

    it('signs a citizen in through the identity provider and keeps the session in an HttpOnly, SameSite cookie', async () => {
      const { client, finalUrl } = await signInThroughIdp(s.url, 'zhangwei');
      assert.match(finalUrl, /\/me$/);
      const me = await client.request('/api/v1/me');
      assert.equal(me.status, 200);
      const body = await me.json() as any;
      assert.equal(body.kind, 'citizen');
      assert.equal(body.name, '张伟');
      assert.equal(body.citizenId, '3101**********0019', 'masked unless revealed');
      assert.equal(body.enterprises[0].uscc, '91310101MA1FL0T1XQ');
      assert.ok(body.csrfToken);
    });

    it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
      const c = new CookieClient(s.url);
      const { url: loginUrl } = await c.follow('/auth/login');
      const res = await c.request(loginUrl, { form: { username: 'lina', password: 'demo' } });
      let next = new URL(res.headers.get('location')!, loginUrl).href;
      let cookieLine = '';
      for (let i = 0; i < 10 && !cookieLine; i++) {
        const r = await c.request(next);
        cookieLine = r.headers.getSetCookie().find((l) => l.startsWith('tb_session=')) ?? '';
        if (r.status < 300 || r.status >= 400) break;
        next = new URL(r.headers.get('location')!, next).href;
      }
      assert.match(cookieLine, /HttpOnly/i);
      assert.match(cookieLine, /SameSite=Lax/i);
      assert.doesNotMatch(cookieLine, /Secure/i, 'Secure only over HTTPS');
    });

    it('signs each demo officer in as officer with their roles', async () => {
      for (const p of DEMO_PEOPLE.filter((x) => x.officer)) {
        const { client } = await signInThroughIdp(s.url, p.username);
        const me = await (await client.request('/api/v1/me')).json() as any;
        assert.equal(me.kind, 'officer', p.username);
        assert.deepEqual(me.officer.roles.map((r: any) => `${r.role}@${r.org}`).sort(), p.officer!.roles.map((r) => `${r.role}@${r.org}`).sort());
        assert.equal((await client.request('/api/v1/officer/me')).status, 200);
      }
    });

    it('refuses a cookie-authenticated write without the CSRF token, accepts it with the token', async () => {
      const { client } = await signInThroughIdp(s.url, 'zhangwei');
      const me = await (await client.request('/api/v1/me')).json() as any;
      const without = await client.request('/api/v1/me/acting-as', { json: { uscc: '91310101MA1FL0T1XQ' } });
      assert.equal(without.status, 403);
      assert.equal((await without.json() as any).code, 'auth.csrf');
      const withToken = await client.request('/api/v1/me/acting-as', { json: { uscc: '91310101MA1FL0T1XQ' }, headers: { 'x-csrf-token': me.csrfToken } });
      assert.equal(withToken.status, 200);
      assert.equal((await withToken.json() as any).actingFor.role, 'legal_representative');
      const after = await (await client.request('/api/v1/me')).json() as any;
      assert.equal(after.actingFor.uscc, '91310101MA1FL0T1XQ');
      const bad = await client.request('/api/v1/me/acting-as', { json: { uscc: '91310101MA1FL0T1X0' }, headers: { 'x-csrf-token': me.csrfToken } });
      assert.equal(bad.status, 400);
      assert.equal((await bad.json() as any).errors[0].path, '/uscc');
      const other = await client.request('/api/v1/me/acting-as', { json: { uscc: '11100000000013338W' }, headers: { 'x-csrf-token': me.csrfToken } });
      assert.equal(other.status, 403);
    });

    it('revokes the session on sign-out: the cookie and every access token of it stop working', async () => {
      const { client } = await signInThroughIdp(s.url, 'zhangwei');
      const me = await (await client.request('/api/v1/me')).json() as any;
      const out = await client.request('/api/v1/auth/logout', { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
      assert.equal(out.status, 204);
      assert.equal((await client.request('/api/v1/me')).status, 401);
      const token = await tokenFor(s, person('zhangwei').id);
      assert.equal((await s.api('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status, 200);
      assert.equal((await s.api('/api/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status, 204);
      const revoked = await s.api('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(revoked.status, 401);
      assert.equal(revoked.body.code, 'auth.session_ended');
    });

    it('answers 401 to expired, forged and wrongly-signed access tokens', async () => {
      const token = await tokenFor(s, person('zhangwei').id);
      const [h, p] = token.split('.');
      const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: 'p-wujun' })).toString('base64url')}.${token.split('.')[2]}`;
      const wrongKey = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(Buffer.alloc(32, 7));
      const expired = await new SignJWT({ ...payload, exp: Math.floor(Date.now() / 1000) - 60 }).setProtectedHeader({ alg: 'HS256' }).sign(s.secrets.sessionSecret);
      for (const [bad, code] of [[forged, 'auth.token_invalid'], [wrongKey, 'auth.token_invalid'], [expired, 'auth.token_expired'], ['not-a-jwt', 'auth.token_invalid']] as const) {
        const r = await s.api('/api/v1/catalog-does-not-matter', { headers: { authorization: `Bearer ${bad}` } });
        assert.equal(r.status, 401, code);
        assert.equal(r.body.code, code);
        assert.match(r.headers.get('www-authenticate') ?? '', /invalid_token/);
      }
    });

    it('exchanges a real ID token from the identity provider for an access token, and refuses a forged one', async () => {
      const conf = await oidc.discovery(new URL(`${s.url}/idp`), 'tongban-web', 'tongban-dev-secret', undefined, { execute: [oidc.allowInsecureRequests] });
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const authUrl = oidc.buildAuthorizationUrl(conf, { redirect_uri: `${s.url}/auth/callback`, scope: 'openid profile', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      const c = new CookieClient(s.url);
      const { url: loginUrl } = await c.follow(authUrl.href);
      const { url: callback } = await c.follow(loginUrl, (next) => next.startsWith(`${s.url}/auth/callback`), { form: { username: 'liuqiang', password: 'demo' } });
      const tokens = await oidc.authorizationCodeGrant(conf, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state });
      const r = await s.api('/api/v1/auth/token', { method: 'POST', body: { idToken: tokens.id_token } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.token_type, 'Bearer');
      const me = await s.api('/api/v1/officer/me', { headers: { authorization: `Bearer ${r.body.access_token}` } });
      assert.equal(me.status, 200);
      assert.equal(me.body.name, '刘强');
      const [h, p, sig] = tokens.id_token!.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, citizen_id: person('wujun').citizenId })).toString('base64url')}.${sig}`;
      const refused = await s.api('/api/v1/auth/token', { method: 'POST', body: { idToken: forged } });
      assert.equal(refused.status, 401);
      assert.equal(refused.body.code, 'auth.id_token_invalid');
    });

    it('answers 429 with Retry-After after repeated failed sign-ins', async () => {
      const c = new CookieClient(s.url);
      const { url: loginUrl } = await c.follow('/auth/login');
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 6; i++) {
        last = await c.request(loginUrl, { form: { username: 'liuyang', password: 'wrong' } });
        statuses.push(last.status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
      assert.ok(Number(last!.headers.get('retry-after')) > 0);
      const right = await c.request(loginUrl, { form: { username: 'liuyang', password: 'demo' } });
      assert.equal(right.status, 429, 'still throttled even with the right password');
    });

    it('stores ID numbers, phones and addresses encrypted: no plaintext in the database', async () => {
      const zhang = person('zhangwei');
      const dump = await s.db.query<{ t: string }>(`select row_to_json(p)::text as t from persons p`);
      const all = dump.rows.map((r) => r.t).join('\n');
      assert.ok(!all.includes(zhang.citizenId), 'ID number in plaintext');
      assert.ok(!all.includes(zhang.phone), 'phone in plaintext');
      assert.ok(!all.includes('南京东路100号'), 'address in plaintext');
      assert.ok(all.includes('张伟'), 'names are not encrypted');
    });

    it('shows an officer\'s lookup, with its purpose, on the citizen\'s "who used my data" page', async () => {
      const officer = await tokenFor(s, person('liuqiang').id);
      const zhang = person('zhangwei');
      const look = await s.api(`/api/v1/officer/persons?citizenId=${zhang.citizenId}&purpose=${encodeURIComponent('受理居住证申请核查户籍')}`, { headers: { authorization: `Bearer ${officer}` } });
      assert.equal(look.status, 200);
      assert.equal(look.body.citizenId, zhang.citizenId, 'reviewers see the record in full');
      const window = await tokenFor(s, person('chenjing').id);
      const masked = await s.api(`/api/v1/officer/persons?citizenId=${zhang.citizenId}&purpose=${encodeURIComponent('窗口核验')}`, { headers: { authorization: `Bearer ${window}` } });
      assert.equal(masked.status, 200);
      assert.equal(masked.body.citizenId, '3101**********0019', 'window officers see it masked');
      assert.equal(masked.body.phone, '138****5678');
      const citizen = await tokenFor(s, zhang.id);
      const used = await s.api('/api/v1/me/data-access', { headers: { authorization: `Bearer ${citizen}` } });
      assert.equal(used.status, 200);
      const purposes = used.body.entries.map((e: any) => e.purpose);
      assert.ok(purposes.includes('受理居住证申请核查户籍'), JSON.stringify(purposes));
      const entry = used.body.entries.find((e: any) => e.purpose === '受理居住证申请核查户籍');
      assert.equal(entry.org, 'SH-HP-NJDL');
      assert.equal(entry.orgName.zh, '南京东路派出所');
      assert.equal(entry.roleNames[0].zh, '审核民警');
    });

    it('answers 400 naming the reason for an invalid ID number', async () => {
      const officer = await tokenFor(s, person('liuqiang').id);
      for (const [id, reason] of [['310101199003070011', 'bad_check'], ['310101199902301239', 'bad_date'], ['990101199003071237', 'bad_region'], ['3101011990', 'bad_length']]) {
        const r = await s.api(`/api/v1/officer/persons?citizenId=${id}&purpose=x${'y'.repeat(3)}`, { headers: { authorization: `Bearer ${officer}` } });
        assert.equal(r.status, 400, id);
        assert.equal(r.body.errors[0].path, '/citizenId');
        assert.equal(r.body.errors[0].reason, reason);
      }
    });
  });
}
