// Builds the web view into web/dist only when its sources are newer than the last build; runs before `npm start`.
//
// A warm start must stay fast, so the check is a walk over a few source files' mtimes. Several
// processes (parallel e2e suites, a start racing a test run) may call this at once; a lock directory
// makes them build one at a time, and whoever waited re-checks and usually finds nothing to do.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(repoRoot, 'web', 'dist', 'index.html');
const inputs = [
  join(repoRoot, 'web', 'src'),
  join(repoRoot, 'web', 'index.html'),
  join(repoRoot, 'web', 'vite.config.ts'),
  // A dependency upgrade (preact, vite) changes the bundle without touching web/.
  join(repoRoot, 'package-lock.json'),
];
const lockDir = join(repoRoot, 'node_modules', '.cache', 'ensure-web.lock');
const staleLockMs = 5 * 60_000;
const waitForLockMs = 3 * 60_000;

/** Newest modification time (ms) of a file or of any file below a directory; 0 when missing. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file only shows as a newer directory mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isStale() {
  if (!existsSync(builtIndex)) return true;
  const builtAt = statSync(builtIndex).mtimeMs;
  return inputs.some((input) => newestMtime(input) > builtAt);
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquireLock() {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + waitForLockMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    // A lock left by a killed build would block every later start; old enough means abandoned.
    try {
      if (Date.now() - statSync(lockDir).mtimeMs > staleLockMs)
        rmSync(lockDir, { recursive: true, force: true });
    } catch {
      // Removed by its owner in the meantime.
    }
    if (Date.now() > deadline) throw new Error(`ensure-web: gave up waiting for the build lock ${lockDir}`);
    sleep(200);
  }
}

function build() {
  const viteBin = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(viteBin)) {
    throw new Error('ensure-web: vite is not installed; run `npm install` first');
  }
  console.log('ensure-web: web view sources changed, building web/dist ...');
  const result = spawnSync(process.execPath, [viteBin, 'build', '--config', 'web/vite.config.ts'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`ensure-web: vite build failed (exit ${result.status ?? result.signal})`);
  }
}

if (isStale()) {
  acquireLock();
  try {
    if (isStale()) build();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
