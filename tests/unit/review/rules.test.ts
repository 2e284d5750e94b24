// Every catalog rule, for every engine it supports: a violating case with its position and a clean case.
import { describe, expect, it } from 'vitest';
import { ruleCatalog } from '../../../src/core/review/index.ts';
import { positions } from './helpers.ts';
import { type RuleCase, ruleCases } from './rule-cases.ts';
import { schemaCases } from './schema-cases.ts';

const cases: RuleCase[] = [...ruleCases, ...schemaCases];
const rows = cases.flatMap((c) => c.engines.map((engine) => ({ ...c, engine })));

describe('rule cases', () => {
  it.each(rows)(
    '$rule on $engine flags the violation at its position and passes the clean case',
    async (row) => {
      const bad = await positions(row.engine, row.rule, row.bad, row.params, row.also);
      expect(bad[0]).toEqual(row.at);
      const good = await positions(row.engine, row.rule, row.good, row.params, row.also);
      expect(good).toEqual([]);
    },
  );

  it('covers every rule on every engine it supports', () => {
    const covered = new Set(rows.map((r) => `${r.rule}@${r.engine}`));
    const missing = ruleCatalog
      .flatMap((r) => r.engines.map((e) => `${r.id}@${e}`))
      .filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
  });

  it('only tests rules on engines the catalog lists for them', () => {
    const listed = new Set(ruleCatalog.flatMap((r) => r.engines.map((e) => `${r.id}@${e}`)));
    expect(rows.map((r) => `${r.rule}@${r.engine}`).filter((k) => !listed.has(k))).toEqual([]);
  });
});
