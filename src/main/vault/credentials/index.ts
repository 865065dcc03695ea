/** AWS credentials from a signed-in person's ID token: the identity pool's enhanced or classic flow, kept fresh. */
export { createVaultSession, type SignedInVaultSession, type VaultSessionOptions } from './create-vault-session';
export {
  createRefreshingCredentials,
  type RefreshingCredentials,
  type RefreshingCredentialsOptions,
} from './refreshing-credentials';
export { TokenKeeper, type TokenKeeperOptions } from './token-keeper';
export { enhancedFlowCredentials, getIdentityId } from './enhanced-flow';
export { classicFlowCredentials, roleForClassicFlow, roleSessionName } from './classic-flow';
export { classifyIdentityError, type ClassifiedError } from './identity-errors';
export { identityClients, loginsFor, type IdentityClients, type VaultCredentials } from './vault-credentials';
