#!/usr/bin/env node
/** s3vault: the command line on the vault engine. */
import os from 'node:os';
import path from 'node:path';
import { version } from '../../package.json';
import { codeCacheFolder, requireWithCodeCache } from './code-cache';

const USAGE = `usage: s3vault <command> [options]

commands:
  local    start a local AWS-compatible vault backend and write its profile
           s3vault local --data DIR [--port N] [--profile-out FILE] [--user NAME:PASSWORD]...
  login    sign in and remember the session in $S3VAULT_HOME (default: your config folder)
           s3vault login --username NAME [--profile FILE] [--password-stdin] [--code CODE] [--json]
           profile: --profile or $S3VAULT_PROFILE; with --password-stdin, stdin gives one answer
           per line as asked: password, then a new password or a code if the vault asks
  logout   sign out everywhere and forget the session (forgotten even when offline)
           s3vault logout [--json]
  whoami   show the signed-in account, its identity id, admin or not, credentials expiry
           s3vault whoami [--json]
  credentials  print AWS credentials as JSON for the AWS CLI's credential_process
           s3vault credentials
  ls       list a folder of the vault: names, sizes, last change
           s3vault ls [PATH] [--json]
  put      encrypt and upload files, and folders with their tree
           s3vault put FILE_OR_DIR... [--to PATH] [--overwrite] [--json]
  get      download and decrypt a file (or a folder) to FILE
           s3vault get PATH [--out FILE] [--overwrite] [--json]
  rm       remove a file, or a folder (with --recursive if not empty)
           s3vault rm PATH [--recursive] [--json]
  mv       move or rename a file or folder (TO ending in / moves into that folder)
           s3vault mv FROM TO [--json]
  mkdir    create a folder
           s3vault mkdir PATH [--json]
  share    create a share link (pre-signed URL and s3vault:// app link) and print its true expiry
           s3vault share PATH [--expires 15m|2h|7d] [--json]
  open-link  save and decrypt the file of a share link, with your own access to the vault key
           s3vault open-link LINK [--out FILE] [--overwrite] [--json]
  links    the share links made here, active and expired (no signed URLs are kept)
           s3vault links [--json]
  status   the vault's health: bucket, user pool, key, credentials, share links, storage
           s3vault status [--json]   (exit 1 when a check is in error)
  file commands use the session of s3vault login; Ctrl-C cancels a transfer cleanly

s3vault --version prints the version.`;

// The SDK warns on Node 20 that versions after January 2027 will need Node 22; ours are pinned
// (package-lock.json), so the warning would only be noise on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const [name, ...args] = process.argv.slice(2);
if (name === '--version' || name === '-v') {
  console.log(version);
} else if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
  console.log(USAGE);
} else {
  // The commands (the engine, the AWS SDK clients, the local backend) are a
  // second bundle (scripts/build.mjs), loaded only now: --help and --version
  // need none of them. Its errors are mapped there, by its own error classes.
  const commands = requireWithCodeCache(path.join(__dirname, 's3vault-commands.cjs'), {
    folder: codeCacheFolder(process.env, process.platform, os.homedir()),
    label: name,
    version,
  }) as typeof import('./command-table');
  void commands.runCommand(name, args);
}
