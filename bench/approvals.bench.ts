// Racing decisions on one issue: N approve/cancel pairs and N approve×2/reject/cancel quartets on a PostgreSQL
// store; counts 5xx answers, clean 409s and the decisions the audit recorded.
import { startRolloutHarness } from '../tests/support/rollout-harness.ts';

const PAIRS = Number(process.env.BENCH_RACE_PAIRS ?? 30);

const after = <T>(ms: number, fn: () => Promise<T>) =>
  new Promise<T>((resolve, reject) => setTimeout(() => fn().then(resolve, reject), ms));

export default async function approvalsBench(): Promise<Record<string, unknown>> {
  const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const h = await startRolloutHarness({
    engine: 'postgres',
    adminUrl: url,
    databases: ['shop'],
    storeUrl: url,
  });
  try {
    let n = 0;
    const create = async () => {
      n += 1;
      const res = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
        title: `race ${n}`,
        type: 'schema',
        statement: `CREATE TABLE race_${n} (id int PRIMARY KEY);`,
        targets: [{ environment: 'prod' }],
      });
      if (res.status !== 201) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.json)}`);
      return res.json.issue.id as number;
    };
    const body = { overrideReason: 'bench' };
    const decisionsOf = async (id: number) =>
      (await h.service.store.audit.list({ resourceType: 'issue', resourceId: String(id) })).filter((a) =>
        ['issue.approve', 'issue.reject', 'issue.cancel'].includes(a.action),
      ).length;

    const pairIds: number[] = [];
    for (let i = 0; i < PAIRS; i++) pairIds.push(await create());
    const t0 = performance.now();
    // The cancel starts 0-9 ms after the approval, so their transactions overlap at every point of the
    // approval's work across the pairs (the approval reads more before it writes).
    const pairs = await Promise.all(
      pairIds.map((id, i) =>
        Promise.all([
          h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, body),
          after(i % 10, () => h.api(h.tokens.dev, 'POST', `/api/v1/issues/${id}/cancel`)),
        ]),
      ),
    );
    const pairMs = performance.now() - t0;
    const quartetIds: number[] = [];
    for (let i = 0; i < PAIRS; i++) quartetIds.push(await create());
    const t1 = performance.now();
    const quartets = await Promise.all(
      quartetIds.map((id, i) =>
        Promise.all([
          h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, body),
          h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, body),
          after(i % 5, () => h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/reject`, { reason: 'bench' })),
          after(i % 10, () => h.api(h.tokens.dev, 'POST', `/api/v1/issues/${id}/cancel`)),
        ]),
      ),
    );
    const quartetMs = performance.now() - t1;
    const count = (answers: { status: number }[][], pred: (s: number) => boolean) =>
      answers.flat().filter((a) => pred(a.status)).length;
    let pairDecisions = 0;
    for (const id of pairIds) pairDecisions += await decisionsOf(id);
    let quartetDecisions = 0;
    for (const id of quartetIds) quartetDecisions += await decisionsOf(id);
    return {
      store: 'postgres',
      approveCancelPairs: {
        pairs: PAIRS,
        answers: PAIRS * 2,
        status5xx: count(pairs, (s) => s >= 500),
        status409: count(pairs, (s) => s === 409),
        status200: count(pairs, (s) => s === 200),
        decisionsAudited: pairDecisions,
        ms: Math.round(pairMs),
      },
      approveRejectCancelQuartets: {
        issues: PAIRS,
        answers: PAIRS * 4,
        status5xx: count(quartets, (s) => s >= 500),
        status409: count(quartets, (s) => s === 409),
        status200: count(quartets, (s) => s === 200),
        decisionsAudited: quartetDecisions,
        ms: Math.round(quartetMs),
      },
    };
  } finally {
    await h.close();
  }
}
