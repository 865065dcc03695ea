#!/usr/bin/env node
/** s3vault: the command line on the vault engine. */
import packageJson from '../../package.json';
import { CliError, type Command } from './command';
import { localCommand } from './commands/local';

const commands: Record<string, Command> = {
  local: localCommand,
};

const USAGE = `usage: s3vault <command> [options]

commands:
  local    start a local AWS-compatible vault backend and write its profile
           s3vault local --data DIR [--port N] [--profile-out FILE] [--user NAME:PASSWORD]...

s3vault --version prints the version.`;

// The SDK warns on Node 20 that versions after January 2027 will need Node 22; ours are pinned
// (package-lock.json), so the warning would only be noise on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const [name, ...args] = process.argv.slice(2);
if (name === '--version' || name === '-v') {
  console.log(packageJson.version);
} else if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
  console.log(USAGE);
} else if (!Object.hasOwn(commands, name)) {
  console.error(`s3vault: unknown command "${name}". Run "s3vault --help" for the list.`);
  process.exit(2);
} else {
  commands[name]!(args).catch((error: unknown) => {
    const message = error instanceof CliError ? error.message : `unexpected error: ${(error as Error).message}`;
    console.error(`s3vault ${name}: ${message}`);
    process.exit(error instanceof CliError ? error.exitCode : 1);
  });
}
