/**
 * Who may call the Admin* operations and ListUsers. In AWS they are
 * SigV4-signed with IAM credentials; the local backend grants them to the
 * account admin (the `localAdmin` keys of the local profile).
 */
import type { IncomingMessage } from 'node:http';
import { AwsJsonError } from '../core/http';

/** Checks an admin call; resolves when it may proceed, throws an AwsJsonError otherwise. */
export type AdminAuthorizer = (req: IncomingMessage, body: Buffer) => void | Promise<void>;

/**
 * The default admin check, for the user pool on its own (unit tests): it only
 * requires that the request claims to be SigV4-signed, so unsigned callers
 * (like amazon-cognito-identity-js) cannot use admin calls. The local backend
 * (server.ts) passes `authorizeAdmin` instead, verifying the signature and
 * allowing only the account admin.
 */
export function authorizeAdminCall(req: IncomingMessage, body: Buffer): void {
  void body;
  const authorization = req.headers.authorization;
  if (typeof authorization !== 'string' || !authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    throw new AwsJsonError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
}
