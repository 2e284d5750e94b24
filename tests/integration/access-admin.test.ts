// Access administration over HTTP: every row of the permission table, the workspace-file lock, token expiry and
// revocation, deactivation, the last-owner rule, the audit log and its filters.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeService } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import type { Clock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/clock.ts';
import {
  ACTING_ROLES,
  type ActingRole,
  type AdminAction,
  PERMISSIONS,
  permissionTableMarkdown,
} from '../../src/core/services/permissions.ts';
import { hashToken } from '../../src/security/tokens.ts';
import { type RunningService, startService } from '../support/service-fixture.ts';

/** A clock the test moves forward, so expiry is checked without waiting. */
function manualClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}

const token = (tag: string) => `bbt_${tag}_${randomBytes(12).toString('hex')}`;
const T = {
  root: token('root'),
  dba: token('dba'),
  dev: token('dev'),
  powner: token('pown'),
  pdev: token('pdev'),
};
const EMAIL: Record<ActingRole, string> = {
  owner: 'root@example.com',
  dba: 'dba@example.com',
  developer: 'dev@example.com',
  project_owner: 'powner@example.com',
  project_developer: 'pdev@example.com',
};
const TOKEN_OF: Record<ActingRole, string> = {
  owner: T.root,
  dba: T.dba,
  developer: T.dev,
  project_owner: T.powner,
  project_developer: T.pdev,
};

const WORKSPACE = [
  'environments:',
  '  - { key: test }',
  'users:',
  '  - { email: root@example.com, name: Rita Root, role: owner, tokenEnv: T_ROOT }',
  '  - { email: dba@example.com, name: Dana DBA, role: dba, tokenEnv: T_DBA }',
  '  - { email: dev@example.com, name: Devon Dev, role: developer, tokenEnv: T_DEV }',
  '  - { email: powner@example.com, name: Pat Owner, role: developer, tokenEnv: T_POWNER }',
  '  - { email: pdev@example.com, name: Pia Dev, role: developer, tokenEnv: T_PDEV }',
  'projects:',
  '  - key: shop',
  '    name: Shop',
  '    members:',
  '      - { email: powner@example.com, role: owner }',
  '      - { email: pdev@example.com, role: developer }',
  '  - key: other',
  '    name: Other',
];

let running: RunningService;
const clock = manualClock();

async function call(
  bearer: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const res = await running.service.app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

let seq = 0;
/** A fresh user managed through the API (so nothing about it is locked by the file). */
async function apiUser(role = 'developer'): Promise<string> {
  const email = `u${++seq}-${randomBytes(3).toString('hex')}@example.com`;
  const res = await call(T.root, 'POST', '/users', { email, name: `User ${seq}`, role });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return email;
}

async function tokenFor(email: string, by = T.root): Promise<{ token: string; id: number }> {
  const res = await call(by, 'POST', `/users/${email}/tokens`, { name: 'script' });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { token: res.json.token, id: res.json.info.id };
}

beforeAll(async () => {
  running = await startService({
    workspaceLines: WORKSPACE,
    env: { T_ROOT: T.root, T_DBA: T.dba, T_DEV: T.dev, T_POWNER: T.powner, T_PDEV: T.pdev },
    compose: { clock, startScheduler: false },
  });
});
afterAll(async () => running?.close());

/**
 * One representative attempt per action, as the role's user. Answers whether the service allowed it, and for
 * `own` grants checks that the answer was limited to what the role owns.
 */
const attempts: Record<AdminAction, (role: ActingRole) => Promise<boolean>> = {
  'users.read': async (role) => {
    const list = await call(TOKEN_OF[role], 'GET', '/users');
    const one = await call(TOKEN_OF[role], 'GET', `/users/${EMAIL.dba}`);
    expect(list.status === 200).toBe(one.status === 200);
    if (list.status === 200)
      expect(list.json.users.map((u: { email: string }) => u.email)).toContain(EMAIL.dba);
    return expectAllowedOr403(list.status);
  },
  'users.create': async (role) =>
    expectAllowedOr403(
      (await call(TOKEN_OF[role], 'POST', '/users', { email: `new-${role}-${seq++}@example.com`, name: 'N' }))
        .status,
    ),
  'users.update': async (role) => {
    const target = await apiUser();
    return expectAllowedOr403(
      (await call(TOKEN_OF[role], 'PATCH', `/users/${target}`, { name: 'Renamed' })).status,
    );
  },
  'tokens.own': async (role) => {
    const created = await call(TOKEN_OF[role], 'POST', `/users/${EMAIL[role]}/tokens`, { name: 'mine' });
    const list = await call(TOKEN_OF[role], 'GET', `/users/${EMAIL[role]}/tokens`);
    const revoke = created.json?.info
      ? await call(TOKEN_OF[role], 'DELETE', `/tokens/${created.json.info.id}`)
      : null;
    const allowed = [created.status === 201, list.status === 200, revoke?.status === 200];
    expect(new Set(allowed).size).toBe(1);
    return allowed[0]!;
  },
  'tokens.others': async (role) => {
    const target = await apiUser();
    const rootsToken = await tokenFor(target);
    const statuses = [
      (await call(TOKEN_OF[role], 'GET', `/users/${target}/tokens`)).status,
      (await call(TOKEN_OF[role], 'POST', `/users/${target}/tokens`, { name: 'theirs' })).status,
      (await call(TOKEN_OF[role], 'DELETE', `/tokens/${rootsToken.id}`)).status,
    ];
    const allowed = statuses.map(expectAllowedOr403);
    expect(new Set(allowed).size, `statuses ${statuses}`).toBe(1);
    return allowed[0]!;
  },
  'members.read': async (role) =>
    expectAllowedOr403((await call(TOKEN_OF[role], 'GET', '/projects/shop/members')).status),
  'members.manage': async (role) => {
    const target = await apiUser();
    const put = await call(TOKEN_OF[role], 'PUT', `/projects/shop/members/${target}`, { role: 'developer' });
    if (put.status !== 200) {
      expect(put.status).toBe(403);
      // Removing is refused the same way (the member is added by the workspace owner for the attempt).
      expect(
        (await call(T.root, 'PUT', `/projects/shop/members/${target}`, { role: 'developer' })).status,
      ).toBe(200);
      expect((await call(TOKEN_OF[role], 'DELETE', `/projects/shop/members/${target}`)).status).toBe(403);
      return false;
    }
    expect((await call(TOKEN_OF[role], 'DELETE', `/projects/shop/members/${target}`)).status).toBe(204);
    return true;
  },
  'audit.read': async (role) => {
    const res = await call(TOKEN_OF[role], 'GET', '/audit?limit=200');
    if (!expectAllowedOr403(res.status)) return false;
    const projects = new Set(res.json.entries.map((e: { project: string | null }) => e.project));
    if (role === 'project_owner') expect([...projects]).toEqual(['shop']);
    else expect(projects.has(null)).toBe(true);
    return true;
  },
};

function expectAllowedOr403(status: number): boolean {
  expect([200, 201, 204, 403], `status ${status}`).toContain(status);
  return status !== 403;
}

describe('the permission table', () => {
  it('is the table the README prints', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(permissionTableMarkdown());
  });

  beforeAll(async () => {
    // Give project owners something of theirs in the log, and the workspace something that is nobody's project.
    const target = await apiUser();
    expect(
      (await call(T.powner, 'PUT', `/projects/shop/members/${target}`, { role: 'developer' })).status,
    ).toBe(200);
    expect(
      (await call(T.root, 'PUT', `/projects/other/members/${target}`, { role: 'developer' })).status,
    ).toBe(200);
  });

  for (const row of PERMISSIONS) {
    for (const role of ACTING_ROLES) {
      const grant = row.grants[role];
      it(`${row.label}: ${role} ${grant === 'no' ? 'is refused' : 'may'}`, async () => {
        expect(await attempts[row.action](role)).toBe(grant !== 'no');
      });
    }
  }
});

describe('the workspace file stays the source of truth', () => {
  it('refuses to change users, memberships and tokens it declares, naming the file', async () => {
    const fileRefusals = [
      await call(T.root, 'PATCH', `/users/${EMAIL.dba}`, { role: 'developer' }),
      await call(T.root, 'PATCH', `/users/${EMAIL.developer}`, { active: false }),
      await call(T.root, 'PUT', `/projects/shop/members/${EMAIL.project_developer}`, { role: 'owner' }),
      await call(T.root, 'DELETE', `/projects/shop/members/${EMAIL.project_owner}`),
    ];
    const dbaTokens = await call(T.root, 'GET', `/users/${EMAIL.dba}/tokens`);
    const fileToken = dbaTokens.json.tokens.find((t: { managedBy: string | null }) => t.managedBy !== null);
    expect(fileToken.prefix).toBe(T.dba.slice(0, 8));
    fileRefusals.push(await call(T.root, 'DELETE', `/tokens/${fileToken.id}`));
    for (const r of fileRefusals) {
      expect(r.status).toBe(409);
      expect(r.json.error.message).toContain('workspace.yaml');
    }
    const users = (await call(T.root, 'GET', '/users')).json.users as {
      email: string;
      managedBy: string | null;
    }[];
    expect(users.find((u) => u.email === EMAIL.dba)?.managedBy).toMatch(
      /^the workspace file .*workspace\.yaml$/,
    );
    expect((await call(T.dba, 'GET', '/me')).json.principal.workspaceRole).toBe('dba');
  });

  it('lets the API manage what the file does not declare', async () => {
    const email = await apiUser();
    const users = (await call(T.root, 'GET', '/users')).json.users as {
      email: string;
      managedBy: string | null;
    }[];
    expect(users.find((u) => u.email === email)?.managedBy).toBeNull();
    expect((await call(T.root, 'PATCH', `/users/${email}`, { role: 'dba' })).json.user.role).toBe('dba');
  });
});

describe('tokens', () => {
  it('answers a new token once, stores only its hash, and it authenticates', async () => {
    const email = await apiUser();
    const created = await call(T.root, 'POST', `/users/${email}/tokens`, { name: 'ci' });
    expect(created.status).toBe(201);
    expect(created.json.token).toMatch(/^bbt_/);
    expect(created.json.info).toMatchObject({
      name: 'ci',
      status: 'active',
      createdBy: EMAIL.owner,
      expiresAt: null,
    });
    const listed = await call(T.root, 'GET', `/users/${email}/tokens`);
    expect(JSON.stringify(listed.json)).not.toContain(created.json.token);
    expect((await running.service.store.tokens.findByHash(hashToken(created.json.token)))?.id).toBe(
      created.json.info.id,
    );
    expect((await call(created.json.token, 'GET', '/me')).json.principal.email).toBe(email);
  });

  it('stops authenticating at its expiry, and refuses an expiry in the past', async () => {
    const email = await apiUser();
    const expiresAt = new Date(clock.now() + 60 * 60_000).toISOString();
    const created = await call(T.root, 'POST', `/users/${email}/tokens`, { name: 'short', expiresAt });
    expect(created.status).toBe(201);
    expect((await call(created.json.token, 'GET', '/me')).status).toBe(200);
    clock.advance(2 * 60 * 60_000);
    const after = await call(created.json.token, 'GET', '/me');
    expect(after.status).toBe(401);
    expect(after.json.error.message).toBe(`API token expired at ${expiresAt}`);
    const listed = await call(T.root, 'GET', `/users/${email}/tokens`);
    expect(listed.json.tokens[0].status).toBe('expired');
    const past = await call(T.root, 'POST', `/users/${email}/tokens`, {
      name: 'late',
      expiresAt: new Date(clock.now() - 1000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.json.error.message).toMatch(/expiresAt .* is in the past/);
    expect(
      (await call(T.root, 'POST', `/users/${email}/tokens`, { name: 'x', expiresAt: 'tomorrow' })).status,
    ).toBe(400);
  });

  it('is refused at once when revoked, and a second revoke is a conflict', async () => {
    const email = await apiUser();
    const { token: t, id } = await tokenFor(email);
    expect((await call(t, 'GET', '/me')).status).toBe(200);
    const revoked = await call(t, 'DELETE', `/tokens/${id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json.token.status).toBe('revoked');
    expect((await call(t, 'GET', '/me')).status).toBe(401);
    expect((await call(T.root, 'DELETE', `/tokens/${id}`)).status).toBe(409);
    expect((await call(T.root, 'DELETE', '/tokens/999999')).status).toBe(404);
  });

  it('refuses bad input with a precise 400', async () => {
    for (const [body, message] of [
      [{}, 'name'],
      [{ name: '' }, 'name must not be empty'],
      [{ name: 'a\u0007b' }, 'control characters'],
      [{ name: 'x', scope: 'all' }, 'scope'],
    ] as const) {
      const res = await call(T.root, 'POST', `/users/${EMAIL.owner}/tokens`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.message).toContain(message);
    }
  });
});

describe('users', () => {
  it('refuses a duplicate email (any case) and a malformed one', async () => {
    const email = await apiUser();
    expect((await call(T.root, 'POST', '/users', { email: email.toUpperCase(), name: 'Again' })).status).toBe(
      409,
    );
    const bad = await call(T.root, 'POST', '/users', { email: 'not-an-email', name: 'X' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('not an email address');
    expect(
      (await call(T.root, 'POST', '/users', { email: 'x@example.com', name: 'X', role: 'god' })).status,
    ).toBe(400);
    expect((await call(T.root, 'PATCH', '/users/nobody@example.com', { name: 'X' })).status).toBe(404);
    expect((await call(T.root, 'PATCH', `/users/${email}`, {})).status).toBe(400);
  });

  it('deactivation revokes tokens and sessions at once, and reactivation does not bring them back', async () => {
    const email = await apiUser('dba');
    const { token: t } = await tokenFor(email);
    const principal = (await running.service.store.principals.findByEmail(email))!;
    const session = await running.service.store.sessions.create({
      principalId: principal.id,
      tokenHash: hashToken(`session-${email}`),
      csrfToken: 'csrf',
      expiresAt: new Date(clock.now() + 3_600_000),
    });
    expect((await call(t, 'GET', '/issues?filter=pending')).status).toBe(200);

    const off = await call(T.root, 'PATCH', `/users/${email}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.json.user.active).toBe(false);
    expect((await call(t, 'GET', '/issues?filter=pending')).status).toBe(401);
    expect(
      await running.service.store.sessions.findLive(hashToken(`session-${email}`), new Date(clock.now())),
    ).toBeNull();
    expect(
      (await call(T.root, 'GET', `/users/${email}/tokens`)).json.tokens.map(
        (x: { status: string }) => x.status,
      ),
    ).toEqual(['revoked']);
    // No new access while deactivated.
    expect((await call(T.root, 'POST', `/users/${email}/tokens`, { name: 'again' })).status).toBe(409);
    expect((await call(T.root, 'PUT', `/projects/shop/members/${email}`, { role: 'owner' })).status).toBe(
      409,
    );

    const audit = await call(T.root, 'GET', `/audit?action=user.deactivate&resource=principal:${email}`);
    expect(audit.json.entries).toHaveLength(1);
    expect(audit.json.entries[0].details.revoked).toEqual({ tokens: 1, sessions: 1 });
    expect(session.id).toBeGreaterThan(0);

    expect((await call(T.root, 'PATCH', `/users/${email}`, { active: true })).json.user.active).toBe(true);
    expect((await call(t, 'GET', '/me')).status).toBe(401);
  });

  it('never demotes or deactivates the last active workspace owner, even when two owners race', async () => {
    // The file's owner is the file's; two API owners show the rule on what the API manages.
    const a = await apiUser('owner');
    const b = await apiUser('owner');
    const ta = (await tokenFor(a)).token;
    const tb = (await tokenFor(b)).token;
    // Three owners: root (file), a, b. Demoting both API owners at once leaves root: both may go.
    const [ra, rb] = await Promise.all([
      call(ta, 'PATCH', `/users/${b}`, { role: 'developer' }),
      call(tb, 'PATCH', `/users/${a}`, { role: 'developer' }),
    ]);
    // Whichever ran second was no longer an owner when it acted, so exactly one demotion happened.
    expect([ra.status, rb.status].sort()).toEqual([200, 403]);
  });
});

describe('the audit log', () => {
  it('has a row for every admin action, with its actor, and pages with a cursor', async () => {
    const email = await apiUser();
    const { id } = await tokenFor(email);
    await call(T.root, 'DELETE', `/tokens/${id}`);
    await call(T.root, 'PATCH', `/users/${email}`, { role: 'dba' });
    await call(T.root, 'PUT', `/projects/shop/members/${email}`, { role: 'developer' });
    await call(T.root, 'PUT', `/projects/shop/members/${email}`, { role: 'owner' });
    await call(T.root, 'DELETE', `/projects/shop/members/${email}`);
    await call(T.root, 'PATCH', `/users/${email}`, { active: false });
    await call(T.root, 'PATCH', `/users/${email}`, { active: true });

    const mine = await call(T.root, 'GET', `/audit?actor=${EMAIL.owner}&limit=200`);
    const about = mine.json.entries.filter(
      (e: { resource: { id: string }; details: { email?: string } }) =>
        e.resource.id === email || e.details.email === email,
    );
    expect(about.map((e: { action: string }) => e.action).reverse()).toEqual([
      'user.create',
      'token.create',
      'token.revoke',
      'user.update',
      'member.add',
      'member.update',
      'member.remove',
      'user.deactivate',
      'user.reactivate',
    ]);
    for (const e of about) expect(e.actor).toEqual({ email: EMAIL.owner, name: 'Rita Root' });
    expect(about.filter((e: { project: string | null }) => e.project === 'shop')).toHaveLength(3);

    // Pages of 2 walk the same rows, newest first, without gaps or repeats.
    const walked: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { json: { entries: { id: number }[]; nextCursor: string | null } } = await call(
        T.root,
        'GET',
        `/audit?actor=${EMAIL.owner}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      walked.push(...page.json.entries.map((e) => e.id));
      cursor = page.json.nextCursor;
    }
    expect(walked).toEqual(mine.json.entries.map((e: { id: number }) => e.id));
  });

  it('filters by action prefix, resource, project and time, and refuses bad filters precisely', async () => {
    const tokenRows = (await call(T.root, 'GET', '/audit?action=token.*&limit=200')).json.entries;
    expect(tokenRows.length).toBeGreaterThan(0);
    expect(new Set(tokenRows.map((e: { action: string }) => e.action))).toEqual(
      new Set(['token.create', 'token.revoke']),
    );
    const shop = (await call(T.root, 'GET', '/audit?project=shop&limit=200')).json.entries;
    expect(shop.every((e: { project: string }) => e.project === 'shop')).toBe(true);
    const future = new Date(clock.now() + 86_400_000).toISOString();
    expect((await call(T.root, 'GET', `/audit?since=${future}`)).json.entries).toEqual([]);
    expect((await call(T.root, 'GET', `/audit?until=${future}&limit=1`)).json.entries).toHaveLength(1);
    expect((await call(T.root, 'GET', '/audit?actor=nobody@example.com')).json.entries).toEqual([]);
    for (const [query, message] of [
      ['since=yesterday', 'since must be an ISO 8601 date-time'],
      ['limit=0', 'limit'],
      ['cursor=abc', 'cursor'],
      ['action=DROP TABLE', 'action must look like'],
      ['bogus=1', 'bogus'],
    ]) {
      const res = await call(T.root, 'GET', `/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error.message).toContain(message);
    }
    expect((await call(T.root, 'GET', '/audit?project=nope')).status).toBe(404);
    expect((await call(T.powner, 'GET', '/audit?project=other')).status).toBe(403);
  });
});

describe('the last active workspace owner', () => {
  let demo: Awaited<ReturnType<typeof composeService>>;
  beforeAll(async () => {
    demo = await composeService(
      loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'owner-')), PORT: '0' }),
      silentLogger,
      { startScheduler: false },
    );
  });
  afterAll(async () => demo?.close());

  const as = async (bearer: string, method: string, path: string, body?: unknown) => {
    const res = await demo.app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as any };
  };

  it('names the waiting issues a deactivation leaves without anyone who may decide them', async () => {
    const admin = demo.demoTokens!.find((t) => t.email === 'admin@example.com')!.token;
    // The owner's own change waits on a DBA; the demo DBA is the only other person who may decide it.
    const created = await as(admin, 'POST', '/projects/demo/issues', {
      title: 'Add audit table',
      type: 'schema',
      statement: 'CREATE TABLE audit_trail (id bigint PRIMARY KEY);',
      targets: [{ environment: 'prod' }],
    });
    expect(created.status).toBe(201);
    const off = await as(admin, 'PATCH', '/users/dba@example.com', { active: false });
    expect(off.json.stranded).toEqual([
      { issueId: created.json.issue.id, title: 'Add audit table', project: 'demo', step: 1, role: 'dba' },
    ]);
    const audit = await as(admin, 'GET', '/audit?action=user.deactivate');
    expect(audit.json.entries[0].details.stranded).toEqual([created.json.issue.id]);
    // Back again: nothing is stranded by a reactivation, and a rename strands nothing either.
    expect((await as(admin, 'PATCH', '/users/dba@example.com', { active: true })).json.stranded).toEqual([]);
    expect((await as(admin, 'PATCH', '/users/dev@example.com', { name: 'Devon D.' })).json.stranded).toEqual(
      [],
    );
    expect((await as(admin, 'POST', `/issues/${created.json.issue.id}/cancel`)).status).toBe(200);
  });

  it('cannot be demoted or deactivated; once another owner exists, it can', async () => {
    const admin = demo.demoTokens!.find((t) => t.email === 'admin@example.com')!.token;
    // A fresh token: the deactivation above revoked the demo one.
    const dba = (await as(admin, 'POST', '/users/dba@example.com/tokens', { name: 'again' })).json.token;
    for (const patch of [{ role: 'dba' }, { active: false }]) {
      const refused = await as(admin, 'PATCH', '/users/admin@example.com', patch);
      expect(refused.status).toBe(409);
      expect(refused.json.error.message).toBe(
        'admin@example.com is the last active workspace owner; make someone else an owner first',
      );
    }
    // Making the demo DBA an owner lets the first owner step down; then the DBA is the last one.
    expect((await as(admin, 'PATCH', '/users/dba@example.com', { role: 'owner' })).status).toBe(200);
    expect((await as(admin, 'PATCH', '/users/admin@example.com', { role: 'developer' })).status).toBe(200);
    expect((await as(dba, 'PATCH', '/users/dba@example.com', { active: false })).status).toBe(409);
    expect((await as(admin, 'GET', '/users')).status).toBe(403);
  });
});
