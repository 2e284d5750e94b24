// GitLab: time from a push webhook to the issue created with its SQL review done, for 1, 10 and 100 files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { composeService } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/core/ports/clock.ts';
import { createGitLabDriver, startGitLabFake } from '../tests/fakes/gitlab/index.ts';
import { createScratchPostgresDatabase } from '../tests/support/store.ts';
import { createInstantEngine } from './support/instant-engine.ts';

const SIZES = [1, 10, 100] as const;
const RUNS: Record<(typeof SIZES)[number], number> = { 1: 10, 10: 5, 100: 3 };
const REPO = 'acme/app';
const SECRET = 'bench-gitlab-secret';
const AUTHOR = { name: 'Dev', email: 'dev@example.com', username: 'dev' };

const round = (n: number) => Math.round(n * 10) / 10;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** A migration a reviewer would accept, so every file goes through the whole prod rule set. */
const statement = (v: number) =>
  `CREATE TABLE public.t_${v} (\n  id bigint PRIMARY KEY,\n  name text NOT NULL DEFAULT '',\n` +
  `  created_at timestamptz NOT NULL DEFAULT now(),\n  updated_at timestamptz NOT NULL DEFAULT now()\n);\n`;

export default async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'gitlab-bench-'));
  const serverUrl = process.env.TEST_POSTGRES_URL;
  const scratch = serverUrl ? await createScratchPostgresDatabase(serverUrl, 'bbim_bench_gitlab') : null;
  const fake = await startGitLabFake();
  fake.state.createProject({ path: REPO, defaultBranch: 'main' });
  fake.state.addUser(AUTHOR);
  // Targets never run here (nothing is approved); the instant engine keeps any connection attempt free.
  writeFileSync(
    join(dir, 'workspace.yaml'),
    `environments:\n  - { key: test }\n  - { key: prod, review: { template: prod } }\n` +
      `instances:\n  - { key: t, engine: postgres, environment: test, url: "postgres://x@127.0.0.1:1/x" }\n` +
      `  - { key: p, engine: postgres, environment: prod, url: "postgres://x@127.0.0.1:1/x" }\n` +
      `users:\n  - { email: dev@example.com, name: Dev, role: developer, tokenEnv: T_DEV }\n` +
      `projects:\n  - key: shop\n    databases: [{ instance: t, name: shop }, { instance: p, name: shop }]\n` +
      `    members: [{ email: dev@example.com, role: developer }]\n` +
      `    repository: { project: ${REPO}, branch: main, baseDirectory: db }\n`,
  );
  const service = await composeService(
    loadConfig({
      DATA_DIR: join(dir, 'data'),
      WORKSPACE_FILE: join(dir, 'workspace.yaml'),
      SECRET_KEY: 'b'.repeat(64),
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
      GITLAB_URL: fake.url,
      GITLAB_TOKEN: fake.token,
      GITLAB_WEBHOOK_SECRET: SECRET,
      T_DEV: 'bbt_bench_dev_0123456789abcdef',
    }),
    silentLogger,
    { engines: { postgres: createInstantEngine().driver }, startScheduler: false },
  );
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const s = serve({ fetch: service.app.fetch, hostname: '127.0.0.1', port: 0 }, (i: AddressInfo) =>
        resolve({ server: s, port: i.port }),
      );
    },
  );
  const driver = createGitLabDriver({
    targetUrl: `http://127.0.0.1:${port}/hooks/gitlab`,
    secret: SECRET,
    fake,
  });
  const project = (await service.store.projects.getByKey('shop'))!;
  const latestIssue = async () =>
    (await service.store.issues.list({ projectIds: [project.id], limit: 1 }))[0];
  let version = 0;

  /** One push of `n` new prod migrations (one issue): ack time and push-to-issue time. */
  async function push(n: number) {
    const actions = Array.from({ length: n }, () => {
      version++;
      return {
        action: 'create' as const,
        filePath: `db/prod/shop##${version}##migrate##t${version}.sql`,
        content: statement(version),
      };
    });
    const before = fake.state.head(REPO, 'main');
    const after = fake.state.commit(REPO, {
      branch: 'main',
      message: `${n} files`,
      author: AUTHOR,
      actions,
    }).id;
    const known = (await latestIssue())?.id ?? 0;
    const calls = fake.state.calls.length;
    const started = performance.now();
    const res = await driver.push(REPO, { branch: 'main', before, after });
    if (res.status !== 200) throw new Error(`push answered ${res.status}: ${res.body}`);
    for (;;) {
      const latest = await latestIssue();
      if (latest && latest.id > known) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    const issueMs = performance.now() - started;
    await service.gitlab!.drain();
    return { ackMs: res.ms, issueMs, apiCalls: fake.state.calls.length - calls };
  }

  try {
    await push(3); // warm-up: parsers, SDK and store paths load once
    const results: Record<string, unknown> = {};
    for (const n of SIZES) {
      const runs = [];
      for (let i = 0; i < RUNS[n]; i++) runs.push(await push(n));
      results[`files_${n}`] = {
        runs: runs.length,
        ackMsMedian: round(median(runs.map((r) => r.ackMs))),
        ackMsMax: round(Math.max(...runs.map((r) => r.ackMs))),
        pushToIssueMsMedian: round(median(runs.map((r) => r.issueMs))),
        pushToIssueMsMax: round(Math.max(...runs.map((r) => r.issueMs))),
        perFileMs: round(median(runs.map((r) => r.issueMs)) / n),
        gitlabApiCallsPerPush: median(runs.map((r) => r.apiCalls)),
      };
    }
    return {
      store: scratch ? 'postgres (TEST_POSTGRES_URL, scratch database)' : 'pglite (embedded)',
      gitlab: 'loopback fake over HTTP (tests/fakes/gitlab)',
      measured:
        'push webhook sent -> issue row visible with its review (n files for prod, reviewed with the prod template); ack = HTTP answer time',
      ...results,
    };
  } finally {
    await new Promise<void>((r) => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close(() => r());
    });
    await service.close();
    await fake.close();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
