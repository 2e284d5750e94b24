// Self-tests of the Feishu fake's Open API, driven by the real @larksuiteoapi/node-sdk Client.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APP_ID,
  APPROVALS,
  approvalCard,
  DANA,
  failure,
  START,
  sdkClient,
  startTestFake,
} from './feishu-test-support.ts';
import type { FeishuFake } from './index.ts';

let now = START;
let fake: FeishuFake;

beforeEach(async () => {
  now = START;
  fake = await startTestFake(() => now);
});
afterEach(() => fake.close());

const cardMessage = (card: Record<string, unknown> = approvalCard()) => ({
  params: { receive_id_type: 'chat_id' as const },
  data: { receive_id: APPROVALS, msg_type: 'interactive', content: JSON.stringify(card) },
});

describe('tenant access token', () => {
  it('issues a token to the app and requires it as Bearer on every other call', async () => {
    const client = sdkClient(fake);
    await client.im.v1.message.create(cardMessage());
    const [tokenCall, createCall] = fake.state.calls;
    expect(tokenCall).toMatchObject({ path: '/open-apis/auth/v3/tenant_access_token/internal', status: 200 });
    expect(tokenCall?.response).toMatchObject({ code: 0, msg: 'ok', expire: 7200 });
    const token = (tokenCall!.response as { tenant_access_token: string }).tenant_access_token;
    expect(token).toMatch(/^t-/);
    expect(createCall).toMatchObject({
      method: 'POST',
      path: '/open-apis/im/v1/messages',
      status: 200,
      token,
    });
    expect(createCall?.query).toEqual({ receive_id_type: 'chat_id' });
  });

  it('answers the same token while 30 minutes or more are left, and a new one after', async () => {
    const ask = async () => {
      const response = await fetch(`${fake.url}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ app_id: APP_ID, app_secret: fake.env['FEISHU_APP_SECRET'] }),
      });
      return (await response.json()) as { tenant_access_token: string; expire: number };
    };
    const first = await ask();
    now += 60 * 60 * 1000;
    const again = await ask();
    expect(again.tenant_access_token).toBe(first.tenant_access_token);
    expect(again.expire).toBe(3600);
    now += 31 * 60 * 1000;
    const renewed = await ask();
    expect(renewed.tenant_access_token).not.toBe(first.tenant_access_token);
    expect(renewed.expire).toBe(7200);
  });

  it('refuses a wrong app secret with code 10014, so the SDK call fails before sending', async () => {
    const client = sdkClient(fake, 'wrong-secret');
    await expect(client.im.v1.message.create(cardMessage())).rejects.toThrow(
      'failed to get tenant_access_token, code: 10014, msg: app secret invalid',
    );
    expect(fake.state.calls).toHaveLength(1);
    expect(fake.state.calls[0]).toMatchObject({ status: 200, response: { code: 10014 } });
    expect(fake.state.history(APPROVALS)).toHaveLength(0);
  });

  it('answers 99991661 without a token and 99991663 for a token it never issued or revoked', async () => {
    const post = (authorization?: string) =>
      fetch(`${fake.url}/open-apis/im/v1/messages?receive_id_type=chat_id`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(authorization ? { Authorization: authorization } : {}),
        },
        body: JSON.stringify(cardMessage().data),
      });
    const missing = await post();
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 99991661 });
    const forged = await post('Bearer t-forged');
    expect(await forged.json()).toMatchObject({ code: 99991663 });

    const client = sdkClient(fake);
    await client.im.v1.message.create(cardMessage());
    fake.state.invalidateTokens();
    const revoked = await failure(client.im.v1.message.create(cardMessage()));
    expect(revoked.data.code).toBe(99991663);
    // A client without the cached token gets a fresh one that works.
    await sdkClient(fake).im.v1.message.create(cardMessage());
    expect(fake.state.history(APPROVALS)).toHaveLength(2);
  });
});

describe('messages', () => {
  it('sends a card into a chat and answers with the message object', async () => {
    const client = sdkClient(fake);
    const sent = await client.im.v1.message.create(cardMessage());
    expect(sent.code).toBe(0);
    expect(sent.data).toMatchObject({
      chat_id: APPROVALS,
      msg_type: 'interactive',
      sender: { sender_type: 'app' },
    });
    expect(sent.data?.message_id).toMatch(/^om_/);
    expect(sent.data?.root_id).toBeUndefined();
    const [card] = fake.state.history(APPROVALS);
    expect(card?.messageId).toBe(sent.data?.message_id);
    expect(card).toMatchObject({ msgType: 'interactive', updateMulti: true, edits: 0 });
    expect(card?.receiver).toEqual({ type: 'chat_id', id: APPROVALS });
    const text = fake.state.textOf(card!);
    expect(text).toContain('Issue #42 alter table orders');
    expect(text).toContain('**shop** on prod');
    expect(fake.state.buttonsOf(card!).map((b) => [b.text, b.value])).toEqual([
      ['Approve', { action: 'approve', issue: 42 }],
      ['Reject', { action: 'reject', issue: 42 }],
    ]);
  });

  it('sends direct messages by open_id, user_id or email into one p2p chat per user', async () => {
    const client = sdkClient(fake);
    const text = (t: string) => JSON.stringify({ text: t });
    const byOpenId = await client.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: DANA.openId, msg_type: 'text', content: text('one') },
    });
    await client.im.v1.message.create({
      params: { receive_id_type: 'email' },
      data: { receive_id: DANA.email, msg_type: 'text', content: text('two') },
    });
    const direct = fake.state.direct(DANA.openId);
    expect(direct.map((m) => fake.state.textOf(m))).toEqual(['one', 'two']);
    expect(new Set(direct.map((m) => m.chatId)).size).toBe(1);
    expect(direct[0]?.chatId).toBe(byOpenId.data?.chat_id);
    expect(direct[1]?.receiver).toEqual({ type: 'email', id: DANA.email });
    const unknown = await failure(
      client.im.v1.message.create({
        params: { receive_id_type: 'email' },
        data: { receive_id: 'nobody@example.com', msg_type: 'text', content: text('x') },
      }),
    );
    expect(unknown).toMatchObject({ status: 400, data: { code: 230001 } });
  });

  it('threads replies under their root, sharing one thread id once a reply is in thread', async () => {
    const client = sdkClient(fake);
    const root = (await client.im.v1.message.create(cardMessage())).data!.message_id!;
    const reply = (messageId: string, t: string, inThread?: boolean) =>
      client.im.v1.message.reply({
        path: { message_id: messageId },
        data: { msg_type: 'text', content: JSON.stringify({ text: t }), reply_in_thread: inThread },
      });
    const first = await reply(root, 'Task 1 started', true);
    expect(first.data).toMatchObject({ root_id: root, parent_id: root });
    expect(first.data?.thread_id).toMatch(/^omt_/);
    const second = await reply(first.data!.message_id!, 'Task 1 done');
    expect(second.data).toMatchObject({ root_id: root, parent_id: first.data?.message_id });
    expect(second.data?.thread_id).toBe(first.data?.thread_id);
    expect(fake.state.message(root)?.threadId).toBe(first.data?.thread_id);
    expect(fake.state.thread(root).map((m) => fake.state.textOf(m))).toEqual([
      'Task 1 started',
      'Task 1 done',
    ]);
    expect(fake.state.history(APPROVALS)).toHaveLength(1);
    const missing = await failure(reply('om_missing', 'x'));
    expect(missing).toMatchObject({ status: 400, data: { code: 230001 } });
  });

  it('returns the earlier message for a repeated uuid instead of sending twice', async () => {
    const client = sdkClient(fake);
    const send = () =>
      client.im.v1.message.create({
        ...cardMessage(),
        data: { ...cardMessage().data, uuid: 'issue-42-card' },
      });
    const first = await send();
    const again = await send();
    expect(again.data?.message_id).toBe(first.data?.message_id);
    expect(fake.state.history(APPROVALS)).toHaveLength(1);
  });

  it('patches a shared card for everyone and keeps the earlier version', async () => {
    const client = sdkClient(fake);
    const id = (await client.im.v1.message.create(cardMessage())).data!.message_id!;
    const patched = await client.im.v1.message.patch({
      path: { message_id: id },
      data: { content: JSON.stringify(approvalCard('Approved by Dana')) },
    });
    expect(patched.code).toBe(0);
    const card = fake.state.message(id)!;
    expect(card.edits).toBe(1);
    expect(fake.state.textOf(card)).toContain('Approved by Dana');
    expect(card.versions[0]?.via).toBe('patch');
  });

  it('refuses to patch text messages, unshared cards, unknown ids and messages older than 14 days', async () => {
    const client = sdkClient(fake);
    const patch = (id: string, card = approvalCard('new')) =>
      failure(
        client.im.v1.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(card) } }),
      );
    const textId = (
      await client.im.v1.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: APPROVALS, msg_type: 'text', content: JSON.stringify({ text: 'hi' }) },
      })
    ).data!.message_id!;
    expect((await patch(textId)).data.msg).toContain('This message is NOT a card');
    const unshared = (await client.im.v1.message.create(cardMessage(approvalCard('x', false)))).data!
      .message_id!;
    expect(await patch(unshared)).toMatchObject({ status: 400, data: { code: 230001 } });
    const shared = (await client.im.v1.message.create(cardMessage())).data!.message_id!;
    expect(await patch(shared, approvalCard('y', false))).toMatchObject({ data: { code: 230001 } });
    expect(await patch('om_unknown')).toMatchObject({ status: 400, data: { code: 230001 } });
    now += 15 * 24 * 60 * 60 * 1000;
    // The tenant token expired meanwhile; a fresh client fetches a new one.
    const later = await failure(
      sdkClient(fake).im.v1.message.patch({
        path: { message_id: shared },
        data: { content: JSON.stringify(approvalCard('late')) },
      }),
    );
    expect(later).toMatchObject({ status: 400, data: { code: 230031 } });
    expect(fake.state.message(shared)?.edits).toBe(0);
  });

  it('edits text messages with PUT but not cards', async () => {
    const client = sdkClient(fake);
    const id = (
      await client.im.v1.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: APPROVALS, msg_type: 'text', content: JSON.stringify({ text: 'draft' }) },
      })
    ).data!.message_id!;
    await client.im.v1.message.update({
      path: { message_id: id },
      data: { msg_type: 'text', content: JSON.stringify({ text: 'final' }) },
    });
    expect(fake.state.textOf(fake.state.message(id)!)).toBe('final');
    const cardId = (await client.im.v1.message.create(cardMessage())).data!.message_id!;
    const refused = await failure(
      client.im.v1.message.update({
        path: { message_id: cardId },
        data: { msg_type: 'interactive', content: JSON.stringify(approvalCard()) },
      }),
    );
    expect(refused.data.msg).toContain('invalid msg_type');
  });
});
