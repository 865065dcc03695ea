import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalBackend } from '../../local/server';
import { CliError } from '../command';

/**
 * `s3vault local --data DIR [--port N] [--profile-out FILE] [--user NAME:PASSWORD]...`
 * Runs the local backend in the foreground until SIGINT or SIGTERM.
 */
export async function localCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '4566' },
      'profile-out': { type: 'string' },
      user: { type: 'string', multiple: true, default: [] },
    },
    strict: true,
  });
  if (!values.data) throw new CliError('--data DIR is required: the folder where the local vault keeps its data.', 2);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port must be a number from 0 to 65535, not "${values.port}".`, 2);
  }
  const users = values.user.map(parseUser);

  const backend = await startLocalBackend({
    dataDir: path.resolve(values.data),
    port,
    users,
    log: (line) => console.error(line),
  });
  if (values['profile-out']) {
    // The profile holds this local account's admin keys: readable by its owner only.
    writeFileSync(values['profile-out'], `${JSON.stringify(backend.profile, null, 2)}\n`, { mode: 0o600 });
  }
  // Listen for the stop signals before saying ready: whoever waits for the line may signal at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => void backend.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  console.log(`ready ${backend.url}`);
  await stopped;
}

function parseUser(spec: string): { username: string; password: string } {
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1) {
    throw new CliError(`--user must be NAME:PASSWORD, not "${spec.replace(/:.*/, ':…')}".`, 2);
  }
  return { username: spec.slice(0, colon), password: spec.slice(colon + 1) };
}
