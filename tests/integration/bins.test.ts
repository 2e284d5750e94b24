// The package's bins, as built by `npm run build`: the review CLI and the service run on plain Node, no transpiler.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot } from '../e2e/support/service.ts';

const bins = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> }
).bin;
// The environment a person's shell gives a bin: nothing that would load a TypeScript loader into Node.
const plainEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const { NODE_OPTIONS: _options, VITEST: _vitest, ...rest } = process.env;
  return { ...rest, ...extra };
};

let scratch: string;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/ensure-server.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  scratch = mkdtempSync(join(tmpdir(), 'bins-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('bytebase-review', () => {
  const run = (args: string[], input?: string) =>
    spawnSync(join(repoRoot, bins['bytebase-review']!), args, {
      cwd: scratch,
      env: plainEnv(),
      encoding: 'utf8',
      input,
    });

  it('is a bundled, executable Node script that needs no transpiler', () => {
    const file = join(repoRoot, bins['bytebase-review']!);
    expect(file.endsWith('.mjs')).toBe(true);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(file).mode & 0o111).not.toBe(0);
    expect(readFileSync(file, 'utf8')).not.toMatch(/from ["']tsx["']|\.ts["']\)/);
  });

  it('reviews a SQL file: exit 1 and the rule on error-level advice, exit 0 when clean', () => {
    writeFileSync(join(scratch, 'drop.sql'), 'DROP TABLE users;\n');
    writeFileSync(join(scratch, 'add.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY);\n');
    const dropped = run(['--engine', 'postgres', 'drop.sql']);
    expect(dropped.stderr).toBe('');
    expect(dropped.status).toBe(1);
    expect(dropped.stdout).toMatch(/^drop\.sql:1:\d+ error table\.disallow-drop /m);

    const clean = run(['--engine', 'postgres', '--template', 'dev', '--format', 'json', 'add.sql']);
    expect(clean.status).toBe(0);
    const advice = JSON.parse(clean.stdout) as { file: string; level: string }[];
    expect(advice.filter((a) => a.level === 'error')).toEqual([]);
    for (const a of advice) expect(a.file).toBe('add.sql');

    const mysql = run(['--engine', 'mysql', '-'], 'DELETE FROM t;\n');
    expect(mysql.status).toBe(1);
    expect(mysql.stdout).toContain('<stdin>');
  });

  it('answers bad usage with exit 2', () => {
    const bad = run(['--engine', 'oracle', 'x.sql']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown engine "oracle"/);
  });

  it('runs as `npx bytebase-review` from the clone', () => {
    const help = spawnSync('npx', ['--no-install', 'bytebase-review', '--help'], {
      cwd: repoRoot,
      env: plainEnv(),
      encoding: 'utf8',
    });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: /);
  });
});

describe('bytebase-im', () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
  });

  it('serves /healthz on the given port with a fresh DATA_DIR, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = join(scratch, 'data');
    child = spawn(join(repoRoot, bins['bytebase-im']!), [], {
      cwd: scratch,
      env: plainEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        WORKSPACE_FILE: '',
        DEMO: 'off',
        LOG_LEVEL: 'warn',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => {
      output += d;
    });
    child.stderr!.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    let health: { status: number; body: unknown } | null = null;
    while (Date.now() < deadline && child.exitCode === null) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        async (r) => ({ status: r.status, body: await r.json() }),
        () => null,
      );
      if (health?.status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(health, output).toEqual({ status: 200, body: { status: 'ok' } });
    // The embedded store lives where DATA_DIR says, not in the working directory.
    expect(statSync(join(dataDir, 'store')).isDirectory()).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
