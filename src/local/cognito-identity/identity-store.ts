import { randomUUID } from 'node:crypto';
import { JsonState } from '../core/json-state';
import { ownValue } from '../core/own';

/** One Cognito identity: the logins (provider → user sub) linked to it. */
export interface StoredIdentity {
  identityPoolId: string;
  logins: Record<string, string>;
  /** Epoch milliseconds. */
  createdAt: number;
}

interface IdentitiesFile {
  version: 1;
  identities: Record<string, StoredIdentity>;
  /** `<provider>|<sub>` → identity id, so a user keeps one identity id (and so one S3 prefix) forever. */
  byLogin: Record<string, string>;
}

/**
 * The identity pool's identities, persisted: an identity id is the name of a
 * person's folder in the bucket (`private/<identityId>/`), so it must survive
 * restarts of the local vault exactly as it does on AWS.
 */
export class IdentityStore {
  private readonly state: JsonState<IdentitiesFile>;

  constructor(dataDir: string) {
    this.state = new JsonState<IdentitiesFile>(dataDir, 'cognito-identities', () => ({
      version: 1,
      identities: {},
      byLogin: {},
    }));
  }

  get(identityId: string): StoredIdentity | undefined {
    return ownValue(this.state.value.identities, identityId);
  }

  /** The identity linked to this login, created on first sight (ids look like AWS's: `<region>:<uuid>`). */
  idFor(identityPoolId: string, region: string, provider: string, sub: string, now: number): string {
    const loginKey = `${provider}|${sub}`;
    const existing = ownValue(this.state.value.byLogin, loginKey);
    if (existing) return existing;
    const identityId = `${region}:${randomUUID()}`;
    this.state.value.identities[identityId] = { identityPoolId, logins: { [provider]: sub }, createdAt: now };
    this.state.value.byLogin[loginKey] = identityId;
    this.state.save();
    return identityId;
  }
}
