// Applying a workspace to a real store: idempotent, reports what the file dropped, changes nothing on a bad file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeService } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger, systemClock } from '../../src/core/ports/clock.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { applyWorkspace } from '../../src/core/services/apply-workspace.ts';
import { parseWorkspaceText } from '../../src/workspace/load-workspace-file.ts';
import { createTestStore, type TestStore } from '../support/store.ts';

const env = { SHOP_TEST_PASSWORD: 'p', SHOP_PROD_PASSWORD: 'q', DANA_API_TOKEN: 'bbt_dana_token_1234567890' };
const example = readFileSync(new URL('../../examples/workspace-full.yaml', import.meta.url), 'utf8');
const spec = (text: string) => parseWorkspaceText(text, 'ws.yaml', { env });

async function apply(store: Store, text: string) {
  const robot = (await store.principals.get(1))!;
  const ctx = { store, actor: robot, clock: systemClock, logger: silentLogger, requestId: null };
  return applyWorkspace({ ctx, input: { spec: spec(text), source: 'workspace_file' } });
}

describe('applying a workspace file', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore();
  });
  afterAll(async () => t.cleanup());

  it('creates everything the first time and nothing the second time', async () => {
    const first = await apply(t.store, example);
    expect(first.created).toEqual(
      expect.arrayContaining([
        'environment prod',
        'instance shop-prod',
        'user dana@example.com',
        'project shop',
        'database shop-prod/shop',
        'repository binding of shop',
        'slack channel C0123456789 of shop',
      ]),
    );
    const second = await apply(t.store, example);
    expect(second).toMatchObject({ created: [], updated: [], revoked: [], notInFile: [] });
    expect(second.unchanged).toBeGreaterThan(10);
    const prod = await t.store.instances.getByKey('shop-prod');
    expect(prod?.url).toBe('mysql://migrator:q@db-prod.internal:3306/shop');
    const audits = await t.store.audit.list({ resourceType: 'workspace' });
    expect(audits).toHaveLength(2);
  });

  it('updates what changed and reports, without deleting, what the file dropped', async () => {
    const changed = example
      .replace('name: Production', 'name: Prod')
      .split('\n')
      .filter(
        (l) =>
          !l.includes('devon@example.com, role: developer') &&
          !l.includes('chat:') &&
          !l.includes('C0123456789'),
      )
      .join('\n');
    const report = await apply(t.store, changed);
    expect(report.updated).toEqual(['environment prod']);
    expect(report.revoked).toEqual([expect.stringMatching(/^membership of principal \d+ in shop$/)]);
    expect(report.notInFile).toEqual(['slack channel C0123456789 of shop']);
    expect(await t.store.bindings.listChat()).toHaveLength(1);
    const devon = await t.store.principals.findByEmail('devon@example.com');
    const shop = await t.store.projects.getByKey('shop');
    expect((await t.store.projects.listMembers(shop!.id)).some((m) => m.principalId === devon!.id)).toBe(
      false,
    );
  });

  it('rotates a token declared through an env var', async () => {
    const dana = (await t.store.principals.findByEmail('dana@example.com'))!;
    const robot = (await t.store.principals.get(1))!;
    const ctx = { store: t.store, actor: robot, clock: systemClock, logger: silentLogger, requestId: null };
    const rotated = parseWorkspaceText(example, 'ws.yaml', {
      env: { ...env, DANA_API_TOKEN: 'bbt_rotated_token_0987654321' },
    });
    const report = await applyWorkspace({ ctx, input: { spec: rotated, source: 'workspace_file' } });
    expect(report.revoked).toEqual([expect.stringMatching(/^token bbt_dana… of dana@example.com$/)]);
    const live = (await t.store.tokens.listByPrincipal(dana.id)).filter((x) => !x.revoked);
    expect(live.map((x) => x.prefix)).toEqual(['bbt_rota']);
  });
});

describe('booting with a bad workspace file', () => {
  it('fails with the precise error and leaves the store as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-boot-'));
    const file = join(dir, 'workspace.yaml');
    writeFileSync(file, example);
    const config = (extra: Record<string, string> = {}) =>
      loadConfig({ ...env, DATA_DIR: join(dir, 'data'), WORKSPACE_FILE: file, PORT: '0', ...extra });
    const good = await composeService(config(), silentLogger);
    const before = { envs: await good.store.environments.list(), projects: await good.store.projects.list() };
    await good.close();

    writeFileSync(
      file,
      example
        .replace('name: Shop\n', 'name: Shop renamed\n')
        .replace('environment: test\n', 'environment: qa\n'),
    );
    await expect(composeService(config(), silentLogger)).rejects.toThrow(
      /instances\[0\]\.environment: unknown environment "qa"/,
    );

    writeFileSync(file, example);
    const again = await composeService(config(), silentLogger);
    expect(await again.store.environments.list()).toEqual(before.envs);
    expect(await again.store.projects.list()).toEqual(before.projects);
    expect(again.workspaceReport).toMatchObject({ created: [], updated: [] });
    await again.close();
  });
});
