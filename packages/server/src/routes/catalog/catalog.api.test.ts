import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, startTestServer, type TestServer } from '../../test/harness.ts';

const enc = encodeURIComponent;

for (const kind of dbKinds()) {
  describe(`catalog API on ${kind}`, () => {
    let s: TestServer;
    before(async () => { s = await startTestServer(kind); });
    after(async () => { await s.close(); });

    it('GET /healthz answers 200 when the database answers', async () => {
      const r = await s.api('/healthz');
      assert.equal(r.status, 200);
      assert.equal(r.body.database, kind);
    });

    it('serves an OpenAPI 3.1 document that describes the catalog routes', async () => {
      const r = await s.api('/api/openapi.json');
      assert.equal(r.status, 200);
      assert.equal(r.body.openapi, '3.1.0');
      for (const p of ['/api/v1/items', '/api/v1/items/{code}', '/api/v1/bundles', '/api/v1/bundles/{code}', '/api/v1/admin/items/{code}/draft/publish']) {
        assert.ok(r.body.paths[p], `missing ${p}`);
      }
    });

    it('finds 居住证办理 first when searching 居住证', async () => {
      const r = await s.api(`/api/v1/items?q=${enc('居住证')}`);
      assert.equal(r.status, 200);
      assert.ok(r.body.total >= 1);
      assert.equal(r.body.items[0].name.zh, '居住证办理');
      assert.ok(r.body.items.every((i: { name: { zh: string } }) => typeof i.name.zh === 'string'));
    });

    it('matches codes, English names and guide text', async () => {
      assert.equal((await s.api('/api/v1/items?q=HZ-JZZ-BL')).body.items[0].code, 'HZ-JZZ-BL');
      assert.equal((await s.api(`/api/v1/items?q=${enc('residence permit')}`)).body.items[0].code, 'HZ-JZZ-BL');
      const byMaterial = await s.api(`/api/v1/items?q=${enc('在读证明')}`);
      assert.ok(byMaterial.body.items.some((i: { code: string }) => i.code === 'HZ-JZZ-BL'));
      assert.equal((await s.api(`/api/v1/items?q=${enc('不存在的事项名称')}`)).body.total, 0);
    });

    it('filters by department, item type, channel, fully online and cross-region, and pages', async () => {
      const all = (await s.api('/api/v1/items?pageSize=100')).body;
      assert.ok(all.total >= 1);
      const household = (await s.api('/api/v1/items?department=household&pageSize=100')).body;
      assert.ok(household.items.every((i: { department: string }) => i.department === 'household'));
      const online = (await s.api('/api/v1/items?fullyOnline=true&pageSize=100')).body;
      assert.ok(online.items.every((i: { fullyOnline: boolean }) => i.fullyOnline));
      const notOnline = (await s.api('/api/v1/items?fullyOnline=false&pageSize=100')).body;
      assert.equal(online.total + notOnline.total, all.total);
      const cross = (await s.api('/api/v1/items?crossRegion=true&pageSize=100')).body;
      assert.ok(cross.items.every((i: { crossRegion: boolean }) => i.crossRegion));
      const windowItems = (await s.api('/api/v1/items?channel=window&pageSize=100')).body;
      assert.ok(windowItems.items.every((i: { channels: string[] }) => i.channels.includes('window')));
      const typed = (await s.api('/api/v1/items?itemType=public_service&pageSize=100')).body;
      assert.ok(typed.items.every((i: { itemType: string }) => i.itemType === 'public_service'));
      const page2 = (await s.api('/api/v1/items?pageSize=1&page=2')).body;
      assert.equal(page2.page, 2);
      assert.equal(page2.total, all.total);
      if (all.total > 1) assert.equal(page2.items[0].code, all.items[1].code);
    });

    it('answers 400 naming each bad query parameter', async () => {
      const r = await s.api('/api/v1/items?page=0&department=police&colour=red');
      assert.equal(r.status, 400);
      assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
      const paths = r.body.errors.map((e: { path: string }) => e.path).sort();
      assert.deepEqual(paths, ['/colour', '/department', '/page']);
      assert.ok(r.body.errors.every((e: { in: string }) => e.in === 'query'));
      assert.match(r.body.message.zh, /查询参数/);
      assert.match(r.body.detail, /page/);
    });

    it('serves the published guide with every element, and 404 problem+json for an unknown code', async () => {
      const r = await s.api('/api/v1/items/HZ-JZZ-BL');
      assert.equal(r.status, 200);
      assert.equal(r.body.version, 1);
      assert.equal(r.body.status, 'published');
      for (const k of ['conditions', 'materials', 'form', 'process', 'timeLimits', 'fees', 'channels', 'places', 'faq', 'legalBasis', 'output', 'scope']) {
        assert.ok(k in r.body.definition, `guide lacks ${k}`);
      }
      const missing = await s.api('/api/v1/items/NO-SUCH-ITEM');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'catalog.not_found');
      assert.match(missing.body.message.zh, /NO-SUCH-ITEM/);
      assert.match(missing.headers.get('content-type') ?? '', /problem\+json/);
      assert.equal((await s.api('/api/v1/items/HZ-JZZ-BL?version=99')).status, 404);
      assert.equal((await s.api('/api/v1/items/bad%20code')).status, 400);
    });

    it('unknown API routes answer 404 problem+json', async () => {
      const r = await s.api('/api/v1/nothing-here');
      assert.equal(r.status, 404);
      assert.equal(r.body.code, 'http.route_not_found');
    });
  });

  describe(`catalog administration on ${kind}`, () => {
    let s: TestServer;
    before(async () => { s = await startTestServer(kind); });
    after(async () => { await s.close(); });

    it('refuses the admin API without the admin token (401)', async () => {
      assert.equal((await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft', { method: 'POST' })).status, 401);
      const wrong = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft', { method: 'POST', headers: { authorization: 'Bearer nope' } });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.code, 'auth.token_invalid');
    });

    it('edits a draft, refuses an invalid edit with every problem and keeps the draft unchanged, then publishes a new version', async () => {
      const draft = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft', { method: 'POST', admin: true });
      assert.equal(draft.status, 201);
      assert.equal(draft.body.version, 2);
      assert.equal(draft.body.status, 'draft');
      assert.equal((await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft', { method: 'POST', admin: true })).status, 409);

      const def = structuredClone(draft.body.definition);
      const bad = structuredClone(def);
      bad.timeLimits.promised.days = 99;
      bad.materials[0].necessity = 'sometimes';
      delete bad.name.en;
      bad.conditions[0].rule = { '>=': [{ var: 'population.shoeSize' }, 1] };
      const refused = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft', { method: 'PUT', admin: true, body: { revision: 1, definition: bad } });
      assert.equal(refused.status, 422);
      const paths = refused.body.errors.map((e: { path: string }) => e.path);
      assert.ok(paths.includes('/materials/0/necessity'), paths.join());
      assert.ok(paths.includes('/name/en'), paths.join());
      const unchanged = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft', { admin: true });
      assert.equal(unchanged.body.revision, 1);
      assert.deepEqual(unchanged.body.definition, def);

      // semantic problems are all reported together too
      const bad2 = structuredClone(def);
      bad2.timeLimits.promised.days = 99;
      bad2.conditions[0].rule = { '>=': [{ var: 'population.shoeSize' }, 1] };
      const refused2 = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft', { method: 'PUT', admin: true, body: { revision: 1, definition: bad2 } });
      assert.equal(refused2.status, 422);
      const reasons = refused2.body.errors.map((e: { path: string; reason: string }) => `${e.path} ${e.reason}`);
      assert.ok(reasons.includes('/timeLimits/promised/days exceeds_legal'), reasons.join());
      assert.ok(reasons.includes('/conditions/0/rule unknown_fact'), reasons.join());

      def.name.zh = '居住证办理（新版）';
      def.timeLimits.promised.days = 7;
      const saved = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft', { method: 'PUT', admin: true, body: { revision: 1, definition: def } });
      assert.equal(saved.status, 200);
      assert.equal(saved.body.revision, 2);
      const stale = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft', { method: 'PUT', admin: true, body: { revision: 1, definition: def } });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.code, 'catalog.stale_revision');

      // the public still sees version 1 until publication
      assert.equal((await s.api('/api/v1/items/HZ-JZZ-BL')).body.definition.name.zh, '居住证办理');
      const past = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft/publish', { method: 'POST', admin: true, body: { revision: 2, effectiveDate: '2020-01-01' } });
      assert.equal(past.status, 422);
      const published = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft/publish', { method: 'POST', admin: true, body: { revision: 2 } });
      assert.equal(published.status, 200);
      assert.equal(published.body.status, 'published');
      const now = await s.api('/api/v1/items/HZ-JZZ-BL');
      assert.equal(now.body.version, 2);
      assert.equal(now.body.definition.name.zh, '居住证办理（新版）');
      const v1 = await s.api('/api/v1/items/HZ-JZZ-BL?version=1');
      assert.equal(v1.body.definition.name.zh, '居住证办理');
      assert.equal(v1.body.definition.timeLimits.promised.days, 10);

      const diff = await s.api('/api/v1/admin/items/HZ-JZZ-BL/diff?from=1&to=2', { admin: true });
      assert.equal(diff.status, 200);
      const changed = diff.body.changes.map((c: { path: string }) => c.path).sort();
      assert.deepEqual(changed, ['/name/zh', '/timeLimits/promised/days']);
      const logged = await s.db.query<{ action: string }>(`select action from audit_log where subject_id = 'HZ-JZZ-BL' order by id`);
      assert.deepEqual(logged.rows.map((r) => r.action), ['catalog.draft', 'catalog.edit', 'catalog.publish'], 'every admin change is audited');
      const versions = await s.api('/api/v1/admin/items/HZ-JZZ-BL/versions', { admin: true });
      assert.deepEqual(versions.body.versions.map((v: { version: number; status: string }) => `${v.version}:${v.status}`), ['1:published', '2:published']);
    });

    it('schedules a version for a future effective date: the guide changes only on that day', async () => {
      const draft = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft', { method: 'POST', admin: true });
      const def = draft.body.definition;
      def.summary = { zh: '明年起的新说明' };
      const saved = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft', { method: 'PUT', admin: true, body: { revision: draft.body.revision, definition: def } });
      const pub = await s.api('/api/v1/admin/items/HZ-JZZ-BL/draft/publish', { method: 'POST', admin: true, body: { revision: saved.body.revision, effectiveDate: '2027-01-01' } });
      assert.equal(pub.status, 200);
      const today = await s.api('/api/v1/items/HZ-JZZ-BL');
      assert.notEqual(today.body.version, pub.body.version);
      assert.equal((await s.api(`/api/v1/items/HZ-JZZ-BL?version=${pub.body.version}`)).body.definition.summary.zh, '明年起的新说明');
    });

    it('keeps published versions immutable even for direct database writes', async () => {
      await assert.rejects(
        s.db.query(`update catalog_versions set definition = '{}' where code = 'HZ-JZZ-BL' and version = 1`),
        /published and cannot be changed/,
      );
      await assert.rejects(s.db.query(`delete from catalog_versions where code = 'HZ-JZZ-BL' and version = 1`), /published/);
    });

    it('creates a new item as a draft that stays invisible until published', async () => {
      const guide = (await s.api('/api/v1/items/HZ-JZZ-BL?version=1')).body.definition;
      const created = await s.api('/api/v1/admin/items', { method: 'POST', admin: true, body: { code: 'HZ-TEST-NEW', definition: guide } });
      assert.equal(created.status, 201);
      assert.equal((await s.api('/api/v1/items/HZ-TEST-NEW')).status, 404);
      assert.equal((await s.api('/api/v1/admin/items', { method: 'POST', admin: true, body: { code: 'HZ-TEST-NEW', definition: guide } })).status, 409);
      const v = await s.api('/api/v1/admin/items/validate', { method: 'POST', admin: true, body: { code: 'X-1', definition: { name: 'x' } } });
      assert.equal(v.status, 200);
      assert.equal(v.body.valid, false);
      assert.ok(v.body.problems.length > 10);
      await s.api('/api/v1/admin/items/HZ-TEST-NEW/draft/publish', { method: 'POST', admin: true, body: { revision: 1 } });
      assert.equal((await s.api('/api/v1/items/HZ-TEST-NEW')).status, 200);
    });

    it('exports the catalog as YAML and imports it back without changes; a bad import writes nothing', async () => {
      const exp = await s.api('/api/v1/admin/catalog/export', { admin: true });
      assert.equal(exp.status, 200);
      assert.match(exp.headers.get('content-type') ?? '', /yaml/);
      assert.match(exp.text, /HZ-JZZ-BL/);
      const again = await s.api('/api/v1/admin/catalog/import', { method: 'POST', admin: true, raw: exp.text, headers: { 'content-type': 'application/yaml' } });
      assert.equal(again.status, 200, again.text);
      assert.equal(again.body.created.length + again.body.updated.length, 0);
      assert.ok(again.body.unchanged.includes('HZ-JZZ-BL'));

      const before = (await s.api('/api/v1/admin/items/HZ-JZZ-BL/versions', { admin: true })).body.versions.length;
      const broken = exp.text.replace(/promised:\n(\s+)days: \d+/, 'promised:\n$1days: 999').replace('name:\n', 'nam:\n');
      const refused = await s.api('/api/v1/admin/catalog/import', { method: 'POST', admin: true, raw: broken, headers: { 'content-type': 'application/yaml' } });
      assert.equal(refused.status, 422);
      assert.ok(refused.body.errors.length >= 2);
      assert.ok(refused.body.errors.every((e: { path: string }) => /^items\/\d+#|^bundles\/\d+#/.test(e.path)));
      assert.equal((await s.api('/api/v1/admin/items/HZ-JZZ-BL/versions', { admin: true })).body.versions.length, before);
      const syntax = await s.api('/api/v1/admin/catalog/import', { method: 'POST', admin: true, raw: 'items: [ {', headers: { 'content-type': 'application/yaml' } });
      assert.equal(syntax.status, 422);
      assert.equal(syntax.body.errors[0].reason, 'yaml_syntax');
    });
  });
}
