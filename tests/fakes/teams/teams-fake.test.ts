// The Teams fake's identity side, checked by botbuilder itself: inbound JWT validation, the token endpoint, connector auth.
import type { Activity } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TeamsFake } from './index.ts';
import {
  APP_ID,
  accessToken,
  botAuthentication,
  DANA,
  NEMO,
  startSeededFake,
  TEAM,
  TENANT_ID,
} from './teams-test-support.ts';

let fake: TeamsFake;
let auth: Awaited<ReturnType<typeof botAuthentication>>;

beforeAll(async () => {
  fake = await startSeededFake();
  auth = await botAuthentication(fake);
});

afterAll(async () => {
  await fake.close();
});

const activity = () => ({ type: 'message', channelId: 'msteams', serviceUrl: fake.serviceUrl }) as Activity;

describe('channel → bot tokens', () => {
  it('mints tokens that botbuilder accepts through the served OpenID metadata and JWKS', async () => {
    const result = await auth.authenticateRequest(activity(), `Bearer ${fake.mintChannelToken()}`);
    const claims = Object.fromEntries(result.claimsIdentity.claims.map((claim) => [claim.type, claim.value]));
    expect(claims).toMatchObject({
      aud: APP_ID,
      iss: 'https://api.botframework.com',
      serviceurl: fake.serviceUrl,
    });
    expect(result.claimsIdentity.isAuthenticated).toBe(true);
    const paths = fake.state.calls.map((call) => call.path);
    expect(paths).toContain('/v1/.well-known/openidconfiguration');
    expect(paths).toContain('/v1/.well-known/keys');
  });

  it('serves metadata and keys in the Bot Framework shape, with endorsements', async () => {
    const metadata = (await (await fetch(fake.env.TEAMS_OPENID_METADATA_URL ?? '')).json()) as Record<
      string,
      unknown
    >;
    expect(metadata).toMatchObject({
      issuer: 'https://api.botframework.com',
      jwks_uri: `${fake.url}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const { keys } = (await (await fetch(String(metadata.jwks_uri))).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(keys[0]).toMatchObject({
      kty: 'RSA',
      use: 'sig',
      e: 'AQAB',
      endorsements: expect.arrayContaining(['msteams']),
    });
    expect(keys.every((key) => typeof key.kid === 'string' && typeof key.n === 'string')).toBe(true);
  });

  // botbuilder allows 5 minutes of clock skew, so the time forgeries go well past it.
  const forgeries = [
    ['another audience', { aud: 'someone-else' }],
    ['another issuer', { iss: 'https://evil.example' }],
    ['a serviceurl claim for another host', { serviceUrl: 'https://smba.trafficmanager.net/amer/' }],
    ['no serviceurl claim', { serviceUrl: '' }],
    ['an expired token', { expiresInSeconds: -600 }],
    ['a token not valid yet', { notBeforeOffsetSeconds: 900 }],
    ['a key the JWKS does not publish', { signWithUnknownKey: true }],
    ['an unknown key id', { kid: 'no-such-key' }],
    ['a key not endorsed for msteams', { signWithUnendorsedKey: true }],
  ] as const;

  it.each(forgeries)('refuses %s', async (_name, overrides) => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(
        auth.authenticateRequest(activity(), `Bearer ${fake.mintChannelToken(overrides)}`),
      ).rejects.toThrow();
    } finally {
      quiet.mockRestore();
    }
  });

  it('refuses a request without Authorization as an AuthenticationError (401)', async () => {
    const error = await auth.authenticateRequest(activity(), '').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).statusCode).toBe(401);
  });
});

describe('bot → channel tokens', () => {
  it('issues a bearer token for the app id, secret and Bot Framework scope', async () => {
    const response = await accessToken(fake);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const payload = JSON.parse(
      Buffer.from(String(body.access_token).split('.')[1] ?? '', 'base64url').toString(),
    );
    expect(payload).toMatchObject({ aud: 'https://api.botframework.com', appid: APP_ID, tid: TENANT_ID });
  });

  it('answers a wrong secret with 401 invalid_client like Microsoft Entra', async () => {
    const response = await accessToken(fake, 'not-the-secret');
    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([7000215]);
    expect(String(body.error_description)).toMatch(/^AADSTS7000215: Invalid client secret/);
  });

  it('answers an unknown app, another scope and another tenant like Entra, with 400s', async () => {
    const ask = (path: string, form: Record<string, string>) =>
      fetch(`${fake.url}/${path}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form) });
    const good = { grant_type: 'client_credentials', client_id: APP_ID, client_secret: 'fake-client-secret' };
    const scope = 'https://api.botframework.com/.default';
    const answers = await Promise.all([
      ask(TENANT_ID, { ...good, client_id: 'another-app', scope }),
      ask(TENANT_ID, { ...good, scope: 'https://graph.microsoft.com/.default' }),
      ask('another-tenant.example', { ...good, scope }),
      ask('botframework.com', { ...good, scope }),
    ]);
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as { error?: string }[];
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 200]);
    expect(bodies.map((body) => body.error)).toEqual([
      'unauthorized_client',
      'invalid_scope',
      'invalid_request',
      undefined,
    ]);
  });

  it('refuses an issued token once it has expired', async () => {
    const shortLived = await startSeededFake({ accessTokenLifetimeSeconds: 0 });
    try {
      const { access_token } = (await (await accessToken(shortLived)).json()) as { access_token: string };
      const members = `${shortLived.url}/v3/conversations/${encodeURIComponent(TEAM)}/members`;
      expect((await fetch(members, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(
        401,
      );
    } finally {
      await shortLived.close();
    }
  });

  it('accepts connector calls without Authorization only when anonymous calls are allowed', async () => {
    const members = (target: TeamsFake) =>
      `${target.url}/v3/conversations/${encodeURIComponent(TEAM)}/members`;
    const anonymous = await startSeededFake({ allowAnonymous: true });
    try {
      expect((await fetch(members(anonymous))).status).toBe(200);
      const forged = { authorization: `Bearer ${anonymous.mintChannelToken()}` };
      expect((await fetch(members(anonymous), { headers: forged })).status).toBe(401);
      expect((await fetch(members(fake))).status).toBe(401);
    } finally {
      await anonymous.close();
    }
  });

  it('refuses connector calls without a token, with a forged one, and accepts the issued one', async () => {
    const members = `${fake.url}/v3/conversations/${encodeURIComponent(fake.options.channels[0]?.id ?? '')}/members`;
    const anonymous = await fetch(members);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: 'Authorization has been denied for this request.' });
    // A channel token is signed by another key and meant for the bot, not for the connector.
    const forged = await fetch(members, { headers: { authorization: `Bearer ${fake.mintChannelToken()}` } });
    expect(forged.status).toBe(401);
    const { access_token } = (await (await accessToken(fake)).json()) as { access_token: string };
    const allowed = await fetch(members, { headers: { authorization: `Bearer ${access_token}` } });
    expect(allowed.status).toBe(200);
  });

  it('lets botbuilder call the connector with a token it got through MSAL, including getMember emails', async () => {
    const result = await auth.authenticateRequest(activity(), `Bearer ${fake.mintChannelToken()}`);
    if (!result.connectorFactory) throw new Error('botbuilder gave no connector factory');
    const connector = await result.connectorFactory.create(fake.serviceUrl, result.audience);
    const chat = await connector.conversations.createConversation({
      isGroup: false,
      bot: { id: fake.botId, name: fake.botName },
      members: [{ id: DANA, name: '' }],
      tenantId: TENANT_ID,
      activity: { type: 'message', text: 'Approval needed' },
    } as Parameters<typeof connector.conversations.createConversation>[0]);
    expect(fake.state.directConversations()).toEqual([{ id: chat.id, userId: DANA }]);
    expect(fake.state.history(chat.id).map((message) => fake.state.textOf(message))).toEqual([
      'Approval needed',
    ]);

    const dana = await connector.conversations.getConversationMember(chat.id, DANA);
    expect(dana).toMatchObject({
      id: DANA,
      name: 'Dana DBA',
      aadObjectId: '0b6e2c61-dana',
      email: 'dba@example.com',
    });
    const nemo = await connector.conversations.getConversationMember(
      fake.options.channels[0]?.id ?? '',
      NEMO,
    );
    expect(nemo).toMatchObject({ id: NEMO, userPrincipalName: 'nemo@contoso.example' });
    expect(nemo).not.toHaveProperty('email');
    const tokenCalls = fake.state.calls.filter((call) => call.path.endsWith('/oauth2/v2.0/token'));
    expect(tokenCalls.some((call) => call.status === 200)).toBe(true);
  });
});
