// Follows the README's "Your own workspace" with examples/workspace.yaml as shipped: start, first sign-in token,
// tokens for the team, a change created, approved and rolled out; then the operator's `npm run admin -- token`.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot } from './support/service.ts';

const TIMEOUT_MS = 120_000;
// Run from a directory of its own, the TypeScript loader is named by path (it is not installed there).
const TSX = pathToFileURL(join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

interface Running {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** `WORKSPACE_FILE=examples/workspace.yaml npm start`, run from a scratch directory as its working directory. */
async function start(cwd: string): Promise<Running> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    WORKSPACE_FILE: join(repoRoot, 'examples', 'workspace.yaml'),
  };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'DEMO', 'SECRET_KEY']) delete env[name];
  const child = spawn(process.execPath, ['--import', TSX, join(repoRoot, 'src', 'main.ts')], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited early:\n${out.slice(-3000)}`);
    const ok = await fetch(`${baseUrl}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`no /healthz answer:\n${out.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    baseUrl,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The operator's shell: the service's defaults (DATA_DIR ./data in the working directory). */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'WORKSPACE_FILE', 'SECRET_KEY']) delete env[name];
  return env;
}

describe('the README with examples/workspace.yaml', () => {
  let ada = '';
  const cwd = mkdtempSync(join(tmpdir(), 'readme-ws-'));
  let svc: Running;

  const api = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${svc.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as any };
  };

  beforeAll(async () => {
    svc = await start(cwd);
  }, TIMEOUT_MS);
  afterAll(async () => {
    await svc?.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it(
    'prints the owner a first sign-in token, and the team takes a change to production with it',
    async () => {
      // The sign-in line may follow "listening" by a moment.
      for (let i = 0; i < 50 && !ada; i++) {
        ada = /ada@example\.com\s+(bbt_\S+)\s+\(expires /.exec(svc.output())?.[1] ?? '';
        if (!ada) await new Promise((r) => setTimeout(r, 100));
      }
      expect(svc.output()).toContain(
        'First sign-in tokens for the workspace owners (shown once, keep them):',
      );
      expect(ada, svc.output().slice(-2000)).toMatch(/^bbt_/);
      const me = await api(ada, 'GET', '/api/v1/me');
      expect(me.json.principal).toMatchObject({ email: 'ada@example.com', workspaceRole: 'owner' });

      const tokens: Record<string, string> = {};
      for (const who of ['dana', 'devon']) {
        const res = await api(ada, 'POST', `/api/v1/users/${who}@example.com/tokens`, { name: 'laptop' });
        expect(res.status).toBe(201);
        tokens[who] = res.json.token;
      }
      const created = await api(tokens.devon!, 'POST', '/api/v1/projects/shop/issues', {
        title: 'Add orders',
        type: 'schema',
        statement: 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);',
        targets: [{ database: 'shop' }],
      });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      const id = created.json.issue.id as number;
      expect(created.json.approvals.map((a: { role: string }) => a.role)).toEqual(['dba']);
      const approved = await api(tokens.dana!, 'POST', `/api/v1/issues/${id}/approve`);
      expect(approved.status, JSON.stringify(approved.json)).toBe(200);

      let view: any;
      for (let i = 0; i < 300; i++) {
        view = (await api(tokens.dana!, 'GET', `/api/v1/issues/${id}`)).json;
        if (['done', 'failed'].includes(view.issue.status)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(view.issue.status, JSON.stringify(view.stages)).toBe('done');
      expect(
        view.stages.map((s: { environment: string; status: string }) => [s.environment, s.status]),
      ).toEqual([
        ['test', 'done'],
        ['staging', 'done'],
        ['prod', 'done'],
      ]);
      const history = await api(tokens.dana!, 'GET', '/api/v1/instances/shop-prod/databases/shop/history');
      expect(history.json.history[0].schemaAfter).toContain('orders');
    },
    TIMEOUT_MS,
  );

  it(
    'prints nothing again on restart, and the operator mints a token with npm run admin -- token',
    async () => {
      await svc.stop();
      const refused = spawnSync(
        process.execPath,
        ['--import', TSX, join(repoRoot, 'src', 'cli', 'admin.ts'), 'token', 'olivia@example.com'],
        { cwd, encoding: 'utf8', env: cliEnv() },
      );
      expect(refused.stderr).toBe('');
      expect(refused.status).toBe(0);
      const olivia = /\n {2}(bbt_\S+)\n/.exec(refused.stdout)?.[1];
      expect(olivia, refused.stdout).toBeDefined();

      svc = await start(cwd);
      await new Promise((r) => setTimeout(r, 500));
      expect(svc.output()).not.toContain('First sign-in tokens');
      const me = await api(olivia!, 'GET', '/api/v1/me');
      expect(me.json.projects).toEqual([{ key: 'shop', name: 'Shop', role: 'owner' }]);
      // While the service holds the embedded store, the command line refuses instead of opening it twice.
      const busy = spawnSync(
        process.execPath,
        ['--import', TSX, join(repoRoot, 'src', 'cli', 'admin.ts'), 'token', 'olivia@example.com'],
        { cwd, encoding: 'utf8', env: cliEnv() },
      );
      expect(busy.status).toBe(1);
      expect(busy.stderr).toMatch(/is open in process \d+ \(the service\): stop it first/);
      const audit = await api(
        ada,
        'GET',
        '/api/v1/audit?action=token.create&resource=principal:olivia@example.com',
      );
      expect(
        audit.json.entries.map((e: { actor: { email: string }; details: { via: string } }) => e.details.via),
      ).toEqual(['command line']);
    },
    TIMEOUT_MS,
  );
});
