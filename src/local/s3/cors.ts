/**
 * CORS as S3 does it: preflight (OPTIONS) answered only from the bucket's CORS
 * rules, unauthenticated; no rules or no matching rule → 403.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { BucketModel } from '../core/model';
import { header, type S3Call } from './call';
import { s3Error } from './errors';

type Rule = BucketModel['cors'][number];

/** '*' wildcards (at most one per pattern in S3), case-insensitive for headers. */
function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  const re = new RegExp(
    `^${p
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(v);
}

function matchRule(rules: Rule[], origin: string, method: string, requestHeaders: string[]): Rule | undefined {
  return rules.find(
    (r) =>
      r.AllowedOrigins.some((o) => wildcardMatch(o, origin, false)) &&
      r.AllowedMethods.includes(method) &&
      requestHeaders.every((h) => (r.AllowedHeaders ?? []).some((a) => wildcardMatch(a, h, true))),
  );
}

function allowOrigin(rule: Rule, origin: string): string {
  return rule.AllowedOrigins.includes('*') ? '*' : origin;
}

/** Answers an OPTIONS preflight for `bucket` (undefined: no such bucket). */
export function preflight(call: Pick<S3Call, 'req' | 'res'>, bucket: BucketModel | undefined): void {
  const origin = header(call.req, 'origin');
  const method = header(call.req, 'access-control-request-method');
  if (!origin || !method) {
    throw s3Error('BadRequest', 'Insufficient information. Origin request header needed.', {});
  }
  if (!bucket || bucket.cors.length === 0) throw s3Error('CORSResponse', 'CORS is not enabled for this bucket.');
  const requested = (header(call.req, 'access-control-request-headers') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const rule = matchRule(bucket.cors, origin, method, requested);
  if (!rule) {
    throw s3Error(
      'CORSResponse',
      "This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
    );
  }
  const headers: OutgoingHttpHeaders = {
    'Access-Control-Allow-Origin': allowOrigin(rule, origin),
    'Access-Control-Allow-Methods': rule.AllowedMethods.join(', '),
    Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (requested.length > 0) headers['Access-Control-Allow-Headers'] = requested.join(', ');
  if (rule.ExposedHeaders?.length) headers['Access-Control-Expose-Headers'] = rule.ExposedHeaders.join(', ');
  if (rule.MaxAge !== undefined) headers['Access-Control-Max-Age'] = String(rule.MaxAge);
  if (!rule.AllowedOrigins.includes('*')) headers['Access-Control-Allow-Credentials'] = 'true';
  call.res.writeHead(200, { ...headers, 'Content-Length': 0 });
  call.res.end();
}

/** CORS headers for an actual (non-preflight) request with an Origin that a rule allows. */
export function corsHeaders(call: Pick<S3Call, 'req'>, bucket: BucketModel): OutgoingHttpHeaders {
  const origin = header(call.req, 'origin');
  if (!origin || bucket.cors.length === 0) return {};
  const rule = matchRule(bucket.cors, origin, call.req.method ?? 'GET', []);
  if (!rule) return {};
  const out: OutgoingHttpHeaders = {
    'Access-Control-Allow-Origin': allowOrigin(rule, origin),
    'Access-Control-Allow-Methods': rule.AllowedMethods.join(', '),
    Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (rule.ExposedHeaders?.length) out['Access-Control-Expose-Headers'] = rule.ExposedHeaders.join(', ');
  if (rule.MaxAge !== undefined) out['Access-Control-Max-Age'] = String(rule.MaxAge);
  if (!rule.AllowedOrigins.includes('*')) out['Access-Control-Allow-Credentials'] = 'true';
  return out;
}
