import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CognitoIdentityClient, GetIdCommand, GetOpenIdTokenCommand } from '@aws-sdk/client-cognito-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_KEYS,
  startIdentityBackend,
  stopIdentityBackends,
  type IdentityBackend,
} from '../../../support/local-identity/identity-backend';
import {
  ACCOUNT_ID,
  IDENTITY_POOL_ID,
  PROVIDER_NAME,
  REGION,
  USER_ROLE_ARN,
} from '../../../support/local-identity/vault-model';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
let backend: IdentityBackend;
let credentialsClock = Date.now;
beforeAll(async () => {
  backend = await startIdentityBackend({ credentialsNow: () => credentialsClock() });
});
afterAll(stopIdentityBackends);

async function webIdentityToken(): Promise<string> {
  const token = backend.tokens.mint('sts-user', { roles: [USER_ROLE_ARN], preferredRole: USER_ROLE_ARN });
  const client = new CognitoIdentityClient({ endpoint: backend.endpoint, region: REGION });
  const { IdentityId } = await client.send(
    new GetIdCommand({ IdentityPoolId: IDENTITY_POOL_ID, Logins: { [PROVIDER_NAME]: token } }),
  );
  return (await client.send(new GetOpenIdTokenCommand({ IdentityId, Logins: { [PROVIDER_NAME]: token } }))).Token!;
}

async function query(params: Record<string, string>, method: 'GET' | 'POST' = 'POST') {
  const body = new URLSearchParams({ Version: '2011-06-15', ...params }).toString();
  const response =
    method === 'GET'
      ? await fetch(`${backend.endpoint}/?${body}`)
      : await fetch(`${backend.endpoint}/`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body,
        });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('STS query protocol', () => {
  it('answers AssumeRoleWithWebIdentity by GET too, in the 2011-06-15 namespace with ISO expirations', async () => {
    const answer = await query(
      {
        Action: 'AssumeRoleWithWebIdentity',
        RoleArn: USER_ROLE_ARN,
        RoleSessionName: 'by-get',
        WebIdentityToken: await webIdentityToken(),
      },
      'GET',
    );
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('text/xml');
    expect(answer.text).toContain(`<AssumeRoleWithWebIdentityResponse xmlns="${NS}"><AssumeRoleWithWebIdentityResult>`);
    expect(answer.text).toMatch(/<Expiration>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expiration>/);
    expect(answer.text).toMatch(/<ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata>/);
  });

  it("writes errors as AWS's ErrorResponse documents", async () => {
    const answer = await query({
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: USER_ROLE_ARN,
      RoleSessionName: 'x',
      WebIdentityToken: 'abc',
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(
      new RegExp(
        `^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<ErrorResponse xmlns="${NS.replace(/\./g, '\\.')}"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>[^<]*roleSessionName[^<]*</Message></Error><RequestId>[^<]+</RequestId></ErrorResponse>$`,
      ),
    );
  });

  it('refuses unknown actions, missing parameters and session policies', async () => {
    expect((await query({ Action: 'AssumeRole' })).text).toContain('<Code>InvalidAction</Code>');
    expect((await query({ Action: 'AssumeRoleWithWebIdentity', RoleArn: USER_ROLE_ARN })).text).toContain(
      '<Code>ValidationError</Code>',
    );
    const withPolicy = await query({
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: USER_ROLE_ARN,
      RoleSessionName: 'scoped',
      WebIdentityToken: await webIdentityToken(),
      Policy: '{"Version":"2012-10-17","Statement":[]}',
    });
    expect(withPolicy.text).toContain('Session policies are not supported');
  });

  it('tells the admin who they are', async () => {
    const caller = await new STSClient({ endpoint: backend.endpoint, region: REGION, credentials: ADMIN_KEYS }).send(
      new GetCallerIdentityCommand({}),
    );
    expect(caller).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT_ID}:root`, UserId: ACCOUNT_ID, Account: ACCOUNT_ID });
  });

  it('refuses GetCallerIdentity unsigned, with a wrong secret, and with expired credentials', async () => {
    expect((await query({ Action: 'GetCallerIdentity' })).text).toContain('<Code>MissingAuthenticationToken</Code>');
    const sts = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
      new STSClient({ endpoint: backend.endpoint, region: REGION, credentials, maxAttempts: 1 });
    await expect(
      sts({ ...ADMIN_KEYS, secretAccessKey: 'y'.repeat(40) }).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    credentialsClock = () => Date.now() - 2 * 3600_000;
    const expired = backend.credentials.issue(
      {
        kind: 'assumed-role',
        accountId: ACCOUNT_ID,
        arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/r/s`,
        roleArn: USER_ROLE_ARN,
        roleName: 'r',
        sessionName: 's',
        identityId: 'us-east-1:x',
        identityPoolId: IDENTITY_POOL_ID,
      },
      3600,
    );
    credentialsClock = Date.now;
    await expect(sts(expired).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'ExpiredToken',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
