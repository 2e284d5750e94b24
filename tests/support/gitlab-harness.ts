// The whole service over HTTP with GitLab configured against the loopback fake, on scratch PostgreSQL targets.
import { randomBytes } from 'node:crypto';
import type { Service } from '../../src/compose.ts';
import type { IssueView } from '../../src/core/services/get-issue.ts';
import type { IssueSummary } from '../../src/core/services/list-issues.ts';
import {
  createGitLabDriver,
  type GitLabDriver,
  type GitLabFake,
  startGitLabFake,
} from '../fakes/gitlab/index.ts';
import { startService } from './service-fixture.ts';
import {
  apiClient,
  dropTargetDatabase,
  mintTestTokens,
  pollUntil,
  targetQuery,
  tokenEnv,
  workspaceHeadYaml,
} from './workspace-fixture.ts';

export const WEBHOOK_SECRET = 'e2e-gitlab-webhook-secret';
export const REPO = 'acme/app';
export const BASE_DIR = 'db';
export const SCHEMA_TEMPLATE = '{{ENV_ID}}/.{{DB_NAME}}##LATEST.sql';
export const GITLAB_USERS = {
  dev: { name: 'Devon Dev', email: 'dev@example.com', username: 'devon' },
  stranger: { name: 'Sam Stranger', email: 'sam@elsewhere.example', username: 'sam' },
} as const;

export interface GitLabHarness {
  service: Service;
  fake: GitLabFake;
  gitlab: GitLabDriver;
  baseUrl: string;
  /** Target database names per environment, e.g. names.prod. */
  names: Record<string, string>;
  tokens: Record<'dba' | 'dev' | 'owner' | 'dev2', string>;
  /** Repository path of a migration file, e.g. path('prod', '0001', 'migrate', 'create_orders'). */
  path(env: string, version: string, type: string, description: string): string;
  /** Commits files onto a branch (created from main when new); returns the new head. */
  commit(branch: string, files: Record<string, string>, author?: { name: string; email: string }): string;
  /** Runs SQL on a target database of an environment. */
  query(env: string, sql: string): Promise<unknown[]>;
  api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Issues of the bound project, newest first. */
  issues(): Promise<IssueSummary[]>;
  /** One issue as the API shows it to a DBA. */
  issue(id: number): Promise<IssueView>;
  until<T>(
    what: string,
    check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
    timeoutMs?: number,
  ): Promise<T>;
  close(): Promise<void>;
}

/** Starts the fake (project acme/app), the service (HTTP on 127.0.0.1) and a webhook driver aimed at /hooks/gitlab. */
export async function startGitLabHarness(options: { adminUrl: string }): Promise<GitLabHarness> {
  const prefix = `gl${randomBytes(3).toString('hex')}`;
  const envs = ['test', 'prod'];
  const names: Record<string, string> = {};
  for (const env of envs) {
    names[env] = `${prefix}_${env}_shop`;
    await targetQuery('postgres', options.adminUrl, `CREATE DATABASE ${names[env]}`);
  }
  const fake = await startGitLabFake();
  fake.state.createProject({ path: REPO, defaultBranch: 'main' });
  for (const user of Object.values(GITLAB_USERS)) fake.state.addUser(user);
  const tokens = mintTestTokens();
  const lines = [
    ...workspaceHeadYaml(envs, 'postgres', options.adminUrl),
    'projects:',
    '  - key: shop',
    '    databases:',
    ...envs.map((e) => `      - { instance: ${e}-db, name: ${names[e]} }`),
    '    members:',
    '      - { email: dev@example.com, role: developer }',
    '      - { email: owner@example.com, role: owner }',
    '    repository:',
    `      project: ${REPO}`,
    '      branch: main',
    `      baseDirectory: ${BASE_DIR}`,
    `      schemaPathTemplate: "${SCHEMA_TEMPLATE}"`,
  ];
  const running = await startService({
    workspaceLines: lines,
    http: true,
    env: {
      PUBLIC_URL: 'https://bytebase.example.com',
      GITLAB_URL: fake.url,
      GITLAB_TOKEN: fake.token,
      GITLAB_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ...tokenEnv(tokens),
    },
  });
  const { service, baseUrl } = running;
  const gitlab = createGitLabDriver({ targetUrl: `${baseUrl}/hooks/gitlab`, secret: WEBHOOK_SECRET, fake });
  const api = apiClient((path, init) => fetch(`${baseUrl}${path}`, init));
  return {
    service,
    fake,
    gitlab,
    baseUrl,
    names,
    tokens,
    path: (env, version, type, description) =>
      `${BASE_DIR}/${env}/${names[env] ?? env}##${version}##${type}##${description}.sql`,
    commit(branch, files, author = GITLAB_USERS.dev) {
      // A new branch starts from main (the fake's default), so whether a file exists is asked there.
      const ref = fake.state.commitAt(REPO, branch) ? branch : 'main';
      return fake.state.commit(REPO, {
        branch,
        message: `change ${Object.keys(files).length} file(s)`,
        author,
        actions: Object.entries(files).map(([filePath, content]) => ({
          action: fake.state.file(REPO, ref, filePath) === null ? ('create' as const) : ('update' as const),
          filePath,
          content,
        })),
      }).id;
    },
    query: (env, sql) => targetQuery('postgres', options.adminUrl, sql, names[env]),
    api,
    async issues() {
      return (await api(tokens.dba, 'GET', '/api/v1/projects/shop/issues')).json.issues;
    },
    async issue(id) {
      return (await api(tokens.dba, 'GET', `/api/v1/issues/${id}`)).json;
    },
    until: (what, check, timeoutMs) => pollUntil(what, check, timeoutMs),
    async close() {
      await running.close();
      await fake.close();
      for (const env of envs) await dropTargetDatabase('postgres', options.adminUrl, names[env]!);
    },
  };
}
