// Runs the real service as a child process for end-to-end tests: free port, fresh data dir, demo tokens.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

// The service prints each demo token once, on first start, as "  <role>  <email>  bbt_...".
const tokenLine = /^\s+(\w+)\s+(\S+@\S+)\s+(bbt_[A-Za-z0-9_-]+)\s*$/gm;

export interface StartServiceOptions {
  /** Reuse a data dir (e.g. to test a restart); by default each start gets a fresh, empty one. */
  dataDir?: string;
  /** Extra environment for the service, on top of PORT and DATA_DIR. */
  env?: Record<string, string>;
  /** How long to wait for /healthz (and, with a fresh data dir, the demo tokens). */
  startTimeoutMs?: number;
  /**
   * Listen on this port (from `freePort()`) instead of a free one picked here: for a setting that must name
   * the address before the start, such as PUBLIC_URL and an OpenID Connect redirect URI.
   */
  port?: number;
}

export interface RunningService {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** Demo API tokens by email, as printed on first start; empty when the data dir was reused. */
  tokens: Record<string, string>;
  /** Everything the service wrote to stdout and stderr so far. */
  output(): string;
  /** Sends SIGTERM and waits for the process to exit; safe to call more than once. */
  stop(): Promise<void>;
}

/** Builds web/dist when its sources changed; call once per suite before starting the service. */
export function ensureWebBuilt(): void {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'ensure-web.mjs')], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`Building the web view failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startService(options: StartServiceOptions = {}): Promise<RunningService> {
  const freshData = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'bytebase-im-e2e-'));
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  // Loopback only: a test service with printed demo tokens has no business on other interfaces.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    ...options.env,
    PORT: String(port),
    DATA_DIR: dataDir,
  };
  // The e2e service always runs on embedded PGlite with the seeded demo workspace.
  delete env.DATABASE_URL;
  delete env.WORKSPACE_FILE;

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let combined = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    combined += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    combined += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      await terminate(child, exited);
      if (freshData) rmSync(dataDir, { recursive: true, force: true });
    }
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the service exited early (code ${child.exitCode}, signal ${child.signalCode})`);
      }
      const healthy = await isHealthy(baseUrl);
      // With a fresh data dir the tokens are part of a finished start; they may print just after listen.
      if (healthy && (!freshData || parseTokens(stdout).size > 0)) break;
      if (Date.now() > deadline) {
        throw new Error(
          healthy
            ? 'the service answered /healthz but printed no demo tokens'
            : `/healthz did not answer 200 at ${baseUrl}`,
        );
      }
      await delay(200);
    }
  } catch (error) {
    await stop();
    const tail = combined.split('\n').slice(-40).join('\n');
    throw new Error(`Starting the service failed: ${(error as Error).message}\n--- output tail ---\n${tail}`);
  }

  return {
    baseUrl,
    port,
    dataDir,
    tokens: Object.fromEntries(parseTokens(stdout)),
    output: () => combined,
    stop,
  };
}

/** Demo tokens by email from the service's first-start output. */
export function parseTokens(output: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const match of output.matchAll(tokenLine)) {
    const [, , email, token] = match;
    if (email && token) tokens.set(email, token);
  }
  return tokens;
}

async function isHealthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // Graceful shutdown should be quick; a hung one must not hang the suite, so escalate.
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
