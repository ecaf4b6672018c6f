import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectAccessible, startE2E, type E2E } from './harness.ts';

describe('catalog journey in Chromium', () => {
  let e: E2E;
  before(async () => { e = await startE2E(); });
  after(async () => { await e?.close(); });

  it('searches 居住证, opens the guide, switches to English and toggles elderly mode, accessibly throughout', async () => {
    const { page } = e;
    await page.goto('/');
    await page.getByTestId('catalog-search').first().waitFor();
    await expectAccessible(page, 'catalog page');

    const search = page.getByRole('searchbox', { name: /搜索事项/ }).or(page.getByLabel('搜索事项')).first();
    await search.fill('居住证');
    await search.press('Enter');
    const results = page.getByTestId('catalog-results');
    const first = results.getByRole('link', { name: '居住证办理' }).first();
    await first.waitFor();
    assert.match(page.url(), /q=/);

    await first.click();
    await page.waitForURL(/\/items\/HZ-JZZ-BL/);
    const h1 = page.getByRole('heading', { level: 1 });
    await assert.doesNotReject(h1.filter({ hasText: '居住证办理' }).waitFor());
    for (const id of ['conditions', 'materials', 'process', 'limits', 'fees', 'places', 'faq']) {
      assert.equal(await page.locator(`#${id}`).count(), 1, `guide section #${id}`);
    }
    await page.getByText('受理条件').first().waitFor();
    await expectAccessible(page, 'guide page (zh)');

    await page.getByTestId('lang-switch').click();
    await h1.filter({ hasText: 'Residence permit application' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await expectAccessible(page, 'guide page (en)');

    await page.getByTestId('elderly-toggle').click();
    await page.waitForFunction(() => document.documentElement.classList.contains('elderly'));
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok(size >= 20, `elderly mode font size ${size}px`);
    await expectAccessible(page, 'guide page (en, elderly mode)');

    // the choices persist across a reload
    await page.reload();
    await h1.filter({ hasText: 'Residence permit application' }).waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('elderly')));
  });

  it('shows a bundle with its members and merged materials, and a friendly page for an unknown item', async () => {
    const { page } = e;
    await page.goto('/bundles/YJS-GMSG');
    await page.getByRole('heading', { level: 1 }).filter({ hasText: /身故|death/i }).waitFor();
    await page.getByRole('link', { name: /注销户口|household/i }).first().waitFor();
    await expectAccessible(page, 'bundle page');
    await page.goto('/items/NO-SUCH-ITEM');
    await page.getByText(/事项不存在|not found/i).first().waitFor();
  });
});
