import type { IncomingMessage } from 'node:http';

export type ServiceName = 's3' | 'kms' | 'cognito-idp' | 'cognito-identity' | 'sts' | 'jwks';

const TARGET_PREFIXES: Record<string, ServiceName> = {
  AWSCognitoIdentityProviderService: 'cognito-idp',
  AWSCognitoIdentityService: 'cognito-identity',
  TrentService: 'kms',
};

/**
 * Which service a request on the one port is for, from its shape alone (as
 * LocalStack's edge port does): JSON services by X-Amz-Target, STS by its
 * query-protocol Action, the user pool's JWKS by path, and S3 for the rest.
 */
export function routeRequest(req: IncomingMessage): ServiceName {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const service = TARGET_PREFIXES[target.split('.')[0] ?? ''];
    if (service) return service;
  }
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname === '/') {
    const contentType = String(req.headers['content-type'] ?? '');
    if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) return 'sts';
    if (req.method === 'GET' && url.searchParams.has('Action')) return 'sts';
  }
  if (req.method === 'GET' && /^\/[\w-]+_[0-9A-Za-z]+\/\.well-known\/jwks\.json$/.test(url.pathname)) return 'jwks';
  return 's3';
}
