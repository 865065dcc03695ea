import type { IdTokenVerifier } from '../core/id-tokens';
import type { VaultModel } from '../core/model';
import type { CredentialDirectory } from '../core/principal';
import { canAssumeRole } from '../iam';
import { invalidParameter, invalidPoolConfiguration, notAuthorized, resourceNotFound } from './identity-errors';
import type { IdentityStore, StoredIdentity } from './identity-store';
import { verifyLogins, type VerifiedLogin } from './login-verification';
import { resolveRole } from './role-resolution';

/** Enhanced-flow credentials last one hour and take no duration. */
const ENHANCED_FLOW_SECONDS = 3600;
/** The session name Cognito gives enhanced-flow role sessions. */
const ENHANCED_FLOW_SESSION = 'CognitoIdentityCredentials';

export interface IdentityOperationDeps {
  model: VaultModel;
  identities: IdentityStore;
  credentials: CredentialDirectory;
  idTokens: IdTokenVerifier;
  issueOpenIdToken(identityId: string, identityPoolId: string, amr: string[]): string;
  now: () => number;
}

export type IdentityInput = Record<string, unknown>;
export type IdentityOperation = (input: IdentityInput, deps: IdentityOperationDeps) => Record<string, unknown>;

function stringField(input: IdentityInput, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '')
    throw invalidParameter(
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

/** The amr claim of an identity signed in through a user pool, as Cognito writes it. */
function authenticatedAmr(login: VerifiedLogin): string[] {
  return ['authenticated', login.providerName, `${login.providerName}:CognitoSignIn:${login.claims.sub}`];
}

/** The pool allows no guests (the template says so); a request without logins is refused as Cognito does. */
function requireLogins(logins: VerifiedLogin[]): VerifiedLogin[] {
  if (logins.length === 0) throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
  return logins;
}

/** The identity named by the request, with a login of the request that belongs to it. */
function identityWithLogin(
  input: IdentityInput,
  deps: IdentityOperationDeps,
): { identityId: string; identity: StoredIdentity; login: VerifiedLogin } {
  const identityId = stringField(input, 'IdentityId');
  if (!/^[\w-]+:[0-9a-f-]+$/.test(identityId)) throw invalidParameter(`Invalid IdentityId: ${identityId}`);
  const identity = deps.identities.get(identityId);
  if (!identity || identity.identityPoolId !== deps.model.identityPool.id)
    throw resourceNotFound(`Identity '${identityId}' not found.`);
  const logins = requireLogins(verifyLogins(deps.model.identityPool, input.Logins, deps.idTokens));
  const login = logins.find((l) => identity.logins[l.providerName] === l.claims.sub);
  if (!login)
    throw notAuthorized(
      "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    );
  return { identityId, identity, login };
}

export const GetId: IdentityOperation = (input, deps) => {
  const pool = deps.model.identityPool;
  const poolId = stringField(input, 'IdentityPoolId');
  if (poolId !== pool.id) throw resourceNotFound(`IdentityPool '${poolId}' not found.`);
  const [login] = requireLogins(verifyLogins(pool, input.Logins, deps.idTokens));
  return {
    IdentityId: deps.identities.idFor(pool.id, deps.model.region, login!.providerName, login!.claims.sub, deps.now()),
  };
};

/** Enhanced flow: Cognito picks the role by the pool's mapping, checks its trust, and returns one-hour credentials. */
export const GetCredentialsForIdentity: IdentityOperation = (input, deps) => {
  const pool = deps.model.identityPool;
  const { identityId, login } = identityWithLogin(input, deps);
  const customRoleArn = input.CustomRoleArn === undefined ? undefined : stringField(input, 'CustomRoleArn');
  const roleArn = resolveRole(pool, login.providerName, login.claims, customRoleArn);
  const role = deps.model.roles.find((r) => r.arn === roleArn);
  // Cognito assumes the role through STS, so the role's trust policy must admit this pool's authenticated identities.
  if (!role || !canAssumeRole(deps.model, role.arn, { aud: pool.id, amr: authenticatedAmr(login) }))
    throw invalidPoolConfiguration();
  const record = deps.credentials.issue(
    {
      kind: 'assumed-role',
      accountId: deps.model.accountId,
      arn: `arn:aws:sts::${deps.model.accountId}:assumed-role/${role.name}/${ENHANCED_FLOW_SESSION}`,
      roleArn: role.arn,
      roleName: role.name,
      sessionName: ENHANCED_FLOW_SESSION,
      identityId,
      identityPoolId: pool.id,
    },
    ENHANCED_FLOW_SECONDS,
  );
  return {
    IdentityId: identityId,
    Credentials: {
      AccessKeyId: record.accessKeyId,
      SecretKey: record.secretAccessKey,
      SessionToken: record.sessionToken,
      Expiration: record.expiresAt! / 1000,
    },
  };
};

/** Classic flow, step one: a 10-minute OpenID token for STS AssumeRoleWithWebIdentity. */
export const GetOpenIdToken: IdentityOperation = (input, deps) => {
  const pool = deps.model.identityPool;
  const { identityId, login } = identityWithLogin(input, deps);
  if (!pool.allowClassicFlow) throw invalidParameter('Basic (classic) flow is not enabled, please use enhanced flow.');
  return { IdentityId: identityId, Token: deps.issueOpenIdToken(identityId, pool.id, authenticatedAmr(login)) };
};
