// GitLab GitOps end to end: MR review note and status, merge-created issues rolled out and written back, webhook safety.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GITLAB_USERS, type GitLabHarness, REPO, startGitLabHarness } from '../support/gitlab-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';

const MARKER = '<!-- bytebase-im:sql-review -->';
const DANGEROUS = 'CREATE TABLE public.orders (id bigint PRIMARY KEY);\nDROP TABLE public.legacy_orders;\n';
const CREATE_ORDERS = [
  'CREATE TABLE public.orders (',
  '  id bigint PRIMARY KEY,',
  '  created_at timestamptz NOT NULL DEFAULT now(),',
  '  updated_at timestamptz NOT NULL DEFAULT now()',
  ');',
  '',
].join('\n');
const ADD_NOTE = "ALTER TABLE public.orders ADD COLUMN note text NOT NULL DEFAULT '';\n";

describeRealDb('postgres', 'GitLab GitOps end to end', (adminUrl) => {
  let h: GitLabHarness;
  let mrIid = 0;
  let mergeIssueIds: number[] = [];
  beforeAll(async () => {
    h = await startGitLabHarness({ adminUrl });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const drain = () => h.service.gitlab!.drain();
  const ourNotes = (iid: number) => h.fake.state.notes(REPO, iid).filter((n) => n.body.includes(MARKER));
  const status = (sha: string, name: string) =>
    h.fake.state
      .statuses(REPO, sha)
      .filter((s) => s.name === name)
      .at(-1);
  const issue = (id: number) => h.issue(id);

  it('reviews a merge request with a dangerous migration: one note with the findings and a failed status', async () => {
    const dropPath = h.path('prod', '2', 'migrate', 'orders');
    const head = h.commit('feature', { [dropPath]: DANGEROUS, 'README.md': 'not a migration\n' });
    const mr = h.fake.state.openMergeRequest(REPO, {
      sourceBranch: 'feature',
      targetBranch: 'main',
      title: 'Orders',
      author: GITLAB_USERS.dev,
    });
    mrIid = mr.iid;
    const res = await h.gitlab.mergeRequest(REPO, mr.iid, 'open');
    expect(res.status).toBe(200);
    await drain();
    const notes = ourNotes(mr.iid);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain(`| \`${dropPath}\` | ${h.names.prod} | prod | `);
    expect(notes[0]!.body).toMatch(/- line 2, column \d+: \*\*error\*\* `table\.disallow-drop`/);
    expect(notes[0]!.body).not.toContain('README.md');
    expect(status(head, 'bytebase/sql-review')).toMatchObject({ state: 'failed' });
  });

  it('updates that same note on the next push and passes once the migration is safe', async () => {
    // The fake edits a note in place, so its first text is copied before the update.
    const firstNote = { ...ourNotes(mrIid)[0]! };
    const head = h.commit('feature', {
      [h.path('prod', '2', 'migrate', 'orders')]: CREATE_ORDERS,
      [h.path('test', '2', 'migrate', 'orders')]: CREATE_ORDERS,
      [h.path('prod', '10', 'migrate', 'order_note')]: ADD_NOTE,
      [h.path('test', '10', 'migrate', 'order_note')]: ADD_NOTE,
    });
    expect((await h.gitlab.mergeRequest(REPO, mrIid, 'update')).status).toBe(200);
    await drain();
    const notes = ourNotes(mrIid);
    expect(notes.map((n) => n.id)).toEqual([firstNote.id]);
    expect(notes[0]!.body).not.toBe(firstNote.body);
    expect(notes[0]!.body).not.toContain('table.disallow-drop');
    expect(notes[0]!.body).toContain(head.slice(0, 12));
    expect(notes[0]!.body).toContain(h.path('test', '10', 'migrate', 'order_note'));
    expect(status(head, 'bytebase/sql-review')).toMatchObject({ state: 'success' });
  });

  it('turns the merge into one issue per database with the files in version order, created by the mapped author', async () => {
    const before = h.fake.state.head(REPO, 'main');
    const issuesBefore = (await h.issues()).length;
    const merge = h.fake.state.mergeMergeRequest(REPO, mrIid, { mergedBy: GITLAB_USERS.dev.username });
    expect((await h.gitlab.mergeRequest(REPO, mrIid, 'merge')).status).toBe(200);
    const res = await h.gitlab.push(REPO, { branch: 'main', before, after: merge.id });
    expect(res.status).toBe(200);
    await drain();
    const issues = await h.issues();
    // The harness's targets are named per environment (one server), so each is its own database group.
    expect(issues).toHaveLength(issuesBefore + 2);
    const views = await Promise.all(issues.slice(0, 2).map((i) => issue(i.id)));
    mergeIssueIds = views.map((v) => v.issue.id);
    expect(views.map((v) => v.stages.map((s) => s.environment)).sort()).toEqual([['prod'], ['test']]);
    for (const view of views) {
      expect(view.issue.origin).toBe('gitlab');
      expect(view.issue.originRef).toMatchObject({ repository: REPO, branch: 'main', commit: merge.id });
      expect(view.issue.creator?.email).toBe('dev@example.com');
      expect(view.issue.review?.errorCount).toBe(0);
      expect(view.stages[0]!.tasks.map((t) => t.version)).toEqual(['2', '10']);
    }
    expect(status(merge.id, 'bytebase/gitops')).toMatchObject({ state: 'success' });
  });

  it('rolls the merged issues out after approval and writes the schema back to the branch', async () => {
    for (const id of mergeIssueIds) {
      for (let i = 0; i < 3; i++) {
        const view = await issue(id);
        const pending = view.approvals.find((a) => a.status === 'pending');
        if (!pending) break;
        const token = pending.role === 'dba' ? h.tokens.dba : h.tokens.owner;
        expect((await h.api(token, 'POST', `/api/v1/issues/${id}/approve`, {})).status).toBe(200);
      }
    }
    for (const id of mergeIssueIds)
      await h.until(`issue ${id} done`, async () => (await issue(id)).issue.status === 'done', 60_000);
    const columns = await h.query(
      'prod',
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'orders' ORDER BY column_name",
    );
    expect(columns.map((c) => (c as { column_name: string }).column_name)).toEqual([
      'created_at',
      'id',
      'note',
      'updated_at',
    ]);
    for (const env of ['test', 'prod']) {
      const path = `db/${env}/.${h.names[env]}##LATEST.sql`;
      const written = await h.until(`schema of ${env} written back`, async () => {
        await drain();
        return h.fake.state.file(REPO, 'main', path);
      });
      expect(written).toMatch(/orders/);
      expect(written).toMatch(/note/);
    }
    // The write-back commits reach the service as pushes too; schema files are not migrations.
    const issuesBefore = (await h.issues()).length;
    const commits = h.fake.state.commits(REPO, 'main');
    const res = await h.gitlab.push(REPO, { branch: 'main', before: commits[2]!.id, after: commits[0]!.id });
    expect(res.status).toBe(200);
    await drain();
    expect(await h.issues()).toHaveLength(issuesBefore);
    expect(status(commits[0]!.id, 'bytebase/gitops')).toBeUndefined();
  });

  it('refuses a wrong token with 401 and no effect; the same delivery with the right token then works', async () => {
    const before = h.fake.state.head(REPO, 'main');
    const after = h.commit('main', {
      [h.path('test', '20', 'data', 'seed')]: 'INSERT INTO public.orders (id) VALUES (1);\n',
    });
    const issuesBefore = (await h.issues()).length;
    const refused = await h.gitlab.push(
      REPO,
      { branch: 'main', before, after },
      { token: 'wrong', uuid: 'uuid-20' },
    );
    expect(refused.status).toBe(401);
    const missing = await h.gitlab.push(
      REPO,
      { branch: 'main', before, after },
      { token: null, uuid: 'uuid-20' },
    );
    expect(missing.status).toBe(401);
    await drain();
    expect(await h.issues()).toHaveLength(issuesBefore);
    const accepted = await h.gitlab.push(REPO, { branch: 'main', before, after }, { uuid: 'uuid-20' });
    expect(accepted.status).toBe(200);
    await drain();
    expect(await h.issues()).toHaveLength(issuesBefore + 1);
  });

  it('creates nothing new for a redelivered push, by delivery id or by content', async () => {
    const before = h.fake.state.head(REPO, 'main');
    const after = h.commit('main', {
      [h.path('test', '21', 'data', 'more')]: 'INSERT INTO public.orders (id) VALUES (2);\n',
    });
    const first = await h.gitlab.push(REPO, { branch: 'main', before, after });
    await drain();
    const count = (await h.issues()).length;
    const again = await h.gitlab.resend(first);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ status: 'duplicate' });
    const fresh = await h.gitlab.push(REPO, { branch: 'main', before, after });
    expect(JSON.parse(fresh.body)).toEqual({ status: 'duplicate' });
    await drain();
    expect(await h.issues()).toHaveLength(count);
  });

  it('reports malformed migration files on the commit instead of dropping them silently', async () => {
    const before = h.fake.state.head(REPO, 'main');
    const after = h.commit('main', {
      [`db/prod/${h.names.prod}##30.sql`]: 'SELECT 1;',
      [`db/staging/${h.names.prod}##30##migrate##x.sql`]: 'SELECT 1;',
      [`db/prod/${h.names.prod}##3 0##migrate##x.sql`]: 'SELECT 1;',
    });
    const count = (await h.issues()).length;
    await h.gitlab.push(REPO, { branch: 'main', before, after });
    await drain();
    expect(await h.issues()).toHaveLength(count);
    const s = status(after, 'bytebase/gitops');
    expect(s).toMatchObject({ state: 'failed' });
    expect(s!.description).toMatch(/No issue created; 3 file\(s\) cannot be used/);
  });

  it('records an author who is not a member, while the robot creates the issue', async () => {
    const before = h.fake.state.head(REPO, 'main');
    const after = h.commit(
      'main',
      {
        [h.path('test', '40', 'migrate', 'idx')]:
          'CREATE INDEX orders_created ON public.orders (created_at);\n',
      },
      GITLAB_USERS.stranger,
    );
    await h.gitlab.push(REPO, { branch: 'main', before, after });
    await drain();
    const view = await issue((await h.issues())[0]!.id);
    expect(view.issue.originRef).toMatchObject({
      commit: after,
      author: { email: GITLAB_USERS.stranger.email },
    });
    expect(view.issue.creator?.id).toBe(1);
    expect(view.issue.description).toContain('sam@elsewhere.example is not a user of this workspace');
  });

  it("acknowledges a 1,000-file push within GitLab's timeout and creates the issue afterwards", async () => {
    const before = h.fake.state.head(REPO, 'main');
    const files: Record<string, string> = {};
    for (let i = 1; i <= 1000; i++)
      files[h.path('test', `1${String(i).padStart(4, '0')}`, 'data', `row_${i}`)] =
        `INSERT INTO public.orders (id) VALUES (${1000 + i});\n`;
    const after = h.commit('main', files);
    const count = (await h.issues()).length;
    const res = await h.gitlab.push(REPO, { branch: 'main', before, after });
    expect(res.timedOut).toBe(false);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'accepted' });
    const created = await h.until(
      'issue of the 1,000-file push',
      async () => {
        const list = await h.issues();
        return list.length > count ? list[0] : null;
      },
      120_000,
    );
    await drain();
    const view = await issue(created.id);
    expect(view.issue.originRef).toMatchObject({ commit: after });
    expect(view.stages).toHaveLength(1);
    expect(view.stages[0]!.tasks).toHaveLength(1000);
    expect(view.stages[0]!.tasks[0]?.version).toBe('10001');
    expect(view.stages[0]!.tasks[999]?.version).toBe('11000');
  }, 180_000);
});
