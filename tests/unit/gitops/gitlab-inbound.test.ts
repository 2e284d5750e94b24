// GitLab verify/parse units, and the boundary that keeps them free of core imports.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deliveryIdsOf, parseGitLabWebhook } from '../../../adapters/vcs/gitlab/parse.ts';
import { verifyGitLabToken } from '../../../adapters/vcs/gitlab/verify.ts';

const sha = (c: string) => c.repeat(40);
const pushBody = {
  object_kind: 'push',
  before: sha('a'),
  after: sha('b'),
  ref: 'refs/heads/main',
  user_name: 'Devon Dev',
  user_username: 'devon',
  user_email: '',
  project_id: 42,
  project: { id: 42, path_with_namespace: 'acme/app', web_url: 'https://gitlab.example.com/acme/app' },
  commits: [
    {
      id: sha('c'),
      title: 'older',
      author: { name: 'Other', email: 'other@example.com' },
      added: ['db/a.sql'],
      modified: [],
    },
    {
      id: sha('b'),
      title: 'Merge branch feature',
      author: { name: 'Devon Dev', email: 'dev@example.com' },
      added: ['db/b.sql'],
      modified: ['db/a.sql'],
      removed: ['db/c.sql'],
    },
  ],
};
const headers = (event: string, extra: Record<string, string> = {}) =>
  new Headers({ 'x-gitlab-event': event, ...extra });

describe('verifyGitLabToken', () => {
  it('accepts the configured secret only', () => {
    expect(verifyGitLabToken('s3cret', 's3cret')).toEqual({ ok: true });
    expect(verifyGitLabToken('s3cret', 's3cres')).toEqual({ ok: false, reason: 'token mismatch' });
    expect(verifyGitLabToken('s3cret', 's3cret-and-more')).toEqual({ ok: false, reason: 'token mismatch' });
    expect(verifyGitLabToken('s3cret', '')).toEqual({ ok: false, reason: 'missing X-Gitlab-Token' });
    expect(verifyGitLabToken('s3cret', null)).toEqual({ ok: false, reason: 'missing X-Gitlab-Token' });
  });
});

describe('parseGitLabWebhook', () => {
  it('normalises a push: branch, commits, pusher, head author and the payload files', () => {
    const parsed = parseGitLabWebhook(
      headers('Push Hook', { 'idempotency-key': 'k1', 'x-gitlab-event-uuid': 'u1' }),
      JSON.stringify(pushBody),
    );
    expect(parsed).toEqual({
      kind: 'push',
      deliveryIds: ['key:k1', 'event:u1'],
      repository: { id: '42', path: 'acme/app', webUrl: 'https://gitlab.example.com/acme/app' },
      branch: 'main',
      before: sha('a'),
      after: sha('b'),
      pusher: { name: 'Devon Dev', email: null, username: 'devon' },
      headAuthor: { name: 'Devon Dev', email: 'dev@example.com', username: null },
      headTitle: 'Merge branch feature',
      payloadFiles: ['db/a.sql', 'db/b.sql'],
    });
  });

  it('ignores tags and deleted branches, and refuses pushes without commits or project', () => {
    const push = (over: Record<string, unknown>) =>
      parseGitLabWebhook(headers('Push Hook'), JSON.stringify({ ...pushBody, ...over }));
    expect(push({ ref: 'refs/tags/v1' }).kind).toBe('ignored');
    expect(push({ after: '0'.repeat(40) })).toEqual({ kind: 'ignored', reason: 'branch deleted' });
    expect(push({ after: 'nope' }).kind).toBe('invalid');
    expect(push({ project: {}, project_id: undefined }).kind).toBe('invalid');
  });

  it('normalises a merge request event with its head commit and action', () => {
    const body = {
      object_kind: 'merge_request',
      user: { name: 'Devon Dev', username: 'devon', email: '[REDACTED]' },
      project: { id: 42, path_with_namespace: 'acme/app', web_url: 'https://g/acme/app' },
      object_attributes: {
        id: 9001,
        iid: 7,
        action: 'update',
        title: 'Add orders',
        url: 'https://g/acme/app/-/merge_requests/7',
        source_branch: 'feature',
        target_branch: 'main',
        last_commit: { id: sha('d') },
      },
    };
    const parsed = parseGitLabWebhook(headers('Merge Request Hook'), JSON.stringify(body));
    expect(parsed).toMatchObject({
      kind: 'merge_request',
      iid: 7,
      action: 'update',
      headSha: sha('d'),
      sourceBranch: 'feature',
      targetBranch: 'main',
      user: { name: 'Devon Dev', email: null, username: 'devon' },
    });
    const approved = { ...body, object_attributes: { ...body.object_attributes, action: 'approved' } };
    expect(parseGitLabWebhook(headers('Merge Request Hook'), JSON.stringify(approved))).toMatchObject({
      action: 'other',
    });
  });

  it('names what it does not use and what it cannot read', () => {
    expect(parseGitLabWebhook(headers('Note Hook'), '{}')).toEqual({
      kind: 'ignored',
      reason: 'event Note Hook is not used',
    });
    expect(parseGitLabWebhook(headers('Push Hook'), '{oops').kind).toBe('invalid');
  });

  it('identifies a delivery by its idempotency key and event uuid, else by the body', () => {
    expect(deliveryIdsOf(new Headers({ 'x-gitlab-event-uuid': 'u' }), 'x')).toEqual(['event:u']);
    const a = deliveryIdsOf(new Headers(), 'body');
    expect(a).toEqual(deliveryIdsOf(new Headers(), 'body'));
    expect(a).not.toEqual(deliveryIdsOf(new Headers(), 'other body'));
  });
});

describe('inbound boundary', () => {
  it('keeps verify.ts and parse.ts free of core, store and SDK imports', () => {
    for (const file of ['verify.ts', 'parse.ts']) {
      const source = readFileSync(new URL(`../../../adapters/vcs/gitlab/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter((i) => !i!.startsWith('node:'))).toEqual([]);
    }
  });
});
