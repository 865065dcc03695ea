// The packaging check (`npm run package:check`, part of `npm test`).
//
// The Electron binary cannot be downloaded on our machines, so this packs the
// app with electron-builder's Linux `dir` target on a stand-in Electron
// distribution (a shell script carrying a real fuse wire), then opens
// release/linux-unpacked/resources/app.asar and checks what a user would get:
//   - the `main` of the packaged package.json, the preload and the renderer are there;
//   - infra/vault.yaml sits where the main bundle looks for it (../../infra/vault.yaml);
//   - every package the main bundle requires, and their own runtime dependencies,
//     resolves inside the asar the way Node will resolve it at run time;
//   - no devDependency-only package, no test, no TypeScript source or
//     declaration, no source map, no dist/bridge, nothing outside an allowlist;
//   - app.asar stays under the size budget;
//   - the fuses read back from the packed binary as scripts/after-pack.mjs sets them.
// It exits non-zero naming every problem, and prints the asar's summary and size.
//
//   node scripts/package-check.mjs [--no-build] [--keep]
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asar from '@electron/asar';
import YAML from 'yaml';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FUSES } from './after-pack.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
/** app.asar measured at 14.9 MiB (3.1k files) with the AWS SDK clients, the Encryption SDK and electron-updater: a third of headroom. */
const ASAR_BUDGET_BYTES = 20 * 1024 * 1024;
/** What may sit at the top of app.asar; everything else is a packaging mistake. */
const ALLOWED_TOP = [
  /^dist\/main\//,
  /^dist\/preload\//,
  /^dist\/renderer\//,
  /^infra\/vault\.yaml$/,
  /^package\.json$/,
];
/** Named in the issue: these must never ship, whatever else changes. */
const NEVER_PACKAGED = [
  'react',
  'react-dom',
  'vite',
  'typescript',
  'electron',
  'vitest',
  '@playwright/test',
  'playwright',
];
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's default fuse wire (Electron 45): RunAsNode, CookieEncryption, NodeOptions, Inspect, AsarIntegrity, OnlyAsar, V8Snapshot, FileProtocol. */
const DEFAULT_WIRE = '10110001';

const problems = [];
const fail = (message) => problems.push(message);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, encoding: 'utf8', ...options });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error(`${command} ${commandArgs.join(' ')} exited with ${result.status ?? result.signal}`);
  }
  return result;
}

/** The fuse wire Electron carries: sentinel, wire version 1, wire length, then one '0'/'1' byte per fuse. */
const fuseWire = () =>
  Buffer.concat([
    Buffer.from(SENTINEL, 'latin1'),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE, 'latin1'),
  ]);
const script = (what) =>
  Buffer.concat([
    Buffer.from(`#!/bin/sh\n# Stand-in for ${what} ${electronVersion}, made by scripts/package-check.mjs.\n# `),
    fuseWire(),
    Buffer.from('\necho "stand-in Electron: cannot run the app" >&2\nexit 1\n'),
  ]);
const plist = (entries) =>
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
  `<plist version="1.0"><dict>${Object.entries(entries)
    .map(([key, value]) => `<key>${key}</key><string>${value}</string>`)
    .join('')}</dict></plist>\n`;
function put(file, content, mode) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  if (mode) chmodSync(file, mode);
}

/**
 * A folder that looks like an unpacked Electron distribution to electron-builder's
 * `dir` target: for Linux an `electron` executable (a shell script), for macOS an
 * Electron.app skeleton whose framework file carries the wire, for Windows a real
 * PE file (rcedit.exe, shipped in electron-winstaller, which electron-builder
 * installs) with the wire appended, since electron-builder edits its resources.
 * Returns null where no stand-in can be made.
 */
export function makeStandInElectron(platform) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `s3vault-electron-${platform}-`));
  put(path.join(dir, 'version'), electronVersion);
  put(path.join(dir, 'LICENSE'), 'Stand-in for Electron’s MIT license.\n');
  put(path.join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n');
  if (platform === 'linux' || platform === 'win') {
    put(path.join(dir, 'locales', 'en-US.pak'), '');
    mkdirSync(path.join(dir, 'resources'));
  }
  if (platform === 'linux') put(path.join(dir, 'electron'), script('Electron'), 0o755);
  if (platform === 'win') {
    const pe = path.join(root, 'node_modules', 'electron-winstaller', 'vendor', 'rcedit.exe');
    if (!existsSync(pe)) return (rmSync(dir, { recursive: true, force: true }), null);
    put(path.join(dir, 'electron.exe'), Buffer.concat([readFileSync(pe), fuseWire()]));
  }
  if (platform === 'mac') {
    const contents = path.join(dir, 'Electron.app', 'Contents');
    put(
      path.join(contents, 'Info.plist'),
      plist({
        CFBundleExecutable: 'Electron',
        CFBundleIdentifier: 'com.github.Electron',
        CFBundleName: 'Electron',
        CFBundleVersion: electronVersion,
      }),
    );
    put(path.join(contents, 'MacOS', 'Electron'), script('Electron'), 0o755);
    put(
      path.join(contents, 'Frameworks', 'Electron Framework.framework', 'Electron Framework'),
      script('Electron Framework'),
    );
    mkdirSync(path.join(contents, 'Resources'));
    for (const suffix of ['', ' (Renderer)', ' (GPU)', ' (Plugin)']) {
      const helper = path.join(contents, 'Frameworks', `Electron Helper${suffix}.app`, 'Contents');
      put(
        path.join(helper, 'Info.plist'),
        plist({ CFBundleExecutable: `Electron Helper${suffix}`, CFBundleIdentifier: 'com.github.Electron.helper' }),
      );
      put(path.join(helper, 'MacOS', `Electron Helper${suffix}`), script('Electron Helper'), 0o755);
    }
  }
  return dir;
}

/** Package name of a bare specifier ('zod/mini' → 'zod', '@aws-sdk/client-s3/x' → '@aws-sdk/client-s3'), or null for builtins and relative paths. */
export function packageName(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  if (builtinModules.includes(specifier.split('/')[0]) || builtinModules.includes(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function requiredPackages(source) {
  const names = new Set();
  // require("x") and, since esbuild leaves them as they are, dynamic import("x").
  for (const match of source.matchAll(/\b(?:require|import)\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
    const name = packageName(match[1]);
    if (name) names.add(name);
  }
  return names;
}

/** Which package names the lockfile knows only as development dependencies. */
function devOnlyNames() {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const seen = new Map(); // name → true when every copy is dev-only
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (!key.includes('node_modules/')) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const devOnly = entry.dev === true;
    seen.set(name, (seen.get(name) ?? true) && devOnly);
  }
  return new Set([...seen].filter(([, devOnly]) => devOnly).map(([name]) => name));
}

/** Packs one platform's `dir` target for x64 on its stand-in; returns the app's output folder, or null if skipped. */
function pack(platform, outDirName) {
  const standIn = makeStandInElectron(platform);
  if (!standIn) {
    console.log(`package:check: no stand-in Electron for ${platform} here, skipped`);
    return null;
  }
  const appOutDir = path.join(root, 'release', outDirName);
  try {
    rmSync(appOutDir, { recursive: true, force: true });
    console.log(`package:check: electron-builder --${platform} dir --x64 on a stand-in Electron ${electronVersion}`);
    const builder = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
    const result = run(process.execPath, [
      builder,
      `--${platform}`,
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${standIn}`,
      `-c.electronVersion=${electronVersion}`,
    ]);
    if (args.has('--verbose')) process.stdout.write(result.stdout);
  } finally {
    if (!args.has('--keep')) rmSync(standIn, { recursive: true, force: true });
  }
  return appOutDir;
}

async function main() {
  if (!args.has('--no-build')) {
    console.log('package:check: building (scripts/build.mjs)');
    run(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  }
  const linuxOut = pack('linux', 'linux-unpacked');
  const summary = inspect(linuxOut);
  const builderConfig = YAML.parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  await checkFuses('linux', path.join(linuxOut, builderConfig.linux?.executableName ?? pkg.name));
  if (!args.has('--linux-only')) {
    // The other platforms' configs, as far as electron-builder goes without downloads.
    const productName = builderConfig.productName;
    const macOut = pack('mac', 'mac');
    if (macOut) {
      const app = path.join(macOut, `${productName}.app`);
      await checkFuses('mac', app);
      const info = existsSync(path.join(app, 'Contents', 'Info.plist'))
        ? readFileSync(path.join(app, 'Contents', 'Info.plist'), 'utf8')
        : '';
      if (!/<key>CFBundleURLSchemes<\/key>\s*<array>\s*<string>s3vault<\/string>/.test(info))
        fail('mac: Info.plist does not register the s3vault:// scheme');
      if (!info.includes('<key>ElectronAsarIntegrity</key>'))
        fail('mac: Info.plist carries no ElectronAsarIntegrity hash');
      if (!existsSync(path.join(app, 'Contents', 'Resources', 'app.asar')))
        fail('mac: Contents/Resources/app.asar is missing');
      if (!existsSync(path.join(app, 'Contents', 'Resources', 'icon.icns')))
        fail('mac: Contents/Resources/icon.icns is missing');
    }
    const winOut = pack('win', 'win-unpacked');
    if (winOut) {
      await checkFuses('win', path.join(winOut, `${productName}.exe`));
      if (!existsSync(path.join(winOut, 'resources', 'app.asar'))) fail('win: resources/app.asar is missing');
    }
  }
  report(summary);
}

function inspect(appOutDir) {
  const asarPath = path.join(appOutDir, 'resources', 'app.asar');
  if (!existsSync(asarPath)) {
    fail(`${path.relative(root, asarPath)} was not produced`);
    return null;
  }
  const unpackedDir = `${asarPath}.unpacked`;
  // Walk the header once: directories have `files`, everything else is a file (maybe unpacked).
  const files = new Set();
  const dirs = new Set();
  const walk = (node, prefix) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const entry = prefix ? `${prefix}/${name}` : name;
      if ('files' in child) {
        dirs.add(entry);
        walk(child, entry);
      } else files.add(entry);
    }
  };
  walk(asar.getRawHeader(asarPath).header, '');
  const entries = [...dirs, ...files];
  const has = (file) => files.has(file) || existsSync(path.join(unpackedDir, file));
  const read = (file) => asar.extractFile(asarPath, file).toString('utf8');

  // 1. Entry points.
  const appPkg = has('package.json') ? JSON.parse(read('package.json')) : null;
  if (!appPkg) fail('package.json is missing from app.asar');
  const main = appPkg?.main ? path.posix.normalize(appPkg.main) : null;
  if (!main) fail('the packaged package.json names no `main`');
  else if (!has(main)) fail(`the packaged package.json's main, ${main}, is not in app.asar`);
  for (const file of ['dist/preload/index.cjs', 'dist/renderer/index.html']) {
    if (!has(file)) fail(`${file} is not in app.asar`);
  }
  // The local backend reads the template relative to the main bundle.
  if (main) {
    const template = path.posix.normalize(path.posix.join(path.posix.dirname(main), '../../infra/vault.yaml'));
    if (!has(template)) fail(`${template} (../../infra/vault.yaml from ${main}) is not in app.asar`);
  }

  // 2. Runtime dependencies, resolved inside the asar as Node would.
  const pkgJsonAt = (dir) => {
    const file = `${dir}/package.json`.replace(/^\//, '');
    return has(file) ? JSON.parse(read(file)) : null;
  };
  /** Node's lookup: <from>/node_modules/<name>, then each parent's, up to the asar root. */
  const resolveIn = (fromDir, name) => {
    let dir = fromDir;
    for (;;) {
      const candidate = (dir ? `${dir}/` : '') + `node_modules/${name}`;
      if (has(`${candidate}/package.json`)) return candidate;
      if (!dir) return null;
      dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    }
  };
  const installedLocally = (name) => existsSync(path.join(root, 'node_modules', name, 'package.json'));
  const required = new Set();
  const resolved = new Map(); // asar dir → package name
  const queue = [];
  for (const bundle of [main, 'dist/preload/index.cjs'].filter((file) => file && has(file))) {
    for (const name of requiredPackages(read(bundle))) {
      if (name === 'electron') continue; // provided by the runtime
      required.add(name);
      queue.push({ name, from: path.posix.dirname(bundle), by: bundle, optional: false });
    }
  }
  while (queue.length > 0) {
    const { name, from, by, optional } = queue.shift();
    const dir = resolveIn(from, name);
    if (!dir) {
      if (!optional) fail(`${by} requires ${name}, which does not resolve inside app.asar (is it a devDependency?)`);
      continue;
    }
    if (resolved.has(dir)) continue;
    resolved.set(dir, name);
    const manifest = pkgJsonAt(dir);
    const deps = Object.keys(manifest.dependencies ?? {}).map((dep) => ({ dep, optional: false }));
    for (const dep of Object.keys(manifest.optionalDependencies ?? {}))
      deps.push({ dep, optional: !installedLocally(dep) });
    for (const dep of Object.keys(manifest.peerDependencies ?? {})) {
      const optionalPeer = manifest.peerDependenciesMeta?.[dep]?.optional === true;
      deps.push({ dep, optional: optionalPeer || !installedLocally(dep) });
    }
    for (const { dep, optional: depOptional } of deps) {
      if (dep === 'electron') continue;
      queue.push({ name: dep, from: dir, by: `${name} (${dir})`, optional: depOptional });
    }
  }

  // 3. What must not be there.
  const devOnly = devOnlyNames();
  const packagedNames = new Set();
  for (const dir of dirs) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/@][^/]*)$/.exec(dir);
    if (match && pkgJsonAt(dir)) packagedNames.add(match[1]);
  }
  for (const name of packagedNames) {
    if (devOnly.has(name)) fail(`${name} is packaged but is only a development dependency`);
    else if (NEVER_PACKAGED.includes(name)) fail(`${name} is packaged`);
  }
  const offenders = (label, test) => {
    const hits = [...files].filter(test);
    if (hits.length > 0) fail(`${hits.length} ${label} in app.asar, e.g. ${hits.slice(0, 5).join(', ')}`);
  };
  offenders(
    'file(s) outside the allowlist',
    (file) => !file.startsWith('node_modules/') && !ALLOWED_TOP.some((re) => re.test(file)),
  );
  offenders('TypeScript source or declaration file(s)', (file) => /\.(ts|tsx|mts|cts)$/.test(file));
  offenders('source map(s)', (file) => file.endsWith('.map'));
  offenders(
    'test file(s)',
    (file) => /(^|\/)(test|tests|__tests__|__mocks__|spec)\//.test(file) || /\.(test|spec)\.[cm]?js$/.test(file),
  );
  offenders('dist/bridge file(s)', (file) => file.startsWith('dist/bridge/'));
  offenders('top-level source file(s)', (file) => /^(src|tests|scripts)\//.test(file));

  // 4. Size.
  const size = statSync(asarPath).size;
  if (size > ASAR_BUDGET_BYTES) fail(`app.asar is ${mb(size)}, over the ${mb(ASAR_BUDGET_BYTES)} budget`);

  return { entries, files, packagedNames, required, resolved, size };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function checkFuses(platform, binary) {
  if (!existsSync(binary)) return fail(`${platform}: the packed executable ${path.relative(root, binary)} is missing`);
  const wire = await getCurrentFuseWire(binary);
  for (const [index, wanted] of Object.entries(FUSES)) {
    const actual = wire[index];
    const expected = wanted ? 49 : 48; // '1' / '0'
    if (actual !== expected) {
      const show = (value) => (value === 49 ? 'on' : value === 48 ? 'off' : `byte ${value}`);
      fail(`${platform}: fuse ${FuseV1Options[index]} is ${show(actual)}, expected ${show(expected)}`);
    }
  }
}

function report(summary) {
  if (summary) {
    const { entries, files, packagedNames, required, resolved, size } = summary;
    const own = [...files].filter((file) => !file.startsWith('node_modules/'));
    const dependencyFiles = files.size - own.length;
    console.log(
      `\napp.asar: ${mb(size)} (${size} bytes; budget ${mb(ASAR_BUDGET_BYTES)}), ${entries.length} entries, ${files.size} files`,
    );
    console.log(`  app files (${own.length}): ${own.join(', ')}`);
    console.log(`  node_modules: ${packagedNames.size} packages, ${dependencyFiles} files`);
    console.log(
      `  required by the bundles: ${[...required].sort().join(', ')} (${resolved.size} packages with their dependencies)`,
    );
    console.log(
      `  fuses (linux${args.has('--linux-only') ? '' : ', mac, win'}): ${Object.entries(FUSES)
        .map(([index, on]) => `${FuseV1Options[index]}=${on ? 'on' : 'off'}`)
        .join(', ')}`,
    );
  }
  if (problems.length > 0) {
    console.error(`\npackage:check FAILED (${problems.length}):`);
    for (const problem of problems) console.error(`  ✗ ${problem}`);
    process.exitCode = 1;
  } else {
    console.log('\npackage:check passed');
  }
}

try {
  await main();
} catch (error) {
  console.error(`\npackage:check FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
