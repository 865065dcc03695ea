export { createCognitoIdentityService } from './cognito-identity-service';
export type { CognitoIdentityService, CognitoIdentityServiceOptions } from './cognito-identity-service';
export { createOpenIdSigner } from './open-id-signer';
export type { OpenIdSigner } from './open-id-signer';
export { COGNITO_IDENTITY_ISSUER, OpenIdTokenError } from './open-id-tokens';
export type { OpenIdTokenVerifier, VerifiedOpenIdToken } from './open-id-tokens';
