import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../packages/server/src/identity/demo-people.ts';
import { tokenFor } from '../packages/server/src/test/harness.ts';
import { bearer, fileApplication } from '../packages/server/src/test/apply-helpers.ts';
import { expectAccessible, signIn, startE2E, type E2E } from './harness.ts';

const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;

describe('case handling in Chromium', () => {
  let e: E2E;
  before(async () => { e = await startE2E(); });
  after(async () => { await e?.close(); });

  const mobile = async () => (await e.browser.newContext({ baseURL: e.server.url, locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  const desktop = async () => (await e.browser.newContext({ baseURL: e.server.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 } })).newPage();
  const token = (u: string, as: 'citizen' | 'officer' = 'officer') => tokenFor(e.server, person(u).id, as);

  /** The applicant's case page, reloaded, with the state it shows. */
  const applicantSees = async (page: Page, caseId: string, state: string) => {
    await page.goto(`/me/cases/${caseId}`);
    const tag = page.getByTestId('case-state').first();
    await tag.waitFor();
    assert.equal(await tag.getAttribute('data-state'), state, `the applicant sees ${state}`);
  };

  /** An officer opens the case in the workbench and does one action through its form. */
  const officerDoes = async (page: Page, caseId: string, action: string, fill?: (p: Page) => Promise<void>) => {
    await page.goto(`/officer/cases/${caseId}`);
    const button = page.getByTestId(`action-${action}`);
    await button.waitFor();
    await button.click();
    if (fill) await fill(page);
    const confirm = page.getByTestId('action-submit');
    await confirm.waitFor();
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/api/v1/officer/cases/${caseId}/actions`) && r.request().method() === 'POST'),
      confirm.click(),
    ]);
    assert.equal(res.status(), 200, `${action}: ${await res.text()}`);
  };

  it('居住证办理: accepted at another district\'s window, routed, reviewed, approved, produced and collected, followed by the applicant at each step', async () => {
    e.server.clock.set('2026-11-23');
    const wang = await token('wangfang', 'citizen');
    const { caseId } = await fileApplication(e.server, wang, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment', delivery: 'window' } });
    const applicant = await mobile();
    await signIn(applicant, 'wangfang', '/me/cases');
    await applicant.goto('/me/cases');
    await applicant.getByTestId('case-row').filter({ hasText: '居住证' }).first().waitFor();
    await expectAccessible(applicant, 'my cases');
    await applicantSees(applicant, caseId, 'submitted');
    await expectAccessible(applicant, 'case page (submitted)');

    // a Huangpu window officer accepts the Pudong resident's application (全市通办)
    const window = await desktop();
    await signIn(window, 'chenjing', '/officer/cases');
    await window.goto('/officer/cases');
    await window.getByTestId('workbench-table').waitFor();
    await window.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`).first().waitFor();
    await expectAccessible(window, 'workbench');
    await officerDoes(window, caseId, 'accept');
    await expectAccessible(window, 'officer case page');
    await applicantSees(applicant, caseId, 'review');
    await applicant.locator('[data-testid="timeline-event"][data-kind="routed"]').first().waitFor();

    // reviewed at the competent station, approved at the sub-bureau, produced
    const reviewer = await desktop();
    await signIn(reviewer, 'zhouhui', '/officer/cases');
    await officerDoes(reviewer, caseId, 'approve');
    const approver = await desktop();
    await signIn(approver, 'linfeng', '/officer/cases');
    await officerDoes(approver, caseId, 'approve');
    await applicantSees(applicant, caseId, 'production');
    const producer = await desktop();
    await signIn(producer, 'qianhong', '/officer/cases');
    await officerDoes(producer, caseId, 'produce');

    // the applicant sees the pick-up code; the window checks it and hands the permit over
    await applicantSees(applicant, caseId, 'delivery');
    const code = (await applicant.getByTestId('pickup-code').textContent())?.replace(/\D/g, '') ?? '';
    assert.match(code, /^\d{6}$/);
    await officerDoes(producer, caseId, 'deliver', async (p) => { await p.getByTestId('action-pickup-code').fill(code); });
    await applicantSees(applicant, caseId, 'closed');
    await applicant.getByTestId('case-result').waitFor();
    await expectAccessible(applicant, 'case page (closed)');
    // the permit went to her wallet; revoke it so that the next journey may apply again
    const permit = (await e.server.api('/api/v1/licenses', { headers: bearer(wang) })).body.items.find((l: { caseId: string }) => l.caseId === caseId);
    const revoked = await e.server.api(`/api/v1/officer/licenses/${encodeURIComponent(permit.id)}/status`, { method: 'POST', headers: bearer(await token('zhouhui')), body: { status: 'revoked', reason: '测试：收回' } });
    assert.equal(revoked.status, 200, revoked.text);
    for (const p of [applicant, window, reviewer, approver, producer]) await p.context().close();
  });

  it('a supplement request pauses the clock; the applicant\'s answer resumes it', async () => {
    e.server.clock.set('2026-11-23');
    const wang = await token('wangfang', 'citizen');
    const { caseId } = await fileApplication(e.server, wang, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment' } });
    const window = await desktop();
    await signIn(window, 'chenjing', '/officer/cases');
    await officerDoes(window, caseId, 'supplement', async (p) => {
      await p.getByTestId('supplement-item-message').first().fill('请补充邮寄地址');
    });
    const applicant = await mobile();
    await signIn(applicant, 'wangfang', '/me/cases');
    await applicantSees(applicant, caseId, 'supplement');
    await applicant.getByTestId('supplement-items').waitFor();
    await expectAccessible(applicant, 'supplement request');
    e.server.clock.set('2026-11-25'); // two working days later
    await applicant.reload();
    await applicant.getByTestId('supplement-submit').waitFor();
    await Promise.all([
      applicant.waitForResponse((r) => r.url().includes(`/api/v1/cases/${caseId}/supplement`) && r.status() === 200),
      applicant.getByTestId('supplement-submit').click(),
    ]);
    await applicantSees(applicant, caseId, 'submitted');
    await applicant.locator('[data-testid="timeline-event"][data-kind="supplement_answered"]').first().waitFor();
    const api = await e.server.api(`/api/v1/cases/${caseId}`, { headers: bearer(wang) });
    assert.equal(api.body.pausedDays, 2, 'the two paused working days are not counted');
    assert.equal(api.body.step.dueDate, '2026-11-26', 'the acceptance deadline moved by the paused days');
    await window.context().close();
    await applicant.context().close();
    e.server.clock.set('2026-11-23');
  });

  it('公民身故一件事: the members run in parallel and the bundle closes once with one result', async () => {
    const lina = await token('lina', 'citizen');
    const { caseId } = await fileApplication(e.server, lina, { bundleCode: 'YJS-GMSG' }, {
      answers: { unnaturalDeath: false, diedInShanghai: true, deceasedLocal: true, deathCertified: true, deceasedInsured: true, notClaimedYet: true, notSettledYet: true },
    });
    const applicant = await mobile();
    await signIn(applicant, 'lina', '/me/cases');
    await applicantSees(applicant, caseId, 'in_progress');
    await applicant.getByTestId('subcase-row').first().waitFor();
    await expectAccessible(applicant, 'bundle case');

    // the health officer certifies the death in the workbench
    const view = await e.server.api(`/api/v1/cases/${caseId}`, { headers: bearer(lina) });
    const cert = view.body.subCases.find((m: { itemCode: string }) => m.itemCode === 'WJ-SWYXZM').id;
    const health = await desktop();
    await signIn(health, 'xuli', '/officer/cases');
    await officerDoes(health, cert, 'approve');
    await officerDoes(health, cert, 'approve');

    // now the cancellation and the cremation are open at the same time
    await applicant.reload();
    await applicant.getByTestId('subcase-row').first().waitFor();
    const states = await applicant.getByTestId('subcase-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    assert.ok(states.filter((x) => x === 'submitted').length >= 2, `members in parallel: ${states.join()}`);

    // the other agencies finish their parts (through the API, as their workbenches do)
    for (let round = 0; round < 8; round++) {
      const b = (await e.server.api(`/api/v1/cases/${caseId}`, { headers: bearer(lina) })).body;
      const open = b.subCases.filter((m: { state: string }) => m.state !== 'closed');
      if (!open.length) break;
      for (const m of open) {
        const who = m.department === 'household' ? 'zhanghua' : m.department === 'civil_affairs' ? 'hejun' : m.department === 'health' ? 'xuli' : 'fangyu';
        const t = await token(who);
        const oc = (await e.server.api(`/api/v1/officer/cases/${m.id}`, { headers: bearer(t) })).body;
        const next = oc.allowedActions?.find((a: string) => ['accept', 'approve', 'produce'].includes(a));
        if (next) await e.server.api(`/api/v1/officer/cases/${m.id}/actions`, { method: 'POST', headers: bearer(t), body: { action: next, revision: oc.revision } });
      }
    }
    await applicantSees(applicant, caseId, 'closed');
    const result = (await applicant.getByTestId('case-result').textContent()) ?? '';
    assert.match(result, /已全部办结/);
    const notes = await e.server.api('/api/v1/notifications', { headers: bearer(lina) });
    assert.equal(notes.body.items.filter((n: { kind: string }) => n.kind === 'bundle.closed').length, 1, 'one combined result notice');
    await health.context().close();
    await applicant.context().close();
  });
});
