// The Teams fake's connector through botbuilder's ConnectorClient: posts, threads, edits, deletes, members, limits.
import type { ConnectorClient } from 'botframework-connector';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamsFake, TeamsState } from './index.ts';
import { threadConversationId } from './index.ts';
import {
  APPROVALS,
  accessToken,
  approvalCard,
  connectorFor,
  DANA,
  NEMO,
  seed,
  startSeededFake,
  TEAM,
  TENANT_ID,
} from './teams-test-support.ts';

let fake: TeamsFake;
let connector: ConnectorClient;

beforeEach(async () => {
  fake = await startSeededFake();
  connector = await connectorFor(fake);
});

afterEach(async () => {
  await fake.close();
});

const message = (text: string, extra: Record<string, unknown> = {}) =>
  ({ type: 'message', text, ...extra }) as Parameters<
    ConnectorClient['conversations']['sendToConversation']
  >[1];
const status = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: { statusCode?: number }) => error.statusCode,
  );

describe('messages and threads', () => {
  it('posts a card, threads replies under it by ;messageid= and by reply-to, and keeps them out of history', async () => {
    const card = await connector.conversations.sendToConversation(
      APPROVALS,
      message('', { attachments: [approvalCard('Issue #42')] }),
    );
    const thread = threadConversationId(APPROVALS, card.id);
    const first = await connector.conversations.sendToConversation(thread, message('Task 1 started'));
    const second = await connector.conversations.replyToActivity(thread, first.id, message('Task 1 done'));
    expect(fake.state.history(APPROVALS).map((m) => m.id)).toEqual([card.id]);
    expect(fake.state.thread(APPROVALS, card.id).map((m) => [m.id, fake.state.textOf(m)])).toEqual([
      [first.id, 'Task 1 started'],
      [second.id, 'Task 1 done'],
    ]);
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
    const stored = fake.state.message(APPROVALS, card.id);
    expect(stored).toMatchObject({ from: fake.botId, replyToId: null, edits: 0 });
    expect(fake.state.textOf(stored!)).toBe('Issue #42\nDatabase shop (prod)\nApprove\nReject');
  });

  it('starts a channel thread with createConversation, as TeamsInfo.sendMessageToTeamsChannel does', async () => {
    const created = await connector.conversations.createConversation({
      isGroup: true,
      channelData: { channel: { id: APPROVALS } },
      activity: message('New issue'),
    } as Parameters<ConnectorClient['conversations']['createConversation']>[0]);
    expect(created).toMatchObject({
      id: threadConversationId(APPROVALS, created.activityId),
      activityId: expect.any(String),
    });
    expect(fake.state.history(APPROVALS).map((m) => fake.state.textOf(m))).toEqual(['New issue']);
  });

  it('counts updates as edits, keeps earlier versions, and lets only the bot change its own messages', async () => {
    const card = await connector.conversations.sendToConversation(APPROVALS, message('Pending'));
    await connector.conversations.updateActivity(APPROVALS, card.id, message('Approved by Dana'));
    await connector.conversations.updateActivity(
      threadConversationId(APPROVALS, card.id),
      card.id,
      message('Done'),
    );
    const stored = fake.state.message(APPROVALS, card.id);
    expect(stored?.edits).toBe(2);
    expect(stored?.versions.map((version) => version.text)).toEqual(['Pending', 'Approved by Dana']);
    expect(stored && fake.state.textOf(stored)).toBe('Done');

    const userPost = (fake.state as TeamsState).add(APPROVALS, null, { type: 'message', text: 'mine' }, DANA);
    expect(
      await status(connector.conversations.updateActivity(APPROVALS, userPost.id, message('hijacked'))),
    ).toBe(403);
    await connector.conversations.deleteActivity(APPROVALS, card.id);
    expect(fake.state.message(APPROVALS, card.id)?.deleted).toBe(true);
    expect(await status(connector.conversations.updateActivity(APPROVALS, card.id, message('again')))).toBe(
      404,
    );
  });

  it('answers 404 for unknown conversations and activities and 403 where the bot is not installed', async () => {
    expect(
      await status(connector.conversations.sendToConversation('19:nowhere@thread.tacv2', message('x'))),
    ).toBe(404);
    const unknownThread = threadConversationId(APPROVALS, '999');
    expect(await status(connector.conversations.sendToConversation(unknownThread, message('x')))).toBe(404);
    expect(await status(connector.conversations.replyToActivity(unknownThread, '999', message('x')))).toBe(
      404,
    );
    // botbuilder's proactive turns reply to an id Teams never saw; that starts a new post.
    const proactive = await connector.conversations.replyToActivity(
      APPROVALS,
      'b1e3-guid',
      message('proactive'),
    );
    expect(fake.state.message(APPROVALS, proactive.id)?.replyToId).toBeNull();
    expect(await status(connector.conversations.updateActivity(APPROVALS, '999', message('x')))).toBe(404);
    await fake.close();
    fake = await startSeededFake({
      channels: [{ id: APPROVALS, name: 'db-approvals', teamId: TEAM, botInstalled: false }],
    });
    connector = await connectorFor(fake);
    expect(await status(connector.conversations.sendToConversation(APPROVALS, message('x')))).toBe(403);
  });

  it('refuses bodies over the Teams message size with 413 and takes one just under it', async () => {
    const under = await connector.conversations.sendToConversation(APPROVALS, message('x'.repeat(99 * 1024)));
    expect(fake.state.history(APPROVALS).map((m) => m.id)).toEqual([under.id]);
    const big = message('x'.repeat(101 * 1024));
    expect(await status(connector.conversations.sendToConversation(APPROVALS, big))).toBe(413);
    expect(fake.state.history(APPROVALS).map((m) => m.id)).toEqual([under.id]);
  });
});

describe('1:1 chats and members', () => {
  it('creates one 1:1 chat per user, needs a tenant, and refuses users the bot cannot reach', async () => {
    type Params = Parameters<ConnectorClient['conversations']['createConversation']>[0];
    const params = (id: string, tenantId?: string) =>
      ({
        isGroup: false,
        bot: { id: fake.botId },
        members: [{ id }],
        ...(tenantId ? { tenantId } : {}),
      }) as Params;
    const first = await connector.conversations.createConversation(params(DANA, TENANT_ID));
    const again = await connector.conversations.createConversation(params('0b6e2c61-dana', TENANT_ID));
    expect(again.id).toBe(first.id);
    expect(first.id).toMatch(/^a:1/);
    expect(await status(connector.conversations.createConversation(params(DANA)))).toBe(400);
    expect(await status(connector.conversations.createConversation(params('29:stranger', TENANT_ID)))).toBe(
      403,
    );
    expect(fake.state.directConversations()).toEqual([{ id: first.id, userId: DANA }]);
  });

  it('lists members and answers 404 for a member outside the conversation', async () => {
    const members = await connector.conversations.getConversationMembers(TEAM);
    expect(members.map((member) => member.id)).toEqual([DANA, NEMO]);
    const byAad = await connector.conversations.getConversationMember(TEAM, '0b6e2c61-nemo');
    expect(byAad.id).toBe(NEMO);
    expect(await status(connector.conversations.getConversationMember(TEAM, '29:stranger'))).toBe(404);
  });

  it('pages members at no fewer than 50 a page, with a continuation token until the last page', async () => {
    const users = Array.from({ length: 120 }, (_, index) => ({
      id: `29:u${index}`,
      aadObjectId: `aad-${index}`,
      name: `User ${index}`,
    }));
    await fake.close();
    fake = await startSeededFake({ users: [...seed.users, ...users] });
    connector = await connectorFor(fake);
    type Options = Parameters<ConnectorClient['conversations']['getConversationPagedMembers']>[1];
    const sizes: number[] = [];
    const ids: string[] = [];
    let continuationToken: string | undefined;
    do {
      const options = { pageSize: 10, ...(continuationToken ? { continuationToken } : {}) } as Options;
      const page = await connector.conversations.getConversationPagedMembers(APPROVALS, options);
      sizes.push(page.members?.length ?? 0);
      ids.push(...(page.members ?? []).map((member) => member.id));
      continuationToken = page.continuationToken;
    } while (continuationToken);
    expect(sizes).toEqual([50, 50, 22]);
    expect(new Set(ids).size).toBe(122);
  });
});

describe('rate limits', () => {
  it('answers injected 429s with Retry-After, which botbuilder waits out and retries', async () => {
    const card = await connector.conversations.sendToConversation(APPROVALS, message('Pending'));
    fake.state.injectRateLimit(
      { method: 'PUT', path: /\/activities\/\d+$/ },
      { count: 1, retryAfterSeconds: 1 },
    );
    await connector.conversations.updateActivity(APPROVALS, card.id, message('Approved'));
    const puts = fake.state.calls.filter((call) => call.method === 'PUT');
    expect(puts.map((call) => call.status)).toEqual([429, 200]);
    expect(fake.state.rateLimited()).toBe(1);
    expect(fake.state.message(APPROVALS, card.id)?.edits).toBe(1);
  });

  it('sends the Retry-After header and leaves other methods alone', async () => {
    fake.state.injectRateLimit({ method: 'POST', path: /\/activities$/ }, { count: 2, retryAfterSeconds: 7 });
    const { access_token: token } = (await (await accessToken(fake)).json()) as { access_token: string };
    const url = `${fake.url}/v3/conversations/${encodeURIComponent(APPROVALS)}/activities`;
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'hi' }),
      });
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(
      (
        await fetch(`${fake.url}/v3/teams/${encodeURIComponent(TEAM)}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status,
    ).toBe(200);
    expect((await post()).status).toBe(429);
    expect((await post()).status).toBe(201);
  });
});
