// Finds the Electron binary without letting the `electron` package's download
// attempt spill its progress and stack traces onto the terminal: it runs in a
// child process whose output we keep, and a failure becomes one clear line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export function electronVersion() {
  return JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
}

/** @returns {{ path: string } | { missing: string }} */
export function findElectronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  const binary = probe.status === 0 ? probe.stdout.trim() : '';
  if (binary && existsSync(binary)) return { path: binary };
  return {
    missing:
      `the Electron ${electronVersion()} binary is not installed and could not be downloaded. ` +
      'Run "npm start" again on a machine with internet access, ' +
      'or set ELECTRON_OVERRIDE_DIST_PATH to the folder of an Electron distribution.',
  };
}
