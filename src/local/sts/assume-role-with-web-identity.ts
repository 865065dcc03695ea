import type { VaultModel } from '../core/model';
import type { CredentialDirectory } from '../core/principal';
import {
  OpenIdTokenError,
  type OpenIdTokenVerifier,
  type VerifiedOpenIdToken,
} from '../cognito-identity/open-id-tokens';
import { roleUniqueId } from './role-ids';
import { StsError, stsTimestamp, type XmlTree } from './sts-xml';
import { canAssumeRole } from '../iam';

/** STS's bounds for DurationSeconds; a role's MaxSessionDuration narrows the upper one. */
const MIN_DURATION = 900;
const MAX_DURATION = 43_200;
const DEFAULT_DURATION = 3600;
const PROVIDER = 'cognito-identity.amazonaws.com';

export interface WebIdentityDeps {
  model: VaultModel;
  credentials: CredentialDirectory;
  openIdTokens: OpenIdTokenVerifier;
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) {
    const field = name.charAt(0).toLowerCase() + name.slice(1);
    throw new StsError(
      'ValidationError',
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function durationSeconds(params: URLSearchParams): number {
  const text = params.get('DurationSeconds');
  if (text === null) return DEFAULT_DURATION;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < MIN_DURATION) {
    throw new StsError(
      'ValidationError',
      `1 validation error detected: Value '${text}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_DURATION}`,
    );
  }
  if (value > MAX_DURATION) {
    throw new StsError(
      'ValidationError',
      `1 validation error detected: Value '${text}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${MAX_DURATION}`,
    );
  }
  return value;
}

function verifyToken(openIdTokens: OpenIdTokenVerifier, token: string): VerifiedOpenIdToken {
  try {
    return openIdTokens.verify(token);
  } catch (error) {
    if (error instanceof OpenIdTokenError && error.reason === 'expired')
      throw new StsError('ExpiredTokenException', error.message);
    if (error instanceof OpenIdTokenError) throw new StsError('InvalidIdentityToken', error.message);
    throw error;
  }
}

const notAuthorized = () =>
  new StsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);

/**
 * Classic flow, step two: trades a Cognito OpenID token for a role session.
 * The role must be one of the vault's and its trust policy must admit the
 * token (aud = identity pool, amr authenticated); the pool's role mapping
 * plays no part here, exactly as on AWS.
 */
export function assumeRoleWithWebIdentity(params: URLSearchParams, deps: WebIdentityDeps): XmlTree {
  const roleArn = required(params, 'RoleArn');
  const sessionName = required(params, 'RoleSessionName');
  const tokenText = required(params, 'WebIdentityToken');
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw new StsError(
      'ValidationError',
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const duration = durationSeconds(params);
  if (params.has('Policy') || [...params.keys()].some((key) => key.startsWith('PolicyArns.'))) {
    // Session policies would narrow the role; silently ignoring them would widen access instead.
    throw new StsError('ValidationError', 'Session policies are not supported by the local backend.');
  }
  if (params.has('ProviderId'))
    throw new StsError(
      'ValidationError',
      'ProviderId applies to OAuth 2.0 access tokens, not OpenID Connect ID tokens.',
    );

  const token = verifyToken(deps.openIdTokens, tokenText);
  const role = deps.model.roles.find((r) => r.arn === roleArn);
  // An unknown role and an untrusting one get the same answer, as on AWS: nothing to probe.
  if (!role || !canAssumeRole(deps.model, role.arn, { aud: token.identityPoolId, amr: token.amr }))
    throw notAuthorized();
  if (duration > role.maxSessionDuration) {
    throw new StsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }

  const arn = `arn:aws:sts::${deps.model.accountId}:assumed-role/${role.name}/${sessionName}`;
  const record = deps.credentials.issue(
    {
      kind: 'assumed-role',
      accountId: deps.model.accountId,
      arn,
      roleArn: role.arn,
      roleName: role.name,
      sessionName,
      identityId: token.identityId,
      identityPoolId: token.identityPoolId,
    },
    duration,
  );
  return {
    Credentials: {
      AccessKeyId: record.accessKeyId,
      SecretAccessKey: record.secretAccessKey,
      SessionToken: record.sessionToken!,
      Expiration: stsTimestamp(record.expiresAt!),
    },
    SubjectFromWebIdentityToken: token.identityId,
    AssumedRoleUser: { Arn: arn, AssumedRoleId: `${roleUniqueId(role.arn)}:${sessionName}` },
    Provider: PROVIDER,
    Audience: token.identityPoolId,
  };
}
