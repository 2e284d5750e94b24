// Policies, suppressions, risk levels and syntax errors of the review engine.
import { describe, expect, it } from 'vitest';
import {
  parsePolicy,
  policyFromTemplate,
  ReviewConfigError,
  resolvePolicy,
  reviewSql,
} from '../../../src/core/review/index.ts';

const prod = policyFromTemplate('prod');

describe('policies', () => {
  it('prod is at least as strict as dev for every rule', () => {
    const rank = { off: 0, warning: 1, error: 2 };
    const dev = policyFromTemplate('dev');
    for (const [id, rule] of Object.entries(prod.rules))
      expect(rank[rule.level]).toBeGreaterThanOrEqual(rank[dev.rules[id]!.level]);
  });

  it('later layers win per rule and keep earlier parameters', () => {
    const env = parsePolicy({ rules: { 'naming.table': { format: '^t_', maxLength: 10 } } }, 'env.yaml');
    const project = parsePolicy(
      { rules: { 'naming.table': 'error', 'table.require-pk': 'off' } },
      'project.yaml',
    );
    const policy = resolvePolicy('dev', env, project);
    expect(policy.rules['naming.table']).toEqual({
      level: 'error',
      params: { format: '^t_', maxLength: 10 },
    });
    expect(policy.rules['table.require-pk']!.level).toBe('off');
  });

  it('accepts Bytebase-style rule lists and reports ids it does not implement', () => {
    const file = parsePolicy(
      {
        rules: [
          { type: 'naming.table', level: 'ERROR', payload: { maxLength: 20 } },
          { type: 'statement.dml-dry-run', level: 'ERROR' },
        ],
      },
      'bb.yaml',
    );
    expect(file.rules['naming.table']).toEqual({ level: 'error', params: { maxLength: 20 } });
    expect(file.unknownRules).toEqual(['statement.dml-dry-run']);
  });

  it.each([
    [{ rules: { 'no.such-rule': 'error' } }, 'p.yaml: rules["no.such-rule"]: unknown rule "no.such-rule"'],
    [
      { rules: { 'naming.table': { format: '(' } } },
      'p.yaml: rules["naming.table"].format: invalid regular expression',
    ],
    [
      { rules: { 'naming.table': { colour: 1 } } },
      'p.yaml: rules["naming.table"].colour: unknown parameter of naming.table',
    ],
    [{ rules: { 'table.require-pk': 'loud' } }, 'p.yaml: rules["table.require-pk"]'],
    [{ extra: 1 }, 'p.yaml: '],
  ])('rejects %j with the file, path and problem', (input, message) => {
    expect(() => parsePolicy(input, 'p.yaml')).toThrow(ReviewConfigError);
    expect(() => parsePolicy(input, 'p.yaml')).toThrow(message);
  });
});

describe('suppressions', () => {
  it('moves suppressed advice to the suppressed list with its reason', async () => {
    const sql =
      'SELECT 1;\n-- review:ignore statement.where.require.update-delete cleanup of a staging table\nDELETE FROM tmp;';
    const r = await reviewSql({ engine: 'postgres', sql, policy: prod });
    expect(r.advice.map((a) => a.rule)).not.toContain('statement.where.require.update-delete');
    expect(r.suppressed).toMatchObject([
      { rule: 'statement.where.require.update-delete', line: 3, reason: 'cleanup of a staging table' },
    ]);
  });

  it('applies a comment on the same line and never suppresses syntax errors', async () => {
    const same = await reviewSql({
      engine: 'mysql',
      sql: 'DELETE FROM tmp; -- review:ignore statement.where.require.update-delete ok',
      policy: prod,
    });
    expect(same.suppressed).toHaveLength(1);
    const syntax = await reviewSql({
      engine: 'postgres',
      sql: '-- review:ignore statement.syntax no\nSELEC 1;',
      policy: prod,
    });
    expect(syntax.advice.map((a) => a.rule)).toContain('statement.syntax');
  });
});

describe('risk and syntax', () => {
  it.each([
    ['DROP TABLE t;', 'high'],
    ['TRUNCATE t;', 'high'],
    ['DELETE FROM t;', 'high'],
    ['UPDATE t SET a = 1;', 'high'],
    ['DELETE FROM t WHERE id = 1;', 'moderate'],
    ['ALTER TABLE t ADD COLUMN b int;', 'moderate'],
    ['DROP INDEX i;', 'moderate'],
    ['CREATE TABLE t (id bigint PRIMARY KEY);', 'low'],
    ['INSERT INTO t (a) VALUES (1);', 'low'],
    ['SELECT 1;', 'low'],
  ])('%s is %s risk', async (sql, risk) => {
    expect((await reviewSql({ engine: 'postgres', sql, policy: prod })).risk).toBe(risk);
  });

  it('takes the highest statement risk for the script', async () => {
    const r = await reviewSql({
      engine: 'mysql',
      sql: 'SELECT 1;\nDROP DATABASE shop;\nALTER TABLE t ADD COLUMN b int;',
      policy: prod,
    });
    expect(r.statements.map((s) => s.risk)).toEqual(['low', 'high', 'moderate']);
    expect(r.risk).toBe('high');
  });

  it('reports each bad statement once and still reviews the others', async () => {
    const sql = 'SELECT 1;\nSELEC 2;\nDELETE FROM t;\nINSERT INTO (;';
    for (const engine of ['postgres', 'mysql'] as const) {
      const r = await reviewSql({ engine, sql, policy: prod });
      expect(r.advice.filter((a) => a.rule === 'statement.syntax').map((a) => a.line)).toEqual([2, 4]);
      expect(r.advice.some((a) => a.rule === 'statement.where.require.update-delete' && a.line === 3)).toBe(
        true,
      );
      expect(r.statements).toHaveLength(4);
    }
  });

  it('maps PostgreSQL byte offsets to character columns for non-ASCII text', async () => {
    const r = await reviewSql({ engine: 'postgres', sql: "SELECT 'äöü'; DELETE FROM tä;", policy: prod });
    expect(r.advice.find((a) => a.rule === 'statement.where.require.update-delete')).toMatchObject({
      line: 1,
      column: 27,
    });
  });
});
