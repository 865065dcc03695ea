import type { IncomingMessage } from 'node:http';
import { AwsJsonError, readBody, type ServiceHandler } from '../core/http';
import { jsonServiceHandler, parseJsonObject, targetOperation } from '../core/json-service';
import type { IdTokenVerifier } from '../core/id-tokens';
import type { VaultModel } from '../core/model';
import { ownValue } from '../core/own';
import type { CredentialDirectory } from '../core/principal';
import { IdentityStore } from './identity-store';
import * as operations from './identity-operations';
import { createOpenIdSigner, type OpenIdSigner } from './open-id-signer';
import { COGNITO_IDENTITY_ISSUER, createOpenIdTokens, type OpenIdTokenVerifier } from './open-id-tokens';

export interface CognitoIdentityServiceOptions {
  model: VaultModel;
  dataDir: string;
  credentials: CredentialDirectory;
  /** The user pool's ID token verifier (src/local/cognito-idp). */
  idTokens: IdTokenVerifier;
  /** The key OpenID tokens are signed with; by default one persisted in dataDir. */
  openIdSigner?: OpenIdSigner;
  /** The `iss` of OpenID tokens; AWS's by default, so tokens look like the real ones. */
  issuer?: string;
  /** Epoch milliseconds. */
  now?: () => number;
}

export interface CognitoIdentityService {
  handle: ServiceHandler;
  /** For STS: verifies the tokens GetOpenIdToken hands out. */
  openIdTokens: OpenIdTokenVerifier;
  /** The public key of those tokens, as a JWKS document. */
  jwks(): { keys: Array<Record<string, unknown>> };
}

const TARGET_PREFIX = 'AWSCognitoIdentityService.';
const OPERATIONS: Record<string, operations.IdentityOperation> = {
  GetId: operations.GetId,
  GetCredentialsForIdentity: operations.GetCredentialsForIdentity,
  GetOpenIdToken: operations.GetOpenIdToken,
};

/**
 * The local identity pool: GetId, GetCredentialsForIdentity (enhanced flow)
 * and GetOpenIdToken (classic flow), over AWS's JSON 1.1 protocol
 * (`X-Amz-Target: AWSCognitoIdentityService.<Op>`), unsigned as on AWS:
 * the user pool's ID token in `Logins` is the authentication.
 */
export function createCognitoIdentityService(options: CognitoIdentityServiceOptions): CognitoIdentityService {
  const now = options.now ?? Date.now;
  const signer = options.openIdSigner ?? createOpenIdSigner({ dataDir: options.dataDir });
  const tokens = createOpenIdTokens(signer, options.issuer ?? COGNITO_IDENTITY_ISSUER, now);
  const deps: operations.IdentityOperationDeps = {
    model: options.model,
    identities: new IdentityStore(options.dataDir),
    credentials: options.credentials,
    idTokens: options.idTokens,
    issueOpenIdToken: tokens.issue,
    now,
  };

  async function serve(req: IncomingMessage): Promise<Record<string, unknown>> {
    const { target, name } = targetOperation(req, TARGET_PREFIX);
    const operation = ownValue(OPERATIONS, name);
    if (req.method !== 'POST' || !operation) {
      throw new AwsJsonError(
        'UnknownOperationException',
        `The local identity pool does not support ${target || 'this request'}.`,
      );
    }
    return operation(parseJsonObject(await readBody(req)), deps);
  }

  return {
    openIdTokens: { verify: tokens.verify },
    jwks: () => signer.jwks(),
    handle: jsonServiceHandler(
      serve,
      (error) =>
        new AwsJsonError('InternalErrorException', `The local identity pool failed: ${(error as Error).message}`, 500),
    ),
  };
}
