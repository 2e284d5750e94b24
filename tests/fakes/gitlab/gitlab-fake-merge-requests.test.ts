// The GitLab fake's merge requests, notes and commit statuses, exercised through @gitbeaker/rest.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  api,
  client,
  commitFile,
  DEV,
  encoded,
  failure,
  PROJECT,
  startSeededFake,
} from './fake-test-support.ts';
import type { FakeMergeRequest, GitLabFake } from './index.ts';

let fake: GitLabFake;
let mr: FakeMergeRequest;

beforeEach(async () => {
  fake = await startSeededFake();
  commitFile(fake, 'main', 'db/001_init.sql', 'CREATE TABLE a (id int);\n');
  commitFile(fake, 'feature', 'db/002_orders.sql', 'CREATE TABLE orders (id int);\n');
  mr = fake.state.openMergeRequest(PROJECT, {
    sourceBranch: 'feature',
    targetBranch: 'main',
    title: 'Add orders',
    author: DEV,
  });
});

afterEach(async () => {
  await fake.close();
});

describe('merge requests', () => {
  it('shows the merge request with its iid, head sha and diff refs, and its changes and diffs', async () => {
    const gitlab = client(fake);
    const shown = await gitlab.MergeRequests.show(PROJECT, mr.iid);
    expect(shown).toMatchObject({
      iid: 1,
      state: 'opened',
      source_branch: 'feature',
      target_branch: 'main',
      sha: fake.state.head(PROJECT, 'feature'),
      author: { username: 'dana' },
      changes_count: '1',
      diff_refs: {
        start_sha: fake.state.head(PROJECT, 'main'),
        head_sha: fake.state.head(PROJECT, 'feature'),
      },
    });
    expect(shown.id).not.toBe(shown.iid);
    const diffs = await gitlab.MergeRequests.allDiffs(PROJECT, mr.iid);
    expect(diffs.map((diff) => [diff.new_path, diff.new_file])).toEqual([['db/002_orders.sql', true]]);
    const changes = await api(fake, `/projects/${encoded}/merge_requests/1/changes`);
    expect(changes.json).toMatchObject({ overflow: false, changes: [{ new_path: 'db/002_orders.sql' }] });
    expect(await failure(gitlab.MergeRequests.show(PROJECT, 99))).toEqual({
      status: 404,
      description: '404 Not found',
    });
  });

  it('follows new commits on the source branch and records them as a system note', async () => {
    const before = fake.state.head(PROJECT, 'feature');
    const next = commitFile(fake, 'feature', 'db/003_index.sql', 'CREATE INDEX i ON orders (id);\n');
    expect(fake.state.mergeRequest(PROJECT, mr.iid)).toMatchObject({ sha: next.id, previousSha: before });
    expect(fake.state.notes(PROJECT, mr.iid)).toEqual([
      expect.objectContaining({ system: true, body: expect.stringMatching(/^added 1 commit\n/) }),
    ]);
    const diffs = await client(fake).MergeRequests.allDiffs(PROJECT, mr.iid);
    expect(diffs.map((diff) => diff.new_path)).toEqual(['db/002_orders.sql', 'db/003_index.sql']);
  });

  it('merges with a merge commit onto the target and keeps showing the merged diff', async () => {
    commitFile(fake, 'main', 'docs/readme.md', 'main moved\n');
    const mainHead = fake.state.head(PROJECT, 'main');
    const merged = fake.state.mergeMergeRequest(PROJECT, mr.iid);
    expect(merged.parentIds).toEqual([mainHead, fake.state.head(PROJECT, 'feature')]);
    expect(merged.message).toBe(
      `Merge branch 'feature' into 'main'\n\nAdd orders\n\nSee merge request ${PROJECT}!1`,
    );
    expect(fake.state.head(PROJECT, 'main')).toBe(merged.id);
    expect(fake.state.file(PROJECT, 'main', 'db/002_orders.sql')).toBe('CREATE TABLE orders (id int);\n');
    expect(fake.state.file(PROJECT, 'main', 'docs/readme.md')).toBe('main moved\n');
    const shown = await client(fake).MergeRequests.show(PROJECT, mr.iid);
    expect(shown).toMatchObject({ state: 'merged', merge_commit_sha: merged.id });
    const diffs = await client(fake).MergeRequests.allDiffs(PROJECT, mr.iid);
    expect(diffs.map((diff) => diff.new_path)).toEqual(['db/002_orders.sql']);
    expect(() => fake.state.mergeMergeRequest(PROJECT, mr.iid)).toThrow('405 Method Not Allowed');
  });

  it('refuses to merge conflicting changes and fast-forwards on ff projects', async () => {
    commitFile(fake, 'feature', 'db/001_init.sql', 'CREATE TABLE a (id bigint);\n');
    commitFile(fake, 'main', 'db/001_init.sql', 'CREATE TABLE a (id text);\n');
    expect(() => fake.state.mergeMergeRequest(PROJECT, mr.iid)).toThrow('Branch cannot be merged');
    fake.state.createProject({ path: 'acme/ff', mergeMethod: 'ff' });
    const head = fake.state.commit('acme/ff', {
      branch: 'topic',
      message: 'Topic',
      author: DEV,
      actions: [{ action: 'create', filePath: 'x.sql', content: 'select 1;\n' }],
    });
    const ff = fake.state.openMergeRequest('acme/ff', {
      sourceBranch: 'topic',
      targetBranch: 'main',
      title: 'T',
      author: DEV,
    });
    expect(fake.state.mergeMergeRequest('acme/ff', ff.iid).id).toBe(head.id);
    expect(fake.state.head('acme/ff', 'main')).toBe(head.id);
  });
});

describe('notes', () => {
  it('creates, edits and lists notes; lists are newest first unless sort=asc, and paged', async () => {
    const gitlab = client(fake);
    const created = [];
    for (let n = 1; n <= 25; n += 1)
      created.push(await gitlab.MergeRequestNotes.create(PROJECT, mr.iid, `note ${n}`));
    expect(created[0]).toMatchObject({
      body: 'note 1',
      system: false,
      noteable_type: 'MergeRequest',
      noteable_iid: 1,
      author: { username: 'project_bot' },
    });
    const edited = await gitlab.MergeRequestNotes.edit(PROJECT, mr.iid, created[0]!.id, {
      body: 'review passed',
    });
    expect(edited.body).toBe('review passed');
    expect(fake.state.notes(PROJECT, mr.iid)[0]?.body).toBe('review passed');
    const all = await gitlab.MergeRequestNotes.all(PROJECT, mr.iid);
    expect(all).toHaveLength(25);
    expect(all[0]?.body).toBe('note 25');
    const asc = await gitlab.MergeRequestNotes.all(PROJECT, mr.iid, {
      sort: 'asc',
      orderBy: 'created_at',
      perPage: 10,
    });
    expect(asc.map((note) => note.body).slice(0, 2)).toEqual(['review passed', 'note 2']);
    const page = await api(fake, `/projects/${encoded}/merge_requests/1/notes?per_page=10&page=3`);
    expect((page.json as unknown[]).length).toBe(5);
    expect(page.headers.get('x-total')).toBe('25');
  });

  it('accepts form and multipart note bodies, and refuses to edit system notes or other users’ notes', async () => {
    const form = await api(fake, `/projects/${encoded}/merge_requests/1/notes`, {
      method: 'POST',
      body: new URLSearchParams({ body: 'from a form' }),
    });
    expect(form).toMatchObject({ status: 201, json: { body: 'from a form' } });
    const multipart = new FormData();
    multipart.set('body', 'from multipart');
    const second = await api(fake, `/projects/${encoded}/merge_requests/1/notes`, {
      method: 'POST',
      body: multipart,
    });
    expect(second).toMatchObject({ status: 201, json: { body: 'from multipart' } });
    fake.state.mergeMergeRequest(PROJECT, mr.iid);
    const system = fake.state.notes(PROJECT, mr.iid).find((note) => note.system)!;
    expect(system.body).toBe('merged');
    const gitlab = client(fake);
    expect(
      (await failure(gitlab.MergeRequestNotes.edit(PROJECT, mr.iid, system.id, { body: 'x' }))).status,
    ).toBe(403);
    expect(await failure(gitlab.MergeRequestNotes.create(PROJECT, mr.iid, ''))).toEqual({
      status: 400,
      description: 'body is missing',
    });
  });
});

describe('commit statuses', () => {
  it('moves one job pending -> running -> success and lists the latest job per name', async () => {
    const gitlab = client(fake);
    const sha = fake.state.head(PROJECT, 'feature');
    const pending = await gitlab.Commits.editStatus(PROJECT, sha, 'pending', {
      name: 'sql-review',
      description: 'Reviewing',
    });
    expect(pending).toMatchObject({
      status: 'pending',
      name: 'sql-review',
      ref: 'feature',
      description: 'Reviewing',
    });
    const running = await gitlab.Commits.editStatus(PROJECT, sha, 'running', { name: 'sql-review' });
    const done = await gitlab.Commits.editStatus(PROJECT, sha, 'success', {
      name: 'sql-review',
      targetUrl: 'https://approvals.example/issues/1',
    });
    expect([running.id, done.id]).toEqual([pending.id, pending.id]);
    expect(done).toMatchObject({
      status: 'success',
      target_url: 'https://approvals.example/issues/1',
      description: 'Reviewing',
    });
    expect(done.finished_at).not.toBeNull();
    const again = await gitlab.Commits.editStatus(PROJECT, sha, 'failed', { name: 'sql-review' });
    expect(again.id).not.toBe(pending.id);
    expect(fake.state.statuses(PROJECT, sha).map((status) => status.state)).toEqual(['success', 'failed']);
    const latest = await gitlab.Commits.allStatuses(PROJECT, sha);
    expect(latest.map((status) => [status.id, status.status])).toEqual([[again.id, 'failed']]);
    expect(await gitlab.Commits.allStatuses(PROJECT, sha, { all: true })).toHaveLength(2);
  });

  it('refuses transitions GitLab refuses and unknown commits or states', async () => {
    const gitlab = client(fake);
    const sha = fake.state.head(PROJECT, 'main');
    await gitlab.Commits.editStatus(PROJECT, sha, 'pending', { name: 'review' });
    expect(await failure(gitlab.Commits.editStatus(PROJECT, sha, 'pending', { name: 'review' }))).toEqual({
      status: 400,
      description:
        'Cannot transition status via :enqueue from :pending (Reason(s): Status cannot transition via "enqueue")',
    });
    expect((await failure(gitlab.Commits.editStatus(PROJECT, 'f'.repeat(40), 'success'))).description).toBe(
      '404 Commit Not Found',
    );
    const bad = await api(fake, `/projects/${encoded}/statuses/${sha}`, {
      method: 'POST',
      body: new URLSearchParams({ state: 'done' }),
    });
    expect(bad).toMatchObject({ status: 400, json: { error: 'state does not have a valid value' } });
  });
});
