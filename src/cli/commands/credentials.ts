import { parseArgs } from 'node:util';
import { parseUsage, reportErrors } from '../cli-errors';
import { openCliSession } from '../open-session';

/**
 * `s3vault credentials`: the signed-in account's AWS credentials in the AWS
 * CLI's credential_process format, so other tools reach the vault as this
 * person (`credential_process = s3vault credentials` in ~/.aws/config).
 * The output is always JSON; errors go to stderr with a non-zero exit, as
 * credential_process expects.
 */
export async function credentialsCommand(args: string[]): Promise<void> {
  parseUsage(() => parseArgs({ args, options: {}, strict: true }));
  await reportErrors(false, async () => {
    // The AWS CLI refreshes credential_process credentials with 15 minutes left
    // (botocore's advisory window): hand out ones with more, not a cached set near its end.
    const session = await openCliSession({ earlyRefreshSeconds: 20 * 60 });
    try {
      const c = await session.currentCredentials();
      console.log(
        JSON.stringify({
          Version: 1,
          AccessKeyId: c.accessKeyId,
          SecretAccessKey: c.secretAccessKey,
          SessionToken: c.sessionToken,
          Expiration: c.expiration.toISOString(),
        }),
      );
    } finally {
      session.close();
    }
  });
}
