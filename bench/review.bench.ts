// Review throughput: a fixed, deterministic corpus of mixed DDL/DML per engine, reviewed with the prod template.
import { policyFromTemplate, type ReviewEngine, reviewSql } from '../src/core/review/index.ts';

const STATEMENTS = 6000;

/** Deterministic statements; every one is distinct so no cache can make the figures look better. */
function corpus(engine: 'postgres' | 'mysql', count: number, salt: string): string {
  const q = engine === 'mysql' ? '`' : '"';
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = `${salt}orders_${i % 97}`;
    switch (i % 8) {
      case 0:
        out.push(
          `CREATE TABLE ${q}${salt}t_${i}${q} (id bigint PRIMARY KEY, name varchar(${20 + (i % 50)}) NOT NULL DEFAULT '', created_at timestamp, note text)`,
        );
        break;
      case 1:
        out.push(`ALTER TABLE ${t} ADD COLUMN c_${i} int${i % 3 === 0 ? ' NOT NULL' : ''} DEFAULT ${i}`);
        break;
      case 2:
        out.push(`CREATE INDEX idx_${salt}${i} ON ${t} (c_${i % 13}, c_${(i + 1) % 13})`);
        break;
      case 3:
        out.push(
          `INSERT INTO ${t} (id, name, amount) VALUES (${i}, 'n${i}', ${i * 3}), (${i + 1}, 'm${i}', ${i * 5})`,
        );
        break;
      case 4:
        out.push(
          `UPDATE ${t} SET amount = amount + ${i}, name = 'x${i}' WHERE id = ${i}${i % 5 === 0 ? '' : ` AND status <> 'closed'`}`,
        );
        break;
      case 5:
        out.push(i % 7 === 0 ? `DELETE FROM ${t}` : `DELETE FROM ${t} WHERE id BETWEEN ${i} AND ${i + 10}`);
        break;
      case 6:
        out.push(
          `SELECT id, name FROM ${t} WHERE name LIKE '${i % 4 === 0 ? '%' : ''}a${i}%' ORDER BY id LIMIT ${(i % 100) + 1}`,
        );
        break;
      default:
        out.push(
          i % 16 === 7 ? `DROP TABLE IF EXISTS ${salt}old_${i}` : `ALTER TABLE ${t} DROP COLUMN c_${i - 6}`,
        );
    }
  }
  return `${out.join(';\n')};\n`;
}

async function measure(engine: 'postgres' | 'mysql'): Promise<Record<string, number>> {
  const policy = policyFromTemplate('prod');
  // Warm-up on a different corpus so the parsers are loaded and compiled, as in a long-running service or CI run.
  await reviewSql({ engine, sql: corpus(engine, 1500, 'w'), policy });
  const sql = corpus(engine, STATEMENTS, '');
  const started = process.hrtime.bigint();
  const result = await reviewSql({ engine, sql, policy });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    statements: result.statements.length,
    advice: result.advice.length,
    seconds: Number(seconds.toFixed(3)),
    statementsPerSecond: Math.round(result.statements.length / seconds),
  };
}

/** Statements per second per engine (one core, prod template) and peak RSS. */
export default async function run(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const engine of ['postgres', 'mysql'] satisfies ReviewEngine[]) out[engine] = await measure(engine);
  out['peakRssMiB'] = Math.round(process.resourceUsage().maxRSS / 1024);
  return out;
}
