import path from 'node:path';
import { protocol, net } from 'electron';
import { pathToFileURL } from 'node:url';
import { resolveInside } from '../files/resolve-inside';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';

/** Must run before the app is ready: makes app:// a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from `rendererDir` under app://vault/, refusing paths that escape it. */
export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const filePath = resolveInside(root, new URL(request.url).pathname);
    if (!filePath) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(filePath).href);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
