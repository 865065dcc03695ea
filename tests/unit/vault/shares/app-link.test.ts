import { describe, expect, it } from 'vitest';
import { buildAppLink, isAppLink, parseAppLink, safeFileName } from '../../../../src/main/vault/shares/app-link';

describe('app links', () => {
  it('round-trips the URL, name, owner and file id, each percent-encoded', () => {
    const link = {
      url: 'https://b.s3.amazonaws.com/private/x/v1/a?X-Amz-Signature=1&X-Amz-Date=2',
      name: 'Q3 report & notes+.pdf',
      owner: 'eu-west-1:abc',
      file: 'AAAAAAAAAAAAAAAAAAAAAA',
    };
    const text = buildAppLink(link);
    expect(text).toMatch(
      /^s3vault:\/\/open\?url=https%3A%2F%2F.+&name=Q3%20report%20%26%20notes%2B\.pdf&owner=eu-west-1%3Aabc&file=A{22}$/,
    );
    expect(isAppLink(text)).toBe(true);
    expect(isAppLink(link.url)).toBe(false);
    expect(parseAppLink(text)).toEqual(link);
  });

  it('refuses links that are not for opening a file', () => {
    expect(() => parseAppLink('s3vault://connect?x=1')).toThrow(/not a link to open a file/);
    expect(() => parseAppLink('s3vault://open?name=a')).toThrow(/no file address/);
  });

  it('accepts only names that are safe to create a file with', () => {
    expect(safeFileName('report.pdf')).toBe('report.pdf');
    expect(safeFileName('e\u0301te\u0301.txt')).toBe('\u00e9t\u00e9.txt');
    for (const bad of [undefined, '', '..', '../etc/passwd', 'a/b', 'a\\b', '.bashrc', 'con:', 'x\u0000y', 'a?']) {
      expect(safeFileName(bad)).toBeUndefined();
    }
  });
});
