import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropSourcePath } from '../../../src/bridge/drop-sources';
import { uniqueTarget } from '../../../src/bridge/unique-target';

describe('the browser bridge host', () => {
  it('maps bridge-drop:<name> into its drop folder and nothing else', () => {
    expect(dropSourcePath('/tmp/drop', 'bridge-drop:photo 1.jpg')).toBe(path.join('/tmp/drop', 'photo 1.jpg'));
    for (const source of [
      '/etc/passwd',
      'bridge-drop:../secret',
      'bridge-drop:a/b',
      'bridge-drop:..',
      'bridge-drop:',
      'bridge-drop:a\\b',
    ]) {
      expect(() => dropSourcePath('/tmp/drop', source)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });

  it('saves downloads under their own name, never over a file: name (1).ext, also for two at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 's3vault-downloads-'));
    writeFileSync(path.join(dir, 'report.pdf'), 'x');
    const reserved = new Set<string>();
    const [a, b] = await Promise.all([
      uniqueTarget(dir, 'report.pdf', reserved),
      uniqueTarget(dir, 'report.pdf', reserved),
    ]);
    expect([a, b].map((file) => path.basename(file)).sort()).toEqual(['report (1).pdf', 'report (2).pdf']);
    expect(path.basename(await uniqueTarget(dir, 'README', reserved))).toBe('README');
    expect(path.dirname(await uniqueTarget(dir, '../escape', reserved))).toBe(dir);
  });
});
