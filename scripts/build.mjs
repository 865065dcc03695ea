// Builds every part of the app into dist/: the Node-side bundles with esbuild,
// the renderer with Vite. `--node` skips the renderer (for quick CLI rebuilds).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const nodeOnly = process.argv.includes('--node');

// Node-side code is written as ES modules; bundled as CommonJS so that
// Electron's main and sandboxed preload load it without flags.
const importMetaUrlShim = {
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  ...importMetaUrlShim,
};

await Promise.all([
  // Main process: dependencies stay in node_modules, so the packaging check can see them.
  esbuild({ ...node, entryPoints: ['src/main/app/index.ts'], outfile: 'dist/main/index.cjs', packages: 'external' }),
  // Sandboxed preload: only 'electron' may be required, so everything else is bundled in.
  esbuild({
    ...node,
    entryPoints: ['src/preload/index.ts'],
    outfile: 'dist/preload/index.cjs',
    external: ['electron'],
  }),
  // The command line, with every package bundled in: a command then reads and compiles one file
  // instead of resolving and loading ~300 in node_modules (`s3vault put` of one file 0.34-0.40 →
  // 0.29-0.34 s). Two files, so that --help and --version do not read the 4 MB of the second:
  // s3vault.cjs (arguments, usage) loads s3vault-commands.cjs (command-table.ts) to run a command,
  // through a V8 code cache (src/cli/code-cache.ts).
  esbuild({
    ...node,
    entryPoints: ['src/cli/s3vault.ts'],
    outfile: 'dist/cli/s3vault.cjs',
  }),
  esbuild({
    ...node,
    entryPoints: ['src/cli/command-table.ts'],
    outfile: 'dist/cli/s3vault-commands.cjs',
    // import() becomes require(): a script compiled from a V8 code cache has no import() on Node 20.
    supported: { 'dynamic-import': false },
  }),
  // The browser bridge: a development and test tool, never packaged.
  esbuild({
    ...node,
    entryPoints: ['src/bridge/dev-web.ts'],
    outfile: 'dist/bridge/dev-web.cjs',
    packages: 'external',
  }),
  esbuild({
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    logLevel: 'warning',
    entryPoints: ['src/bridge/client.ts'],
    outfile: 'dist/bridge/client.js',
  }),
]);

if (!nodeOnly) await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
