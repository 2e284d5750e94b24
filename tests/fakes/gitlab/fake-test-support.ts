// Shared setup of the GitLab fake's self-tests: a seeded project, a developer and a real @gitbeaker/rest client.
import { Gitlab } from '@gitbeaker/rest';
import { type GitLabFake, startGitLabFake } from './index.ts';

export const TOKEN = 'glpat-test-token';
export const PROJECT = 'acme/payments';
export const DEV = { name: 'Dana Developer', email: 'dana@example.com', username: 'dana' };

/** Starts a fake with `acme/payments` (default branch main) and a known developer. */
export async function startSeededFake(): Promise<GitLabFake> {
  const fake = await startGitLabFake({ token: TOKEN });
  fake.state.addUser(DEV);
  fake.state.createProject({ path: PROJECT });
  return fake;
}

/** The real client the service uses, pointed at the fake. */
export function client(fake: GitLabFake, token = TOKEN) {
  return new Gitlab({ host: fake.url, token });
}

/** Commits one file (created or updated) on a branch as the developer. */
export function commitFile(
  fake: GitLabFake,
  branch: string,
  path: string,
  content: string,
  message?: string,
) {
  const exists = fake.state.file(PROJECT, branch, path) !== null;
  return fake.state.commit(PROJECT, {
    branch,
    startBranch: 'main',
    message: message ?? `${exists ? 'Update' : 'Add'} ${path}`,
    author: { name: DEV.name, email: DEV.email },
    actions: [{ action: exists ? 'update' : 'create', filePath: path, content }],
  });
}

/** The HTTP status of a rejected @gitbeaker/rest call, and GitLab's message. */
export async function failure(call: Promise<unknown>): Promise<{ status: number; description: string }> {
  try {
    await call;
  } catch (error) {
    const cause = (error as { cause?: { response?: Response; description?: string } }).cause;
    return { status: cause?.response?.status ?? -1, description: cause?.description ?? String(error) };
  }
  throw new Error('expected the call to fail');
}

/** A raw API request with the token, for headers and body encodings the client does not expose. */
export async function api(
  fake: GitLabFake,
  path: string,
  init: RequestInit & { token?: string | null } = {},
): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  const { token = TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set('PRIVATE-TOKEN', token);
  const response = await fetch(`${fake.url}/api/v4${path}`, { ...rest, headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

export const encoded = encodeURIComponent(PROJECT);
