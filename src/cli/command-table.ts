/**
 * The s3vault subcommands by name, each loaded only when it is run: the
 * engine, the AWS SDK clients and the local backend take about 0.3 s to load,
 * and most commands need only part of them (`--help` and `links` none).
 * esbuild turns each import() into a lazy init function in the one-file
 * bundle, so nothing a command does not reach is evaluated.
 */
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
