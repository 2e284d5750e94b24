// What the web console waits on, on the embedded demo store: an issue read in full and revalidated by ETag
// (304), a page of 50 issues out of 500, and the live review of a draft (1 and 400 statements).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeService } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/core/ports/clock.ts';

const ISSUES = Number(process.env.BENCH_CONSOLE_ISSUES ?? 500);
const REQUESTS = Number(process.env.BENCH_CONSOLE_REQUESTS ?? 200);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
};

async function timed(n: number, fn: () => Response | Promise<Response>, expected: number) {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fn();
    bytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== expected) throw new Error(`answered ${res.status}, not ${expected}`);
    ms.push(performance.now() - t);
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99), bytes };
}

export default async function consoleBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'console-bench-'));
  const service = await composeService(loadConfig({ DATA_DIR: dir, PORT: '0' }), silentLogger, {
    startScheduler: false,
  });
  try {
    const token = (email: string) => service.demoTokens!.find((t) => t.email === email)!.token;
    const dev = token('dev@example.com');
    const dba = token('dba@example.com');
    const call = (
      bearer: string,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) =>
      service.app.request(`/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const change = (i: number) => ({
      title: `Change ${i}`,
      type: 'schema',
      statement: `CREATE TABLE t_${i} (id bigint PRIMARY KEY, name text NOT NULL);`,
      targets: [{}],
    });
    const seedStart = performance.now();
    let lastId = 0;
    for (let i = 0; i < ISSUES; i++) {
      const res = await call(dev, 'POST', '/projects/demo/issues', change(i));
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      lastId = ((await res.json()) as { issue: { id: number } }).issue.id;
    }
    const seedMs = Math.round(performance.now() - seedStart);
    // The outbox delivers the issues' announcements in the background; the ETag is stable once it is done.
    let etag = '';
    for (let i = 0; i < 600; i++) {
      const res = await call(dba, 'GET', `/issues/${lastId}`);
      const view = (await res.json()) as { undelivered: unknown[] };
      etag = res.headers.get('etag') ?? '';
      if (view.undelivered.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const longScript = Array.from(
      { length: 200 },
      (_, i) => `ALTER TABLE orders ADD COLUMN c_${i} text;\nUPDATE orders SET c_${i} = 'x' WHERE id = ${i};`,
    ).join('\n');
    return {
      issues: ISSUES,
      seedMs,
      requests: REQUESTS,
      issueFullMs: await timed(REQUESTS, () => call(dba, 'GET', `/issues/${lastId}`), 200),
      issueNotModifiedMs: await timed(
        REQUESTS,
        () => call(dba, 'GET', `/issues/${lastId}`, undefined, { 'if-none-match': etag }),
        304,
      ),
      issuePageOf50Ms: await timed(REQUESTS, () => call(dba, 'GET', '/issues?limit=50'), 200),
      pendingPageOf50Ms: await timed(
        REQUESTS,
        () => call(dba, 'GET', '/issues?filter=pending&limit=50'),
        200,
      ),
      reviewOneStatementMs: await timed(
        REQUESTS,
        () => call(dev, 'POST', '/projects/demo/review', change(1)),
        200,
      ),
      review400StatementsMs: await timed(
        40,
        () =>
          call(dev, 'POST', '/projects/demo/review', {
            type: 'data',
            statement: longScript,
            targets: [{ environment: 'prod' }],
          }),
        200,
      ),
    };
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
