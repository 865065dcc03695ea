import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { VaultBridge } from '../../src/bridge/vault-bridge';
import { startTestBridge } from '../support/bridge';
import { dropFiles, PASSWORD, row, sha256, signIn, tryLocalVault, waitForFile } from './vault-helpers';

// The page's own clipboard: the bridge has no system clipboard, so Copy link falls back to navigator.clipboard.
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

let alicesApp: VaultBridge;
let bobsApp: VaultBridge;

test.beforeAll(async () => {
  alicesApp = await startTestBridge();
  bobsApp = await startTestBridge();
});

test.afterAll(async () => {
  await bobsApp.close();
  await alicesApp.close();
});

test('a share link, copied, opens for another member of the vault as the same bytes', async ({ page, context }) => {
  const shot = (name: string, on = page) => on.screenshot({ path: test.info().outputPath(`${name}.png`) });
  const bytes = Buffer.from(`The plan, in full.\n${'x'.repeat(200_000)}\n`);

  // Alice: a local vault with one file, shared for a quarter of an hour.
  await tryLocalVault(page, alicesApp, 'alice');
  await dropFiles(page, alicesApp, { 'plan.txt': bytes });
  await expect(row(page, 'plan.txt')).toBeVisible({ timeout: 30_000 });
  await row(page, 'plan.txt').getByRole('button', { name: 'Share' }).click();
  const share = page.getByRole('dialog', { name: 'Share “plan.txt”' });
  const expiresIn = share.getByLabel('Expires in');
  await expect(expiresIn).toBeFocused();
  // The choices are what the signing credentials allow (an hour's credentials here): never more.
  await expect(expiresIn.getByRole('option', { name: '15 minutes' })).toBeAttached();
  await expect(expiresIn.getByRole('option', { name: '1 day' })).toHaveCount(0);
  await expect(share).toContainText('encrypted bytes');
  await expiresIn.selectOption({ label: '15 minutes' });
  await share.getByRole('button', { name: 'Create link' }).click();
  const shareLink = share.getByLabel('Share link');
  await expect(shareLink).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\//, { timeout: 30_000 });
  await expect(shareLink).toHaveAttribute('readonly', '');
  await expect(share.getByLabel('App link')).toHaveValue(/^s3vault:\/\//);
  await expect(share).toContainText(/Expires .+\(in 1[45] minutes\)/);
  await share.getByRole('button', { name: 'Copy link', exact: true }).click();
  await expect(share.getByRole('status').first()).toHaveText('Copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await shareLink.inputValue());
  const appLink = await share.getByLabel('App link').inputValue();
  await shot('share-dialog');
  await page.keyboard.press('Escape');
  await expect(share).toBeHidden();

  // The history lists the link with its expiry.
  await page.getByRole('button', { name: 'Share links' }).click();
  const history = page.getByRole('dialog', { name: 'Share links' });
  await expect(history.getByRole('row', { name: /plan\.txt/ })).toBeVisible();
  await expect(history).not.toContainText('Expired');
  await shot('share-links');
  await history.getByRole('button', { name: 'Close' }).click();

  // Bob gets an account in the same local vault (a local vault belongs to whoever holds its folder).
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'New account…' }).click();
  await page.getByLabel('Username').fill('bob');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create local vault' }).click();
  await expect(page.getByRole('grid', { name: 'Files in My files' })).toBeVisible({ timeout: 30_000 });
  // Bob's own files do not include Alice's.
  await expect(row(page, 'plan.txt')).toHaveCount(0);

  // Bob, in his own app (a second bridge with its own data folder), connects to that vault with its profile.
  const profile = JSON.parse(await readFile(path.join(alicesApp.dataDir, 'profile.json'), 'utf8')) as {
    profile: unknown;
  };
  const bobsPage = await context.newPage();
  await bobsPage.goto(bobsApp.url);
  await bobsPage.getByRole('button', { name: 'Connect to a vault' }).click();
  await bobsPage.getByLabel('Profile JSON or s3vault://connect link').fill(JSON.stringify(profile.profile, null, 2));
  await shot('connect', bobsPage);
  await bobsPage.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(bobsPage.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 30_000 });
  await signIn(bobsPage, 'bob');

  await bobsPage.getByRole('button', { name: 'Open share link' }).click();
  const open = bobsPage.getByRole('dialog', { name: 'Open share link' });
  await open.getByLabel('Share link').fill(copied);
  await shot('open-share-link', bobsPage);
  await open.getByRole('button', { name: 'Open' }).click();
  await expect(open).toBeHidden({ timeout: 30_000 });
  // The plain URL names only the encrypted object, so the file is saved under that name.
  const transfers = bobsPage.getByRole('region', { name: 'Transfers' });
  await expect(transfers.getByRole('progressbar', { name: /^Download .+ progress$/ })).toHaveAttribute(
    'aria-valuenow',
    '100',
    { timeout: 30_000 },
  );
  const [savedName] = await readdir(bobsApp.downloadsDir);
  const received = await waitForFile(path.join(bobsApp.downloadsDir, savedName!));
  expect(sha256(received)).toBe(sha256(bytes));
  await shot('shared-file-downloaded', bobsPage);

  // The app link (as the OS hands over an s3vault:// deep link) opens the same dialog, filled in, and carries the name.
  bobsApp.emit('links.received', { link: appLink });
  await expect(open).toBeVisible();
  await expect(open.getByLabel('Share link')).toHaveValue(appLink);
  await open.getByRole('button', { name: 'Open' }).click();
  await expect(open).toBeHidden({ timeout: 30_000 });
  await expect(transfers.getByRole('progressbar', { name: 'Download plan.txt progress' })).toHaveAttribute(
    'aria-valuenow',
    '100',
    { timeout: 30_000 },
  );
  const named = await waitForFile(path.join(bobsApp.downloadsDir, 'plan.txt'));
  expect(sha256(named)).toBe(sha256(bytes));

  // Escape closes a dialog and gives focus back to what opened it.
  await bobsPage.getByRole('button', { name: 'Open share link' }).click();
  await expect(open).toBeVisible();
  await bobsPage.keyboard.press('Escape');
  await expect(open).toBeHidden();
  await expect(bobsPage.getByRole('button', { name: 'Open share link' })).toBeFocused();
});
