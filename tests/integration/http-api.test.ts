// The HTTP service over the embedded store with the demo workspace: health, token auth, reads and JSON errors.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeService, type Service } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/ports/clock.ts';

describe('HTTP API on the demo workspace', () => {
  let service: Service;
  let tokens: Record<string, string>;
  const get = (path: string, token?: string) =>
    service.app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'http-'));
    service = await composeService(loadConfig({ DATA_DIR: dataDir, PORT: '0' }), silentLogger);
    tokens = Object.fromEntries((service.demoTokens ?? []).map((t) => [t.email, t.token]));
  });
  afterAll(async () => service?.close());

  it('seeds the demo once and prints a token per demo user', () => {
    expect(Object.keys(tokens).sort()).toEqual([
      'admin@example.com',
      'dba@example.com',
      'dev@example.com',
      'owner@example.com',
    ]);
  });

  it('answers /healthz once the store is migrated', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('returns the principal and its roles for a valid token', async () => {
    const res = await get('/api/v1/me', tokens['owner@example.com']);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      principal: {
        id: expect.any(Number),
        email: 'owner@example.com',
        name: 'Olivia Owner',
        workspaceRole: 'developer',
      },
      projects: [{ key: 'demo', name: 'Demo shop', role: 'owner' }],
      permissions: { manageUsers: false, readUsers: false, readAudit: true },
      session: null,
    });
  });

  it('refuses missing, malformed and unknown tokens with a JSON error and request id', async () => {
    for (const [headers, message] of [
      [{}, 'missing Authorization: Bearer <token> header'],
      [{ authorization: 'Basic abc' }, 'missing Authorization: Bearer <token> header'],
      [{ authorization: 'Bearer bbt_not_a_real_token' }, 'invalid or revoked API token'],
    ] as const) {
      const res = await service.app.request('/api/v1/me', { headers });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
      expect(body.error).toEqual({
        code: 'unauthenticated',
        message,
        requestId: res.headers.get('x-request-id'),
      });
      expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('lists environments in pipeline order', async () => {
    const res = await get('/api/v1/environments', tokens['dev@example.com']);
    const body = (await res.json()) as { environments: { key: string; order: number }[] };
    expect(body.environments.map((e) => [e.key, e.order])).toEqual([
      ['test', 0],
      ['staging', 1],
      ['prod', 2],
    ]);
  });

  it('shows projects with databases ordered by environment', async () => {
    const res = await get('/api/v1/projects', tokens['dba@example.com']);
    const body = (await res.json()) as {
      projects: { key: string; databases: { name: string; environment: string }[] }[];
    };
    expect(body.projects.map((p) => p.key)).toEqual(['demo']);
    expect(body.projects[0]!.databases.map((d) => `${d.environment}/${d.name}`)).toEqual([
      'test/inventory',
      'test/shop',
      'staging/shop',
      'prod/inventory',
      'prod/shop',
    ]);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await get('/api/v2/nothing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
