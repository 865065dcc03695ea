/**
 * One line of an S3 server access log, parsed defensively: log objects come
 * from the network and anyone who may write into the log bucket can put
 * anything there, so a line that does not have the documented shape is
 * skipped, never trusted. Only the fields the status panel uses are kept.
 */

/** The fields of a log record the share-link usage needs. */
export interface AccessLogRecord {
  /** Epoch ms of the request. */
  time: number;
  operation: string;
  /** "GET /bucket/key?… HTTP/1.1", as logged. */
  requestUri: string;
  status: number;
  /** "QueryString" for a pre-signed URL, "AuthHeader" for a signed request, absent for anonymous ones. */
  authType?: string;
}

/** Longer lines are not S3's (its Request-URI is at most a few KiB): skipped, not parsed. */
const MAX_LINE = 16 * 1024;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIME = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** Splits a line into fields: space-separated, "quoted with \" escapes", or [bracketed]. Null when malformed. */
export function splitLogFields(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) i++;
        value += line[i];
        i++;
      }
      if (i >= line.length) return null;
      fields.push(value);
      i++;
    } else if (line[i] === '[') {
      const end = line.indexOf(']', i);
      if (end < 0) return null;
      fields.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      const end = line.indexOf(' ', i);
      fields.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length : end;
    }
  }
  return fields;
}

/** Parses one log line; null for anything that is not a well-formed record. */
export function parseAccessLogLine(line: string): AccessLogRecord | null {
  if (line.length === 0 || line.length > MAX_LINE) return null;
  const f = splitLogFields(line);
  // Owner, bucket, time, IP, requester, request id, operation, key, Request-URI, status: at least these.
  if (!f || f.length < 10) return null;
  const time = parseLogTime(f[2]!);
  const operation = f[6]!;
  const status = Number(f[9]);
  if (time === null || !/^[A-Z]+\.[A-Z_.]+$/.test(operation) || !/^\d{3}$/.test(f[9]!)) return null;
  const authType = f[21];
  return {
    time,
    operation,
    requestUri: f[8]!,
    status,
    ...(authType && authType !== '-' ? { authType } : {}),
  };
}

/** "06/Feb/2019:00:00:38 +0000" as epoch ms; null when malformed. */
export function parseLogTime(text: string): number | null {
  const m = TIME.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!);
  if (month < 0) return null;
  const utc = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  const offsetMinutes = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  const time = utc - offsetMinutes * 60_000;
  return Number.isFinite(time) ? time : null;
}
