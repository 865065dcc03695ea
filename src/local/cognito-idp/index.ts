/** The local Cognito Identity Provider (user pool). */
export { createCognitoIdpService, type CognitoIdpOptions, type CognitoIdpService } from './service';
export { authorizeAdminCall, type AdminAuthorizer } from './admin-auth';
