import { describe, expect, it } from 'vitest';
import { parseAccessLogLine, parseLogTime, splitLogFields } from '../../../../src/main/vault/status/access-log-line';

const LINE =
  '79a5 vault-bucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - 3E57427F3EXAMPLE REST.GET.OBJECT private/a/v1/x ' +
  '"GET /vault-bucket/private/a/v1/x?X-Amz-Date=20190206T000000Z HTTP/1.1" 200 - 113 113 7 6 "-" "curl/8 \\"q\\"" - ' +
  's9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 - QueryString 127.0.0.1 - - - - -';

describe('access log lines', () => {
  it('parses the documented format, quoted fields with escapes included', () => {
    expect(splitLogFields(LINE)?.[16]).toBe('curl/8 "q"');
    expect(parseAccessLogLine(LINE)).toEqual({
      time: Date.UTC(2019, 1, 6, 0, 0, 38),
      operation: 'REST.GET.OBJECT',
      requestUri: 'GET /vault-bucket/private/a/v1/x?X-Amz-Date=20190206T000000Z HTTP/1.1',
      status: 200,
      authType: 'QueryString',
    });
  });

  it('skips what is not a record: garbage, unterminated quotes, bad times, short lines, huge lines', () => {
    expect(parseAccessLogLine('')).toBeNull();
    expect(parseAccessLogLine('hello world')).toBeNull();
    expect(parseAccessLogLine(LINE.replace('" 200', ' 200'))).toBeNull();
    expect(parseAccessLogLine(LINE.replace('06/Feb/2019', '06/Foo/2019'))).toBeNull();
    expect(parseAccessLogLine(LINE.replace(' 200 ', ' OK '))).toBeNull();
    expect(parseAccessLogLine(LINE.replace('REST.GET.OBJECT', '<script>'))).toBeNull();
    expect(parseAccessLogLine(`${LINE} ${'x'.repeat(20_000)}`)).toBeNull();
  });

  it('reads time zones', () => {
    expect(parseLogTime('06/Feb/2019:02:00:00 +0200')).toBe(Date.UTC(2019, 1, 6, 0, 0, 0));
    expect(parseLogTime('06/Feb/2019:00:00:00')).toBeNull();
  });
});
