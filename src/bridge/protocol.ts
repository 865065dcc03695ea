/** Paths and policy shared by the bridge server and its browser client. */
export const BRIDGE_CLIENT_PATH = '/__bridge/client.js';
export const BRIDGE_SOCKET_PATH = '/__bridge/socket';

/** The app's own policy, plus the one WebSocket origin the bridge needs. */
export const CONTENT_SECURITY_POLICY_BRIDGE = (origin: string): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${origin.replace(/^http/, 'ws')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
