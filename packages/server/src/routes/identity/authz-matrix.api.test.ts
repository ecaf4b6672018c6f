/**
 * The authorisation matrix: every officer and admin route, called as every demo role (and a citizen, and nobody)
 * on resources inside and outside their jurisdiction, must answer exactly as the declared policy says:
 * allowed → neither 401 nor 403; denied → 403 (401 for nobody). A guarded route without a fixture here fails.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorize, POLICY, type Principal } from '@tongban/core';
import { identityRepo } from '@tongban/db';
import { DEMO_PEOPLE } from '../../identity/demo-people.ts';
import { principalOf } from '../../identity/sessions.ts';
import { dbKinds, startTestServer, tokenFor, type TestServer } from '../../test/harness.ts';
import { fileApplication } from '../../test/apply-helpers.ts';

type Target = { label: string; org: string | null; department?: string; path: Record<string, string>; query?: string; body?: unknown };

const ORG_TARGETS = ['SH', 'SH-HP', 'SH-HP-NJDL', 'SH-PD-LJZ', 'SH-CRJ'];
const person = (username: string) => DEMO_PEOPLE.find((p) => p.username === username)!;
const PERSON_TARGETS = ['zhangwei', 'liuyang', 'lina'].map((u) => person(u));

/** How to call each guarded route, and the resource each call acts on. */
const FIXTURES: Record<string, { targets: () => Target[]; body?: unknown; raw?: string }> = {
  'GET /api/v1/officer/me': { targets: () => [{ label: 'self', org: null, path: {} }] },
  'GET /api/v1/officer/orgs/:code': { targets: () => ORG_TARGETS.map((o) => ({ label: o, org: o, path: { code: o } })) },
  'GET /api/v1/officer/orgs/:code/officers': { targets: () => ORG_TARGETS.map((o) => ({ label: o, org: o, path: { code: o } })) },
  'GET /api/v1/officer/persons': {
    targets: () => PERSON_TARGETS.map((p) => ({ label: p.username, org: p.householdOrg, department: 'household', path: {}, query: `citizenId=${p.citizenId}&purpose=${encodeURIComponent('核查户籍信息')}` })),
  },
  'GET /api/v1/admin/audit/verify': { targets: () => [{ label: 'any', org: null, path: {} }] },
  'GET /api/v1/admin/catalog/export': { targets: () => [{ label: 'any', org: null, path: {} }] },
  'POST /api/v1/admin/catalog/import': { targets: () => [{ label: 'any', org: null, path: {} }], raw: '' },
};
// cases made in before(): one under review at the Lujiazui station, one at the Nanjing East Road station, and a
// counter application filed at the Nanjing East Road window
const made = { pudongCase: '', huangpuCase: '', counterApp: '', license: '' };
const caseTargets = () => [
  { label: 'case@SH-PD-LJZ', org: 'SH-PD-LJZ', department: 'household', path: { id: made.pudongCase, fileId: 'nofile1' } },
  { label: 'case@SH-HP-NJDL', org: 'SH-HP-NJDL', department: 'household', path: { id: made.huangpuCase, fileId: 'nofile1' } },
];
FIXTURES['GET /api/v1/officer/cases'] = { targets: () => ['SH-PD-LJZ', 'SH-HP-NJDL', 'SH-CRJ'].map((o) => ({ label: o, org: o, path: {}, query: `view=all&org=${o}` })) };
FIXTURES['GET /api/v1/officer/cases/:id'] = { targets: caseTargets };
FIXTURES['GET /api/v1/officer/cases/:id/materials/:fileId'] = { targets: caseTargets };
FIXTURES['POST /api/v1/officer/cases/:id/actions'] = { targets: caseTargets, body: { action: 'comment', note: '权限矩阵测试' } };
FIXTURES['POST /api/v1/officer/intake'] = {
  targets: () => ['SH-HP-NJDL-W1', 'SH-PD-LJZ-W1'].map((o) => ({ label: o, org: o, path: {}, body: { citizenId: '110101199003070000', itemCode: 'HZ-HJZM', window: o } })),
};
FIXTURES['PUT /api/v1/officer/intake/:applicationId'] = { targets: () => [{ label: 'counter@SH-HP-NJDL-W1', org: 'SH-HP-NJDL-W1', path: { applicationId: made.counterApp } }], body: { revision: 999 } };
FIXTURES['POST /api/v1/officer/intake/:applicationId/submit'] = { targets: () => [{ label: 'counter@SH-HP-NJDL-W1', org: 'SH-HP-NJDL-W1', path: { applicationId: made.counterApp } }] };
FIXTURES['POST /api/v1/officer/licenses/:id/status'] = { targets: () => [{ label: 'licence@SH-JJ', org: 'SH-JJ', path: { id: made.license } }], body: { status: 'suspended', reason: '权限矩阵测试' } };
// the operations dashboard (网办中心) of an org subtree for a period
FIXTURES['GET /api/v1/officer/dashboard'] = { targets: () => ['SH', 'SH-HP', 'SH-HP-NJDL', 'SH-PD-LJZ'].map((o) => ({ label: o, org: o, path: {}, query: `org=${o}&from=2026-11-01&to=2026-11-22&bucket=week` })) };
FIXTURES['GET /api/v1/officer/alerts'] = { targets: () => ['SH-PD-LJZ', 'SH-HP-NJDL', 'SH-CRJ'].map((o) => ({ label: o, org: o, path: {}, query: `org=${o}&state=all` })) };
FIXTURES['GET /api/v1/admin/calendar'] = { targets: () => [{ label: 'any', org: null, path: {} }] };
FIXTURES['PUT /api/v1/admin/calendar/:year'] = { targets: () => [{ label: 'any', org: null, path: { year: '2099' } }], body: { holidays: ['2099-01-01'], workdays: [] } };
// service quality (好差评, 差评整改): the pad on the window-accepted Pudong case, a work order at each of two stations
const quality = { huangpuOrder: '', pudongOrder: '' };
async function qualitySetup(s: TestServer): Promise<void> {
  for (const [org, key] of [['SH-HP-NJDL', 'huangpuOrder'], ['SH-PD-LJZ', 'pudongOrder']] as const) {
    const r = await s.api('/api/v1/ratings/intake', { method: 'POST', admin: true, body: { channel: 'window_report', externalRef: `MATRIX-${org}`, itemCode: 'HZ-HJZM', org, level: 'dissatisfied', reasons: [] } });
    assert.equal(r.status, 201, r.text);
    quality[key] = (await s.db.query<{ id: string }>('select id from rectifications where rating_id = $1', [r.body.id])).rows[0]!.id;
  }
}
const orderTargets = () => [
  { label: 'order@SH-HP-NJDL', org: 'SH-HP-NJDL', department: 'household', path: { id: quality.huangpuOrder } },
  { label: 'order@SH-PD-LJZ', org: 'SH-PD-LJZ', department: 'household', path: { id: quality.pudongOrder } },
];
const reportTargets = () => ['SH-HP', 'SH-PD-LJZ', 'SH-CRJ'].map((o) => ({ label: o, org: o, path: {}, query: `org=${o}` }));
FIXTURES['POST /api/v1/officer/rating-pad/:caseId'] = { targets: () => [{ label: 'case accepted at SH-HP-NJDL-W1', org: 'SH-HP-NJDL-W1', department: 'household', path: { caseId: made.pudongCase } }] };
FIXTURES['GET /api/v1/officer/rectifications'] = { targets: () => ['SH-PD-LJZ', 'SH-HP-NJDL', 'SH-CRJ'].map((o) => ({ label: o, org: o, path: {}, query: `view=all&org=${o}` })) };
FIXTURES['GET /api/v1/officer/rectifications/:id'] = { targets: orderTargets };
FIXTURES['POST /api/v1/officer/rectifications/:id/actions'] = { targets: orderTargets, body: { action: 'verify', note: '权限矩阵测试', revision: 999 } };
for (const period of ['daily', 'weekly', 'monthly']) FIXTURES[`GET /api/v1/officer/quality/reports/${period}`] = { targets: reportTargets };
const catalogAny = { targets: () => [{ label: 'any', org: null, path: { code: 'ZZ-NOT-THERE', version: '1' } }] };
for (const kind of ['items', 'bundles']) {
  FIXTURES[`POST /api/v1/admin/${kind}`] = { ...catalogAny, body: { code: 'ZZ-NEW', definition: {} } };
  FIXTURES[`POST /api/v1/admin/${kind}/validate`] = { ...catalogAny, body: { code: 'ZZ-NEW', definition: {} } };
  FIXTURES[`POST /api/v1/admin/${kind}/:code/draft`] = catalogAny;
  FIXTURES[`GET /api/v1/admin/${kind}/:code/draft`] = catalogAny;
  FIXTURES[`PUT /api/v1/admin/${kind}/:code/draft`] = { ...catalogAny, body: { revision: 1, definition: {} } };
  FIXTURES[`DELETE /api/v1/admin/${kind}/:code/draft`] = catalogAny;
  FIXTURES[`POST /api/v1/admin/${kind}/:code/draft/publish`] = { ...catalogAny, body: { revision: 1 } };
  FIXTURES[`GET /api/v1/admin/${kind}/:code/versions`] = catalogAny;
  FIXTURES[`GET /api/v1/admin/${kind}/:code/versions/:version`] = catalogAny;
  FIXTURES[`GET /api/v1/admin/${kind}/:code/diff`] = { targets: () => [{ label: 'any', org: null, path: { code: 'ZZ-NOT-THERE' }, query: 'from=1&to=2' }] };
}

for (const kind of dbKinds()) {
  describe(`authorisation matrix on ${kind}`, () => {
    let s: TestServer;
    const callers: { label: string; token: string | null; principal: Principal | null }[] = [];
    before(async () => {
      s = await startTestServer(kind);
      callers.push({ label: 'nobody', token: null, principal: null });
      const wang = await tokenFor(s, person('wangfang').id, 'citizen');
      made.pudongCase = (await fileApplication(s, wang, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment' } })).caseId;
      const chen = await tokenFor(s, person('chenjing').id);
      const c = await s.api(`/api/v1/officer/cases/${made.pudongCase}`, { headers: { authorization: `Bearer ${chen}` } });
      const accepted = await s.api(`/api/v1/officer/cases/${made.pudongCase}/actions`, { method: 'POST', headers: { authorization: `Bearer ${chen}` }, body: { action: 'accept', revision: c.body.revision } });
      assert.equal(accepted.status, 200, accepted.text);
      made.huangpuCase = (await fileApplication(s, await tokenFor(s, person('zhangwei').id, 'citizen'), { itemCode: 'HZ-HJZM' }, { answers: { certificateType: 'former_name', registerInsufficient: true, ownRecord: true } })).caseId;
      const counter = await s.api('/api/v1/officer/intake', { method: 'POST', headers: { authorization: `Bearer ${chen}` }, body: { citizenId: person('zhangwei').citizenId, itemCode: 'HZ-HJZM' } });
      assert.equal(counter.status, 201, counter.text);
      made.counterApp = counter.body.id;
      const zhang = await tokenFor(s, person('zhangwei').id, 'citizen');
      await fileApplication(s, zhang, { itemCode: 'JG-JYBZ' }, { answers: { nonCommercial: true, inspectionYear: '2', insuranceValid: true, withinWindow: true } });
      made.license = (await s.api('/api/v1/licenses', { headers: { authorization: `Bearer ${zhang}` } })).body.items[0].id;
      await qualitySetup(s);
      for (const p of DEMO_PEOPLE.filter((x) => x.officer || x.username === 'zhangwei')) {
        const token = await tokenFor(s, p.id);
        const officer = await identityRepo.officerByPerson(s.db, p.id);
        const principal = await principalOf(s.db, { id: 'x', kind: officer ? 'officer' : 'citizen', personId: p.id, actingFor: null, csrfSecret: '', idpSubject: '', createdAt: '', expiresAt: '', revokedAt: null });
        callers.push({ label: `${p.username} (${p.officer?.roles.map((r) => `${r.role}@${r.org}`).join(',') ?? 'citizen'})`, token, principal });
      }
    });
    after(async () => { await s.close(); });

    it('every guarded route declares a known policy action and has a fixture here', () => {
      assert.ok(s.app.guardedRoutes.length >= 20, `only ${s.app.guardedRoutes.length} guarded routes`);
      for (const r of s.app.guardedRoutes) {
        assert.ok(POLICY.some((p) => p.action === r.action), `${r.method} ${r.url}`);
        assert.ok(FIXTURES[`${r.method} ${r.url}`], `no matrix fixture for ${r.method} ${r.url}: add one`);
      }
    });

    it('answers every route × role × resource exactly as the policy table says', async () => {
      const orgRows = await identityRepo.orgs(s.db);
      const paths = new Map(orgRows.map((o) => [o.code, o.path]));
      const scopeRoot = (org: string) => { const o = orgRows.find((x) => x.code === org); return o?.kind === 'window' && o.parent ? o.parent : org; };
      const mismatches: string[] = [];
      let calls = 0, allowedCount = 0, deniedCount = 0;
      for (const route of s.app.guardedRoutes) {
        const fx = FIXTURES[`${route.method} ${route.url}`]!;
        for (const t of fx.targets()) {
          const url = route.url.replace(/:(\w+)/g, (_m, k: string) => t.path[k] ?? 'x') + (t.query ? `?${t.query}` : '');
          for (const c of callers) {
            const expected = c.principal
              ? (authorize(c.principal, route.action, t.org === null && POLICY.find((p) => p.action === route.action)!.scope === 'any' ? null : { org: t.org ?? 'unassigned', ...(t.department ? { department: t.department } : {}) }, paths, scopeRoot).allowed ? 'allowed' : 'denied')
              : 'unauthenticated';
            const headers: Record<string, string> = c.token ? { authorization: `Bearer ${c.token}` } : {};
            const init = fx.raw !== undefined
              ? { method: route.method, headers: { ...headers, 'content-type': 'application/yaml' }, raw: fx.raw }
              : { method: route.method, headers, ...((t.body ?? fx.body) !== undefined ? { body: t.body ?? fx.body } : {}) };
            const r = await s.api(url, init);
            calls++;
            const got = r.status === 401 ? 'unauthenticated' : r.status === 403 ? 'denied' : 'allowed';
            if (got === 'allowed') allowedCount++;
            if (got === 'denied') deniedCount++;
            if (got !== expected) mismatches.push(`${route.method} ${url} as ${c.label}: expected ${expected}, got ${r.status} ${r.body?.code ?? ''}`);
          }
        }
      }
      assert.deepEqual(mismatches, []);
      assert.ok(allowedCount > 20 && deniedCount > 50, `${calls} calls: ${allowedCount} allowed, ${deniedCount} denied`);
    });

    it('states the policy a bureau expects for a few landmark cases', async () => {
      const t = (u: string) => callers.find((c) => c.label.startsWith(u))!.token!;
      const zhang = person('zhangwei'), liu = person('liuyang');
      const q = (p: typeof zhang) => `/api/v1/officer/persons?citizenId=${p.citizenId}&purpose=${encodeURIComponent('核查')}`;
      // a station reviewer reads residents of their station, not of another district
      assert.equal((await s.api(q(zhang), { headers: { authorization: `Bearer ${t('liuqiang')}` } })).status, 200);
      assert.equal((await s.api(q(liu), { headers: { authorization: `Bearer ${t('liuqiang')}` } })).status, 403);
      // an exit-entry reviewer may not read household records
      assert.equal((await s.api(q(zhang), { headers: { authorization: `Bearer ${t('zhengtao')}` } })).status, 403);
      // only the administrator manages the catalog
      assert.equal((await s.api('/api/v1/admin/catalog/export', { headers: { authorization: `Bearer ${t('sunli')}` } })).status, 403);
      assert.equal((await s.api('/api/v1/admin/catalog/export', { headers: { authorization: `Bearer ${t('wujun')}` } })).status, 200);
      // a citizen is no officer
      assert.equal((await s.api('/api/v1/officer/me', { headers: { authorization: `Bearer ${t('zhangwei')}` } })).status, 403);
    });

    it('audits each denial', async () => {
      const r = await s.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'authz.denied'`);
      assert.ok((r.rows[0]?.n ?? 0) > 50);
    });
  });
}
