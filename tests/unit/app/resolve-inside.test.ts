import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { resolveInside } from '../../../src/main/files/resolve-inside';

const root = path.resolve('/srv/renderer');

describe('resolveInside', () => {
  it('maps paths under the root', () => {
    expect(resolveInside(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveInside(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
  });

  it.each(['/../secret', '/assets/%2e%2e/%2e%2e/etc/passwd', '/%2F..%2F..%2Fetc', '/a%00b', '/%E0%A4%A'])(
    'refuses %s',
    (urlPath) => expect(resolveInside(root, urlPath)).toBeNull(),
  );
});
