import { expect, test } from '@playwright/test';
import type { Bridge } from '../../src/bridge/server';
import { packageJson, startTestBridge } from '../support/bridge';

let bridge: Bridge;

test.beforeAll(async () => {
  bridge = await startTestBridge();
});

test.afterAll(async () => {
  await bridge.close();
});

test('the first-run screen shows the version from app.info', async ({ page }) => {
  await page.goto(bridge.url);
  await expect(page.getByRole('heading', { name: 'Welcome to S3 Vault' })).toBeVisible();
  await expect(page.getByLabel('Version')).toHaveText(
    `${packageJson.productName} ${packageJson.version} · ${process.platform}`,
  );
  await expect(page.getByRole('button', { name: 'Try a local vault' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('first-run.png') });
});

test('an event from the host reaches the page (app.themeChanged)', async ({ page }) => {
  await page.goto(bridge.url);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  bridge.emit('app.themeChanged', { theme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: test.info().outputPath('first-run-dark.png') });
});

test('a malformed call is refused with INVALID_INPUT and the window keeps working', async ({ page }) => {
  await page.goto(bridge.url);
  const refused = await page.evaluate(() =>
    (window.vault.app.info as unknown as (input: unknown) => Promise<unknown>)({ path: '../../etc/passwd' }),
  );
  expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  const info = await page.evaluate(() => window.vault.app.info());
  expect(info).toMatchObject({ ok: true, value: { version: packageJson.version } });
});

test('the bridge socket refuses a wrong token', async ({ page }) => {
  await page.goto(bridge.url);
  const outcome = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`${location.origin.replace('http', 'ws')}/__bridge/socket?token=guess`);
        socket.onopen = () => resolve('opened');
        socket.onerror = () => resolve('refused');
      }),
  );
  expect(outcome).toBe('refused');
});
