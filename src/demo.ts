// First-start demo workspace: three environments, embedded PGlite targets, a workspace owner, a DBA, a developer
// and a project owner.
import { join } from 'node:path';
import type { Principal } from './core/model/workspace.ts';
import type { WorkspaceSpec } from './core/model/workspace-spec.ts';
import type { Clock, Logger } from './core/ports/clock.ts';
import type { Store } from './core/ports/store.ts';
import { applyWorkspace } from './core/services/apply-workspace.ts';
import { hashToken, mintToken, tokenPrefix } from './security/tokens.ts';

export const DEMO_SEEDED_KEY = 'demo.seeded';

export interface DemoToken {
  role: string;
  email: string;
  token: string;
}

/** The demo workspace; target databases live under the data dir so nothing needs installing. */
export function demoSpec(dataDir: string): WorkspaceSpec {
  const envs = ['test', 'staging', 'prod'] as const;
  return {
    environments: envs.map((key) => ({
      key,
      name: key[0]!.toUpperCase() + key.slice(1),
      reviewTemplate: key === 'prod' ? 'prod' : 'dev',
      reviewPolicy: null,
    })),
    instances: envs.map((env) => ({
      key: `demo-${env}`,
      name: `Demo ${env}`,
      engine: 'pglite',
      environment: env,
      url: join(dataDir, 'targets', env),
      driftCheckMs: null,
    })),
    users: [
      // A workspace owner, so the demo can add people, issue tokens and read the audit log.
      { email: 'admin@example.com', name: 'Ada Admin', role: 'owner', tokenHash: null, tokenPrefix: null },
      { email: 'dba@example.com', name: 'Dana DBA', role: 'dba', tokenHash: null, tokenPrefix: null },
      {
        email: 'dev@example.com',
        name: 'Devon Developer',
        role: 'developer',
        tokenHash: null,
        tokenPrefix: null,
      },
      {
        email: 'owner@example.com',
        name: 'Olivia Owner',
        role: 'developer',
        tokenHash: null,
        tokenPrefix: null,
      },
    ],
    projects: [
      {
        key: 'demo',
        name: 'Demo shop',
        allowSelfApproval: false,
        reviewPolicy: null,
        databases: [
          ...envs.map((env) => ({ instance: `demo-${env}`, name: 'shop' })),
          { instance: 'demo-test', name: 'inventory' },
          { instance: 'demo-prod', name: 'inventory' },
        ],
        members: [
          { email: 'dev@example.com', role: 'developer' },
          { email: 'owner@example.com', role: 'owner' },
        ],
        repository: null,
        chat: [],
      },
    ],
  };
}

/** Seeds the demo once; returns the tokens to show, or null when the store already holds a workspace. */
export async function seedDemoIfEmpty(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  robot: Principal;
  dataDir: string;
}): Promise<DemoToken[] | null> {
  const { store } = deps;
  if (await store.settings.get(DEMO_SEEDED_KEY)) return null;
  if ((await store.principals.list()).some((p) => p.kind === 'user')) return null;
  const spec = demoSpec(deps.dataDir);
  return store.transaction(async (tx) => {
    const ctx = { store: tx, actor: deps.robot, clock: deps.clock, logger: deps.logger, requestId: null };
    await applyWorkspace({ ctx, input: { spec, source: 'demo' } });
    const tokens: DemoToken[] = [];
    for (const u of spec.users) {
      const p = await tx.principals.findByEmail(u.email);
      const token = mintToken();
      await tx.tokens.create({
        principalId: p!.id,
        name: 'demo token',
        tokenHash: hashToken(token),
        prefix: tokenPrefix(token),
        source: 'demo',
      });
      const member = spec.projects[0]!.members.find((m) => m.email === u.email);
      tokens.push({
        role:
          u.role === 'owner'
            ? 'admin'
            : u.role === 'dba'
              ? 'dba'
              : member?.role === 'owner'
                ? 'owner'
                : u.role,
        email: u.email,
        token,
      });
    }
    await tx.settings.set(DEMO_SEEDED_KEY, { at: new Date(deps.clock.now()).toISOString() });
    return tokens;
  });
}

/** The text printed once at first start. */
export function formatDemoTokens(tokens: DemoToken[], baseUrl: string): string {
  const lines = tokens.map((t) => `  ${t.role.padEnd(10)} ${t.email.padEnd(22)} ${t.token}`);
  return [
    'Demo workspace created. API tokens (shown once, keep them):',
    ...lines,
    `Open ${baseUrl}/ and sign in with a token, or: curl -H "Authorization: Bearer <token>" ${baseUrl}/api/v1/me`,
    '',
  ].join('\n');
}
