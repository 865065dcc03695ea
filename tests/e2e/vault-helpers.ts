/**
 * What the vault's end-to-end tests share: a bridge on a fresh data folder,
 * signing in through the UI, dropping files on the page, and reading the
 * local vault's bucket as its administrator (the test's own view, not the app's).
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { expect, type Page } from '@playwright/test';
import type { VaultBridge } from '../../src/bridge/vault-bridge';
import { loadAdminKeys } from '../../src/local/local-ids';

// The SDK's notice that releases after January 2027 need Node 22: our versions are pinned (as in vitest.config.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const PASSWORD = 'Correct-Horse-42!';

/** Creates a local vault with this person through the first-run screen and waits for the empty vault. */
export async function tryLocalVault(page: Page, bridge: VaultBridge, username: string, password = PASSWORD) {
  await page.goto(bridge.url);
  await page.getByRole('button', { name: 'Try a local vault' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create local vault' }).click();
  await expect(page.getByRole('grid', { name: 'Files in My files' })).toBeVisible({ timeout: 30_000 });
}

/** Signs in through the sign-in screen and waits for the vault window. */
export async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('grid', { name: 'Files in My files' })).toBeVisible({ timeout: 30_000 });
}

/**
 * Writes files into the bridge's drop folder, then drops File objects of the
 * same names on the page (dragenter, dragover, drop), as a drag from the
 * desktop would; `screenshot` is where to save the window while the drag hovers.
 */
export async function dropFiles(page: Page, bridge: VaultBridge, files: Record<string, Buffer>, screenshot?: string) {
  for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(bridge.dropDir, name), bytes);
  const names = Object.keys(files);
  const dataTransfer = await page.evaluateHandle((names) => {
    const transfer = new DataTransfer();
    for (const name of names) transfer.items.add(new File(['stand-in'], name));
    return transfer;
  }, names);
  const target = page.getByRole('grid');
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await expect(page.getByRole('region', { name: 'Drop files to encrypt and upload' })).toBeVisible();
  if (screenshot) await page.screenshot({ path: screenshot });
  await target.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('region', { name: 'Drop files to encrypt and upload' })).toBeHidden();
}

/** The file list's row for an entry (by its exact name cell). */
export function row(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('gridcell', { name, exact: true }) });
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Waits for a file to appear (a download renamed into place) and returns its bytes. */
export async function waitForFile(file: string, timeout = 30_000): Promise<Buffer> {
  let bytes: Buffer | undefined;
  await expect
    .poll(
      async () => {
        bytes = await readFile(file).catch(() => undefined);
        return bytes !== undefined;
      },
      { timeout },
    )
    .toBe(true);
  return bytes!;
}

/** Every object key in the local vault's bucket under private/, read with the account's admin keys. */
export async function bucketKeys(bridge: VaultBridge): Promise<string[]> {
  const stored = JSON.parse(await readFile(path.join(bridge.dataDir, 'profile.json'), 'utf8')) as {
    profile: { endpoint: string; bucket: string; region: string };
  };
  const { endpoint, bucket, region } = stored.profile;
  const s3 = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: loadAdminKeys(path.join(bridge.dataDir, 'local-vault')),
  });
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'private/', ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.NextContinuationToken;
  } while (token);
  s3.destroy();
  return keys;
}

/** A person's objects (files and folder markers), without the reserved .name-key. */
export function personObjects(keys: string[]): { files: string[]; folders: string[] } {
  const mine = keys.filter((key) => /^private\/[^/]+\/v1\//.test(key) && !key.endsWith('/.name-key'));
  return { files: mine.filter((key) => !key.endsWith('/')), folders: mine.filter((key) => key.endsWith('/')) };
}
