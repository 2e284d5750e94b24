// Runs real service processes that share one metadata store, with a small JSON API client for each.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from '../../e2e/support/service.ts';

export interface ServiceProcess {
  name: string;
  baseUrl: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** True once the process has exited (by itself or by a signal). */
  exited(): boolean;
  /** Sends SIGKILL and waits for the exit: the process gets no chance to record anything. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; waits for the exit; safe to call more than once. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartProcessOptions {
  name: string;
  /** Service environment on top of PORT, HOST and a fresh DATA_DIR. */
  env: Record<string, string>;
  startTimeoutMs?: number;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts `node --import tsx src/main.ts` and waits (bounded) until /healthz answers 200. */
export async function startServiceProcess(options: StartProcessOptions): Promise<ServiceProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), `rollout-${options.name}-`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'warn',
    ...options.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let combined = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    combined += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    combined += chunk;
  });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 15_000) => {
    stopping ??= (async () => {
      await terminate(child, exit, graceMs);
      rmSync(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const kill = async () => {
    if (!hasExited()) child.kill('SIGKILL');
    await exit;
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (hasExited()) throw new Error(`exited early (code ${child.exitCode}, signal ${child.signalCode})`);
      if (await isHealthy(baseUrl)) break;
      if (Date.now() > deadline) throw new Error(`/healthz did not answer 200 at ${baseUrl}`);
      await delay(150);
    }
  } catch (error) {
    await stop(2_000);
    const tail = combined.split('\n').slice(-40).join('\n');
    throw new Error(`starting ${options.name} failed: ${(error as Error).message}\n--- output ---\n${tail}`);
  }
  return {
    name: options.name,
    baseUrl,
    pid: child.pid ?? -1,
    output: () => combined,
    exited: hasExited,
    kill,
    stop,
  };
}

/** Stops every process, each bounded; never throws, so cleanup always goes on. */
export async function stopAll(processes: Iterable<ServiceProcess>, graceMs = 10_000): Promise<void> {
  await Promise.all([...processes].map((p) => p.stop(graceMs).catch(() => {})));
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

async function terminate(child: ChildProcess, exit: Promise<void>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // A hung shutdown must not hang the suite: escalate after the grace period.
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exit;
  clearTimeout(timer);
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** Calls the service's JSON API as the holder of `token`. */
export async function api<T = unknown>(
  baseUrl: string,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<ApiResponse<T>> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Polls `probe` until it returns a value (not undefined), at most `timeoutMs`; then fails with `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    await delay(intervalMs);
  }
}
