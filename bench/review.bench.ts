// Review throughput: a fixed, deterministic corpus of mixed DDL/DML per engine, reviewed with the prod template.
import { policyFromTemplate, type ReviewStats, reviewSql } from '../src/core/review/index.ts';
import { benchScript, type CorpusEngine } from '../tests/fixtures/review/bench-corpus.ts';

const STATEMENTS = 6000;
const WARM_UP_ROUNDS = 2;
const WARM_UP_STATEMENTS = 1500;

const ms = (n: number) => Number(n.toFixed(1));

async function measure(engine: CorpusEngine): Promise<Record<string, number>> {
  const policy = policyFromTemplate('prod');
  // Warm-up on other corpora (other names, so no statement repeats) until the parsers are loaded and the code is
  // compiled, as in a long-running service or a CI run that reviews several files.
  for (let round = 0; round < WARM_UP_ROUNDS; round++)
    await reviewSql({ engine, sql: benchScript(engine, WARM_UP_STATEMENTS, `w${round}_`), policy });
  const sql = benchScript(engine, STATEMENTS, '');
  const stats = {} as ReviewStats;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const result = await reviewSql({ engine, sql, policy, stats });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // CPU time of this process, shown next to wall time: on a busy machine the two differ by the time spent waiting.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    statements: result.statements.length,
    advice: result.advice.length,
    seconds: Number(seconds.toFixed(3)),
    statementsPerSecond: Math.round(result.statements.length / seconds),
    cpuSeconds: Number(cpuSeconds.toFixed(3)),
    statementsPerCpuSecond: Math.round(result.statements.length / cpuSeconds),
    parseMs: ms(stats.parseMs),
    rulesMs: ms(stats.rulesMs),
    finishMs: ms(stats.finishMs),
    viaFastPath: stats.viaFastPath,
    viaParser: stats.viaParser,
    viaKeywords: stats.viaKeywords,
  };
}

/** Statements per second per engine (one process, so one core; prod template), phases and peak RSS. */
export default async function run(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const engine of ['postgres', 'mysql'] satisfies CorpusEngine[]) out[engine] = await measure(engine);
  out['peakRssMiB'] = Math.round(process.resourceUsage().maxRSS / 1024);
  return out;
}
