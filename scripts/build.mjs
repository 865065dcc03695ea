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
  // The command line: everything in one file. Each run then reads and compiles one file instead of
  // resolving and loading ~300 in node_modules: `s3vault put` of one file 0.34-0.40 → 0.29-0.34 s.
  esbuild({ ...node, entryPoints: ['src/cli/s3vault.ts'], outfile: 'dist/cli/s3vault.cjs' }),
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
