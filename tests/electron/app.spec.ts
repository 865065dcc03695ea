import { _electron as electron, expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// Run by `npm run test:electron` only where the Electron binary exists (scripts/test-electron.mjs).
test('the packaged-style app opens the first-run screen with a hardened window', async () => {
  const app = await electron.launch({ executablePath: process.env.S3VAULT_ELECTRON_BINARY, args: ['.'] });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: 'Welcome to S3 Vault' })).toBeVisible();
    await expect(window.getByLabel('Version')).toContainText(version);
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    await window.screenshot({ path: test.info().outputPath('electron-first-run.png') });
  } finally {
    await app.close();
  }
});
