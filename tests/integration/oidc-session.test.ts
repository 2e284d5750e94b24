// Single sign-on over HTTP against the GitLab fake: sign-in, session cookie, CSRF, refusals, expiry, sign-out, tokens.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../../src/config.ts';
import { hashToken } from '../../src/security/tokens.ts';
import { type GitLabFake, startGitLabFake } from '../fakes/gitlab/index.ts';
import { OIDC_CLIENT_ID, type OidcService, signInFailure, startOidcService } from '../support/oidc.ts';
import { startService } from '../support/service-fixture.ts';

const DEV_TOKEN = 'bbt_oidc_dev_token_0123456789';
const DBA_TOKEN = 'bbt_oidc_dba_token_0123456789';

const workspaceLines = [
  'environments:',
  '  - { key: test }',
  'users:',
  '  - { email: dev@example.com, name: Devon Dev, role: developer, tokenEnv: T_DEV }',
  '  - { email: dba@example.com, name: Dana DBA, role: dba, tokenEnv: T_DBA }',
  '  - { email: gone@example.com, name: Gone Away, role: developer }',
];
const env = { T_DEV: DEV_TOKEN, T_DBA: DBA_TOKEN };

/** A write that passes authentication and the CSRF check answers 404 here: there is no issue 999999. */
const WRITE = '/api/v1/issues/999999/cancel';

describe('single sign-on with GitLab (OpenID Connect)', () => {
  let sso: OidcService;

  beforeAll(async () => {
    sso = await startOidcService({ workspaceLines, env });
  });
  afterAll(async () => sso?.close());

  const audit = (action: string) => sso.running.service.store.audit.list({ action });

  it('tells the sign-in page that GitLab sign-in is on', async () => {
    const res = await fetch(`${sso.baseUrl}/auth/config`);
    expect(await res.json()).toEqual({ oidc: { enabled: true, name: 'GitLab' } });
  });

  it('signs in through GitLab with PKCE, state and nonce, and sets an HttpOnly session cookie', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('dev@example.com');
    const { hops, response, location } = await browser.signIn('#/users');

    // login -> GitLab's authorize -> the callback -> the web view's route.
    const authorize = new URL(hops[1]!);
    expect(authorize.origin + authorize.pathname).toBe(`${sso.fake.url}/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: OIDC_CLIENT_ID,
      response_type: 'code',
      scope: 'openid profile email',
      redirect_uri: `${sso.publicUrl}/auth/oidc/callback`,
      code_challenge_method: 'S256',
      state: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(new URL(hops[2]!).pathname).toBe('/auth/oidc/callback');
    expect(response.status).toBe(302);
    expect(location).toBe('/#/users');
    expect(response.headers.get('cache-control')).toBe('no-store');

    const cookie = browser.cookies.get('bb_session')!;
    expect(cookie.raw).toMatch(/^bb_session=[\w-]{43}; /);
    const flags = cookie.raw.split(';').map((p) => p.trim());
    expect(flags).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${12 * 3600}`]),
    );
    expect(flags).not.toContain('Secure');
    // The sign-in's state cookie is gone once used.
    expect(browser.cookies.has('bb_oidc_state')).toBe(false);

    // The store holds only the secret's SHA-256.
    const store = sso.running.service.store;
    const now = new Date(Date.now());
    expect(await store.sessions.findLive(hashToken(cookie.value), now)).not.toBeNull();
    expect(await store.sessions.findLive(cookie.value, now)).toBeNull();

    const started = (await audit('session.start')).find((row) => row.resourceId === 'dev@example.com');
    expect(started).toMatchObject({
      resourceType: 'principal',
      details: { provider: 'oidc', subject: expect.any(String) },
    });
    expect(started!.actorId).toBe((await store.principals.findByEmail('dev@example.com'))!.id);
  });

  it('answers /me with the session (CSRF token and expiry), and null for a bearer token', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('dev@example.com');
    const before = Date.now();
    await browser.signIn();
    const me = await browser.json('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.principal).toMatchObject({ email: 'dev@example.com', name: 'Devon Dev' });
    expect(me.body.session).toEqual({
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
      expiresAt: expect.any(String),
    });
    const expires = Date.parse(me.body.session.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 12 * 3_600_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 12 * 3_600_000 + 1000);

    const byToken = await fetch(`${sso.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${DEV_TOKEN}` },
    });
    expect(((await byToken.json()) as { session: unknown }).session).toBeNull();
  });

  it('refuses cookie writes without or with a wrong X-CSRF-Token, and accepts the right one', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('dev@example.com');
    await browser.signIn();
    const { csrfToken } = (await browser.json('/api/v1/me')).body.session;

    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const missing = await browser.json(WRITE, { method });
      expect(missing.status, method).toBe(403);
      expect(missing.body.error.code).toBe('forbidden');
      expect(missing.body.error.message).toMatch(/missing X-CSRF-Token/);
    }
    const wrong = await browser.json(WRITE, { method: 'POST', headers: { 'x-csrf-token': `${csrfToken}x` } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/wrong X-CSRF-Token/),
    });

    const right = await browser.json(WRITE, { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
    expect(right.status).toBe(404);
    expect(right.body.error.code).toBe('not_found');
    // Reads need no token.
    expect((await browser.json('/api/v1/environments')).status).toBe(200);
  });

  it('refuses cookie writes from another Origin, even with the right token', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('dev@example.com');
    await browser.signIn();
    const { csrfToken } = (await browser.json('/api/v1/me')).body.session;
    const foreign = await browser.json(WRITE, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken, origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/^Origin http:\/\/evil\.example is not/),
    });
    const own = await browser.json(WRITE, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken, origin: new URL(sso.publicUrl).origin },
    });
    expect(own.status).toBe(404);
  });

  it('lets the Authorization header win over the cookie, and tokens need no CSRF token', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('dev@example.com');
    await browser.signIn();
    const asDba = await browser.json('/api/v1/me', { headers: { authorization: `Bearer ${DBA_TOKEN}` } });
    expect(asDba.body.principal.email).toBe('dba@example.com');
    expect(asDba.body.session).toBeNull();
    const bad = await browser.json('/api/v1/me', {
      headers: { authorization: 'Bearer bbt_not_a_real_token' },
    });
    expect(bad.status).toBe(401);
    const write = await browser.json(WRITE, {
      method: 'POST',
      headers: { authorization: `Bearer ${DBA_TOKEN}` },
    });
    expect(write.status).toBe(404);
  });

  it('refuses a replayed or foreign callback, and one that another browser started', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('dev@example.com');
    const login = await browser.request('/auth/oidc/login');
    const toGitLab = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const callback = toGitLab.headers.get('location')!;
    const stateCookie = browser.cookies.get('bb_oidc_state')!;

    // Another browser (no state cookie) cannot complete this sign-in.
    const other = sso.browser();
    const elsewhere = await other.follow(callback);
    expect(signInFailure(elsewhere.location).error).toBe('invalid_state');
    expect(other.session).toBeUndefined();

    const first = await browser.follow(callback);
    expect(first.location).toBe('/#/');
    expect(browser.session).toBeDefined();

    // The same callback again, with the state cookie put back: the stored sign-in was taken once.
    const replay = sso.browser();
    replay.cookies.set('bb_oidc_state', stateCookie);
    const again = await replay.follow(callback);
    const failure = signInFailure(again.location);
    expect(failure.error).toBe('invalid_state');
    expect(failure.message).toMatch(/sign in again/);
    expect(replay.session).toBeUndefined();

    const unknown = await sso.browser().follow('/auth/oidc/callback?code=x&state=nope');
    expect(signInFailure(unknown.location).error).toBe('invalid_state');
  });

  it('refuses an unverified email and audits the refusal', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('unverified@example.com', { verified: false });
    const { location } = await browser.signIn();
    const failure = signInFailure(location);
    expect(failure.error).toBe('email_unverified');
    expect(failure.message).toBe(
      'The email unverified@example.com is not verified at GitLab; verify it there and sign in again.',
    );
    expect(browser.session).toBeUndefined();
    const refused = (await audit('session.refused')).find((r) => r.resourceId === 'unverified@example.com');
    expect(refused).toMatchObject({
      actorId: null,
      resourceType: 'principal',
      details: { reason: 'email_unverified', email: 'unverified@example.com', provider: 'oidc' },
    });
  });

  it('refuses an email the workspace does not know, and creates nobody', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('stranger@example.com');
    const failure = signInFailure((await browser.signIn()).location);
    expect(failure).toEqual({
      error: 'unknown_user',
      message: 'No user with email stranger@example.com in this workspace; ask a workspace owner to add you.',
    });
    expect(await sso.running.service.store.principals.findByEmail('stranger@example.com')).toBeNull();
    const refused = (await audit('session.refused')).find((r) => r.resourceId === 'stranger@example.com');
    expect(refused?.details).toMatchObject({ reason: 'unknown_user', email: 'stranger@example.com' });
  });

  it('refuses a deactivated user', async () => {
    const store = sso.running.service.store;
    const gone = (await store.principals.findByEmail('gone@example.com'))!;
    await store.principals.update(gone.id, { active: false });
    sso.fake.oidc.signInAs('gone@example.com');
    const browser = sso.browser();
    const failure = signInFailure((await browser.signIn()).location);
    expect(failure.error).toBe('deactivated');
    expect(failure.message).toMatch(/gone@example\.com is deactivated/);
    expect(browser.session).toBeUndefined();
  });

  it('sends a denied authorization back to the sign-in page with the provider message', async () => {
    sso.fake.oidc.signInAs('dev@example.com', { deny: true });
    const failure = signInFailure((await sso.browser().signIn()).location);
    expect(failure.error).toBe('provider_denied');
    expect(failure.message).toMatch(/^GitLab sign-in failed: access_denied/);
  });

  it('refuses an ID token whose signature does not verify against GitLab’s keys', async () => {
    sso.fake.oidc.signInAs('dev@example.com', { forgeSignature: true });
    const browser = sso.browser();
    const failure = signInFailure((await browser.signIn()).location);
    expect(failure.error).toBe('provider_error');
    expect(browser.session).toBeUndefined();
  });

  it('reads the email from userinfo when the ID token lacks it', async () => {
    sso.fake.oidc.signInAs('dev@example.com', { omitEmailFromIdToken: true });
    const browser = sso.browser();
    expect((await browser.signIn()).location).toBe('/#/');
    expect((await browser.json('/api/v1/me')).body.principal.email).toBe('dev@example.com');
  });

  it('keeps returnTo to the web view’s own routes', async () => {
    sso.fake.oidc.signInAs('dev@example.com');
    for (const [returnTo, landed] of [
      ['#/projects/demo', '/#/projects/demo'],
      ['https://evil.example/', '/#/'],
      ['//evil.example', '/#/'],
      ['#/ x', '/#/'],
    ]) {
      expect((await sso.browser().signIn(returnTo)).location, returnTo).toBe(landed);
    }
  });

  it('ends an expired session', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('dev@example.com');
    await browser.signIn();
    expect((await browser.json('/api/v1/me')).status).toBe(200);
    sso.advance(12 * 3_600_000 + 1000);
    try {
      const expired = await browser.json('/api/v1/me');
      expect(expired.status).toBe(401);
      expect(expired.body.error).toMatchObject({
        code: 'unauthenticated',
        message: expect.stringMatching(/session expired/),
      });
    } finally {
      sso.advance(-(12 * 3_600_000 + 1000));
    }
  });

  it('signs out at once: POST /auth/logout needs the CSRF token, revokes the session and clears the cookie', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('dev@example.com');
    await browser.signIn();
    const secret = browser.session!;
    const { csrfToken } = (await browser.json('/api/v1/me')).body.session;

    const refused = await browser.json('/auth/logout', { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/missing X-CSRF-Token/);
    expect((await browser.json('/api/v1/me')).status).toBe(200);

    const out = await browser.request('/auth/logout', {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join('\n')).toMatch(/^bb_session=; Max-Age=0; Path=\//m);
    expect(browser.session).toBeUndefined();

    // The old secret no longer authenticates, from any client.
    const replay = await fetch(`${sso.baseUrl}/api/v1/me`, { headers: { cookie: `bb_session=${secret}` } });
    expect(replay.status).toBe(401);
    const ended = (await audit('session.end')).find((r) => r.resourceId === 'dev@example.com');
    expect(ended).toMatchObject({ resourceType: 'principal', details: { reason: 'sign_out' } });
  });
});

describe('single sign-on with auto-create behind an https PUBLIC_URL', () => {
  let sso: OidcService;

  beforeAll(async () => {
    sso = await startOidcService({
      workspaceLines,
      env: { ...env, OIDC_AUTO_CREATE: '1', OIDC_NAME: 'Company GitLab', SESSION_TTL: '30m' },
      publicUrl: 'https://bytebase.example.test',
    });
  });
  afterAll(async () => sso?.close());

  it('tries discovery again after GitLab was unreachable', async () => {
    // The first sign-in of this service: its discovery has not run yet.
    sso.fake.oidc.signInAs('dev@example.com');
    await sso.fake.outage.down();
    try {
      const down = signInFailure((await sso.browser().signIn()).location);
      expect(down.error).toBe('provider_unavailable');
      expect(down.message).toMatch(/^Company GitLab sign-in failed: discovery failed/);
    } finally {
      await sso.fake.outage.up();
    }
    expect((await sso.browser().signIn()).location).toBe('/#/');
  });

  it('creates an unknown verified email as a developer and signs it in with a Secure cookie', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('newcomer@example.com', { name: 'Nia Newcomer' });
    expect((await browser.signIn('#/users')).location).toBe('/#/users');
    const flags = browser.cookies
      .get('bb_session')!
      .raw.split(';')
      .map((p) => p.trim());
    expect(flags).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Lax', 'Max-Age=1800']));

    const created = await sso.running.service.store.principals.findByEmail('newcomer@example.com');
    expect(created).toMatchObject({ workspaceRole: 'developer', source: 'api', active: true, kind: 'user' });
    const me = await browser.json('/api/v1/me');
    expect(me.body.principal).toMatchObject({ email: 'newcomer@example.com', workspaceRole: 'developer' });
    const rows = await sso.running.service.store.audit.list({ resourceId: 'newcomer@example.com' });
    expect(rows.map((r) => r.action).sort()).toEqual(['session.start', 'user.create']);
  });

  it('still refuses an unverified email', async () => {
    sso.fake.oidc.signInAs('unsure@example.com', { verified: false });
    const failure = signInFailure((await sso.browser().signIn()).location);
    expect(failure.error).toBe('email_unverified');
    expect(await sso.running.service.store.principals.findByEmail('unsure@example.com')).toBeNull();
  });

  it('checks Origin against the https PUBLIC_URL and names the provider', async () => {
    const browser = sso.browser();
    sso.fake.oidc.signInAs('newcomer@example.com');
    await browser.signIn();
    const { csrfToken } = (await browser.json('/api/v1/me')).body.session;
    const local = await browser.json(WRITE, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken, origin: sso.baseUrl },
    });
    expect(local.status).toBe(403);
    const own = await browser.json(WRITE, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken, origin: 'https://bytebase.example.test' },
    });
    expect(own.status).toBe(404);
    const config = await fetch(`${sso.baseUrl}/auth/config`);
    expect(await config.json()).toEqual({ oidc: { enabled: true, name: 'Company GitLab' } });
  });
});

describe('without single sign-on', () => {
  it('answers 404 for the OIDC routes and says so on /auth/config', async () => {
    const running = await startService({ workspaceLines, env });
    try {
      const app = running.service.app;
      expect(await (await app.request('/auth/config')).json()).toEqual({
        oidc: { enabled: false, name: null },
      });
      for (const path of ['/auth/oidc/login', '/auth/oidc/callback?code=a&state=b']) {
        const res = await app.request(path);
        expect(res.status, path).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
      }
      // Signing out without a session is harmless.
      expect((await app.request('/auth/logout', { method: 'POST' })).status).toBe(204);
    } finally {
      await running.close();
    }
  });

  it('refuses a partial OIDC configuration and a bad SESSION_TTL', () => {
    const fail = (vars: Record<string, string>) => {
      try {
        loadConfig(vars);
      } catch (err) {
        return (err as ConfigError).problems;
      }
      throw new Error('expected a configuration error');
    };
    expect(fail({ OIDC_ISSUER: 'https://gitlab.com', OIDC_CLIENT_ID: 'id' })).toEqual([
      expect.stringMatching(
        /^OIDC_CLIENT_SECRET: single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/,
      ),
    ]);
    expect(fail({ SESSION_TTL: '12 hours' })).toEqual([
      expect.stringMatching(/^SESSION_TTL: must be a duration/),
    ]);
    expect(loadConfig({ SESSION_TTL: '1h30m' }).sessionTtlMs).toBe(90 * 60_000);
    expect(loadConfig({}).oidc).toBeNull();
  });
});

describe('the GitLab fake as an OpenID Connect provider', () => {
  let fake: GitLabFake;
  const redirectUri = 'http://app.test/auth/oidc/callback';
  const verifier = 'a-code-verifier-of-at-least-forty-three-characters-0123';
  const challenge = createHash('sha256').update(verifier).digest('base64url');

  beforeAll(async () => {
    fake = await startGitLabFake();
    fake.oidc.addApplication({ clientId: 'app', clientSecret: 'app-secret', redirectUris: [redirectUri] });
  });
  afterAll(async () => fake?.close());

  const authorize = async (extra: Record<string, string> = {}) => {
    const query = new URLSearchParams({
      client_id: 'app',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile email',
      state: 'st',
      nonce: 'no',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    });
    const res = await fetch(`${fake.url}/oauth/authorize?${query}`, { redirect: 'manual' });
    return { res, location: res.headers.get('location') ? new URL(res.headers.get('location')!) : null };
  };
  const token = (body: Record<string, string>, basic?: string) =>
    fetch(`${fake.url}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(basic ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {}),
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', redirect_uri: redirectUri, ...body }),
    });

  it('offers a sign-in button per user when nobody is signed in, and the button signs in', async () => {
    fake.oidc.signOut();
    fake.state.addUser({ name: 'Dana', email: 'dana@example.com', username: 'dana' });
    const { res } = await authorize();
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<button type="submit" name="login" value="dana@example.com">Sign in as Dana');
    const pressed = await fetch(`${fake.url}/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: 'app',
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid',
        state: 'st',
        login: 'dana@example.com',
      }),
      redirect: 'manual',
    });
    const back = new URL(pressed.headers.get('location')!);
    expect(back.searchParams.get('code')).toMatch(/^[0-9a-f]{64}$/);
    expect(back.searchParams.get('state')).toBe('st');
  });

  it('checks PKCE, takes a code once, and signs ID tokens with the key of its JWKS', async () => {
    fake.oidc.signInAs('dana@example.com');
    const code = (await authorize()).location!.searchParams.get('code')!;
    const wrongVerifier = await token({
      code,
      code_verifier: `${verifier}x`,
      client_id: 'app',
      client_secret: 'app-secret',
    });
    expect(wrongVerifier.status).toBe(400);
    expect(((await wrongVerifier.json()) as { error: string }).error).toBe('invalid_grant');

    const code2 = (await authorize()).location!.searchParams.get('code')!;
    const ok = await token({ code: code2, code_verifier: verifier }, 'app:app-secret');
    expect(ok.status).toBe(200);
    const tokens = (await ok.json()) as { id_token: string; access_token: string; token_type: string };
    expect(tokens.token_type).toBe('Bearer');
    const { payload, protectedHeader } = await jwtVerify(
      tokens.id_token,
      createRemoteJWKSet(new URL(`${fake.url}/oauth/discovery/keys`)),
      { issuer: fake.url, audience: 'app' },
    );
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      nonce: 'no',
      email: 'dana@example.com',
      email_verified: true,
      name: 'Dana',
    });
    const info = await fetch(`${fake.url}/oauth/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await info.json()).toMatchObject({
      sub: payload.sub,
      email: 'dana@example.com',
      nickname: 'dana',
    });

    // The code again: refused, and the access token it gave is revoked.
    const replay = await token({ code: code2, code_verifier: verifier }, 'app:app-secret');
    expect(replay.status).toBe(400);
    const revoked = await fetch(`${fake.url}/oauth/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('refuses a wrong client secret, an expired code and an unregistered redirect URI', async () => {
    fake.oidc.signInAs('dana@example.com');
    const code = (await authorize()).location!.searchParams.get('code')!;
    const wrongSecret = await token({ code, code_verifier: verifier }, 'app:nope');
    expect(wrongSecret.status).toBe(401);
    expect(((await wrongSecret.json()) as { error: string }).error).toBe('invalid_client');

    fake.oidc.codeLifetimeMs = 0;
    try {
      const stale = (await authorize()).location!.searchParams.get('code')!;
      expect((await token({ code: stale, code_verifier: verifier }, 'app:app-secret')).status).toBe(400);
    } finally {
      fake.oidc.codeLifetimeMs = 10 * 60_000;
    }
    const elsewhere = await authorize({ redirect_uri: 'http://evil.example/cb' });
    expect(elsewhere.res.status).toBe(400);
    expect(elsewhere.location).toBeNull();
  });
});
