// The GitLab provider against the loopback fake: webhook answers, REST calls, one note per MR, Retry-After.
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitLabVcsProvider } from '../../../adapters/vcs/gitlab/index.ts';
import { silentLogger, systemClock } from '../../../src/core/ports/clock.ts';
import type { VcsEvent, VcsInboundHandler, VcsProvider } from '../../../src/core/ports/vcs.ts';
import {
  createGitLabDriver,
  type GitLabDriver,
  type GitLabFake,
  startGitLabFake,
} from '../../fakes/gitlab/index.ts';

const SECRET = 'unit-webhook-secret';
const author = { name: 'Devon Dev', email: 'dev@example.com', username: 'devon' };

describe('GitLab VcsProvider against the fake', () => {
  let fake: GitLabFake;
  let vcs: VcsProvider;
  let server: ServerType;
  let driver: GitLabDriver;
  const accepted: VcsEvent[] = [];
  const worked: VcsEvent[] = [];
  let acceptAnswer = true;
  // Push work waits until the test opens the gate, so "answered before the work ran" needs no timing.
  let openGate = () => {};
  const gate = new Promise<void>((r) => {
    openGate = r;
  });
  const inbound: VcsInboundHandler = {
    async accept(event) {
      accepted.push(event);
      return acceptAnswer;
    },
    async push({ event }) {
      await gate;
      worked.push(event);
    },
    async mergeRequest({ event }) {
      worked.push(event);
    },
  };

  beforeAll(async () => {
    fake = await startGitLabFake();
    fake.state.createProject({ path: 'acme/app', defaultBranch: 'main' });
    vcs = createGitLabVcsProvider({
      url: fake.url,
      token: fake.token,
      webhookSecret: SECRET,
      inbound,
      logger: silentLogger,
      clock: systemClock,
      maxBodyBytes: 64 * 1024,
    });
    const port = await new Promise<number>((resolve) => {
      server = serve(
        { fetch: (req) => vcs.handle(req), hostname: '127.0.0.1', port: 0 },
        (info: AddressInfo) => resolve(info.port),
      );
    });
    driver = createGitLabDriver({ targetUrl: `http://127.0.0.1:${port}/hooks/gitlab`, secret: SECRET, fake });
  });
  afterAll(async () => {
    await vcs.drain();
    await new Promise<void>((r) => server.close(() => r()));
    await fake.close();
  });

  const post = (headers: Record<string, string>, body: string) =>
    vcs.handle(new Request('http://service/hooks/gitlab', { method: 'POST', headers, body }));

  it('refuses a wrong or missing token with 401 before anything is accepted', async () => {
    const before = accepted.length;
    const body = JSON.stringify({ object_kind: 'push' });
    expect((await post({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'wrong' }, body)).status).toBe(401);
    expect((await post({ 'x-gitlab-event': 'Push Hook' }, body)).status).toBe(401);
    expect(accepted.length).toBe(before);
  });

  it('answers an oversized body with a precise 413', async () => {
    const res = await post(
      { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': SECRET },
      'x'.repeat(70 * 1024),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: 'payload_too_large',
      message: `request body exceeds ${64 * 1024} bytes`,
    });
  });

  it('acknowledges a push before the background work ran, and drain waits for it', async () => {
    const before = fake.state.head('acme/app', 'main');
    const commit = fake.state.commit('acme/app', {
      branch: 'main',
      message: 'add',
      author,
      actions: [{ action: 'create', filePath: 'db/x.sql', content: 'SELECT 1;' }],
    });
    const workedBefore = worked.length;
    const res = await driver.push('acme/app', { branch: 'main', before, after: commit.id });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'accepted' });
    expect(worked.length).toBe(workedBefore);
    openGate();
    await vcs.drain();
    expect(worked.at(-1)).toMatchObject({ kind: 'push', after: commit.id, branch: 'main' });
  });

  it('drops a delivery the core has seen', async () => {
    acceptAnswer = false;
    const workedBefore = worked.length;
    const body = JSON.stringify({
      object_kind: 'push',
      ref: 'refs/heads/main',
      before: 'a'.repeat(40),
      after: 'b'.repeat(40),
      project: { id: 1, path_with_namespace: 'acme/app' },
    });
    const res = await post({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': SECRET }, body);
    acceptAnswer = true;
    expect(await res.json()).toEqual({ status: 'duplicate' });
    await vcs.drain();
    expect(worked.length).toBe(workedBefore);
  });

  it('reads files, lists changes through compare and the merge request diffs', async () => {
    const before = fake.state.head('acme/app', 'main');
    const c = fake.state.commit('acme/app', {
      branch: 'main',
      message: 'two files',
      author,
      actions: [
        { action: 'create', filePath: 'db/prod/a.sql', content: 'CREATE TABLE a (id int);' },
        { action: 'update', filePath: 'db/x.sql', content: 'SELECT 2;' },
      ],
    });
    expect(await vcs.readFile('acme/app', c.id, 'db/prod/a.sql')).toBe('CREATE TABLE a (id int);');
    expect(await vcs.readFile('acme/app', 'main', 'db/none.sql')).toBeNull();
    const changes = await vcs.listChanges('acme/app', { kind: 'commits', from: before, to: c.id });
    expect(changes.sort((x, y) => x.path.localeCompare(y.path))).toEqual([
      { path: 'db/prod/a.sql', previousPath: null, status: 'added' },
      { path: 'db/x.sql', previousPath: null, status: 'modified' },
    ]);
    fake.state.commit('acme/app', {
      branch: 'feature',
      startBranch: 'main',
      message: 'feature',
      author,
      actions: [{ action: 'create', filePath: 'db/prod/b.sql', content: 'SELECT 3;' }],
    });
    const mr = fake.state.openMergeRequest('acme/app', {
      sourceBranch: 'feature',
      targetBranch: 'main',
      title: 'f',
      author,
    });
    expect(await vcs.listChanges('acme/app', { kind: 'merge_request', iid: mr.iid })).toEqual([
      { path: 'db/prod/b.sql', previousPath: null, status: 'added' },
    ]);
  });

  it("lists every file of a push beyond GitLab's diff file limit", async () => {
    const before = fake.state.head('acme/app', 'main');
    const actions = Array.from({ length: 1200 }, (_, i) => ({
      action: 'create' as const,
      filePath: `bulk/${String(i).padStart(4, '0')}.sql`,
      content: `SELECT ${i};`,
    }));
    const c = fake.state.commit('acme/app', { branch: 'main', message: 'bulk', author, actions });
    const changes = await vcs.listChanges('acme/app', { kind: 'commits', from: before, to: c.id });
    expect(new Set(changes.map((x) => x.path)).size).toBe(1200);
  });

  it('keeps one note per merge request, edits it in place, and creates none when asked not to', async () => {
    for (const branch of ['notes-a', 'notes-b'])
      fake.state.commit('acme/app', {
        branch,
        startBranch: 'main',
        message: branch,
        author,
        actions: [{ action: 'create', filePath: `${branch}.txt`, content: branch }],
      });
    const mr = fake.state.openMergeRequest('acme/app', {
      sourceBranch: 'notes-a',
      targetBranch: 'main',
      title: 'notes',
      author,
    });
    const marker = '<!-- unit-marker -->';
    const first = await vcs.commentOnMergeRequest('acme/app', mr.iid, marker, `${marker}\none`);
    expect(first.created).toBe(true);
    const second = await vcs.commentOnMergeRequest('acme/app', mr.iid, marker, `${marker}\ntwo`);
    expect(second).toEqual({ noteId: first.noteId, created: false });
    const ours = fake.state.notes('acme/app', mr.iid).filter((n) => n.body.includes(marker));
    expect(ours.map((n) => n.body)).toEqual([`${marker}\ntwo`]);
    const other = fake.state.openMergeRequest('acme/app', {
      sourceBranch: 'notes-b',
      targetBranch: 'main',
      title: 'quiet',
      author,
    });
    expect(
      await vcs.commentOnMergeRequest('acme/app', other.iid, marker, `${marker}\nx`, {
        createIfMissing: false,
      }),
    ).toEqual({ noteId: null, created: false });
    expect(fake.state.notes('acme/app', other.iid).filter((n) => n.body.includes(marker))).toEqual([]);
  });

  it('sets commit statuses, tolerating a repeated state', async () => {
    const sha = fake.state.head('acme/app', 'main');
    const status = { name: 'unit/check', description: 'd', targetUrl: 'https://x.example/1' };
    await vcs.setCommitStatus('acme/app', sha, { ...status, state: 'failed' });
    await vcs.setCommitStatus('acme/app', sha, { ...status, state: 'success' });
    await vcs.setCommitStatus('acme/app', sha, { ...status, state: 'success' });
    const mine = fake.state.statuses('acme/app', sha).filter((s) => s.name === 'unit/check');
    expect(mine.at(-1)).toMatchObject({ state: 'success', targetUrl: 'https://x.example/1' });
  });

  it('commits a file, creating then updating it', async () => {
    const a = await vcs.commitFile('acme/app', {
      branch: 'main',
      path: 'db/prod/.shop##LATEST.sql',
      content: 'v1',
      message: 'm1',
    });
    const b = await vcs.commitFile('acme/app', {
      branch: 'main',
      path: 'db/prod/.shop##LATEST.sql',
      content: 'v2',
      message: 'm2',
    });
    expect(a.sha).not.toBe(b.sha);
    expect(fake.state.head('acme/app', 'main')).toBe(b.sha);
    expect(fake.state.file('acme/app', 'main', 'db/prod/.shop##LATEST.sql')).toBe('v2');
  });

  it('waits out a 429 for its Retry-After and then succeeds', async () => {
    fake.state.injectRateLimit(/repository\/files/, { count: 2, retryAfterSeconds: 1 });
    const callsBefore = fake.state.calls.length;
    expect(await vcs.readFile('acme/app', 'main', 'db/x.sql')).toBe('SELECT 2;');
    const calls = fake.state.calls.slice(callsBefore).filter((c) => c.path.includes('repository/files'));
    expect(calls.map((c) => c.status)).toEqual([429, 429, 200]);
    // Each retry came no sooner than the second GitLab asked for.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(1000);
  });
});
