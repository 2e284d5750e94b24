// The fast path must produce exactly the model the full parsers produce, and leave everything else to them.
import { describe, expect, it } from 'vitest';
import { anchorUnlocated } from '../../../src/core/review/classify.ts';
import { fastStatement } from '../../../src/core/review/fast/index.ts';
import type { ParsedStatement } from '../../../src/core/review/model.ts';
import { parseMysqlFamily } from '../../../src/core/review/parse-mysql.ts';
import { parsePostgres } from '../../../src/core/review/parse-postgres.ts';
import { benchScript, benchStatements, type CorpusEngine } from '../../fixtures/review/bench-corpus.ts';
import {
  FAST_BOTH,
  FAST_ONLY,
  generatedStatements,
  NOT_FAST,
} from '../../fixtures/review/fast-path-corpus.ts';

const engines: CorpusEngine[] = ['postgres', 'mysql'];

/** The full parser's result for a script, with the fast path switched off. */
async function full(engine: CorpusEngine, sql: string): Promise<ParsedStatement[]> {
  return engine === 'postgres'
    ? parsePostgres(sql, { fastPath: false })
    : parseMysqlFamily(sql, 'mysql', { fastPath: false, cache: false });
}

/** The fast path's model of a single statement at the start of a script, anchored as parsers anchor. */
function fast(engine: CorpusEngine, sql: string) {
  const s = fastStatement(engine, { index: 0, sql, start: 0, end: sql.length, line: 1, column: 1 });
  return s && anchorUnlocated(s);
}

/** Checks one statement: when the fast path takes it, the parser accepts it and both models are equal. */
async function agree(engine: CorpusEngine, sql: string): Promise<boolean> {
  const mine = fast(engine, sql);
  if (!mine) return false;
  const [theirs] = await full(engine, sql);
  expect(theirs?.problem, `${engine}: ${sql}`).toBeUndefined();
  expect(mine, `${engine}: ${sql}`).toStrictEqual(theirs?.statement);
  return true;
}

describe.each(engines)('fast path on %s', (engine) => {
  it('recognises every benchmark statement and matches the parser on each', async () => {
    for (const sql of benchStatements(engine, 96, 'eq_')) expect(await agree(engine, sql), sql).toBe(true);
  });

  it('recognises the listed shapes and matches the parser on each', async () => {
    for (const sql of [...FAST_BOTH, ...FAST_ONLY[engine]]) expect(await agree(engine, sql), sql).toBe(true);
  });

  it('leaves other statements, valid or not, to the parser', () => {
    const other = engine === 'postgres' ? FAST_ONLY.mysql : FAST_ONLY.postgres;
    for (const sql of [...NOT_FAST, ...other]) expect(fast(engine, sql), sql).toBeUndefined();
  });

  it('matches the parser on every generated statement it takes, and takes most of them', async () => {
    const statements = generatedStatements(engine, 1500);
    let taken = 0;
    for (const sql of statements) if (await agree(engine, sql)) taken++;
    // The generator mixes in keywords, odd literals and broken tails; a good share must still be fast.
    expect(taken).toBeGreaterThan(statements.length * 0.25);
    expect(taken).toBeLessThan(statements.length);
  });

  it('gives a whole script the same models and positions with and without the fast path', async () => {
    const script = `${benchScript(engine, 40, 's_')}\n-- a comment\nSELECT count(a) FROM t;\n  ${FAST_BOTH.join(';\n  ')};`;
    const withFast = engine === 'postgres' ? await parsePostgres(script) : parseMysqlFamily(script, 'mysql');
    const without = await full(engine, script);
    expect(withFast.map((p) => p.statement)).toStrictEqual(without.map((p) => p.statement));
    expect(withFast.map((p) => p.problem)).toStrictEqual(without.map((p) => p.problem));
    if (engine === 'mysql') expect(withFast.filter((p) => p.via === 'fast').length).toBeGreaterThan(40);
  });
});
