/** Who signed a request, as the credential directory resolves an access key. */
export type Principal =
  | {
      /** The local account's administrator keys (written to the local profile as `localAdmin`). */
      kind: 'account-admin';
      accountId: string;
      /** arn:aws:iam::<account>:root */
      arn: string;
    }
  | {
      /** A role session from Cognito Identity (enhanced flow) or STS AssumeRoleWithWebIdentity (classic flow). */
      kind: 'assumed-role';
      accountId: string;
      /** arn:aws:sts::<account>:assumed-role/<RoleName>/<SessionName> */
      arn: string;
      roleArn: string;
      roleName: string;
      sessionName: string;
      /** The Cognito identity id: the value of ${cognito-identity.amazonaws.com:sub}. */
      identityId: string;
      identityPoolId: string;
    };

export interface CredentialRecord {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present for temporary credentials; requests must carry it (X-Amz-Security-Token). */
  sessionToken?: string;
  /** Epoch milliseconds; absent for the admin keys, which do not expire. */
  expiresAt?: number;
  principal: Principal;
}

/** Looks up credentials by access key id (src/local/credentials implements it, persisted). */
export interface CredentialDirectory {
  find(accessKeyId: string): CredentialRecord | undefined;
  issue(principal: Principal, durationSeconds: number): CredentialRecord;
}
