// Builds the installers (`npm run dist`, `npm run dist:all`), on a machine that
// can download Electron and electron-builder's tools. Extra arguments go to
// electron-builder (e.g. `npm run dist -- --linux deb --arm64`).
//
//   --all   every platform this OS can build: macOS builds mac, Windows and Linux;
//           Linux builds Linux and Windows (NSIS needs no Wine for unsigned builds);
//           Windows builds Windows. dmg needs macOS (hdiutil), so does signing for mac.
//
// The update feed baked into the installers (electron-builder's `publish`, which
// it writes to resources/app-update.yml for electron-updater) comes from:
//   S3VAULT_UPDATE_URL=https://…                    a generic HTTPS feed
//   S3VAULT_UPDATE_BUCKET=name [S3VAULT_UPDATE_REGION=…] [S3VAULT_UPDATE_PATH=…]   an S3 bucket
// Without either, the app is built without a feed and does not update itself
// (a user can still point it at one with S3VAULT_UPDATE_URL at run time).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { URL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const passThrough = process.argv.slice(2).filter((arg) => arg !== '--all');
const all = process.argv.includes('--all');

const platforms = { darwin: ['--mac', '--win', '--linux'], linux: ['--linux', '--win'], win32: ['--win'] };
const targets = all ? (platforms[process.platform] ?? []) : [];
if (all && targets.length === 0) throw new Error(`dist:all: no installers can be built on ${process.platform}`);
if (all && process.platform !== 'darwin') {
  console.log('dist:all: macOS installers (dmg, zip) need macOS; building the others.');
}

export function publishArgs(env) {
  if (env.S3VAULT_UPDATE_URL) {
    const url = new URL(env.S3VAULT_UPDATE_URL);
    if (url.protocol !== 'https:') throw new Error('S3VAULT_UPDATE_URL must be an https:// URL');
    return ['-c.publish.provider=generic', `-c.publish.url=${url.href}`];
  }
  if (env.S3VAULT_UPDATE_BUCKET) {
    return [
      '-c.publish.provider=s3',
      `-c.publish.bucket=${env.S3VAULT_UPDATE_BUCKET}`,
      ...(env.S3VAULT_UPDATE_REGION ? [`-c.publish.region=${env.S3VAULT_UPDATE_REGION}`] : []),
      ...(env.S3VAULT_UPDATE_PATH ? [`-c.publish.path=${env.S3VAULT_UPDATE_PATH}`] : []),
    ];
  }
  return [];
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ['scripts/build.mjs']);
const hasPublishFlag = passThrough.some((arg) => arg === '--publish' || arg === '-p' || arg.startsWith('--publish='));
run(process.execPath, [
  path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
  ...targets,
  ...publishArgs(process.env),
  ...(hasPublishFlag ? [] : ['--publish', 'never']),
  ...passThrough,
]);
