import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expectAccessible, signIn, startE2E, type E2E } from './harness.ts';

/** A valid ID photo file: light background, a darker face-sized block. */
async function photoFile(): Promise<string> {
  const face = await sharp({ create: { width: 220, height: 300, channels: 3, background: { r: 150, g: 110, b: 90 } } }).png().toBuffer();
  const bytes = await sharp({ create: { width: 413, height: 531, channels: 3, background: { r: 250, g: 250, b: 250 } } })
    .composite([{ input: face, left: 96, top: 120 }]).jpeg({ quality: 90 }).toBuffer();
  const file = join(mkdtempSync(join(tmpdir(), 'tongban-e2e-')), 'photo.jpg');
  writeFileSync(file, bytes);
  return file;
}

describe('smart application in Chromium', () => {
  let e: E2E;
  before(async () => { e = await startE2E({ mobile: true }); });
  after(async () => { await e?.close(); });

  const fresh = async () => (await e.browser.newContext({ baseURL: e.server.url, locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();

  it('a non-local resident applies for 居住证办理: pre-check passes, the form is prefilled, only the photo is asked, a receipt comes back', async () => {
    const page = await fresh();
    await signIn(page, 'wangfang', '/items/HZ-JZZ-BL');
    await page.goto('/items/HZ-JZZ-BL');
    await page.getByTestId('apply-start').click();
    await page.waitForURL(/\/apply\/app_/);
    const result = page.getByTestId('precheck-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-eligible'), 'yes');
    await expectAccessible(page, 'pre-check');
    await page.getByTestId('step-next').click();

    // the form: most fields prefilled from the data sources, shown with their source
    await page.getByTestId('form-save').waitFor();
    await expectAccessible(page, 'form step');
    const id = page.url().split('/apply/')[1]!.split(/[?#]/)[0]!;
    const view = await (await page.request.get(`/api/v1/applications/${id}`)).json() as any;
    const total = Object.keys(view.form.schema.properties).length;
    const prefilled = Object.keys(view.form.prefill).length;
    assert.ok(prefilled / total >= 0.7, `${prefilled}/${total} fields prefilled`);
    // choose the basis of the application if the form asks for it
    const basis = page.getByLabel(/合法稳定就业|employment/i).first();
    if (await basis.count()) await basis.check().catch(() => {});
    await page.getByTestId('form-save').click();
    await page.getByTestId('step-next').click();

    // materials: the ID card and the residence registration are exempt, the photo is asked
    await page.getByTestId('material-photo').waitFor();
    assert.match((await page.getByTestId('material-id_card').textContent()) ?? '', /免提交|exempt/i);
    await page.getByTestId('material-upload-photo').setInputFiles(await photoFile());
    await page.getByTestId('material-photo').filter({ hasText: /已上传|uploaded|photo\.jpg/i }).waitFor();
    await expectAccessible(page, 'materials step');
    await page.getByTestId('step-next').click();

    // pre-review, then submit
    await page.getByTestId('prereview-checklist').waitFor();
    const blocking = await page.getByTestId('checklist-item').count();
    if (blocking) {
      // a required form field without a value: fill what the checklist names, then come back
      assert.fail(`pre-review still lists ${blocking} problem(s): ${await page.getByTestId('prereview-checklist').textContent()}`);
    }
    await expectAccessible(page, 'pre-review');
    await page.getByTestId('submit-application').click();
    await page.getByTestId('receipt').waitFor();
    const receipt = (await page.getByTestId('receipt-no').textContent())?.trim() ?? '';
    assert.match(receipt, /^TB\d{16}-\d{2}$/);
    await expectAccessible(page, 'receipt');
    await page.context().close();
  });

  it('an ineligible citizen sees which condition fails and why', async () => {
    const page = await fresh();
    await signIn(page, 'liuyang', '/items/HZ-JZZ-BL');
    await page.goto('/items/HZ-JZZ-BL');
    await page.getByTestId('apply-start').click();
    const result = page.getByTestId('precheck-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-eligible'), 'no');
    const failed = page.locator('[data-testid="condition"][data-status="not_met"]');
    assert.ok(await failed.count() >= 1);
    assert.match((await failed.first().textContent()) ?? '', /本市户籍|Shanghai/);
    await expectAccessible(page, 'ineligible pre-check');
    await page.context().close();
  });

  it('applies for 公民身故一件事 through the merged form and gets one receipt', async () => {
    const page = await fresh();
    await signIn(page, 'lina', '/bundles/YJS-GMSG');
    await page.goto('/bundles/YJS-GMSG');
    await page.getByTestId('bundle-apply-start').click();
    await page.waitForURL(/\/apply\/app_/);
    const result = page.getByTestId('precheck-result');
    await result.waitFor();
    const id = page.url().split('/apply/')[1]!.split(/[?#]/)[0]!;
    // the pre-check asks only what the records cannot tell: answer each question in the page
    const answers: Record<string, string> = { unnaturalDeath: '否', diedInShanghai: '是', deceasedLocal: '是', deathCertified: '是', deceasedInsured: '是', notClaimedYet: '是', notSettledYet: '是' };
    for (let round = 0; round < 8 && (await result.getAttribute('data-eligible')) !== 'yes'; round++) {
      // the open questions (answered ones sit folded in a <details> below)
      const questions = page.locator('section[data-testid="precheck-questions"] [data-testid="precheck-question"]');
      const n = await questions.count();
      assert.ok(n > 0, `not eligible and nothing asked: ${await result.textContent()}`);
      for (let i = 0; i < n; i++) {
        const q = questions.nth(i);
        const qid = (await q.getAttribute('data-question'))!.split('.').pop()!;
        await q.getByRole('radio', { name: answers[qid] ?? '是', exact: true }).check();
      }
      await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/api/v1/applications/${id}`) && r.request().method() === 'PATCH'),
        page.getByTestId('precheck-answer').click(),
      ]);
      await page.waitForTimeout(300);
    }
    assert.equal(await result.getAttribute('data-eligible'), 'yes');
    await expectAccessible(page, 'bundle pre-check');

    // one merged form: the people asked about once for all five members
    let view = await (await page.request.get(`/api/v1/applications/${id}`)).json() as any;
    assert.equal(view.kind, 'bundle');
    assert.equal(view.members.length, 5);
    const props = view.form.schema.properties as Record<string, any>;
    assert.equal(Object.keys(props).filter((k) => k.endsWith('applicantName')).length, 1, 'the applicant\'s name is asked once');
    await page.getByTestId('step-next').click();
    await page.getByTestId('form-save').waitFor();
    await expectAccessible(page, 'merged form');

    // the rest of the form and the materials, through the same session's API (what the steps' controls send)
    const csrf = (await (await page.request.get('/api/v1/me')).json() as any).csrfToken;
    await page.waitForTimeout(1500); // let the page's own autosave settle, then take the current revision
    view = await (await page.request.get(`/api/v1/applications/${id}`)).json() as any;
    const fill: Record<string, unknown> = {};
    for (const name of view.form.schema.required as string[]) {
      if (view.form.values[name] !== undefined) continue;
      const p = props[name];
      fill[name] = p.enum ? p.enum[0] : p.format === 'date' ? '2026-11-20' : p.format === 'date-time' ? '2026-11-20T08:30:00+08:00'
        : /CitizenId$/.test(name) ? '310115196001150036' : p.type === 'boolean' ? true : p.type === 'integer' || p.type === 'number' ? 1 : '上海市浦东新区世纪大道88号';
    }
    const materials: Record<string, unknown> = {};
    for (const m of view.materials) {
      if (m.state) continue;
      if (m.necessity === 'deferrable') materials[m.id] = { kind: 'deferred', deadline: '2026-12-31' };
      if (m.necessity === 'commitment') materials[m.id] = { kind: 'commitment', signedAt: new Date().toISOString(), text: m.commitmentText.zh };
    }
    const saved = await page.request.patch(`/api/v1/applications/${id}`, { headers: { 'x-csrf-token': csrf }, data: { revision: view.revision, form: fill, materials } });
    assert.equal(saved.status(), 200, await saved.text());
    view = await saved.json();
    assert.deepEqual(view.checklist, [], JSON.stringify(view.checklist));

    await page.goto(`/apply/${id}?step=submit`);
    await page.getByTestId('submit-application').click();
    await page.getByTestId('receipt').waitFor();
    assert.match((await page.getByTestId('receipt-no').textContent())?.trim() ?? '', /^TB\d{16}-\d{2}$/);
    await page.goto('/me/applications');
    // the list loads after the page: wait for the row, not just the page
    await page.getByTestId('my-application-row').filter({ hasText: '公民身故一件事' }).first().waitFor();
    await expectAccessible(page, 'my applications');
    await page.context().close();
  });
});
