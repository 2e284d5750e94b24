// A shared-store rollout setup on a real PostgreSQL server: scratch store, target databases, workspace file.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createScratchPostgresDatabase } from '../../support/store.ts';

export const USERS = {
  dba: 'dba@example.com',
  dev: 'dev@example.com',
  owner: 'owner@example.com',
} as const;
export type UserKey = keyof typeof USERS;

export interface RolloutFixture {
  /** Store database URL (DATABASE_URL of every process). */
  storeUrl: string;
  /** Environment every service process gets: store, workspace file, key, tokens. */
  env: Record<string, string>;
  tokens: Record<UserKey, string>;
  /** Target database names by environment key and group. */
  databases: (environment: 'test' | 'prod', group: string) => string[];
  /** Instance key for an environment. */
  instance: (environment: 'test' | 'prod') => string;
  /** Runs a query on the store database. */
  store: postgres.Sql;
  /** Runs a query on the server's admin database (pg_stat_activity, terminate). */
  admin: postgres.Sql;
  /** Terminates every session on the target databases (leftover sleeps of killed processes). */
  terminateTargetSessions(): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * Creates the scratch store, `count` target databases per environment for each group, and a workspace
 * file declaring environments test and prod, one postgres instance per environment, three users and a
 * project over all target databases. Cleans up what it made if any step fails.
 */
export async function createRolloutFixture(
  serverUrl: string,
  groups: Record<string, number>,
): Promise<RolloutFixture> {
  const prefix = `rp_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 2, onnotice: () => {} });
  const names: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'rollout-ws-'));
  let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>> | undefined;
  let store: postgres.Sql | undefined;

  const dbName = (env: string, group: string, i: number) => `${prefix}_${env}_${group}_${i}`;
  const databases = (env: 'test' | 'prod', group: string) =>
    Array.from({ length: groups[group] ?? 0 }, (_, i) => dbName(env, group, i + 1));
  const terminateTargetSessions = async () => {
    await admin`select pg_terminate_backend(pid) from pg_stat_activity
      where datname like ${`${prefix}\\_%`} and pid <> pg_backend_pid()`;
  };
  const cleanup = async () => {
    await store?.end({ timeout: 5 }).catch(() => {});
    await terminateTargetSessions().catch(() => {});
    for (const name of names)
      await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
    await scratch?.drop().catch(() => {});
    await admin.end({ timeout: 5 }).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    scratch = await createScratchPostgresDatabase(serverUrl, 'bbim_rollout_procs');
    store = postgres(scratch.url, { max: 2, onnotice: () => {} });
    for (const env of ['test', 'prod'] as const)
      for (const group of Object.keys(groups))
        for (const name of databases(env, group)) {
          await admin.unsafe(`create database "${name}"`);
          names.push(name);
        }
    const tokens = {
      dba: `bbt_dba_${randomBytes(12).toString('hex')}`,
      dev: `bbt_dev_${randomBytes(12).toString('hex')}`,
      owner: `bbt_owner_${randomBytes(12).toString('hex')}`,
    };
    const file = join(dir, 'workspace.yaml');
    writeFileSync(file, workspaceYaml(serverUrl, prefix, names));
    return {
      storeUrl: scratch.url,
      env: {
        DATABASE_URL: scratch.url,
        WORKSPACE_FILE: file,
        SECRET_KEY: 'a'.repeat(64),
        DEMO: 'off',
        RP_DBA_TOKEN: tokens.dba,
        RP_DEV_TOKEN: tokens.dev,
        RP_OWNER_TOKEN: tokens.owner,
      },
      tokens,
      databases,
      instance: (env) => `${prefix.replace(/_/g, '-')}-${env}`,
      store,
      admin,
      terminateTargetSessions,
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function workspaceYaml(serverUrl: string, prefix: string, names: string[]): string {
  const inst = (env: string) => `${prefix.replace(/_/g, '-')}-${env}`;
  const dbLines = names.map((n) => {
    const env = n.startsWith(`${prefix}_test_`) ? 'test' : 'prod';
    return `      - { instance: ${inst(env)}, name: ${n} }`;
  });
  return `version: 1
environments:
  - { key: test, name: Test, review: { template: dev } }
  - { key: prod, name: Production, review: { template: prod } }
instances:
  - { key: ${inst('test')}, engine: postgres, environment: test, url: "${serverUrl}" }
  - { key: ${inst('prod')}, engine: postgres, environment: prod, url: "${serverUrl}" }
users:
  - { email: ${USERS.dba}, name: Dana DBA, role: dba, tokenEnv: RP_DBA_TOKEN }
  - { email: ${USERS.dev}, name: Devon Developer, role: developer, tokenEnv: RP_DEV_TOKEN }
  - { email: ${USERS.owner}, name: Olivia Owner, role: developer, tokenEnv: RP_OWNER_TOKEN }
projects:
  - key: rollout
    name: Rollout
    # Dropping a table stays high risk (two approval steps) without being a review error.
    review: { policy: { rules: { table.disallow-drop: { level: warning } } } }
    databases:
${dbLines.join('\n')}
    members:
      - { email: ${USERS.owner}, role: owner }
      - { email: ${USERS.dev}, role: developer }
`;
}

/** The parts of GET /api/v1/issues/{id} these tests read. */
export interface IssueViewBody {
  issue: { id: number; status: string; risk: string };
  stages: {
    id: number;
    environment: string;
    status: string;
    tasks: {
      id: number;
      database: string;
      instance: string;
      version: string | null;
      status: string;
      statusReason: string | null;
      attempts: number;
      runs: { id: number; attempt: number; status: string; startedAt: string; finishedAt: string | null }[];
    }[];
  }[];
  approvals: { step: number; role: string; status: string; decidedBy: { email: string } | null }[];
}

export interface HistoryBody {
  history: {
    taskId: number | null;
    version: string | null;
    type: string;
    status: string;
    schemaBefore: string | null;
    schemaAfter: string | null;
  }[];
}
