// Workspace file loading: a valid file resolves fully; each kind of mistake gives one precise error.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/security/tokens.ts';
import {
  loadWorkspaceFile,
  parseWorkspaceText,
  WorkspaceFileError,
} from '../../src/workspace/load-workspace-file.ts';

const env = {
  SHOP_TEST_PASSWORD: 'p@ss',
  SHOP_PROD_PASSWORD: 'prodpw',
  DANA_API_TOKEN: 'bbt_dana_token_1234567890',
};
const example = readFileSync(new URL('../../examples/workspace-full.yaml', import.meta.url), 'utf8');

function errorOf(text: string, e: Record<string, string> = env): WorkspaceFileError {
  try {
    parseWorkspaceText(text, 'ws.yaml', { env: e });
  } catch (err) {
    if (err instanceof WorkspaceFileError) return err;
    throw err;
  }
  throw new Error('expected a WorkspaceFileError');
}

describe('workspace file', () => {
  it('loads the documented example with env vars resolved and defaults applied', () => {
    const spec = parseWorkspaceText(example, 'ws.yaml', { env });
    expect(spec.environments.map((e) => [e.key, e.reviewTemplate])).toEqual([
      ['test', 'dev'],
      ['staging', 'dev'],
      ['prod', 'prod'],
    ]);
    expect(spec.instances[0]?.url).toBe('postgres://migrator:p@ss@127.0.0.1:5432/postgres');
    expect(spec.users[0]).toMatchObject({
      email: 'dana@example.com',
      role: 'dba',
      tokenHash: hashToken(env.DANA_API_TOKEN),
    });
    expect(spec.users[1]?.tokenHash).toBeNull();
    expect(spec.projects[0]?.repository).toMatchObject({
      repository: 'acme/shop-migrations',
      baseDirectory: 'migrations',
    });
    expect(spec.projects[0]?.chat).toEqual([{ platform: 'slack', channel: 'C0123456789' }]);
  });

  it('reads files from disk and names an unreadable one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-'));
    writeFileSync(join(dir, 'w.yaml'), example);
    expect(loadWorkspaceFile(join(dir, 'w.yaml'), { env }).projects).toHaveLength(1);
    expect(() => loadWorkspaceFile(join(dir, 'missing.yaml'), { env })).toThrow(
      /missing\.yaml: cannot read the file \(ENOENT\)/,
    );
  });

  it('refuses an unknown engine with its path and line', () => {
    const err = errorOf(example.replace('engine: mysql', 'engine: oracle'));
    expect(err.path).toBe('instances[1].engine');
    expect(err.problem).toMatch(/unknown engine "oracle"/);
    expect(err.line).toBe(example.split('\n').findIndex((l) => l.includes('engine: mysql')) + 1);
    expect(err.message).toMatch(/^ws\.yaml:\d+: instances\[1\]\.engine: unknown engine "oracle"/);
  });

  it('refuses duplicate ids', () => {
    const err = errorOf(example.replace('key: shop-prod', 'key: shop-test'));
    expect(err.path).toBe('instances[1].key');
    expect(err.problem).toBe('duplicate instance "shop-test" (first declared at instances[0].key)');
  });

  it('refuses dangling references', () => {
    expect(errorOf(example.replace('environment: prod', 'environment: production')).message).toMatch(
      /instances\[1\]\.environment: unknown environment "production"/,
    );
    const err = errorOf(
      example.replace('{ instance: shop-prod, name: shop }', '{ instance: shop-dr, name: shop }'),
    );
    expect(err.path).toBe('projects[0].databases[1].instance');
    expect(err.problem).toBe('unknown instance "shop-dr"');
    expect(
      errorOf(
        example.replace(
          '{ email: devon@example.com, role: developer }',
          '{ email: x@example.com, role: developer }',
        ),
      ).problem,
    ).toMatch(/unknown user "x@example.com"/);
  });

  it('refuses bad YAML with the line of the problem', () => {
    const err = errorOf('environments:\n  - key: test\n   name: [unclosed\n');
    expect(err.problem).toMatch(/^invalid YAML: /);
    expect(err.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses a missing environment variable, naming it and where it is used', () => {
    const { SHOP_PROD_PASSWORD: _, ...partial } = env;
    const err = errorOf(example, partial);
    expect(err.path).toBe('instances[1].url');
    expect(err.problem).toBe('environment variable SHOP_PROD_PASSWORD is not set');
    const tokenErr = errorOf(example, { ...env, DANA_API_TOKEN: '' });
    expect(tokenErr.path).toBe('users[0].tokenEnv');
  });

  it('refuses unknown fields instead of ignoring a typo', () => {
    const err = errorOf(example.replace('allowSelfApproval: false', 'allowSelfApprovel: false'));
    expect(err.path).toBe('projects[0]');
    expect(err.problem).toMatch(/allowSelfApprovel/);
  });

  it('keeps a literal ${ written as $${', () => {
    const spec = parseWorkspaceText(
      example.replace('${SHOP_TEST_PASSWORD}', () => 'a$${b}'),
      'ws.yaml',
      { env },
    );
    expect(spec.instances[0]?.url).toBe('postgres://migrator:a${b}@127.0.0.1:5432/postgres');
  });
});
