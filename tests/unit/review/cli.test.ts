// The review CLI as a real process: exit codes and every output format.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => `tests/fixtures/review/${name}`;

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/review.ts', ...args], {
    encoding: 'utf8',
    input,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('review CLI', () => {
  it('prints text advice with file:line:column and exits 1 on errors', () => {
    const r = cli(['--engine', 'postgres', fixture('unbounded-delete.sql')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `${fixture('unbounded-delete.sql')}:2:13 error statement.where.require.update-delete`,
    );
  });

  it('exits 0 for a clean file and reads stdin', () => {
    expect(cli(['--engine', 'mysql', fixture('clean.sql')]).code).toBe(0);
    const r = cli(['--engine', 'mysql', '--format', 'json', '-'], 'DELETE FROM t;');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)[0]).toMatchObject({
      file: '<stdin>',
      rule: 'statement.where.require.update-delete',
      line: 1,
    });
  });

  it('applies a policy file', () => {
    const r = cli([
      '--engine',
      'postgres',
      '--config',
      fixture('lenient.yaml'),
      '--format',
      'json',
      fixture('unbounded-delete.sql'),
    ]);
    expect(r.code).toBe(0);
    expect(
      JSON.parse(r.out).find((a: { rule: string }) => a.rule === 'statement.where.require.update-delete')
        .level,
    ).toBe('warning');
  });

  it('prints GitLab Code Quality with stable fingerprints', () => {
    const args = ['--engine', 'postgres', '--format', 'gitlab', fixture('unbounded-delete.sql')];
    const pick = (out: string) =>
      JSON.parse(out).find(
        (i: { check_name: string }) => i.check_name === 'statement.where.require.update-delete',
      );
    const first = pick(cli(args).out);
    expect(first).toMatchObject({
      check_name: 'statement.where.require.update-delete',
      severity: 'major',
      location: { path: fixture('unbounded-delete.sql'), lines: { begin: 2 } },
    });
    expect(pick(cli(args).out).fingerprint).toBe(first.fingerprint);
  });

  it('prints JUnit XML with a failure for the failing statement', () => {
    const r = cli(['--engine', 'postgres', '--format', 'junit', fixture('unbounded-delete.sql')]);
    expect(r.out).toMatch(
      /<testsuite name="tests\/fixtures\/review\/unbounded-delete.sql" tests="2" failures="1"/,
    );
    expect(r.out).toContain('<failure message="statement.where.require.update-delete"');
  });

  it.each([
    [['--engine', 'oracle', 'x.sql'], 'unknown engine "oracle"'],
    [['--engine', 'postgres', '--bogus', 'x.sql'], 'unknown option --bogus'],
    [['x.sql'], '--engine is required'],
    [['--engine', 'postgres', 'tests/fixtures/review/missing.sql'], 'missing.sql: cannot read (ENOENT)'],
    [
      ['--engine', 'postgres', '--config', fixture('bad-policy.yaml'), fixture('clean.sql')],
      'bad-policy.yaml: rules["naming.table"].format: Invalid input: expected string',
    ],
  ])('exits 2 on %j', (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('lists the catalog', () => {
    const r = cli(['--list-rules', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).length).toBeGreaterThanOrEqual(60);
  });
});
