import { expect, test } from '@playwright/test';
import type { VaultBridge } from '../../src/bridge/vault-bridge';
import { startTestBridge } from '../support/bridge';
import { PASSWORD, signIn } from './vault-helpers';

let bridge: VaultBridge;

test.beforeAll(async () => {
  bridge = await startTestBridge();
});

test.afterAll(async () => {
  await bridge.close();
});

test('first run: try a local vault, sign out, a wrong password is refused, sign in again', async ({ page }) => {
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });

  await page.goto(bridge.url);
  await expect(page.getByRole('heading', { name: 'Welcome to S3 Vault' })).toBeVisible();
  await page.getByRole('button', { name: 'Try a local vault' }).click();
  await expect(page.getByLabel('Username')).toBeFocused();
  await shot('first-run-try-local');

  // A password the user pool refuses says why, in an alert, and the form stays.
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create local vault' }).click();
  await expect(page.getByRole('alert')).toContainText(/password/i, { timeout: 30_000 });

  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create local vault' }).click();
  await expect(page.getByRole('grid', { name: 'Files in My files' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('grid', { name: 'Files in My files' })).toHaveAttribute('aria-rowcount', '1');
  await expect(page.getByText('This folder is empty.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Transfers' })).toBeVisible();
  await shot('vault-empty');

  await page.getByRole('button', { name: 'Status' }).click();
  const status = page.getByRole('dialog', { name: 'Status' });
  await expect(status).toContainText('alice');
  // The Status view: one item per probe, each with its state in words, checked again on Refresh.
  const region = status.getByRole('region', { name: 'Status' });
  await expect(region).toBeVisible();
  const names = ['Bucket', 'User pool', 'Key', 'Credentials', 'Share links', 'Storage', 'Transfers'];
  for (const name of names) {
    await expect(region.getByRole('listitem', { name, exact: true })).toContainText(/OK|Warning|Error/, {
      timeout: 15_000,
    });
  }
  await expect(region.getByRole('listitem')).toHaveCount(names.length);
  await expect(region.getByRole('listitem', { name: 'Bucket', exact: true })).toContainText('OK');
  await expect(region.getByRole('listitem', { name: 'Key', exact: true })).toContainText('OK');
  await status.getByRole('button', { name: 'Refresh' }).click();
  await expect(status.getByRole('button', { name: 'Refresh' })).toBeEnabled({ timeout: 15_000 });
  await shot('status');
  await page.keyboard.press('Escape');
  await expect(status).toBeHidden();
  await expect(page.getByRole('button', { name: 'Status' })).toBeFocused();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await shot('sign-in');

  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password', { exact: true }).fill(`${PASSWORD}-wrong`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert')).not.toBeEmpty();
  await shot('sign-in-wrong-password');

  await signIn(page, 'alice');
  // The session is the host's: a reload lands in the vault, not on sign-in.
  await page.reload();
  await expect(page.getByRole('grid', { name: 'Files in My files' })).toBeVisible();
});

test('a session ended by the host returns to sign-in with the reason', async ({ page }) => {
  await page.goto(bridge.url);
  await expect(page.getByRole('grid', { name: 'Files in My files' })).toBeVisible();
  await bridge.controller.signOut();
  bridge.emit('session.changed', { user: null, reason: 'Your session expired. Sign in again.' });
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Your session expired. Sign in again.');
  await page.screenshot({ path: test.info().outputPath('session-ended.png') });
});
