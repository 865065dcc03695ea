/**
 * Server access logs in AWS's documented space-separated format, buffered and
 * delivered as objects `<prefix>YYYY-mm-DD-HH-MM-SS-<16 hex>` into the logging
 * target bucket every few seconds and on close, as S3's log delivery does
 * (best effort, minutes late in AWS; seconds here).
 */
import { randomBytes } from 'node:crypto';

/** What one request contributes to the log, filled in as it is handled. */
export interface LogEntry {
  time: Date;
  bucket?: string;
  /** Decoded key, or undefined for bucket operations. */
  key?: string;
  operation: string;
  remoteIp: string;
  requester: string;
  requestId: string;
  /** "GET /bucket/key?query HTTP/1.1", the URI exactly as received (presigned: with X-Amz-Signature). */
  requestUri: string;
  status: number;
  errorCode?: string;
  bytesSent: number;
  objectSize?: number;
  /** performance.now() marks. */
  started: number;
  requestEnded?: number;
  firstByte?: number;
  finished?: number;
  referer?: string;
  userAgent?: string;
  versionId?: string;
  hostId: string;
  signed: boolean;
  authType?: 'AuthHeader' | 'QueryString';
  hostHeader?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The last second formatted: requests come many per second, and each log line starts with its time. */
let lastLogTime = { second: NaN, text: '' };

/** [06/Feb/2019:00:00:38 +0000] */
function logTime(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second === lastLogTime.second) return lastLogTime.text;
  const text = `[${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000]`;
  lastLogTime = { second, text };
  return text;
}

const dash = (v: string | number | undefined): string => (v === undefined || v === '' ? '-' : String(v));
const quoted = (v: string | undefined): string =>
  `"${v === undefined || v === '' ? '-' : v.replace(/["\\]/g, (c) => `\\${c}`).replace(/[\r\n]/g, ' ')}"`;

/** The key as S3 logs it: URL-encoded, slashes kept. */
function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/');
}

/**
 * One log record. Fields, in AWS's order: bucket owner, bucket, time, remote IP,
 * requester, request id, operation, key, request-URI, status, error code, bytes
 * sent, object size, total time, turn-around time, referer, user-agent, version
 * id, host id, signature version, cipher suite, authentication type, host header,
 * TLS version, access point ARN, aclRequired, source region.
 */
export function formatLogLine(owner: string, e: LogEntry): string {
  const total = e.finished !== undefined ? Math.max(0, Math.round(e.finished - e.started)) : undefined;
  const turnAround =
    e.firstByte !== undefined ? Math.max(0, Math.round(e.firstByte - (e.requestEnded ?? e.started))) : undefined;
  return [
    owner,
    dash(e.bucket),
    logTime(e.time),
    dash(e.remoteIp.replace(/^::ffff:/, '')),
    dash(e.requester),
    e.requestId,
    e.operation,
    e.key === undefined ? '-' : encodeKey(e.key),
    quoted(e.requestUri),
    e.status,
    dash(e.errorCode),
    e.bytesSent > 0 ? e.bytesSent : '-',
    dash(e.objectSize),
    dash(total),
    dash(turnAround),
    quoted(e.referer),
    quoted(e.userAgent),
    dash(e.versionId),
    e.hostId,
    e.signed ? 'SigV4' : '-',
    '-',
    dash(e.authType),
    dash(e.hostHeader),
    '-',
    '-',
    '-',
    '-',
  ].join(' ');
}

/** `<prefix>2026-05-08-09-05-03-0123456789ABCDEF` */
export function logObjectKey(prefix: string, at: Date): string {
  const stamp = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}-${pad(at.getUTCHours())}-${pad(at.getUTCMinutes())}-${pad(at.getUTCSeconds())}`;
  return `${prefix}${stamp}-${randomBytes(8).toString('hex').toUpperCase()}`;
}

export interface LogTarget {
  /** The logged (source) bucket. */
  source: string;
  targetBucket: string;
  targetPrefix: string;
}

/** Buffers lines per target and hands them to `deliver` on flush. */
export class AccessLogBuffer {
  private readonly pending = new Map<string, { target: LogTarget; lines: string[] }>();

  add(target: LogTarget, line: string): void {
    const id = `${target.source}\n${target.targetBucket}\n${target.targetPrefix}`;
    let slot = this.pending.get(id);
    if (!slot) {
      slot = { target, lines: [] };
      this.pending.set(id, slot);
    }
    slot.lines.push(line);
  }

  /** Takes everything buffered so far. */
  drain(): Array<{ target: LogTarget; body: Buffer }> {
    const out = [...this.pending.values()].map(({ target, lines }) => ({
      target,
      body: Buffer.from(`${lines.join('\n')}\n`, 'utf8'),
    }));
    this.pending.clear();
    return out;
  }
}
