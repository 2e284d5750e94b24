// Bundles the service into dist/server/main.mjs and the review CLI into dist/cli/review.mjs when their sources
// changed; runs before `npm start` and in `npm run build`. Both are the package's bins and run on plain Node.
//
// One bundled file starts much faster than hundreds of TypeScript modules transformed at load, and a warm
// start must stay under a second and a half. Packages that ship WASM, native code or large SDKs stay
// external and load from node_modules as usual.
import { chmodSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'server', 'main.mjs');
const cliOutfile = join(root, 'dist', 'cli', 'review.mjs');
// The operator command (`admin token …`), for installs without the TypeScript sources (the container image).
const adminOutfile = join(root, 'dist', 'cli', 'admin.mjs');
const inputs = ['src', 'db', 'adapters', 'package-lock.json', 'scripts/ensure-server.mjs'].map((p) =>
  join(root, p),
);

const EXTERNAL = [
  '@electric-sql/pglite',
  'libpg-query',
  'mysql2',
  'node-sql-parser',
  '@clickhouse/client',
  'snowflake-sdk',
  '@slack/bolt',
  '@slack/web-api',
  'botbuilder',
  'botframework-connector',
  '@larksuiteoapi/node-sdk',
  '@gitbeaker/rest',
  '@gitbeaker/requester-utils',
  'pino',
  'thread-stream',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = Math.min(
  ...[outfile, cliOutfile, adminOutfile].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)),
);
if (builtAt > 0 && inputs.every((p) => newestMtime(p) <= builtAt)) process.exit(0);

const { build } = await import('esbuild');
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
};
// Old chunks would linger beside the new ones; the directory holds nothing else.
rmSync(dirname(outfile), { recursive: true, force: true });
await build({
  ...common,
  // Embedded target databases run in worker threads started from their own file; the PGlite adapter looks for
  // pglite-worker.mjs beside main.mjs.
  entryPoints: { main: 'src/main.ts', 'pglite-worker': 'adapters/engines/pglite/worker.ts' },
  outdir: dirname(outfile),
  outExtension: { '.js': '.mjs' },
  // Code behind a dynamic import (engine drivers, parsers, chat adapters) becomes a chunk loaded on first use,
  // so the packages it needs are not loaded at start.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
// One file: a CLI run reviews a few files and exits, so there is nothing to gain from loading parts later.
await build({ ...common, entryPoints: ['src/cli/review.ts'], outfile: cliOutfile });
await build({ ...common, entryPoints: ['src/cli/admin.ts'], outfile: adminOutfile });
// The entry points start with `#!/usr/bin/env node`; npm links bins executable on install, a clone needs it here.
for (const bin of [outfile, cliOutfile]) chmodSync(bin, 0o755);
process.stderr.write(`built ${outfile.slice(root.length + 1)} and ${cliOutfile.slice(root.length + 1)}\n`);
