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

  it('applies for 公民身故一件事 through the merged form', async () => {
    const page = await fresh();
    await signIn(page, 'lina', '/bundles/YJS-GMSG');
    await page.goto('/bundles/YJS-GMSG');
    await page.getByTestId('bundle-apply-start').click();
    await page.waitForURL(/\/apply\/app_/);
    await page.getByTestId('precheck-result').waitFor();
    const id = page.url().split('/apply/')[1]!.split(/[?#]/)[0]!;
    const view = await (await page.request.get(`/api/v1/applications/${id}`)).json() as any;
    assert.equal(view.kind, 'bundle');
    assert.ok(view.members.length >= 4);
    await expectAccessible(page, 'bundle pre-check');
    await page.context().close();
  });
});
