import { expect, test } from '@playwright/test';
import type { VaultBridge } from '../../src/bridge/vault-bridge';
import { startTestBridge } from '../support/bridge';
import { bucketKeys, dropFiles, personObjects, row, tryLocalVault } from './vault-helpers';

let bridge: VaultBridge;

test.beforeAll(async () => {
  bridge = await startTestBridge();
});

test.afterAll(async () => {
  await bridge.close();
});

test('new folder, rename and delete with confirmation: the list and the bucket agree', async ({ page }) => {
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  await tryLocalVault(page, bridge, 'erin');
  await dropFiles(page, bridge, { 'draft.txt': Buffer.from('first draft') });
  await expect(row(page, 'draft.txt')).toBeVisible({ timeout: 30_000 });

  // New folder.
  await page.getByRole('button', { name: 'New folder' }).click();
  const newFolder = page.getByRole('dialog', { name: 'New folder' });
  await expect(newFolder.getByLabel('Folder name')).toBeFocused();
  await newFolder.getByLabel('Folder name').fill('Projects');
  await shot('new-folder');
  await newFolder.getByRole('button', { name: 'Create' }).click();
  await expect(newFolder).toBeHidden();
  await expect(row(page, 'Projects')).toBeVisible();
  // Folders list first.
  await expect(page.getByRole('row').nth(1)).toContainText('Projects');

  // Rename from the row's button; the dialog selects the name without its extension.
  await row(page, 'draft.txt').getByRole('button', { name: 'Rename' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename “draft.txt”' });
  await expect(rename.getByLabel('New name')).toHaveValue('draft.txt');
  await rename.getByLabel('New name').fill('final.txt');
  await shot('rename');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename).toBeHidden();
  await expect(row(page, 'final.txt')).toBeVisible();
  await expect(row(page, 'draft.txt')).toHaveCount(0);

  let objects = personObjects(await bucketKeys(bridge));
  expect(objects.files).toHaveLength(1);
  expect(objects.folders).toHaveLength(1);
  // Object keys hold encrypted names only.
  for (const key of [...objects.files, ...objects.folders]) expect(key).not.toMatch(/final|draft|Projects/);

  // A folder opens on double-click; the path bar goes back.
  await row(page, 'Projects').dblclick();
  await expect(page.getByRole('grid', { name: 'Files in Projects' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Path' }).getByRole('button', { name: 'Projects' }),
  ).toHaveAttribute('aria-current', 'location');
  await page.getByRole('navigation', { name: 'Path' }).getByRole('button', { name: 'My files' }).click();
  await expect(page.getByRole('grid', { name: 'Files in My files' })).toBeVisible();

  // Sorting by a column says so with aria-sort.
  const nameHeader = page.getByRole('columnheader', { name: 'Name' });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('columnheader', { name: 'Size' }).getByRole('button').press('Enter');
  await expect(page.getByRole('columnheader', { name: 'Size' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(nameHeader).toHaveAttribute('aria-sort', 'none');

  // The filter keeps matching names only.
  await page.getByLabel('Search files').fill('fin');
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '2');
  await page.getByLabel('Search files').fill('');

  // Delete asks first: Escape keeps the folder, Delete removes it.
  await row(page, 'Projects').click();
  await page.keyboard.press('Delete');
  const confirm = page.getByRole('alertdialog', { name: 'Delete “Projects”?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot('delete-confirm');
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(row(page, 'Projects')).toBeVisible();

  await row(page, 'Projects').getByRole('button', { name: 'Delete' }).click();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm).toBeHidden();
  await expect(row(page, 'Projects')).toHaveCount(0);
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '2');

  objects = personObjects(await bucketKeys(bridge));
  expect(objects.files).toHaveLength(1);
  expect(objects.folders).toHaveLength(0);

  // F2 renames from the keyboard, too.
  await row(page, 'final.txt').click();
  await page.keyboard.press('F2');
  await expect(page.getByRole('dialog', { name: 'Rename “final.txt”' })).toBeVisible();
  await page.keyboard.press('Escape');

  await row(page, 'final.txt').getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('This folder is empty.')).toBeVisible();
  objects = personObjects(await bucketKeys(bridge));
  expect(objects.files).toHaveLength(0);
  expect(objects.folders).toHaveLength(0);
});
