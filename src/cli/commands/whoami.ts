import { parseArgs } from 'node:util';
import { parseUsage, reportErrors } from '../cli-errors';
import { openCliSession } from '../open-session';

/** `s3vault whoami [--json]`: the signed-in account, its identity id, admin or not, and when its credentials expire. */
export async function whoamiCommand(args: string[]): Promise<void> {
  const { values } = parseUsage(() =>
    parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true }),
  );
  await reportErrors(values.json, async () => {
    const session = await openCliSession();
    try {
      const { expiration } = await session.currentCredentials();
      const info = {
        username: session.username,
        identityId: session.identityId,
        isAdmin: session.isAdmin,
        expiration: expiration.toISOString(),
        flow: session.flow,
      };
      if (values.json) {
        console.log(JSON.stringify(info));
        return;
      }
      console.log(
        [
          `username:   ${info.username}`,
          `identity:   ${info.identityId}`,
          `admin:      ${info.isAdmin ? 'yes' : 'no'}`,
          `vault:      ${session.profile.vaultId} (bucket ${session.profile.bucket})`,
          `credentials expire ${info.expiration} (${info.flow} flow)`,
        ].join('\n'),
      );
    } finally {
      session.close();
    }
  });
}
