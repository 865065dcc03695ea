/**
 * The file list with 10,000 entries. Making 10,000 encrypted files through the
 * real engine would take minutes, and the packaged app has no test-only route,
 * so this test serves the real built renderer with a stand-in host: the
 * bridge's client script is replaced (page.route) by one that defines
 * window.vault with a signed-in state and a folder of 10,000 files. The UI
 * under test is the same bundle the app ships.
 */
import { expect, test } from '@playwright/test';
import type { VaultBridge } from '../../src/bridge/vault-bridge';
import { startTestBridge } from '../support/bridge';

const COUNT = 10_000;

let bridge: VaultBridge;

test.beforeAll(async () => {
  bridge = await startTestBridge();
});

test.afterAll(async () => {
  await bridge.close();
});

/** Runs in the page instead of the bridge client: a host that answers from memory. */
function standInHost(count: number) {
  const ok = (value: unknown) => Promise.resolve({ ok: true, value });
  const entries = Array.from({ length: count }, (_, index) => {
    const name = `file-${String(index).padStart(5, '0')}.bin`;
    return { kind: 'file', name, path: name, size: index * 10, modified: '2026-01-02T03:04:05.000Z' };
  });
  const answers: Record<string, (input: unknown) => Promise<unknown>> = {
    'app.info': () => ok({ name: 'S3 Vault', version: '0', platform: 'test', host: 'browser-bridge', theme: 'light' }),
    'vault.state': () =>
      ok({
        profile: { kind: 'local', vaultId: 'v', region: 'us-east-1', bucket: 'b' },
        user: { username: 'many', isAdmin: false },
      }),
    'files.list': () => ok({ path: '', entries }),
    'transfers.list': () => ok([]),
  };
  const api: Record<string, unknown> = { on: () => () => {}, pathForFile: () => '' };
  for (const name of Object.keys(answers)) {
    const [group, method] = name.split('.') as [string, string];
    const target = (api[group] ??= {}) as Record<string, unknown>;
    target[method] = answers[name];
  }
  Object.defineProperty(window, 'vault', { value: api });
}

test('10,000 entries: the grid counts them all but renders only the rows in view', async ({ page }) => {
  await page.route('**/__bridge/client.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: `(${standInHost.toString()})(${COUNT});` }),
  );
  await page.goto(bridge.url);
  const grid = page.getByRole('grid', { name: 'Files in My files' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(COUNT + 1));
  await expect(page.getByRole('gridcell', { name: 'file-00000.bin' })).toBeVisible();

  const rendered = () => grid.locator('[role=row][aria-rowindex]:not([aria-rowindex="1"])').count();
  expect(await rendered()).toBeLessThan(80);

  // End jumps to the last entry: it is rendered, with its true row index, and the first is gone.
  await grid.focus();
  await page.keyboard.press('End');
  const last = page.getByRole('row', { name: /file-09999\.bin/ });
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('aria-rowindex', String(COUNT + 1));
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('gridcell', { name: 'file-00000.bin' })).toHaveCount(0);
  expect(await rendered()).toBeLessThan(80);

  // Scrolling to the middle renders the middle.
  await grid.locator('.grid-body').evaluate((body) => {
    body.scrollTop = body.scrollHeight / 2;
  });
  await expect(page.getByRole('gridcell', { name: 'file-05000.bin' })).toBeVisible();
  expect(await rendered()).toBeLessThan(80);
  await page.screenshot({ path: test.info().outputPath('ten-thousand.png') });
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await page.screenshot({ path: test.info().outputPath('ten-thousand-dark.png') });

  // Sorting 10,000 entries by size, descending, puts the largest first.
  await page.getByRole('columnheader', { name: 'Size' }).getByRole('button').click();
  await page.getByRole('columnheader', { name: 'Size' }).getByRole('button').click();
  await grid.locator('.grid-body').evaluate((body) => {
    body.scrollTop = 0;
  });
  await expect(page.getByRole('row').nth(1)).toContainText('file-09999.bin');
});
