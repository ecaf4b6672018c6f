/**
 * The operations dashboard (网办中心) and the public page (政务公开) in Chromium, over a few thousand cases of
 * synthetic history: an approver of the Huangpu sub-bureau sees the figures, drills down to a station and back up,
 * switches the trend to weeks; anyone sees the month's table per item. axe-core on each page.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateHistory } from '../packages/server/src/dashboard/history.ts';
import { expectAccessible, signIn, startE2E, type E2E } from './harness.ts';

describe('dashboard and public page in Chromium', () => {
  let e: E2E;
  before(async () => {
    e = await startE2E();
    await generateHistory(e.server.db, { cases: 4000, from: '2026-05-23', to: '2026-11-22', today: '2026-11-23', seed: 3, keys: e.server.secrets.keys });
  });
  after(async () => { await e?.close(); });

  it('should show an approver the figures, drill down to a station, go back up and switch the trend to weeks', async () => {
    const { page } = e;
    await signIn(page, 'zhaomin');
    await page.getByTestId('nav-officer-dashboard').click();
    await page.getByTestId('dashboard-page').waitFor();
    await page.goto('/officer/dashboard?org=SH-HP&from=2026-10-01&to=2026-10-31&bucket=day');
    const apps = page.getByTestId('figure-applications');
    await apps.waitFor();
    const n = Number((await apps.locator('.tb-dash-card-value').textContent())?.trim());
    assert.ok(n > 0, `applications shown: ${n}`);
    assert.match((await page.getByTestId('figure-online').textContent()) ?? '', /\d+ \/ \d+/, 'the online rate shows numerator and denominator');
    assert.match((await page.getByTestId('dashboard-departments').textContent()) ?? '', /户政/);
    await page.getByTestId('dashboard-chart').waitFor();
    await page.locator('[data-testid="dashboard-chart"] canvas').first().waitFor();
    await expectAccessible(page, 'the dashboard');

    // down to the station
    await page.getByTestId('drill-SH-HP-NJDL').click();
    await page.waitForURL(/org=SH-HP-NJDL/);
    const crumbs = page.getByTestId('dashboard-breadcrumb');
    await crumbs.getByText('南京东路派出所').waitFor();
    const station = Number((await page.getByTestId('figure-applications').locator('.tb-dash-card-value').textContent())?.trim());
    assert.ok(station > 0 && station < n, `the station's applications (${station}) are part of the sub-bureau's (${n})`);

    // back up through the breadcrumb
    await crumbs.getByRole('link', { name: '黄浦分局' }).click();
    await page.waitForURL(/org=SH-HP&/);
    await page.getByTestId('drill-SH-HP-NJDL').waitFor();

    // the trend by week: the table beside the chart has one row per ISO week touching October
    await page.getByTestId('dashboard-bucket').selectOption('week');
    await page.waitForURL(/bucket=week/);
    await page.getByTestId('dashboard-toggle-table').click();
    const rows = page.locator('[data-testid="dashboard-trend-table"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 5);
    assert.equal((await rows.first().locator('td').first().textContent())?.trim(), '2026-09-28');
  });

  it('should show anyone the month\'s figures per item on the public page', async () => {
    const page = await (await e.browser.newContext({ baseURL: e.server.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto('/quality?month=2026-10');
    await page.getByTestId('public-quality-page').waitFor();
    const rows = page.locator('[data-testid="public-items"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.ok(await rows.count() >= 5, 'several items are listed');
    assert.match((await rows.first().textContent()) ?? '', /%/);
    await expectAccessible(page, 'the public page');
  });
});
