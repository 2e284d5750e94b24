// The GitLab fake's repository API (auth, projects, files, commits, compare, pagination, 429s) via @gitbeaker/rest.
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
  TOKEN,
} from './fake-test-support.ts';
import type { GitLabFake } from './index.ts';

let fake: GitLabFake;

beforeEach(async () => {
  fake = await startSeededFake();
});

afterEach(async () => {
  await fake.close();
});

describe('authentication and routing', () => {
  it('answers 401 for a wrong or missing token and accepts PRIVATE-TOKEN or a Bearer token', async () => {
    expect(await failure(client(fake, 'glpat-wrong').Projects.show(PROJECT))).toEqual({
      status: 401,
      description: '401 Unauthorized',
    });
    const anonymous = await api(fake, `/projects/${encoded}`, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({ message: '401 Unauthorized' });
    const bearer = await api(fake, '/user', { token: null, headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.json).toMatchObject({ username: 'project_bot' });
  });

  it('answers /user for the token owner, and for a second token its own user', async () => {
    fake.state.addToken('glpat-dana', DEV.username);
    expect(await client(fake, 'glpat-dana').Users.showCurrentUser()).toMatchObject({
      username: 'dana',
      email: 'dana@example.com',
    });
  });

  it('finds a project by URL-encoded path or numeric id, and answers 404 like GitLab otherwise', async () => {
    const byPath = await client(fake).Projects.show(PROJECT);
    expect(byPath).toMatchObject({ path_with_namespace: PROJECT, default_branch: 'main', name: 'payments' });
    expect(byPath.web_url).toBe(`${fake.url}/${PROJECT}`);
    expect((await client(fake).Projects.show(byPath.id)).path_with_namespace).toBe(PROJECT);
    expect(await failure(client(fake).Projects.show('acme/missing'))).toEqual({
      status: 404,
      description: '404 Project Not Found',
    });
    // An unencoded slash is a different route, as on GitLab.
    expect((await api(fake, `/projects/${PROJECT}`)).status).toBe(404);
    const unknown = await api(fake, '/nothing/here');
    expect(unknown.json).toEqual({ error: '404 Not Found' });
    expect(fake.state.calls.at(-1)).toMatchObject({
      method: 'GET',
      path: '/api/v4/nothing/here',
      status: 404,
    });
  });
});

describe('files', () => {
  it('serves a file as base64 JSON and raw, on a branch or at a sha, with blob and last commit ids', async () => {
    const first = commitFile(fake, 'feature', 'db/migrations/001_init.sql', 'CREATE TABLE a (id int);\n');
    commitFile(fake, 'feature', 'README.md', 'hello\n');
    const gitlab = client(fake);
    const file = await gitlab.RepositoryFiles.show(PROJECT, 'db/migrations/001_init.sql', 'feature');
    expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe('CREATE TABLE a (id int);\n');
    expect(file).toMatchObject({
      encoding: 'base64',
      file_name: '001_init.sql',
      file_path: 'db/migrations/001_init.sql',
      ref: 'feature',
      size: 25,
      last_commit_id: first.id,
      commit_id: fake.state.head(PROJECT, 'feature'),
    });
    // git's own blob id for this content (`git hash-object`).
    expect(file.blob_id).toBe('75afa8faf7b29c5f6e08df9e881178cafe861812');
    expect(await gitlab.RepositoryFiles.showRaw(PROJECT, 'db/migrations/001_init.sql', first.id)).toBe(
      'CREATE TABLE a (id int);\n',
    );
    expect(fake.state.calls.map((call) => call.rawPath)).toContain(
      `/api/v4/projects/${encoded}/repository/files/db%2Fmigrations%2F001_init.sql/raw`,
    );
  });

  it('answers 404 File Not Found and 404 Commit Not Found, and 400 without ref', async () => {
    const gitlab = client(fake);
    expect(await failure(gitlab.RepositoryFiles.show(PROJECT, 'nope.sql', 'main'))).toEqual({
      status: 404,
      description: '404 File Not Found',
    });
    expect(
      (await failure(gitlab.RepositoryFiles.showRaw(PROJECT, 'nope.sql', 'no-branch'))).description,
    ).toBe('404 Commit Not Found');
    const noRef = await api(fake, `/projects/${encoded}/repository/files/a.sql`);
    expect(noRef).toMatchObject({ status: 400, json: { error: 'ref is missing' } });
  });
});

describe('commits', () => {
  it('creates a commit with several actions through the API, branching from start_branch', async () => {
    commitFile(fake, 'main', 'db/001.sql', 'select 1;\n');
    const created = await client(fake).Commits.create(
      PROJECT,
      'feature/orders',
      'Add orders\n\nWith an index.',
      [
        { action: 'create', filePath: 'db/002_orders.sql', content: 'CREATE TABLE orders (id int);\n' },
        { action: 'move', filePath: 'db/001_init.sql', previousPath: 'db/001.sql' },
      ],
      { startBranch: 'main', authorName: DEV.name, authorEmail: DEV.email },
    );
    expect(created).toMatchObject({ title: 'Add orders', author_email: DEV.email, stats: { additions: 1 } });
    expect(created.parent_ids).toEqual([fake.state.head(PROJECT, 'main')]);
    expect(fake.state.head(PROJECT, 'feature/orders')).toBe(created.id);
    expect(fake.state.file(PROJECT, 'feature/orders', 'db/001_init.sql')).toBe('select 1;\n');
    expect(fake.state.file(PROJECT, 'feature/orders', 'db/001.sql')).toBeNull();
    const diff = await client(fake).Commits.showDiff(PROJECT, created.id);
    expect(diff.map((entry) => [entry.old_path, entry.new_path, entry.new_file, entry.renamed_file])).toEqual(
      [
        ['db/001.sql', 'db/001_init.sql', false, true],
        ['db/002_orders.sql', 'db/002_orders.sql', true, false],
      ],
    );
    expect(fake.state.calls.at(-2)?.body).toMatchObject({ branch: 'feature/orders', start_branch: 'main' });
  });

  it('refuses actions GitLab refuses, with its messages', async () => {
    commitFile(fake, 'main', 'a.sql', 'x\n');
    const gitlab = client(fake);
    const create = (branch: string, options: Record<string, string> = {}) =>
      failure(
        gitlab.Commits.create(
          PROJECT,
          branch,
          'm',
          [{ action: 'create', filePath: 'a.sql', content: 'y' }],
          options,
        ),
      );
    expect(await create('main')).toEqual({
      status: 400,
      description: 'A file with this name already exists',
    });
    expect(await create('missing')).toEqual({
      status: 400,
      description: 'You can only create or edit files when you are on a branch',
    });
    commitFile(fake, 'other', 'b.sql', 'b\n');
    expect((await create('other', { startBranch: 'main' })).description).toBe(
      "A branch called 'other' already exists. Switch to that branch in order to make changes",
    );
  });

  it('accepts a form-encoded commit with Rack-style nested actions', async () => {
    const form = new URLSearchParams([
      ['branch', 'main'],
      ['commit_message', 'Form commit'],
      ['actions[][action]', 'create'],
      ['actions[][file_path]', 'one.sql'],
      ['actions[][content]', 'select 1;'],
      ['actions[][action]', 'create'],
      ['actions[][file_path]', 'two.sql'],
      ['actions[][content]', 'c2VsZWN0IDI7'],
      ['actions[][encoding]', 'base64'],
    ]);
    const response = await api(fake, `/projects/${encoded}/repository/commits`, {
      method: 'POST',
      body: form,
    });
    expect(response.status).toBe(201);
    expect(fake.state.file(PROJECT, 'main', 'one.sql')).toBe('select 1;');
    expect(fake.state.file(PROJECT, 'main', 'two.sql')).toBe('select 2;');
  });

  it('pages commit lists with GitLab headers, and the client follows rel="next" across pages', async () => {
    for (let n = 1; n <= 45; n += 1) commitFile(fake, 'feature', `db/${n}.sql`, `select ${n};\n`);
    const all = await client(fake).Commits.all(PROJECT, { refName: 'feature', perPage: 20 });
    expect(all).toHaveLength(46);
    expect(all[0]?.title).toBe('Add db/45.sql');
    expect(all.at(-1)?.title).toBe('Initial commit');
    expect(
      fake.state.calls.filter((call) => call.path.endsWith('/repository/commits')).map((c) => c.query.page),
    ).toEqual([undefined, '2', '3']);
    const page = await api(
      fake,
      `/projects/${encoded}/repository/commits?ref_name=feature&per_page=20&page=2`,
    );
    expect(
      Object.fromEntries(
        ['x-page', 'x-per-page', 'x-next-page', 'x-prev-page', 'x-total', 'x-total-pages'].map((h) => [
          h,
          page.headers.get(h),
        ]),
      ),
    ).toEqual({
      'x-page': '2',
      'x-per-page': '20',
      'x-next-page': '3',
      'x-prev-page': '1',
      'x-total': '46',
      'x-total-pages': '3',
    });
    expect(page.headers.get('link')).toContain(
      `<${fake.url}/api/v4/projects/${encoded}/repository/commits?page=3&per_page=20&ref_name=feature>; rel="next"`,
    );
    const expanded = await client(fake).Commits.all(PROJECT, {
      refName: 'feature',
      perPage: 20,
      page: 3,
      showExpanded: true,
    });
    expect(expanded.data).toHaveLength(6);
    expect(expanded.paginationInfo).toMatchObject({ total: 46, next: null, current: 3, totalPages: 3 });
  });
});

describe('compare', () => {
  it('compares from the merge base by default and straight on request', async () => {
    commitFile(fake, 'feature', 'db/001.sql', 'create table a (id int);\n');
    commitFile(fake, 'main', 'docs/notes.md', 'main moved on\n');
    const gitlab = client(fake);
    const threeDot = await gitlab.Repositories.compare(PROJECT, 'main', 'feature');
    expect(threeDot.diffs!.map((diff) => diff.new_path)).toEqual(['db/001.sql']);
    expect(threeDot).toMatchObject({ compare_timeout: false, compare_same_ref: false });
    expect(threeDot.commits!.map((commit) => commit.title)).toEqual(['Add db/001.sql']);
    expect(threeDot.diffs![0]?.diff).toBe('@@ -0,0 +1 @@\n+create table a (id int);\n');
    const straight = await gitlab.Repositories.compare(PROJECT, 'main', 'feature', { straight: true });
    expect(straight.diffs!.map((diff) => [diff.new_path, diff.deleted_file])).toEqual([
      ['db/001.sql', false],
      ['docs/notes.md', true],
    ]);
  });

  it('returns a 1,000-file diff whole and flags a larger one as cut off', async () => {
    const actions = Array.from({ length: 1000 }, (_, n) => ({
      action: 'create' as const,
      filePath: `db/migrations/${String(n).padStart(4, '0')}.sql`,
      content: `CREATE TABLE t${n} (id bigint primary key);\n`,
    }));
    const author = { name: DEV.name, email: DEV.email };
    const big = fake.state.commit(PROJECT, { branch: 'big', message: 'Bulk', author, actions });
    const gitlab = client(fake);
    const compare = await gitlab.Repositories.compare(PROJECT, 'main', 'big');
    expect(compare.diffs).toHaveLength(1000);
    expect(compare.compare_timeout).toBe(false);
    expect(compare.diffs![999]).toMatchObject({ new_path: 'db/migrations/0999.sql', new_file: true });
    fake.state.commit(PROJECT, {
      branch: 'big',
      message: 'One more',
      author,
      actions: [{ action: 'create', filePath: 'zzz.sql', content: 'select 1;\n' }],
    });
    const over = await gitlab.Repositories.compare(PROJECT, 'main', 'big');
    expect(over.diffs).toHaveLength(1000);
    expect(over.compare_timeout).toBe(true);
    expect(over.commits!.map((commit) => commit.id)).toEqual([big.id, fake.state.head(PROJECT, 'big')]);
  });
});

describe('rate limits', () => {
  it('answers injected 429s with Retry-After and RateLimit headers; the client retries through them', async () => {
    fake.state.injectRateLimit(/\/projects\/acme\/payments$/, { count: 2, retryAfterSeconds: 7 });
    const first = await api(fake, `/projects/${encoded}`);
    expect(first.status).toBe(429);
    expect(first.text).toBe('Retry later\n');
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(first.headers.get('ratelimit-resettime')).toMatch(/GMT$/);
    const project = await client(fake).Projects.show(PROJECT);
    expect(project.path_with_namespace).toBe(PROJECT);
    expect(fake.state.calls.map((call) => call.status)).toEqual([429, 429, 200]);
  });
});
