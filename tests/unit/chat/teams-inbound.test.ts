// Teams parse/verify/credentials units, and the boundary that keeps parse and verify free of core imports.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createCredentialsFactory } from '../../../adapters/chat/teams/credentials.ts';
import { TeamsApiError } from '../../../adapters/chat/teams/errors.ts';
import { isChannelConversation, parseTeamsActivity, stepKeyOf } from '../../../adapters/chat/teams/parse.ts';
import {
  authenticateActivity,
  createTeamsAuthentication,
  peekClaims,
  tenantOf,
} from '../../../adapters/chat/teams/verify.ts';

const bot = { id: '28:app', name: 'Bytebase' };
const base = {
  id: 'm1',
  channelId: 'msteams',
  serviceUrl: 'https://smba.example/teams/',
  from: { id: '29:u', name: 'Dana', aadObjectId: 'aad-u' },
  recipient: bot,
  conversation: { id: '19:c@thread.tacv2;messageid=100', conversationType: 'channel', tenantId: 't1' },
  channelData: { tenant: { id: 't1' } },
};
const mention = { type: 'mention', text: '<at>Bytebase</at>', mentioned: bot };

describe('parseTeamsActivity', () => {
  it('reads an Action.Execute invoke with its verb, data and the card it came from', () => {
    const p = parseTeamsActivity({
      ...base,
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: '100',
      value: { action: { type: 'Action.Execute', verb: 'approve', data: { issueId: 3, round: 0, step: 1 } } },
    });
    expect(p).toMatchObject({
      kind: 'execute',
      id: 'm1',
      verb: 'approve',
      data: { issueId: 3, round: 0, step: 1 },
      messageId: '100',
      actor: { userId: '29:u', aadObjectId: 'aad-u' },
      conversation: '19:c@thread.tacv2;messageid=100',
      ref: {
        conversationId: '19:c@thread.tacv2',
        tenantId: 't1',
        botId: '28:app',
        serviceUrl: base.serviceUrl,
      },
    });
    expect(parseTeamsActivity({ ...base, type: 'invoke', name: 'composeExtension/query' }).kind).toBe(
      'ignored',
    );
  });

  it('reads an Action.Submit message by the verb in its value', () => {
    const p = parseTeamsActivity({
      ...base,
      type: 'message',
      replyToId: '100',
      value: { verb: 'reject', issueId: 3 },
    });
    expect(p).toMatchObject({
      kind: 'submit',
      verb: 'reject',
      data: { verb: 'reject', issueId: 3 },
      messageId: '100',
    });
  });

  it('takes channel messages that mention the bot as commands, without the mention and markup', () => {
    const p = parseTeamsActivity({
      ...base,
      type: 'message',
      text: '<at>Bytebase</at>&nbsp;<b>history</b> shop&nbsp;prod &lt;x&gt;',
      entities: [mention],
    });
    expect(p).toMatchObject({ kind: 'command', text: 'history shop prod <x>', personal: false });
    expect(parseTeamsActivity({ ...base, type: 'message', text: 'history shop', entities: [] }).kind).toBe(
      'ignored',
    );
    const other = { ...mention, mentioned: { id: '29:someone' }, text: '<at>Sam</at>' };
    expect(
      parseTeamsActivity({ ...base, type: 'message', text: '<at>Sam</at> hi', entities: [other] }).kind,
    ).toBe('ignored');
  });

  it('takes every personal message as a command and drops a leading /bytebase', () => {
    const p = parseTeamsActivity({
      ...base,
      type: 'message',
      text: '/bytebase issues pending',
      conversation: { id: 'a:1x', conversationType: 'personal', tenantId: 't1' },
    });
    expect(p).toMatchObject({ kind: 'command', text: 'issues pending', personal: true });
  });

  it('recognises installs and refuses activities that cannot be answered', () => {
    expect(
      parseTeamsActivity({ ...base, type: 'conversationUpdate', membersAdded: [{ id: '28:app' }] }).kind,
    ).toBe('install');
    expect(parseTeamsActivity({ ...base, type: 'installationUpdate', action: 'add' }).kind).toBe('install');
    expect(
      parseTeamsActivity({ ...base, type: 'conversationUpdate', membersAdded: [{ id: '29:x' }] }).kind,
    ).toBe('ignored');
    expect(parseTeamsActivity({ ...base, type: 'message', serviceUrl: undefined })).toEqual({
      kind: 'ignored',
      reason: 'no conversation, recipient or serviceUrl',
      ref: null,
    });
  });

  it('reads step keys and tells channels from chats', () => {
    expect(stepKeyOf({ issueId: 3, round: '0', step: 2 })).toEqual({ issueId: 3, round: 0, step: 2 });
    expect(stepKeyOf({ issueId: 3, round: -1, step: 2 })).toBeNull();
    expect(stepKeyOf({ issueId: 'x', round: 0, step: 0 })).toBeNull();
    expect(isChannelConversation('19:c@thread.tacv2;messageid=1')).toBe(true);
    expect(isChannelConversation('19:g@thread.v2')).toBe(false);
    expect(isChannelConversation('a:1abc')).toBe(false);
  });
});

describe('authenticateActivity', () => {
  const settings = {
    appId: 'app',
    tenantId: undefined,
    openIdMetadataUrl: undefined,
    tokenIssuer: undefined,
    loginUrl: undefined,
  };
  const factory = (appId: string) => createCredentialsFactory({ appId, appPassword: 'pw', now: () => 0 });
  const jwt = (claims: object) =>
    `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  const check = (authorization: string | null, activity: Record<string, unknown> = base) =>
    authenticateActivity({
      auth: createTeamsAuthentication(settings, factory('app')),
      authenticationEnabled: true,
      tokenIssuer: 'https://api.botframework.com',
      activity,
      authorization,
    });

  it('refuses missing, non-bearer and foreign-issuer tokens before any key is fetched', async () => {
    await expect(check(null)).rejects.toMatchObject({ status: 401, reason: 'no bearer token' });
    await expect(check('Basic YTpi')).rejects.toMatchObject({ status: 401 });
    await expect(check(`Bearer ${jwt({ iss: 'https://sts.windows.net/x/' })}`)).rejects.toMatchObject({
      status: 401,
      reason: 'token not issued by the channel',
    });
    const { serviceUrl: _, ...noServiceUrl } = base;
    await expect(
      check(`Bearer ${jwt({ iss: 'https://api.botframework.com' })}`, noServiceUrl),
    ).rejects.toMatchObject({
      status: 401,
    });
  });

  it('lets anonymous requests through only when there is no app id', async () => {
    await expect(
      authenticateActivity({
        auth: createTeamsAuthentication({ ...settings, appId: '' }, factory('')),
        authenticationEnabled: false,
        tokenIssuer: 'https://api.botframework.com',
        activity: base,
        authorization: null,
      }),
    ).resolves.toBeUndefined();
  });

  it('peeks claims and tenants without trusting them', () => {
    expect(peekClaims(jwt({ iss: 'i' }))).toEqual({ iss: 'i' });
    expect(peekClaims('not-a-token')).toBeNull();
    expect(tenantOf(base)).toBe('t1');
    expect(tenantOf({ channelData: { tenant: { id: 't2' } } })).toBe('t2');
    expect(tenantOf({})).toBeNull();
  });
});

describe('client credentials', () => {
  it('asks the login URL for a /.default token once, signs with it, and renews it when it expires', async () => {
    const forms: URLSearchParams[] = [];
    let fail = false;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        forms.push(new URLSearchParams(body));
        res.setHeader('content-type', 'application/json');
        if (fail) {
          res.statusCode = 401;
          res.end(JSON.stringify({ error: 'invalid_client' }));
        } else res.end(JSON.stringify({ access_token: `tok${forms.length}`, expires_in: 3600 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const login = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tenant-1`;
    let now = 0;
    const f = createCredentialsFactory({ appId: 'app', appPassword: 'pw', now: () => now });
    const creds = await f.createCredentials('app', 'https://api.botframework.com', login, true);
    const sign = async () => {
      const headers = new Map<string, string>();
      await creds.signRequest({ headers: { set: (k: string, v: string) => headers.set(k, v) } } as never);
      return headers.get('authorization');
    };
    try {
      expect(await sign()).toBe('Bearer tok1');
      expect(await sign()).toBe('Bearer tok1');
      expect(forms).toHaveLength(1);
      expect(Object.fromEntries(forms[0]!)).toEqual({
        grant_type: 'client_credentials',
        client_id: 'app',
        client_secret: 'pw',
        scope: 'https://api.botframework.com/.default',
      });
      now = 3600_000;
      expect(await sign()).toBe('Bearer tok2');
      now = 2 * 3600_000;
      fail = true;
      const err = await sign().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TeamsApiError);
      expect(err).toMatchObject({ status: 401, code: 'invalid_client' });
      await expect(f.createCredentials('other', '', login, true)).rejects.toThrow('Invalid appId');
    } finally {
      server.close();
    }
  });
});

describe('inbound boundary', () => {
  it('keeps verify.ts and parse.ts free of core and store imports', () => {
    for (const file of ['verify.ts', 'parse.ts']) {
      const source = readFileSync(new URL(`../../../adapters/chat/teams/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]!);
      expect(imports.filter((i) => /(^|\/)(src|db)\/|\/core\//.test(i))).toEqual([]);
      expect(imports.every((i) => i.startsWith('./') || i === 'botbuilder' || i.startsWith('node:'))).toBe(
        true,
      );
    }
  });
});
