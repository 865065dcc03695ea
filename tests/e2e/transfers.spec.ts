import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { VaultBridge } from '../../src/bridge/vault-bridge';
import { startTestBridge } from '../support/bridge';
import { dropFiles, row, sha256, tryLocalVault, waitForFile } from './vault-helpers';

let bridge: VaultBridge;

test.beforeAll(async () => {
  bridge = await startTestBridge();
});

test.afterAll(async () => {
  await bridge.close();
});

test('dropped files are encrypted, uploaded with progress, listed with their sizes, and download as the same bytes', async ({
  page,
}) => {
  await tryLocalVault(page, bridge, 'dora');
  const files = {
    'report.pdf': randomBytes(3 * 1024 * 1024 + 17),
    'notes.txt': Buffer.from('Remember the milk.\n'),
  };

  // Progress as the panel showed it, sampled in the page while the upload runs.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('[role=progressbar]')) seen.push(bar.getAttribute('aria-valuenow')!);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });

  await dropFiles(page, bridge, files, test.info().outputPath('drop-zone.png'));

  const transfers = page.getByRole('region', { name: 'Transfers' });
  for (const name of Object.keys(files)) {
    await expect(transfers.getByRole('progressbar', { name: `Upload ${name} progress` })).toHaveAttribute(
      'aria-valuenow',
      '100',
      { timeout: 30_000 },
    );
  }
  await expect(transfers.getByRole('listitem', { name: 'Upload report.pdf' })).toContainText('Done');
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((value) => Number(value) >= 0 && Number(value) <= 100)).toBe(true);

  await expect(row(page, 'report.pdf')).toContainText('3.0 MB');
  await expect(row(page, 'notes.txt')).toContainText('19 bytes');
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '3');
  await page.screenshot({ path: test.info().outputPath('vault-two-files.png') });

  // Download: the bridge saves into its downloads folder what Electron would ask a place for.
  await row(page, 'report.pdf').getByRole('button', { name: 'Download' }).click();
  await expect(transfers.getByRole('progressbar', { name: 'Download report.pdf progress' })).toHaveAttribute(
    'aria-valuenow',
    '100',
    { timeout: 30_000 },
  );
  const downloaded = await waitForFile(path.join(bridge.downloadsDir, 'report.pdf'));
  expect(sha256(downloaded)).toBe(sha256(files['report.pdf']));
  await page.screenshot({ path: test.info().outputPath('transfers.png') });

  // Enter on a selected file downloads it too.
  await row(page, 'notes.txt').click();
  await page.keyboard.press('Enter');
  const notes = await waitForFile(path.join(bridge.downloadsDir, 'notes.txt'));
  expect(notes.equals(files['notes.txt'])).toBe(true);
});

test('Add files needs a file picker, which the browser bridge does not have: it says so', async ({ page }) => {
  await page.goto(bridge.url);
  await page.getByRole('button', { name: 'Add files' }).click();
  await expect(page.getByRole('alert')).toContainText('drop them on the window');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toBeHidden();
});
