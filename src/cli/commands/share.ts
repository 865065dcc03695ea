import { parseArgs } from 'node:util';
import { formatDate, formatSeconds, parseDuration } from '../cli-format';
import { CliVaultError, parseUsage, reportErrors } from '../cli-errors';
import { withVault } from '../vault-command';
import type { ShareLink } from '../../main/vault/shares/share-link';

/**
 * `s3vault share PATH [--expires 15m|2h|7d] [--json]`: creates a share link
 * (default 1 h) and prints the pre-signed URL, the s3vault:// app link and the
 * true expiry, saying when the link was made shorter than asked, and why.
 */
export async function shareCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseUsage(() =>
    parseArgs({
      args,
      options: { expires: { type: 'string', default: '1h' }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    }),
  );
  await reportErrors(values.json, async () => {
    if (positionals.length !== 1) throw new CliVaultError('INVALID_INPUT', 'share needs exactly one PATH.');
    const seconds = parseDuration(values.expires);
    if (seconds === undefined) {
      throw new CliVaultError(
        'INVALID_INPUT',
        `--expires takes a duration such as 15m, 2h or 7d, not "${values.expires}".`,
      );
    }
    const link = await withVault((vault) => vault.share(positionals[0]!, { seconds }));
    if (values.json) {
      console.log(JSON.stringify(link));
      return;
    }
    console.log(`link:      ${link.url}`);
    console.log(`app link:  ${link.appLink}`);
    console.log(
      `expires:   ${formatDate(link.expiresAt)} (${link.expiresAt}, in ${formatSeconds(link.expiresInSeconds)})`,
    );
    const note = cappedNote(link);
    if (note) console.log(`note:      ${note}`);
  });
}

function cappedNote(link: ShareLink): string | undefined {
  const asked = formatSeconds(link.requestedSeconds);
  if (link.cappedBy === 'credentials') {
    return `shorter than the ${asked} asked: a link stops working when the credentials that signed it expire. For longer links the vault's profile must allow longer sessions (sessionSeconds).`;
  }
  if (link.cappedBy === 'sigv4-limit') return `shorter than the ${asked} asked: S3 accepts links of at most 7 days.`;
  return undefined;
}
