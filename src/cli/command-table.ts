/**
 * The s3vault subcommands by name, each loaded only when it is run: the
 * engine, the AWS SDK clients and the local backend take about 0.3 s to load,
 * and most commands need only part of them (`--help` and `links` none).
 * esbuild turns each import() into a lazy init function in the commands'
 * bundle (s3vault-commands.cjs), so nothing a command does not reach is
 * evaluated.
 */
import { toCliError } from './cli-errors';
import type { Command } from './command';

export const COMMANDS: Record<string, () => Promise<Command>> = {
  local: async () => (await import('./commands/local')).localCommand,
  login: async () => (await import('./commands/login')).loginCommand,
  logout: async () => (await import('./commands/logout')).logoutCommand,
  whoami: async () => (await import('./commands/whoami')).whoamiCommand,
  credentials: async () => (await import('./commands/credentials')).credentialsCommand,
  ls: async () => (await import('./commands/ls')).lsCommand,
  put: async () => (await import('./commands/put')).putCommand,
  get: async () => (await import('./commands/get')).getCommand,
  rm: async () => (await import('./commands/rm')).rmCommand,
  mv: async () => (await import('./commands/mv')).mvCommand,
  mkdir: async () => (await import('./commands/mkdir')).mkdirCommand,
  share: async () => (await import('./commands/share')).shareCommand,
  'open-link': async () => (await import('./commands/open-link')).openLinkCommand,
  links: async () => (await import('./commands/links')).linksCommand,
  status: async () => (await import('./commands/status')).statusCommand,
};

/** Runs the command `name` with `args`; an unknown name or an error that escapes it ends the process with its exit code. */
export async function runCommand(name: string, args: string[]): Promise<void> {
  if (!Object.hasOwn(COMMANDS, name)) {
    console.error(`s3vault: unknown command "${name}". Run "s3vault --help" for the list.`);
    process.exit(2);
  }
  try {
    const command = await COMMANDS[name]!();
    await command(args);
  } catch (error) {
    // Commands with --json report their own errors; whatever still escapes gets one line and its exit code.
    const failure = toCliError(error);
    console.error(`s3vault ${name}: ${failure.message}`);
    process.exit(failure.exitCode);
  }
}
