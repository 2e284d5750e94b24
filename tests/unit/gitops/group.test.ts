// Grouping migration files into issues: per database and type, version order, environments with equal files together.
import { describe, expect, it } from 'vitest';
import type { BindingCatalog } from '../../../src/core/gitops/files.ts';
import { type LoadedFile, planIssues } from '../../../src/core/gitops/group.ts';
import { chunkPlan } from '../../../src/core/gitops/push.ts';

const catalog: BindingCatalog = {
  environments: ['test', 'staging', 'prod'],
  databases: new Map([
    ['test', new Set(['shop', 'inventory'])],
    ['staging', new Set(['shop'])],
    ['prod', new Set(['shop', 'inventory'])],
  ]),
};
const file = (
  env: string | null,
  db: string,
  version: string,
  over: Partial<LoadedFile> = {},
): LoadedFile => ({
  path: `db/${env ?? 'all'}/${db}##${version}##migrate##x.sql`,
  environment: env,
  database: db,
  version,
  type: 'schema',
  description: 'x',
  statement: `-- ${db} ${version}\nSELECT 1;`,
  ...over,
});

describe('planIssues', () => {
  it('puts environments with the same files in one issue, files in natural version order', () => {
    const { plans, problems } = planIssues(
      [
        file('prod', 'shop', '10'),
        file('test', 'shop', '10'),
        file('prod', 'shop', '2'),
        file('test', 'shop', '2'),
      ],
      catalog,
    );
    expect(problems).toEqual([]);
    expect(plans).toHaveLength(1);
    expect(plans[0]!.database).toBe('shop');
    expect(plans[0]!.environments).toEqual(['test', 'prod']);
    expect(plans[0]!.files.map((f) => f.version)).toEqual(['2', '10']);
  });

  it('splits databases, types, and environments whose files differ', () => {
    const { plans } = planIssues(
      [
        file('test', 'shop', '1'),
        file('prod', 'shop', '1', { statement: 'SELECT 2;' }),
        file('test', 'inventory', '1'),
        file('test', 'shop', '2', { type: 'data', path: 'db/test/shop##2##data##x.sql' }),
      ],
      catalog,
    );
    expect(plans.map((p) => [p.database, p.type, p.environments, p.files.map((f) => f.version)])).toEqual([
      ['inventory', 'schema', ['test'], ['1']],
      ['shop', 'schema', ['test'], ['1']],
      ['shop', 'schema', ['prod'], ['1']],
      ['shop', 'data', ['test'], ['2']],
    ]);
  });

  it('sends a file without environment to every environment that has the database', () => {
    const { plans } = planIssues([file(null, 'inventory', '7')], catalog);
    expect(plans.map((p) => p.environments)).toEqual([['test', 'prod']]);
  });

  it('reports a version given twice for one database and environment and uses none of those files', () => {
    const a = file('prod', 'shop', '3');
    const b = file('prod', 'shop', '3', { path: 'db/prod/shop##3##migrate##other.sql' });
    const { plans, problems } = planIssues(
      [a, b, file('prod', 'shop', '4'), file('test', 'shop', '3')],
      catalog,
    );
    expect(plans.map((p) => p.environments)).toEqual([['test']]);
    expect(problems.map((p) => p.path)).toEqual([a.path, b.path]);
    expect(problems[0]!.problem).toContain(b.path);
  });
});

describe('chunkPlan', () => {
  it('splits a group createIssue could not take in one issue, keeping version order', () => {
    const files = Array.from({ length: 2500 }, (_, i) => ({
      version: String(i + 1),
      statement: 'SELECT 1;',
      path: `p${i}`,
      description: '',
    }));
    const chunks = chunkPlan({ database: 'shop', type: 'schema', environments: ['test'], files });
    expect(chunks.map((c) => c.files.length)).toEqual([1000, 1000, 500]);
    expect(chunks[1]!.files[0]!.version).toBe('1001');
    const big = 'x'.repeat(400 * 1024);
    const bySize = chunkPlan({
      database: 'shop',
      type: 'schema',
      environments: ['test'],
      files: [1, 2, 3].map((v) => ({ version: String(v), statement: big, path: String(v), description: '' })),
    });
    expect(bySize.map((c) => c.files.length)).toEqual([2, 1]);
  });
});
