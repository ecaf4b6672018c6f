import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { isValidReceipt } from '@tongban/core';
import { DEMO_PEOPLE } from '../../identity/demo-people.ts';
import { dbKinds, startTestServer, tokenFor, type TestServer } from '../../test/harness.ts';

const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;

/** A passport-style photo: light background, a darker face-sized shape in the middle. */
async function idPhoto(): Promise<Buffer> {
  const w = 413, h = 531;
  const face = await sharp({ create: { width: 220, height: 300, channels: 3, background: { r: 150, g: 110, b: 90 } } }).png().toBuffer();
  return sharp({ create: { width: w, height: h, channels: 3, background: { r: 250, g: 250, b: 250 } } })
    .composite([{ input: face, left: 96, top: 120 }]).jpeg({ quality: 90 }).toBuffer();
}

for (const kind of dbKinds()) {
  describe(`smart application on ${kind}`, () => {
    let s: TestServer;
    let wang: string, liu: string, zhang: string;
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    before(async () => {
      s = await startTestServer(kind);
      wang = await tokenFor(s, person('wangfang').id, 'citizen');
      liu = await tokenFor(s, person('liuyang').id, 'citizen');
      zhang = await tokenFor(s, person('zhangwei').id, 'citizen');
    });
    after(async () => { await s.close(); });

    const upload = async (token: string, itemCode: string, materialId: string, bytes: Buffer, name = 'photo.jpg', type = 'image/jpeg') => {
      const form = new FormData();
      form.set('itemCode', itemCode);
      form.set('materialId', materialId);
      form.set('file', new Blob([new Uint8Array(bytes)], { type }), name);
      const res = await fetch(`${s.url}/api/v1/materials`, { method: 'POST', headers: as(token), body: form });
      return { status: res.status, body: await res.json() as any };
    };

    it('a non-local resident applies for 居住证办理: eligible, at least 70% prefilled with provenance, government-held materials exempt', async () => {
      const r = await s.api('/api/v1/applications', { method: 'POST', headers: as(wang), body: { itemCode: 'HZ-JZZ-BL' } });
      assert.equal(r.status, 201, r.text);
      const app = r.body;
      assert.equal(app.precheck.eligible, 'yes', JSON.stringify(app.precheck.conditions.map((c: any) => [c.id, c.status])));
      assert.ok(app.precheck.conditions.every((c: any) => c.status === 'met'));
      const fields = Object.keys(app.form.schema.properties);
      const prefilled = Object.keys(app.form.prefill);
      assert.ok(prefilled.length / fields.length >= 0.7 || prefilled.length >= 8, `${prefilled.length}/${fields.length} prefilled`);
      assert.equal(app.form.values.name, '王芳');
      assert.equal(app.form.prefill.name.source, 'population');
      const byId = new Map(app.materials.map((m: any) => [m.id, m]));
      assert.equal((byId.get('id_card') as any).state.kind, 'license', 'the ID card is held as an e-licence');
      assert.equal((byId.get('residence_registration') as any).state.kind, 'dataSource');
      assert.equal((byId.get('photo') as any).state, null, 'the photo must be uploaded');
    });

    it('an ineligible citizen sees which condition fails, why, and what to do', async () => {
      const r = await s.api('/api/v1/applications', { method: 'POST', headers: as(liu), body: { itemCode: 'HZ-JZZ-BL' } });
      assert.equal(r.status, 201);
      assert.equal(r.body.precheck.eligible, 'no');
      const failed = r.body.precheck.conditions.filter((c: any) => c.status === 'not_met');
      assert.ok(failed.some((c: any) => c.id === 'not_local_household'), JSON.stringify(failed.map((c: any) => c.id)));
      const c = failed.find((x: any) => x.id === 'not_local_household');
      assert.match(c.remedy.zh, /本市户籍/);
      assert.ok(c.decidedBy.some((d: any) => d.field === 'population.householdDistrict'), 'shows the fact that decided');
    });

    it('lists every problem at once, submits idempotently with a checkable receipt, and refuses a second submission', async () => {
      const start = await s.api('/api/v1/applications', { method: 'POST', headers: as(wang), body: { itemCode: 'HZ-JZZ-BL' } });
      const id = start.body.id;
      const noKey = await s.api(`/api/v1/applications/${id}/submit`, { method: 'POST', headers: as(wang) });
      assert.equal(noKey.status, 428);
      const incomplete = await s.api(`/api/v1/applications/${id}/submit`, { method: 'POST', headers: { ...as(wang), 'idempotency-key': 'key-incomplete-1' } });
      assert.equal(incomplete.status, 422);
      const paths = incomplete.body.errors.map((e: any) => e.path);
      assert.ok(paths.includes('/materials/photo'), paths.join());
      assert.ok(paths.some((p: string) => p.startsWith('/form/')), 'form problems are in the same list: ' + paths.join());

      const photo = await upload(wang, 'HZ-JZZ-BL', 'photo', await idPhoto());
      assert.equal(photo.status, 201, JSON.stringify(photo.body));
      const saved = await s.api(`/api/v1/applications/${id}`, {
        method: 'PATCH', headers: as(wang),
        body: { revision: start.body.revision, form: { basis: 'employment', phone: start.body.form.values.phone ?? '13700001111', residenceAddress: start.body.form.values.residenceAddress ?? '上海市浦东新区陆家嘴环路1000号' }, materials: { photo: { kind: 'upload', fileId: photo.body.id } } },
      });
      assert.equal(saved.status, 200, saved.text);
      const review = await s.api(`/api/v1/applications/${id}/prereview`, { method: 'POST', headers: as(wang) });
      assert.deepEqual(review.body.checklist, [], JSON.stringify(review.body.checklist));

      const key = 'submit-7f3a9c21';
      const results = await Promise.all([1, 2, 3, 4].map(() => s.api(`/api/v1/applications/${id}/submit`, { method: 'POST', headers: { ...as(wang), 'idempotency-key': key } })));
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 201], 'concurrent submits: one submits, the others get the same receipt');
      const receipts = new Set(results.map((r) => r.body.receiptNo));
      assert.equal(receipts.size, 1);
      const receipt = [...receipts][0] as string;
      assert.ok(isValidReceipt(receipt), receipt);
      const again = await s.api(`/api/v1/applications/${id}/submit`, { method: 'POST', headers: { ...as(wang), 'idempotency-key': key } });
      assert.equal(again.status, 200);
      assert.equal(again.body.receiptNo, receipt);
      const other = await s.api(`/api/v1/applications/${id}/submit`, { method: 'POST', headers: { ...as(wang), 'idempotency-key': 'another-key-1' } });
      assert.equal(other.status, 409);
      const late = await s.api(`/api/v1/applications/${id}`, { method: 'PATCH', headers: as(wang), body: { revision: 99, form: {} } });
      assert.equal(late.status, 409);
      const rows = await s.db.query<{ n: number }>(`select count(*)::int as n from applications where receipt_no = $1`, [receipt]);
      assert.equal(rows.rows[0]!.n, 1);
      const measures = await s.api('/api/v1/items/HZ-JZZ-BL/measures');
      assert.equal(measures.body.applications, 1);
      assert.ok(measures.body.prefillRatio >= 0.7, JSON.stringify(measures.body));
      assert.ok(measures.body.exemptionRatio > 0);
    });

    it('refuses a silent overwrite of a prefilled value and takes a data dispute instead; detects stale edits', async () => {
      const start = await s.api('/api/v1/applications', { method: 'POST', headers: as(wang), body: { itemCode: 'HZ-JZZ-BL' } });
      const id = start.body.id;
      const overwrite = await s.api(`/api/v1/applications/${id}`, { method: 'PATCH', headers: as(wang), body: { revision: start.body.revision, form: { name: '王小芳' } } });
      assert.equal(overwrite.status, 422);
      assert.equal(overwrite.body.code, 'application.prefill_overwrite');
      assert.equal(overwrite.body.errors[0].path, '/form/name');
      const dispute = await s.api(`/api/v1/applications/${id}/disputes`, { method: 'POST', headers: as(wang), body: { field: 'name', claimedValue: '王小芳', reason: '户籍登记姓名已变更' } });
      assert.equal(dispute.status, 201);
      assert.equal(dispute.body.source, 'population');
      const ok = await s.api(`/api/v1/applications/${id}`, { method: 'PATCH', headers: as(wang), body: { revision: start.body.revision, answers: { studying: false } } });
      assert.equal(ok.status, 200);
      const stale = await s.api(`/api/v1/applications/${id}`, { method: 'PATCH', headers: as(wang), body: { revision: start.body.revision, answers: { studying: true } } });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.code, 'application.stale_revision');
    });

    it('refuses material states the applicant cannot claim: a file that is not theirs, an e-licence they do not hold', async () => {
      const start = await s.api('/api/v1/applications', { method: 'POST', headers: as(wang), body: { itemCode: 'HZ-JZZ-BL' } });
      const zhangPhoto = await upload(zhang, 'HZ-JZZ-BL', 'photo', await idPhoto());
      assert.equal(zhangPhoto.status, 201);
      const r = await s.api(`/api/v1/applications/${start.body.id}`, {
        method: 'PATCH', headers: as(wang),
        body: { revision: start.body.revision, materials: { photo: { kind: 'upload', fileId: zhangPhoto.body.id }, lease_contract: { kind: 'license', licenseType: 'passport' }, enrolment_proof: { kind: 'deferred', deadline: '2026-12-31' } } },
      });
      assert.equal(r.status, 422);
      assert.deepEqual(r.body.errors.map((e: any) => `${e.path} ${e.reason}`).sort(), ['/materials/enrolment_proof not_deferrable', '/materials/lease_contract license_not_held', '/materials/photo file_not_yours']);
      const unchanged = await s.api(`/api/v1/applications/${start.body.id}`, { headers: as(wang) });
      assert.equal(unchanged.body.revision, start.body.revision, 'nothing saved');
    });

    it('keeps applications private: another citizen gets 404, and form data is sealed at rest', async () => {
      const start = await s.api('/api/v1/applications', { method: 'POST', headers: as(wang), body: { itemCode: 'HZ-JZZ-BL' } });
      assert.equal((await s.api(`/api/v1/applications/${start.body.id}`, { headers: as(zhang) })).status, 404);
      const raw = await s.db.query<{ t: string }>(`select row_to_json(a)::text as t from applications a where id = $1`, [start.body.id]);
      assert.ok(!raw.rows[0]!.t.includes('王芳') && !raw.rows[0]!.t.includes(person('wangfang').citizenId));
    });

    it('every read for the application shows on the applicant\'s "who used my data" page with the application as purpose', async () => {
      const start = await s.api('/api/v1/applications', { method: 'POST', headers: as(wang), body: { itemCode: 'HZ-JZZ-BL' } });
      const used = await s.api('/api/v1/me/data-access?pageSize=100', { headers: as(wang) });
      assert.ok(used.body.entries.some((e: any) => e.purpose === `application:${start.body.id}`), JSON.stringify(used.body.entries.map((e: any) => e.purpose)));
    });

    it('falls back to asking the applicant when a source times out or fails', async () => {
      s.dataSources.http!.simulate('socialInsurance', 'timeout');
      try {
        const r = await s.api('/api/v1/applications', { method: 'POST', headers: as(wang), body: { itemCode: 'HZ-JZZ-BL' } });
        assert.equal(r.status, 201);
        assert.notEqual(r.body.precheck.eligible, 'no');
      } finally {
        s.dataSources.http!.simulate('socialInsurance', null);
      }
    });

    it('applies for 公民身故一件事 through one merged form with shared fields asked once', async () => {
      const lina = await tokenFor(s, person('lina').id, 'citizen');
      const r = await s.api('/api/v1/applications', { method: 'POST', headers: as(lina), body: { bundleCode: 'YJS-GMSG' } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.kind, 'bundle');
      assert.ok(r.body.members.length >= 4);
      const names = Object.keys(r.body.form.schema.properties);
      assert.equal(names.filter((n) => /(^|\.)applicantName$|(^|\.)name$/.test(n)).length <= 1, true, names.join());
      assert.ok(r.body.materials.length > 0);
    });
  });
}
