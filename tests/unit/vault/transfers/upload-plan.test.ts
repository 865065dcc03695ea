import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planUpload } from '../../../../src/main/vault/transfers/upload-plan';

describe('planUpload', () => {
  it('keeps a folder tree under its name, lists empty folders, skips links inside', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 's3vault-plan-'));
    const tree = path.join(root, 'Trip');
    mkdirSync(path.join(tree, 'day1'), { recursive: true });
    mkdirSync(path.join(tree, 'empty'));
    writeFileSync(path.join(tree, 'day1', 'a.jpg'), 'aa');
    writeFileSync(path.join(tree, 'notes.txt'), 'n');
    symlinkSync('/etc/passwd', path.join(tree, 'link'));
    const single = path.join(root, 'single.txt');
    writeFileSync(single, 'xyz');

    const plan = await planUpload([tree, single], 'Backups');
    expect(plan.files).toEqual([
      { localPath: path.join(tree, 'day1', 'a.jpg'), path: 'Backups/Trip/day1/a.jpg', size: 2 },
      { localPath: path.join(tree, 'notes.txt'), path: 'Backups/Trip/notes.txt', size: 1 },
      { localPath: single, path: 'Backups/single.txt', size: 3 },
    ]);
    expect(plan.emptyFolders).toEqual(['Backups/Trip/empty']);
    expect(plan.skipped).toEqual([{ localPath: path.join(tree, 'link'), reason: 'a symbolic link' }]);
  });

  it('fails NOT_FOUND for a source that does not exist', async () => {
    await expect(planUpload(['/no/such/file'], '')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
