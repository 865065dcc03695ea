import type { IdentityPoolModel, RoleModel, UserPoolModel } from '../core/model';
import { cannotEvaluate } from './errors';
import { Props, type ResolvedResource } from './read-props';
import type { PhysicalResource } from './template-types';

type Physical = (logicalId: string) => PhysicalResource;

const SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

function only(resources: ResolvedResource[], type: string, what: string): ResolvedResource {
  const found = resources.filter((resource) => resource.type === type);
  if (found.length !== 1)
    throw cannotEvaluate(`${found.length} ${what}s`, 'the template', `a vault has exactly one ${what}`);
  return found[0]!;
}

/** The user pool with its one app client and its groups. */
export function buildUserPool(resources: ResolvedResource[], physical: Physical): UserPoolModel {
  const poolResource = only(resources, 'AWS::Cognito::UserPool', 'user pool');
  const clientResource = only(resources, 'AWS::Cognito::UserPoolClient', 'user pool client');
  const poolPhysical = physical(poolResource.logicalId);
  const pool = new Props(poolResource);
  const client = new Props(clientResource);
  // Sign-in semantics the local user pool does not reproduce are refused.
  pool.refuse('LambdaConfig', 'Lambda triggers cannot run locally');
  pool.refuse('UsernameAttributes', 'sign-in with email or phone as username is not modelled');
  pool.refuse('AliasAttributes', 'alias sign-in is not modelled');
  client.refuse(
    'GenerateSecret',
    'client secrets (SECRET_HASH) are not modelled',
    (value) => value === false || value === 'false',
  );
  if (client.requiredString('UserPoolId') !== poolPhysical.ref) {
    throw cannotEvaluate('a client of another user pool', clientResource.logicalId);
  }
  const mfa = pool.string('MfaConfiguration', 'OFF');
  if (mfa !== 'OFF' && mfa !== 'OPTIONAL' && mfa !== 'ON')
    pool.refuse('MfaConfiguration', 'expected OFF, OPTIONAL or ON');
  const enabledMfas = pool.strings('EnabledMfas');
  if (enabledMfas?.some((kind) => kind !== 'SOFTWARE_TOKEN_MFA'))
    pool.refuse('EnabledMfas', 'only SOFTWARE_TOKEN_MFA (TOTP) is modelled');
  const password = pool.nested('Policies').nested('PasswordPolicy');
  const units = client.nested('TokenValidityUnits');
  const validity = (name: string, unitName: string, defaultUnit: string, defaultSeconds: number): number => {
    const amount = client.number(name);
    const unit = units.string(unitName, defaultUnit);
    if (!(unit in SECONDS)) units.refuse(unitName, 'expected seconds, minutes, hours or days');
    return amount === undefined ? defaultSeconds : amount * SECONDS[unit]!;
  };
  const explicitAuthFlows = client.strings('ExplicitAuthFlows') ?? [
    'ALLOW_USER_SRP_AUTH',
    'ALLOW_CUSTOM_AUTH',
    'ALLOW_REFRESH_TOKEN_AUTH',
  ];
  return {
    id: poolPhysical.ref,
    name: pool.string('UserPoolName', poolResource.logicalId),
    arn: poolPhysical.attributes.Arn!,
    clientId: physical(clientResource.logicalId).ref,
    clientName: client.string('ClientName', clientResource.logicalId),
    explicitAuthFlows,
    passwordPolicy: {
      MinimumLength: password.number('MinimumLength', 8),
      RequireUppercase: password.boolean('RequireUppercase', true),
      RequireLowercase: password.boolean('RequireLowercase', true),
      RequireNumbers: password.boolean('RequireNumbers', true),
      RequireSymbols: password.boolean('RequireSymbols', true),
    },
    mfaConfiguration: mfa as UserPoolModel['mfaConfiguration'],
    // Cognito's defaults: access and ID tokens one hour, refresh 30 days; amounts without units are hours / days.
    accessTokenValidity: validity('AccessTokenValidity', 'AccessToken', 'hours', 3600),
    idTokenValidity: validity('IdTokenValidity', 'IdToken', 'hours', 3600),
    refreshTokenValidity: validity('RefreshTokenValidity', 'RefreshToken', 'days', 30 * 86400),
    groups: buildGroups(resources, physical, poolPhysical.ref),
    usernameCaseSensitive: pool.nested('UsernameConfiguration').boolean('CaseSensitive', true),
    allowAdminCreateUserOnly: pool.nested('AdminCreateUserConfig').boolean('AllowAdminCreateUserOnly', false),
    temporaryPasswordValidityDays: password.number('TemporaryPasswordValidityDays', 7),
    enabledMfas: enabledMfas ?? (mfa === 'OFF' ? [] : ['SOFTWARE_TOKEN_MFA']),
    preventUserExistenceErrors: client.string('PreventUserExistenceErrors', 'ENABLED') === 'ENABLED',
    enableTokenRevocation: client.boolean('EnableTokenRevocation', true),
  };
}

function buildGroups(resources: ResolvedResource[], physical: Physical, poolId: string): UserPoolModel['groups'] {
  return resources
    .filter((resource) => resource.type === 'AWS::Cognito::UserPoolGroup')
    .map((resource) => {
      const props = new Props(resource);
      if (props.requiredString('UserPoolId') !== poolId)
        throw cannotEvaluate('a group of another user pool', resource.logicalId);
      const group: UserPoolModel['groups'][number] = { name: physical(resource.logicalId).ref };
      const roleArn = props.string('RoleArn');
      if (roleArn !== undefined) group.roleArn = roleArn;
      const precedence = props.number('Precedence');
      if (precedence !== undefined) group.precedence = precedence;
      const description = props.string('Description');
      if (description !== undefined) group.description = description;
      return group;
    });
}

/** The identity pool, its user-pool provider and its role attachment (Token mapping). */
export function buildIdentityPool(
  resources: ResolvedResource[],
  physical: Physical,
  userPool: UserPoolModel,
  roles: RoleModel[],
): IdentityPoolModel {
  const resource = only(resources, 'AWS::Cognito::IdentityPool', 'identity pool');
  const props = new Props(resource);
  for (const name of [
    'SupportedLoginProviders',
    'OpenIdConnectProviderARNs',
    'SamlProviderARNs',
    'DeveloperProviderName',
  ]) {
    props.refuse(name, 'only Cognito user pool providers are modelled');
  }
  const id = physical(resource.logicalId).ref;
  const providers = props.list('CognitoIdentityProviders').map((entry, index) => {
    const provider = props.nested(`CognitoIdentityProviders[${index}]`, entry);
    const result: IdentityPoolModel['providers'][number] = {
      providerName: provider.requiredString('ProviderName'),
      clientId: provider.requiredString('ClientId'),
    };
    result.serverSideTokenCheck = provider.boolean('ServerSideTokenCheck', false);
    return result;
  });
  const model: IdentityPoolModel = {
    id,
    name: props.string('IdentityPoolName', resource.logicalId),
    allowUnauthenticated: props.boolean('AllowUnauthenticatedIdentities', false),
    allowClassicFlow: props.boolean('AllowClassicFlow', false),
    providers,
    roleMapping: null,
  };
  const attachments = resources.filter((item) => item.type === 'AWS::Cognito::IdentityPoolRoleAttachment');
  if (attachments.length > 1)
    throw cannotEvaluate(`${attachments.length} role attachments`, 'the template', 'a vault has one');
  if (attachments.length === 1) attachRoles(model, attachments[0]!, userPool, roles);
  return model;
}

function attachRoles(
  model: IdentityPoolModel,
  resource: ResolvedResource,
  userPool: UserPoolModel,
  roles: RoleModel[],
): void {
  const props = new Props(resource);
  if (props.requiredString('IdentityPoolId') !== model.id)
    throw cannotEvaluate('a role attachment of another identity pool', resource.logicalId);
  const attached = props.nested('Roles');
  attached.refuse('unauthenticated', 'guest (unauthenticated) identities are not modelled');
  const authenticated = attached.string('authenticated');
  if (authenticated !== undefined) {
    if (!roles.some((role) => role.arn === authenticated))
      throw cannotEvaluate(
        `the authenticated role ${authenticated}`,
        resource.logicalId,
        'no such role in the template',
      );
    model.authenticatedRoleArn = authenticated;
  }
  const mappings = Object.entries(props.object('RoleMappings') ?? {});
  if (mappings.length > 1)
    throw cannotEvaluate(
      `${mappings.length} role mappings`,
      resource.logicalId,
      'one mapping (the user pool client) is modelled',
    );
  if (mappings.length === 0) return;
  const [key, value] = mappings[0]!;
  const mapping = props.nested(`RoleMappings.${key}`, value as Record<string, unknown>);
  const provider = mapping.requiredString('IdentityProvider');
  const expected = model.providers.map((entry) => `${entry.providerName}:${entry.clientId}`);
  if (!expected.includes(provider) || !provider.endsWith(`/${userPool.id}:${userPool.clientId}`)) {
    throw cannotEvaluate(
      `the role mapping for ${provider}`,
      resource.logicalId,
      `expected one of ${expected.join(', ')}`,
    );
  }
  const type = mapping.requiredString('Type');
  if (type !== 'Token') mapping.refuse('Type', 'only Token role mapping is modelled');
  mapping.refuse('RulesConfiguration', 'rules-based role mapping is not modelled');
  const resolution = mapping.string('AmbiguousRoleResolution');
  if (resolution !== 'AuthenticatedRole' && resolution !== 'Deny') {
    throw cannotEvaluate(
      `AmbiguousRoleResolution ${resolution ?? '(missing)'}`,
      resource.logicalId,
      'required with Token mapping: AuthenticatedRole or Deny',
    );
  }
  model.roleMapping = { type: 'Token', ambiguousRoleResolution: resolution };
}
