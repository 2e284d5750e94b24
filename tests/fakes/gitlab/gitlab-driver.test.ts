// The GitLab driver's webhook deliveries (headers, Push and Merge Request payloads, redelivery) into a receiver.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitFile, DEV, PROJECT, startSeededFake } from './fake-test-support.ts';
import { createGitLabDriver, type GitLabDriver, type GitLabFake, ZERO_SHA } from './index.ts';

const SECRET = 'hook-secret';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let fake: GitLabFake;
let receiver: Server;
let received: Received[];
let driver: GitLabDriver;
let answerStatus: number;

beforeEach(async () => {
  fake = await startSeededFake();
  received = [];
  answerStatus = 200;
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answerStatus, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  driver = createGitLabDriver({ targetUrl: `http://127.0.0.1:${port}/hooks/gitlab`, secret: SECRET, fake });
});

afterEach(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await fake.close();
});

const payloadOf = (index: number) => JSON.parse(received[index]!.body) as Record<string, unknown>;

describe('push hooks', () => {
  it("sends GitLab's headers and a payload built from the fake's commits", async () => {
    commitFile(fake, 'main', 'db/001.sql', 'select 1;\n');
    commitFile(fake, 'main', 'db/002.sql', 'select 2;\n');
    const before = fake.state.head(PROJECT, 'main');
    const update = commitFile(fake, 'main', 'db/001.sql', 'select 11;\n', 'Change 001\n\nLonger text');
    const after = fake.state.commit(PROJECT, {
      branch: 'main',
      message: 'Drop 002, add 003',
      author: DEV,
      actions: [
        { action: 'delete', filePath: 'db/002.sql' },
        { action: 'create', filePath: 'db/003.sql', content: 'select 3;\n' },
      ],
    });
    const result = await driver.push(PROJECT, { branch: 'main', before, after: after.id });
    expect(result).toMatchObject({ status: 200, body: '{"ok":true}', timedOut: false });
    const headers = received[0]!.headers;
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': SECRET,
      'x-gitlab-instance': fake.url,
    });
    expect(headers['user-agent']).toMatch(/^GitLab\/17\./);
    for (const name of ['x-gitlab-event-uuid', 'x-gitlab-webhook-uuid', 'idempotency-key']) {
      expect(headers[name]).toMatch(UUID);
    }
    expect(received[0]!.body).toBe(result.request.body);
    const payload = payloadOf(0);
    expect(payload).toMatchObject({
      object_kind: 'push',
      event_name: 'push',
      before,
      after: after.id,
      ref: 'refs/heads/main',
      checkout_sha: after.id,
      user_username: 'dana',
      user_email: null,
      project_id: fake.state.project(PROJECT).id,
      project: { path_with_namespace: PROJECT, default_branch: 'main', web_url: `${fake.url}/${PROJECT}` },
      total_commits_count: 2,
    });
    expect(payload.commits).toEqual([
      expect.objectContaining({
        id: update.id,
        title: 'Change 001',
        message: 'Change 001\n\nLonger text',
        modified: ['db/001.sql'],
        added: [],
        removed: [],
      }),
      expect.objectContaining({
        id: after.id,
        added: ['db/003.sql'],
        removed: ['db/002.sql'],
        author: { name: DEV.name, email: DEV.email },
      }),
    ]);
    const commits = payload.commits as Record<string, string>[];
    expect(commits[1]!.url).toBe(`${fake.url}/${PROJECT}/-/commit/${after.id}`);
    expect(commits[1]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  it('caps the payload at the newest 20 commits, oldest first, with the full total_commits_count', async () => {
    const before = fake.state.head(PROJECT, 'main');
    const made = [];
    for (let n = 1; n <= 25; n += 1) made.push(commitFile(fake, 'main', `db/${n}.sql`, `select ${n};\n`));
    await driver.push(PROJECT, { branch: 'main', before, after: made.at(-1)!.id });
    const payload = payloadOf(0);
    expect(payload.total_commits_count).toBe(25);
    expect((payload.commits as { id: string }[]).map((commit) => commit.id)).toEqual(
      made.slice(5).map((c) => c.id),
    );
  });

  it('describes a new branch against the default branch and a deleted branch with no commits', async () => {
    const head = commitFile(fake, 'feature', 'db/001.sql', 'select 1;\n');
    await driver.push(PROJECT, { branch: 'feature', before: ZERO_SHA, after: head.id });
    expect(payloadOf(0)).toMatchObject({
      before: ZERO_SHA,
      total_commits_count: 1,
      commits: [{ id: head.id }],
    });
    await driver.push(PROJECT, { branch: 'feature', before: head.id, after: ZERO_SHA });
    expect(payloadOf(1)).toMatchObject({
      after: ZERO_SHA,
      checkout_sha: null,
      commits: [],
      total_commits_count: 0,
    });
  });
});

describe('merge request hooks', () => {
  it('sends open, update (with oldrev) and merge with the real merge request state', async () => {
    const first = commitFile(fake, 'feature', 'db/001.sql', 'select 1;\n');
    const mr = fake.state.openMergeRequest(PROJECT, {
      sourceBranch: 'feature',
      targetBranch: 'main',
      title: 'Add 001',
      author: DEV,
    });
    await driver.mergeRequest(PROJECT, mr.iid, 'open');
    expect(received[0]!.headers['x-gitlab-event']).toBe('Merge Request Hook');
    const opened = payloadOf(0);
    expect(opened).toMatchObject({
      object_kind: 'merge_request',
      event_type: 'merge_request',
      user: { username: 'dana', email: '[REDACTED]' },
      project: { id: mr.projectId, path_with_namespace: PROJECT },
      object_attributes: {
        id: mr.id,
        iid: mr.iid,
        action: 'open',
        state: 'opened',
        source_branch: 'feature',
        target_branch: 'main',
        last_commit: { id: first.id },
        url: `${fake.url}/${PROJECT}/-/merge_requests/1`,
        merge_commit_sha: null,
      },
    });
    expect(opened.object_attributes).not.toHaveProperty('oldrev');
    const second = commitFile(fake, 'feature', 'db/002.sql', 'select 2;\n');
    await driver.mergeRequest(PROJECT, mr.iid, 'update');
    expect(payloadOf(1).object_attributes).toMatchObject({
      action: 'update',
      oldrev: first.id,
      last_commit: { id: second.id },
    });
    await expect(driver.mergeRequest(PROJECT, mr.iid, 'merge')).rejects.toThrow(/is opened/);
    const merged = fake.state.mergeMergeRequest(PROJECT, mr.iid);
    await driver.mergeRequest(PROJECT, mr.iid, 'merge');
    expect(payloadOf(2)).toMatchObject({
      object_attributes: {
        action: 'merge',
        state: 'merged',
        merge_commit_sha: merged.id,
        last_commit: { id: second.id },
      },
      changes: { state_id: { previous: 1, current: 3 } },
    });
  });
});

describe('user emails', () => {
  it('carries only public emails, as GitLab does: null in pushes and [REDACTED] in merge request hooks', async () => {
    const head = commitFile(fake, 'feature', 'db/001.sql', 'select 1;\n');
    const mr = fake.state.openMergeRequest(PROJECT, {
      sourceBranch: 'feature',
      targetBranch: 'main',
      title: 'T',
      author: DEV,
    });
    fake.state.addUser({ ...DEV, publicEmail: 'dana.public@example.com' });
    await driver.push(PROJECT, { branch: 'feature', before: ZERO_SHA, after: head.id });
    await driver.mergeRequest(PROJECT, mr.iid, 'open');
    expect(payloadOf(0).user_email).toBe('dana.public@example.com');
    expect(payloadOf(1).user).toMatchObject({ email: 'dana.public@example.com' });
    // The commit author's email is git data and always there.
    expect(payloadOf(0).commits).toEqual([
      expect.objectContaining({ author: { name: DEV.name, email: DEV.email } }),
    ]);
  });
});

describe('redelivery and token variants', () => {
  it('resends the exact body with the same event UUID and idempotency key, and passes the answer back', async () => {
    const head = commitFile(fake, 'main', 'db/001.sql', 'select 1;\n');
    const first = await driver.push(PROJECT, { branch: 'main', before: ZERO_SHA, after: head.id });
    answerStatus = 409;
    const again = await driver.resend(first);
    expect(again.status).toBe(409);
    expect(received[1]!.body).toBe(received[0]!.body);
    for (const name of [
      'x-gitlab-event-uuid',
      'idempotency-key',
      'x-gitlab-webhook-uuid',
      'x-gitlab-token',
    ]) {
      expect(received[1]!.headers[name]).toBe(received[0]!.headers[name]);
    }
    const fresh = await driver.push(PROJECT, { branch: 'main', before: ZERO_SHA, after: head.id });
    expect(fresh.request.headers['X-Gitlab-Event-UUID']).not.toBe(
      first.request.headers['X-Gitlab-Event-UUID'],
    );
    expect(received[2]!.headers['x-gitlab-webhook-uuid']).toBe(received[0]!.headers['x-gitlab-webhook-uuid']);
  });

  it('sends a wrong token, none at all, or a chosen event UUID on request', async () => {
    const head = commitFile(fake, 'main', 'db/001.sql', 'select 1;\n');
    const range = { branch: 'main', before: ZERO_SHA, after: head.id };
    await driver.push(PROJECT, range, { token: 'wrong' });
    await driver.push(PROJECT, range, { token: null, uuid: 'fixed-uuid' });
    expect(received[0]!.headers['x-gitlab-token']).toBe('wrong');
    expect(received[1]!.headers).not.toHaveProperty('x-gitlab-token');
    expect(received[1]!.headers['x-gitlab-event-uuid']).toBe('fixed-uuid');
  });
});
