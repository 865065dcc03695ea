import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, type RequestContext, type ServiceHandler } from '../core/http';
import type { VaultModel } from '../core/model';
import type { CredentialDirectory } from '../core/principal';
import type { OpenIdTokenVerifier } from '../cognito-identity/open-id-tokens';
import { authenticateRequest } from '../credentials/request-authentication';
import { SigV4Error } from '../sigv4';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity';
import { getCallerIdentity } from './get-caller-identity';
import { signatureFailureToSts } from './signature-errors';
import { sendStsError, sendStsResult, StsError, type XmlTree } from './sts-xml';

export interface StsServiceOptions {
  model: VaultModel;
  credentials: CredentialDirectory;
  /** Verifies Cognito Identity's OpenID tokens (CognitoIdentityService.openIdTokens). */
  openIdTokens: OpenIdTokenVerifier;
  /** Epoch milliseconds. */
  now?: () => number;
}

export interface StsService {
  handle: ServiceHandler;
}

const VERSION = '2011-06-15';

/**
 * The local STS over the query protocol (form-encoded POST, or GET, with
 * Action= and Version=2011-06-15; XML answers): AssumeRoleWithWebIdentity,
 * unsigned as on AWS, and GetCallerIdentity, signed.
 */
export function createStsService(options: StsServiceOptions): StsService {
  const now = options.now ?? Date.now;

  async function serve(req: IncomingMessage): Promise<{ action: string; result: XmlTree }> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://local');
    const params = new URLSearchParams(url.searchParams);
    if (req.method === 'POST')
      new URLSearchParams(body.toString('utf8')).forEach((value, key) => params.append(key, value));
    const action = params.get('Action') ?? '';
    if (params.get('Version') !== VERSION && action !== '') {
      throw new StsError(
        'InvalidAction',
        `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
      );
    }
    switch (action) {
      case 'AssumeRoleWithWebIdentity':
        return { action, result: assumeRoleWithWebIdentity(params, options) };
      case 'GetCallerIdentity': {
        try {
          // STS is global: any region in the credential scope is accepted, as the global endpoint does.
          const record = authenticateRequest(req, body, 'sts', new Date(now()), options.credentials);
          return { action, result: getCallerIdentity(record.principal) };
        } catch (error) {
          if (error instanceof SigV4Error) throw signatureFailureToSts(error);
          throw error;
        }
      }
      default:
        throw new StsError('InvalidAction', `Could not find operation ${action || '(none)'} for version ${VERSION}`);
    }
  }

  return {
    async handle(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
      try {
        const { action, result } = await serve(req);
        sendStsResult(res, ctx, action, result);
      } catch (error) {
        sendStsError(
          res,
          ctx,
          error instanceof StsError
            ? error
            : new StsError('InternalFailure', `The local STS failed: ${(error as Error).message}`, 500, 'Receiver'),
        );
      }
    },
  };
}
