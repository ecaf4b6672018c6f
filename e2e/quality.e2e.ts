/**
 * Service quality in Chromium: a citizen rates a closed case 非常不满意 with a reason; the work order appears in the
 * handling org's officer workbench; an officer verifies, rectifies, records the callback and closes it within the
 * deadlines; the operations dashboard's good-rating rate, daily trend and open orders change accordingly; the counter
 * pad page rates a window service; axe-core checks each page.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { addWorkingDays } from '@tongban/core';
import { DEMO_PEOPLE } from '../packages/server/src/identity/demo-people.ts';
import { tokenFor } from '../packages/server/src/test/harness.ts';
import { bearer, fileApplication } from '../packages/server/src/test/apply-helpers.ts';
import { expectAccessible, signIn, startE2E, type E2E } from './harness.ts';

const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;

describe('ratings and rectification in Chromium', () => {
  let e: E2E;
  before(async () => { e = await startE2E(); });
  after(async () => { await e?.close(); });

  const mobile = async () => (await e.browser.newContext({ baseURL: e.server.url, locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  const desktop = async () => (await e.browser.newContext({ baseURL: e.server.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 } })).newPage();
  const tablet = async () => (await e.browser.newContext({ baseURL: e.server.url, locale: 'zh-CN', viewport: { width: 1024, height: 768 }, hasTouch: true })).newPage();

  /** Does one action on the open work order page through its form; returns the order's stage afterwards. */
  const officerDoes = async (page: Page, orderId: string, action: string, fill: (p: Page) => Promise<void>) => {
    await page.getByTestId(`order-action-${action}`).click();
    await fill(page);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/api/v1/officer/rectifications/${orderId}/actions`) && r.request().method() === 'POST'),
      page.getByTestId('order-submit').click(),
    ]);
    assert.equal(res.status(), 200, `${action}: ${await res.text()}`);
    await page.getByTestId('order-status').filter({ hasText: /已保存/ }).waitFor();
    return page.getByTestId('order').getAttribute('data-stage');
  };

  /** The city-wide dashboard for November 2026 by day, as the administrator sees it: good-rating figure, open orders, the 23rd's bad ratings. */
  const dashboard = async (page: Page) => {
    await page.goto('/officer/dashboard?org=SH&from=2026-11-01&to=2026-11-30&bucket=day');
    await page.getByTestId('figure-goodRating').waitFor();
    const text = async (id: string) => (await page.getByTestId(id).textContent()) ?? '';
    const row = page.getByTestId('dashboard-trend-table').locator('tr[data-row-key="2026-11-23"] td');
    return {
      good: await text('figure-goodRating'),
      orders: Number((await page.getByTestId('figure-rectifications').locator('.tb-dash-card-value').textContent()) ?? 'NaN'),
      badOn23: Number(await row.nth(5).textContent()),
    };
  };

  it('a citizen rates a closed case 非常不满意; the handling station verifies, rectifies and calls back within the deadlines', async () => {
    e.server.clock.set('2026-11-23');
    const zhang = await tokenFor(e.server, person('zhangwei').id, 'citizen');
    const { caseId } = await fileApplication(e.server, zhang, { itemCode: 'HZ-SFZ-GS' }, { answers: { cardLost: true, stolen: false } });
    const handling = (await e.server.api(`/api/v1/cases/${caseId}`, { headers: bearer(zhang) })).body;
    assert.equal(handling.state, 'closed');

    // the operations dashboard before the rating: no ratings, no orders
    const manager = await desktop();
    await signIn(manager, 'wujun', '/officer/dashboard');
    const before = await dashboard(manager);
    assert.match(before.good, /差评 0 条/);
    assert.deepEqual([before.orders, before.badOn23], [0, 0]);
    await expectAccessible(manager, 'dashboard before the rating');

    // the applicant rates the case on the case page
    const citizen = await mobile();
    await signIn(citizen, 'zhangwei', '/me/cases');
    await citizen.goto(`/me/cases/${caseId}`);
    const card = citizen.getByTestId('rating-subject-case');
    await card.waitFor();
    await expectAccessible(citizen, 'case page with the rating card');
    await card.getByTestId('rating-level-very_dissatisfied').click();
    await card.getByTestId('rating-reason-slow').click();
    await card.getByTestId('rating-comment').fill('挂失等了很久才收到结果');
    await expectAccessible(citizen, 'rating form filled');
    const [rated] = await Promise.all([
      citizen.waitForResponse((r) => r.url().includes(`/api/v1/cases/${caseId}/ratings`) && r.request().method() === 'POST'),
      card.getByTestId('rating-submit').click(),
    ]);
    assert.equal(rated.status(), 201, await rated.text());
    await card.getByTestId('rating-existing').waitFor();
    assert.equal(await card.getByTestId('rating-existing').getAttribute('data-level'), 'very_dissatisfied');
    assert.match((await card.getByTestId('rating-done').textContent()) ?? '', /1 个工作日内核实/);
    await expectAccessible(citizen, 'case page after rating');

    // the dashboard changes accordingly: the good-rating rate falls to 0 of 1, the 23rd shows one bad rating, one open order
    const rated1 = await dashboard(manager);
    assert.match(rated1.good, /0 \/ 1/);
    assert.match(rated1.good, /差评 1 条/);
    assert.deepEqual([rated1.orders, rated1.badOn23], [1, 1]);

    // the order is in the handling station's workbench
    const officer = await desktop();
    await signIn(officer, 'liuqiang', '/officer/rectifications');
    await officer.getByTestId('nav-rectifications').click();
    const row = officer.locator(`[data-testid="order-row"][data-case-id="${caseId}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-stage'), 'verify');
    const orderId = (await row.getAttribute('data-order-id'))!;
    await expectAccessible(officer, 'work orders');
    await row.getByTestId('order-link').click();
    await officer.getByTestId('order').waitFor();
    assert.equal(await officer.getByTestId('order-level').textContent(), '非常不满意');
    assert.equal(await officer.getByTestId('order-evaluator').textContent(), '张伟', 'the reviewer sees who to call back');
    await expectAccessible(officer, 'work order (verify)');

    // verify the next working day, rectify, call back: each within its deadline
    e.server.clock.set('2026-11-24');
    assert.equal(await officerDoes(officer, orderId, 'verify', (p) => p.getByTestId('order-note').fill('已电话联系张伟，核实属实')), 'rectify');
    const afterVerify = (await e.server.api(`/api/v1/officer/rectifications/${orderId}`, { headers: bearer(await tokenFor(e.server, person('liuqiang').id)) })).body;
    assert.equal(afterVerify.due.rectify, addWorkingDays('2026-11-23', 15));
    assert.equal(afterVerify.verification.onTime, true);
    await expectAccessible(officer, 'work order (rectify)');
    e.server.clock.set('2026-11-26');
    assert.equal(await officerDoes(officer, orderId, 'rectify', (p) => p.getByTestId('order-note').fill('已优化挂失结果推送，当日送达')), 'callback');
    await officer.getByTestId('order-due-callback').waitFor();
    await expectAccessible(officer, 'work order (callback)');
    e.server.clock.set('2026-11-27');
    assert.equal(await officerDoes(officer, orderId, 'callback', (p) => p.getByTestId('order-note').fill('评价人对整改结果表示满意')), 'callback');
    await officer.getByTestId('order-callback').waitFor();
    assert.equal(await officerDoes(officer, orderId, 'close', async () => {}), 'closed');
    const done = (await e.server.api(`/api/v1/officer/rectifications/${orderId}`, { headers: bearer(await tokenFor(e.server, person('liuqiang').id)) })).body;
    assert.deepEqual([done.rectification.onTime, done.callback.onTime, done.callback.reached], [true, true, true]);
    assert.equal(done.due.callback, addWorkingDays('2026-11-26', 2));
    await officer.locator('[data-testid="order-event"][data-kind="closed"]').waitFor();
    await expectAccessible(officer, 'work order (closed)');
    const closed = await dashboard(manager);
    assert.equal(closed.orders, 0, 'the closed order leaves the open count');
    assert.match(closed.good, /0 \/ 1/, 'the rating itself stays in the figure');
    await manager.context().close();
    await citizen.context().close();
    await officer.context().close();
    e.server.clock.set('2026-11-23');
  });

  it('the counter pad rates the window service with large buttons and no sign-in', async () => {
    e.server.clock.set('2026-11-23');
    const wang = await tokenFor(e.server, person('wangfang').id, 'citizen');
    const chen = await tokenFor(e.server, person('chenjing').id);
    const { caseId } = await fileApplication(e.server, wang, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment' } });
    const c = (await e.server.api(`/api/v1/officer/cases/${caseId}`, { headers: bearer(chen) })).body;
    assert.equal((await e.server.api(`/api/v1/officer/cases/${caseId}/actions`, { method: 'POST', headers: bearer(chen), body: { action: 'accept', revision: c.revision } })).status, 200);
    const pad = (await e.server.api(`/api/v1/officer/rating-pad/${caseId}`, { method: 'POST', headers: bearer(chen) })).body;
    const page = await tablet();
    await page.goto(pad.path);
    await page.getByTestId('pad').waitFor();
    await expectAccessible(page, 'rating pad');
    const box = await page.getByTestId('rating-level-satisfied').boundingBox();
    assert.ok(box && box.height >= 60, `large touch targets: ${JSON.stringify(box)}`);
    await page.getByTestId('rating-level-satisfied').click();
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/rating-pad/') && r.request().method() === 'POST'),
      page.getByTestId('rating-submit').click(),
    ]);
    assert.equal(res.status(), 201, await res.text());
    await page.getByTestId('pad-thanks').waitFor();
    await expectAccessible(page, 'rating pad (thanks)');
    await page.reload();
    await page.getByTestId('pad-invalid').waitFor();
    await page.context().close();
  });

  it('a case nobody fetched raises an alert the station\'s reviewer sees and is told of; acting on the case clears it', async () => {
    e.server.clock.set('2026-11-30'); // a Monday
    const s = e.server;
    const wang = await tokenFor(s, person('wangfang').id, 'citizen');
    const chen = await tokenFor(s, person('chenjing').id);
    const zhou = await tokenFor(s, person('zhouhui').id);
    const { caseId } = await fileApplication(s, wang, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment', delivery: 'window' } });
    const c = (await s.api(`/api/v1/officer/cases/${caseId}`, { headers: bearer(chen) })).body;
    assert.equal((await s.api(`/api/v1/officer/cases/${caseId}/actions`, { method: 'POST', headers: bearer(chen), body: { action: 'accept', revision: c.revision } })).status, 200);
    s.clock.set('2026-12-02'); // Wednesday: more than a working day later, nobody at 陆家嘴 has picked it up
    await s.app.deps.monitor.detect();

    const page = await desktop();
    await signIn(page, 'zhouhui', '/officer/alerts');
    await page.getByTestId('nav-officer-alerts').click();
    await page.getByTestId('alerts-page').waitFor();
    const row = page.locator('[data-testid="alert-row"]').filter({ hasText: caseId });
    await row.waitFor();
    assert.equal(await row.getAttribute('data-kind'), 'not_fetched');
    assert.match((await row.textContent()) ?? '', /周慧/, 'the responsible reviewer is named');
    await expectAccessible(page, 'alerts');
    // one notice per officer and pass: it names the case, or counts the cases and lists the first ones (the pad test
    // above left another unfetched case at the same station)
    const told = (await s.api('/api/v1/notifications', { headers: bearer(zhou) })).body.items as { kind: string; caseId: string | null }[];
    assert.ok(told.some((n) => n.kind === 'alert.raised' && (n.caseId === caseId || JSON.stringify(n).includes(caseId))), `the reviewer is told in-app: ${JSON.stringify(told.filter((n) => n.kind.startsWith('alert.')))}`);

    // the reviewer acts on the case: the next pass clears the alert
    const cur = (await s.api(`/api/v1/officer/cases/${caseId}`, { headers: bearer(zhou) })).body;
    assert.equal((await s.api(`/api/v1/officer/cases/${caseId}/actions`, { method: 'POST', headers: bearer(zhou), body: { action: 'claim', revision: cur.revision } })).status, 200);
    await s.app.deps.monitor.detect();
    await page.reload();
    await page.getByTestId('alerts-page').waitFor();
    await page.getByTestId('alerts-table').waitFor();
    assert.equal(await page.locator('[data-testid="alert-row"]').filter({ hasText: caseId }).count(), 0, 'cleared alerts leave the open list');
    await page.context().close();
    s.clock.set('2026-11-23');
  });
});
