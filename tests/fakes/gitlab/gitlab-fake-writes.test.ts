// The GitLab fake's file writes and merge request creation, editing and lookup, via @gitbeaker/rest.
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
import type { GitLabFake } from './index.ts';

let fake: GitLabFake;

beforeEach(async () => {
  fake = await startSeededFake();
});

afterEach(async () => {
  await fake.close();
});

describe('file writes', () => {
  it('creates, updates and deletes a file, each as a commit on the branch', async () => {
    const gitlab = client(fake);
    const created = await gitlab.RepositoryFiles.create(
      PROJECT,
      'db/history/0001.sql',
      'main',
      'CREATE TABLE t (id int);\n',
      'Record migration 0001',
      { authorName: DEV.name, authorEmail: DEV.email },
    );
    expect(created).toEqual({ file_path: 'db/history/0001.sql', branch: 'main' });
    const head = fake.state.commitAt(PROJECT, 'main')!;
    expect(head).toMatchObject({ title: 'Record migration 0001', authorEmail: DEV.email });
    const read = await gitlab.RepositoryFiles.show(PROJECT, 'db/history/0001.sql', 'main');
    await gitlab.RepositoryFiles.edit(PROJECT, 'db/history/0001.sql', 'main', 'v2\n', 'Update 0001', {
      lastCommitId: read.last_commit_id,
    });
    expect(fake.state.file(PROJECT, 'main', 'db/history/0001.sql')).toBe('v2\n');
    // A stale last_commit_id means someone else changed the file in between.
    expect(
      await failure(
        gitlab.RepositoryFiles.edit(PROJECT, 'db/history/0001.sql', 'main', 'v3\n', 'Stale', {
          lastCommitId: read.last_commit_id,
        }),
      ),
    ).toEqual({
      status: 400,
      description: 'You are attempting to update a file that has changed since you started editing it.',
    });
    expect(
      (await failure(gitlab.RepositoryFiles.create(PROJECT, 'db/history/0001.sql', 'main', 'x', 'again')))
        .description,
    ).toBe('A file with this name already exists');
    await gitlab.RepositoryFiles.remove(PROJECT, 'db/history/0001.sql', 'main', 'Remove 0001');
    expect(fake.state.file(PROJECT, 'main', 'db/history/0001.sql')).toBeNull();
    expect(fake.state.commits(PROJECT, 'main').map((commit) => commit.title)).toEqual([
      'Remove 0001',
      'Update 0001',
      'Record migration 0001',
      'Initial commit',
    ]);
  });
});

describe('merge request lookup and editing', () => {
  it('creates a merge request through the API, lists it by branch and state, and closes it', async () => {
    commitFile(fake, 'feature', 'db/001.sql', 'select 1;\n');
    const gitlab = client(fake);
    const created = await gitlab.MergeRequests.create(PROJECT, 'feature', 'main', 'Add 001', {
      description: 'Why',
    });
    expect(created).toMatchObject({
      iid: 1,
      state: 'opened',
      author: { username: 'project_bot' },
      description: 'Why',
    });
    const duplicate = await api(fake, `/projects/${encoded}/merge_requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source_branch: 'feature', target_branch: 'main', title: 'Again' }),
    });
    expect(duplicate).toMatchObject({
      status: 409,
      json: { message: ['Another open merge request already exists for this source branch: !1'] },
    });
    expect(
      (await gitlab.MergeRequests.all({ projectId: PROJECT, sourceBranch: 'feature', state: 'opened' })).map(
        (mr) => mr.iid,
      ),
    ).toEqual([1]);
    const closed = await gitlab.MergeRequests.edit(PROJECT, 1, {
      stateEvent: 'close',
      title: 'Add 001 (dropped)',
    });
    expect(closed).toMatchObject({ state: 'closed', title: 'Add 001 (dropped)' });
    expect(await gitlab.MergeRequests.all({ projectId: PROJECT, state: 'opened' })).toEqual([]);
    expect(fake.state.notes(PROJECT, 1).map((note) => note.body)).toEqual(['closed']);
  });

  it('finds the merge requests containing a commit, before and after the merge', async () => {
    const commit = commitFile(fake, 'feature', 'db/001.sql', 'select 1;\n');
    const mr = fake.state.openMergeRequest(PROJECT, {
      sourceBranch: 'feature',
      targetBranch: 'main',
      title: 'T',
      author: DEV,
    });
    const gitlab = client(fake);
    expect((await gitlab.Commits.allMergeRequests(PROJECT, commit.id)).map((found) => found.iid)).toEqual([
      mr.iid,
    ]);
    const merged = fake.state.mergeMergeRequest(PROJECT, mr.iid);
    expect((await gitlab.Commits.allMergeRequests(PROJECT, commit.id)).map((found) => found.state)).toEqual([
      'merged',
    ]);
    expect((await gitlab.Commits.allMergeRequests(PROJECT, merged.id)).map((found) => found.iid)).toEqual([
      mr.iid,
    ]);
    expect(
      await gitlab.Commits.allMergeRequests(PROJECT, fake.state.commits(PROJECT, 'main').at(-1)!.id),
    ).toEqual([]);
  });

  it('merges through the API, checking the expected head sha', async () => {
    commitFile(fake, 'feature', 'db/001.sql', 'select 1;\n');
    const mr = fake.state.openMergeRequest(PROJECT, {
      sourceBranch: 'feature',
      targetBranch: 'main',
      title: 'T',
      author: DEV,
    });
    const gitlab = client(fake);
    expect(await failure(gitlab.MergeRequests.merge(PROJECT, mr.iid, { sha: 'a'.repeat(40) }))).toEqual({
      status: 409,
      description: 'SHA does not match HEAD of source branch',
    });
    const merged = await gitlab.MergeRequests.merge(PROJECT, mr.iid, { sha: mr.sha });
    expect(merged).toMatchObject({ state: 'merged', merged_by: { username: 'project_bot' } });
    expect(fake.state.file(PROJECT, 'main', 'db/001.sql')).toBe('select 1;\n');
    expect((await failure(gitlab.MergeRequests.merge(PROJECT, mr.iid))).status).toBe(405);
  });
});

describe('routing edges', () => {
  it('answers 405 for a known path with another method and 404 for unknown routes even without a token', async () => {
    expect(await api(fake, `/projects/${encoded}/repository/compare`, { method: 'PUT' })).toMatchObject({
      status: 405,
      json: { error: '405 Not Allowed' },
    });
    expect(await api(fake, '/does/not/exist', { token: null })).toMatchObject({
      status: 404,
      json: { error: '404 Not Found' },
    });
    expect((await fetch(`${fake.url}/-/health`)).status).toBe(404);
  });
});
