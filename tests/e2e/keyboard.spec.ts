import { expect, test, type Page } from '@playwright/test';
import type { VaultBridge } from '../../src/bridge/vault-bridge';
import { startTestBridge } from '../support/bridge';
import { dropFiles, row, tryLocalVault } from './vault-helpers';

let bridge: VaultBridge;

test.beforeAll(async () => {
  bridge = await startTestBridge();
});

test.afterAll(async () => {
  await bridge.close();
});

/** Presses Tab until `target` has the focus (at most `limit` times), as a keyboard user would. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, limit = 20) {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('keyboard only: sign in, select a file, share it', async ({ page }) => {
  // Setup with the mouse: an account with two files, then signed out.
  await tryLocalVault(page, bridge, 'kim');
  await dropFiles(page, bridge, { 'a-first.txt': Buffer.from('one'), 'b-second.txt': Buffer.from('two') });
  await expect(row(page, 'b-second.txt')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.reload();

  // From here on, only the keyboard.
  await expect(page.getByLabel('Username')).toBeFocused();
  await page.keyboard.type('kim');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Correct-Horse-42!');
  await page.keyboard.press('Enter');
  const grid = page.getByRole('grid', { name: 'Files in My files' });
  await expect(grid).toBeVisible({ timeout: 30_000 });

  await tabTo(page, grid);
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'a-first.txt')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'b-second.txt')).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, 'a-first.txt')).toHaveAttribute('aria-selected', 'false');
  await expect(grid).toHaveAttribute('aria-activedescendant', /.+/);
  await page.screenshot({ path: test.info().outputPath('keyboard-selected.png') });

  // Tab goes on to the column headers (sortable with Enter), then the selected row's own buttons.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('columnheader', { name: 'Name' }).getByRole('button')).toBeFocused();
  const shareButton = row(page, 'b-second.txt').getByRole('button', { name: 'Share' });
  await tabTo(page, shareButton, 5);
  await page.keyboard.press('Enter');
  const share = page.getByRole('dialog', { name: 'Share “b-second.txt”' });
  await expect(share.getByLabel('Expires in')).toBeFocused();
  // Create link stays disabled (out of the Tab order) until the lifetimes the credentials allow have loaded.
  await expect(share.getByLabel('Expires in')).toHaveAttribute('aria-busy', 'false');
  await page.keyboard.press('Tab');
  await expect(share.getByRole('button', { name: 'Create link' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(share.getByLabel('Share link')).toHaveValue(/^http/, { timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('keyboard-share.png') });

  // Escape closes the dialog and the focus is back on the Share button.
  await page.keyboard.press('Escape');
  await expect(share).toBeHidden();
  await expect(shareButton).toBeFocused();
});
