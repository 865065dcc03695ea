// `npm run bench [-- --quick] [-- --rounds N]`: builds the CLI and the bench
// (TypeScript, bundled like the CLI so it can use the engine's own modules),
// then runs it. The bench itself is bench/main.ts.
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { build } from 'esbuild';

const built = spawnSync(process.execPath, ['scripts/build.mjs', '--node'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // Dependencies stay in node_modules, as in the CLI's own bundle.
  packages: 'external',
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};
await build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'dist/bench/bench.cjs' });
await build({ ...common, entryPoints: ['bench/engine-share.ts'], outfile: 'dist/bench/engine-share.cjs' });
await build({ ...common, entryPoints: ['bench/node-floor.ts'], outfile: 'dist/bench/node-floor.cjs' });

// The SDK's notice that Node 20 support ends in 2027 would only be noise here (the CLI silences it too).
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const run = spawnSync(process.execPath, ['dist/bench/bench.cjs', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
