import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PEOPLE } from '../packages/server/src/identity/demo-people.ts';
import { expectAccessible, signIn, startE2E, type E2E } from './harness.ts';

describe('unified identity in Chromium', () => {
  let e: E2E;
  before(async () => { e = await startE2E(); });
  after(async () => { await e?.close(); });

  const fresh = async () => {
    const context = await e.browser.newContext({ baseURL: e.server.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    return context.newPage();
  };

  it('signs in every demo role through the identity provider and shows what that role may see', async () => {
    for (const p of DEMO_PEOPLE) {
      const page = await fresh();
      await signIn(page, p.username);
      assert.equal((await page.getByTestId('account-name').textContent())?.trim(), p.name, p.username);
      await page.goto('/me');
      await page.getByTestId('profile-name').filter({ hasText: p.name }).waitFor();
      await page.goto('/officer');
      if (p.officer) {
        await page.getByTestId('workbench').waitFor();
        await page.getByTestId('org-tree').first().waitFor();
      } else {
        await page.getByTestId('forbidden').waitFor();
      }
      await page.goto('/admin');
      if (p.officer?.roles.some((r) => r.role === 'admin')) await page.getByTestId('admin').waitFor();
      else await page.getByTestId('forbidden').waitFor();
      await page.context().close();
    }
  });

  it('the identity provider\'s sign-in page is accessible', async () => {
    const page = await fresh();
    await page.goto('/');
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/idp-login\//);
    await expectAccessible(page, 'identity provider sign-in page');
    await page.context().close();
  });

  it('an officer\'s lookup with its purpose appears on the citizen\'s "who used my data" page; sign-out ends the session', async () => {
    const zhang = DEMO_PEOPLE.find((p) => p.username === 'zhangwei')!;
    const officer = await fresh();
    await signIn(officer, 'liuqiang', '/officer');
    await officer.goto('/officer');
    await officer.getByTestId('person-lookup').waitFor();
    await expectAccessible(officer, 'officer workbench');
    await officer.getByTestId('lookup-citizen-id').fill(zhang.citizenId);
    await officer.getByTestId('lookup-purpose').fill('核查居住证申请人户籍信息');
    await officer.getByTestId('person-lookup').getByRole('button').last().click();
    await officer.getByTestId('person-result').waitFor();
    assert.equal(await officer.getByTestId('person-disclosure').getAttribute('data-disclosure'), 'full');
    await officer.getByTestId('sign-out').click();
    await officer.getByTestId('sign-in').waitFor();
    assert.equal((await officer.request.get('/api/v1/me')).status(), 401);
    await officer.context().close();

    const citizen = await fresh();
    await signIn(citizen, 'zhangwei');
    await citizen.goto('/me/data-access');
    await citizen.getByTestId('data-access-row').filter({ hasText: '核查居住证申请人户籍信息' }).waitFor();
    const row = citizen.getByTestId('data-access-row').filter({ hasText: '核查居住证申请人户籍信息' });
    assert.match((await row.textContent()) ?? '', /南京东路派出所/);
    await expectAccessible(citizen, 'who used my data');
    await citizen.goto('/me');
    await citizen.getByTestId('profile').waitFor();
    assert.match((await citizen.getByTestId('profile').textContent()) ?? '', /3101\*+0019/);
    await expectAccessible(citizen, 'profile');
    await citizen.context().close();
  });

  it('the administrator verifies the audit chain in the browser', async () => {
    const page = await fresh();
    await signIn(page, 'wujun');
    await page.goto('/admin');
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-status').waitFor();
    assert.match((await page.getByTestId('audit-status').textContent()) ?? '', /完整|intact/i);
    await expectAccessible(page, 'admin page');
    await page.context().close();
  });
});
