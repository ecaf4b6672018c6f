/**
 * End-to-end harness: the real server (API + built web app) over a fresh PGlite with the demo catalog, and
 * Debian Chromium driven by playwright-core (headless, --no-sandbox), with an axe-core check helper.
 */
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startTestServer, ROOT, type TestServer } from '../packages/server/src/test/harness.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2E { server: TestServer; browser: Browser; page: Page; close: () => Promise<void> }

/** Starts the platform and a browser page; `close` stops both. */
export async function startE2E(opts: { mobile?: boolean } = {}): Promise<E2E> {
  const server = await startTestServer('pglite', { webDist: `${ROOT}packages/web/dist` });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'zh-CN',
    ...(opts.mobile ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 900 } }),
  });
  const page = await context.newPage();
  return { server, browser, page, close: async () => { await browser.close(); await server.close(); } };
}

/** Signs in through the header's sign-in button and the identity provider's demo-account list. */
export async function signIn(page: Page, username: string, from = '/'): Promise<void> {
  await page.goto(from);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(/\/idp-login\//);
  await page.getByRole('button', { name: new RegExp(`· ${username}$`) }).click();
  await page.getByTestId('account-name').waitFor();
}

/** Runs axe-core on the page and fails on any serious or critical violation, naming each. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`),
    [],
    `accessibility violations on ${label}`,
  );
}
