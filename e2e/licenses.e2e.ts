import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PEOPLE } from '../packages/server/src/identity/demo-people.ts';
import { tokenFor } from '../packages/server/src/test/harness.ts';
import { bearer, fileApplication } from '../packages/server/src/test/apply-helpers.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { readQrFromPdf } from '../packages/server/src/test/pdf-qr.ts';
import { CHROMIUM, expectAccessible, signIn, startE2E, type E2E } from './harness.ts';
import { writeQrVideo } from './camera.ts';

const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;

describe('e-licences in Chromium', () => {
  let e: E2E;
  before(async () => { e = await startE2E({ mobile: true }); });
  after(async () => { await e?.close(); });

  it('the approved 居住证 lands in the wallet, is shown for hotel check-in without the ID number, and reads revoked once revoked', async () => {
    e.server.clock.set('2026-11-23');
    const s = e.server;
    const wang = await tokenFor(s, person('wangfang').id, 'citizen');
    const { caseId } = await fileApplication(s, wang, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment', delivery: 'window' } });
    // the officers' part, through the workbench API (its pages are covered by the case-handling journey)
    const act = async (u: string, action: string, extra: Record<string, unknown> = {}) => {
      const t = await tokenFor(s, person(u).id);
      const c = (await s.api(`/api/v1/officer/cases/${caseId}`, { headers: bearer(t) })).body;
      const r = await s.api(`/api/v1/officer/cases/${caseId}/actions`, { method: 'POST', headers: bearer(t), body: { action, revision: c.revision, ...extra } });
      assert.equal(r.status, 200, `${u} ${action}: ${r.text}`);
      return r.body;
    };
    await act('chenjing', 'accept');
    await act('zhouhui', 'approve');
    await act('linfeng', 'approve');
    await act('qianhong', 'produce');
    const code = (await s.api(`/api/v1/cases/${caseId}`, { headers: bearer(wang) })).body.delivery.pickupCode;
    await act('qianhong', 'deliver', { delivery: { pickupCode: code } });

    // the wallet holds the residence permit
    const page = e.page;
    await signIn(page, 'wangfang', '/me/licenses');
    await page.goto('/me/licenses');
    const row = page.getByTestId('wallet-row').first();
    await row.waitFor();
    await expectAccessible(page, 'wallet');
    const licenseId = await row.getAttribute('data-license-id');
    assert.ok(licenseId);
    await page.goto(`/me/licenses/${encodeURIComponent(licenseId)}`);
    await page.getByTestId('license-face').waitFor();
    assert.equal(await page.getByTestId('license-status').first().getAttribute('data-status'), 'valid');
    await expectAccessible(page, 'licence');

    // present it for hotel check-in: a QR and its link
    await page.getByTestId('present-purpose-hotel').click();
    await page.getByTestId('present-submit').click();
    await page.getByTestId('present-qr').waitFor();
    const link = await page.getByTestId('present-link').getAttribute('href');
    assert.ok(link && link.includes('/verify#p='), link ?? 'no link');
    await expectAccessible(page, 'presentation');

    // the hotel's verifier page: name, photo and validity, not the ID number
    const hotel = await (await e.browser.newContext({ baseURL: s.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 } })).newPage();
    await hotel.goto(link);
    const result = hotel.getByTestId('verify-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-valid'), 'true');
    await hotel.getByTestId('verify-claim-name').waitFor();
    await hotel.getByTestId('verify-claim-photo').waitFor();
    assert.equal(await hotel.getByTestId('verify-claim-citizenId').count(), 0, 'the ID number is not shown to a hotel');
    assert.ok(!(await hotel.content()).includes(person('wangfang').citizenId), 'nor anywhere on the page');
    await expectAccessible(hotel, 'verifier');

    // the printable copy: its QR code, scanned by a verifier's camera, verifies as a printed copy
    const pdfHref = await page.getByTestId('license-pdf').getAttribute('href');
    assert.ok(pdfHref);
    const pdfRes = await page.request.get(pdfHref);
    assert.equal(pdfRes.headers()['content-type'], 'application/pdf');
    const printedUrl = await readQrFromPdf(new Uint8Array(await pdfRes.body()));
    assert.ok(printedUrl?.includes('/verify#p='), 'the PDF carries a verifier link');
    const video = join(mkdtempSync(join(tmpdir(), 'tb-cam-')), 'qr.y4m');
    writeQrVideo(video, printedUrl!);
    const camBrowser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const scanner = await (await camBrowser.newContext({ baseURL: s.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 }, permissions: ['camera'] })).newPage();
      await scanner.goto('/verify');
      await scanner.getByTestId('verify-scan').click();
      const scanned = scanner.getByTestId('verify-result');
      await scanned.waitFor({ timeout: 30_000 });
      assert.equal(await scanned.getAttribute('data-valid'), 'true');
      await scanner.getByTestId('verify-printed').waitFor();
      assert.equal(await scanner.getByTestId('verify-claim-citizenId').count(), 0, 'the printed QR carries no ID number');
      await expectAccessible(scanner, 'verifier after a camera scan');
    } finally {
      await camBrowser.close();
    }

    // an officer of the issuing station revokes it on the licences page: verification now says revoked
    const officer = await (await e.browser.newContext({ baseURL: s.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(officer, 'zhouhui', '/officer/licenses');
    await officer.goto('/officer/licenses');
    await officer.getByTestId('license-admin-id').fill(licenseId);
    await officer.getByTestId('license-admin-status').selectOption('revoked');
    await officer.getByTestId('license-admin-reason').fill('居住地址已变更，原证作废');
    await expectAccessible(officer, 'licence status page');
    await officer.getByTestId('license-admin-submit').click();
    const done = officer.getByTestId('license-admin-result');
    await done.waitFor();
    assert.equal(await done.getAttribute('data-status'), 'revoked');
    await officer.context().close();
    await hotel.goto('/');
    await hotel.goto(link);
    await hotel.getByTestId('verify-result').waitFor();
    assert.equal(await hotel.getByTestId('verify-result').getAttribute('data-valid'), 'false');
    assert.equal(await hotel.getByTestId('verify-result').getAttribute('data-reason'), 'revoked');
    await hotel.context().close();
  });
});
