// Driver self-tests: pushes are encrypted and signed so the SDK's own AESCipher and EventDispatcher accept them.
import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APPROVALS,
  approvalCard,
  DANA,
  ENCRYPT_KEY,
  failure,
  quietLogger,
  sdkClient,
  startSdkReceiver,
  startTestFake,
  VERIFICATION_TOKEN,
} from './feishu-test-support.ts';
import { createFeishuDriver, type FeishuDriver, type FeishuFake, type FeishuSendResult } from './index.ts';

type Receiver = Awaited<ReturnType<typeof startSdkReceiver>>;
let fake: FeishuFake;
let receiver: Receiver;
/** The fake's clock: real time plus what a test moved it by. */
let skew = 0;

async function start(encryptKey = ENCRYPT_KEY, cardAnswer?: (data: Record<string, unknown>) => unknown) {
  skew = 0;
  fake = await startTestFake(() => Date.now() + skew, { encryptKey });
  receiver = await startSdkReceiver({
    encryptKey,
    verificationToken: VERIFICATION_TOKEN,
    ...(cardAnswer ? { cardAnswer } : {}),
  });
  return createFeishuDriver({ targetUrl: receiver.url, fake });
}
afterEach(async () => {
  await receiver.close();
  await fake.close();
});

/** Whether the SDK's EventDispatcher, given the request as sent, runs its handler. */
async function sdkAccepts(result: FeishuSendResult, encryptKey = ENCRYPT_KEY): Promise<boolean> {
  const headers = Object.fromEntries(
    Object.entries(result.request.headers).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const data = Object.assign(Object.create({ headers }), JSON.parse(result.request.body));
  let ran = false;
  const dispatcher = new lark.EventDispatcher({ encryptKey, logger: quietLogger }).register({
    'im.message.receive_v1': () => {
      ran = true;
      return {};
    },
  });
  try {
    await dispatcher.invoke(data);
  } catch {
    return false;
  }
  return ran;
}

const decrypt = (result: FeishuSendResult) =>
  JSON.parse(
    new lark.AESCipher(ENCRYPT_KEY).decrypt((JSON.parse(result.request.body) as { encrypt: string }).encrypt),
  ) as Record<string, unknown>;

describe('url verification', () => {
  it('sends an encrypted challenge the SDK decrypts and answers', async () => {
    const driver = await start();
    const result = await driver.challenge();
    expect(Object.keys(JSON.parse(result.request.body))).toEqual(['encrypt']);
    // The signature scheme covers events, not the request URL check, so the challenge goes unsigned.
    expect(result.request.headers['X-Lark-Signature']).toBeUndefined();
    expect(result.request.headers['Content-Type']).toBe('application/json;charset=utf-8');
    const plain = decrypt(result);
    expect(plain).toMatchObject({ type: 'url_verification', token: VERIFICATION_TOKEN });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ challenge: plain['challenge'] });
  });

  it('sends it in plain JSON when the app has no encrypt key', async () => {
    const driver = await start('');
    const result = await driver.challenge();
    expect(JSON.parse(result.request.body)).toMatchObject({ type: 'url_verification' });
    expect(result.json).toEqual({ challenge: result.payload['challenge'] });
  });
});

describe('im.message.receive_v1', () => {
  it('delivers a group @mention the SDK verifies and dispatches, and records the message', async () => {
    const driver = await start();
    const result = await driver.message(DANA.openId, { chatId: APPROVALS, text: '/bytebase status 42' });
    expect(result.status).toBe(200);
    expect(await sdkAccepts(result)).toBe(true);
    const [event] = receiver.received;
    expect(event?.type).toBe('im.message.receive_v1');
    const data = event!.data as {
      token: string;
      event_id: string;
      sender: { sender_id: { open_id: string } };
      message: {
        message_id: string;
        chat_id: string;
        chat_type: string;
        content: string;
        mentions: unknown[];
      };
    };
    expect(data.token).toBe(VERIFICATION_TOKEN);
    expect(data.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(data.sender.sender_id.open_id).toBe(DANA.openId);
    expect(data.message).toMatchObject({ chat_id: APPROVALS, chat_type: 'group' });
    expect(JSON.parse(data.message.content)).toEqual({ text: '@_user_1 /bytebase status 42' });
    expect(data.message.mentions).toEqual([
      expect.objectContaining({
        key: '@_user_1',
        name: fake.state.bot.name,
        id: expect.objectContaining({ open_id: fake.state.bot.openId }),
      }),
    ]);
    // The user's message is in the chat, so the service can reply to it.
    expect(fake.state.message(data.message.message_id)?.sender).toEqual({ type: 'user', id: DANA.openId });
  });

  it('delivers p2p messages in the chat the bot DMs the user in, without a mention', async () => {
    const driver = await start();
    await driver.message(DANA.openId, { text: 'help' });
    const message = (
      receiver.received[0]!.data as { message: { chat_id: string; chat_type: string; content: string } }
    ).message;
    expect(message.chat_type).toBe('p2p');
    expect(JSON.parse(message.content)).toEqual({ text: 'help' });
    expect(message.chat_id).toBe(fake.state.direct(DANA.openId)[0]?.chatId);
  });

  it('delivers a reply in a card thread with root_id, parent_id and thread_id', async () => {
    const driver = await start();
    const client = sdkClient(fake);
    const card = (
      await client.im.v1.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: APPROVALS, msg_type: 'interactive', content: JSON.stringify(approvalCard()) },
      })
    ).data!.message_id!;
    const progress = await client.im.v1.message.reply({
      path: { message_id: card },
      data: { msg_type: 'text', content: JSON.stringify({ text: 'Task 1 started' }), reply_in_thread: true },
    });
    await driver.message(DANA.openId, { replyTo: progress.data!.message_id!, text: 'why is it slow?' });
    const message = (receiver.received[0]!.data as { message: Record<string, string> }).message;
    expect(message).toMatchObject({
      root_id: card,
      parent_id: progress.data?.message_id,
      thread_id: progress.data?.thread_id,
      chat_id: APPROVALS,
      chat_type: 'group',
    });
    expect(fake.state.thread(card).map((m) => m.sender.type)).toEqual(['app', 'user']);
  });

  it('builds requests the SDK refuses when tampered, and one only the token check catches', async () => {
    const driver = await start();
    const send = (tamper: 'wrong-signature' | 'alter-body' | 'wrong-token' | 'wrong-encrypt-key') =>
      driver.message(DANA.openId, { chatId: APPROVALS, text: 'approve 42' }, { tamper });
    for (const tamper of ['wrong-signature', 'alter-body', 'wrong-encrypt-key'] as const) {
      const result = await send(tamper);
      expect(await sdkAccepts(result), tamper).toBe(false);
      expect(result.status, tamper).toBeGreaterThanOrEqual(400);
    }
    const altered = await send('alter-body');
    expect(decrypt(altered)['tampered']).toBe(true);
    const forged = await send('wrong-token');
    expect(await sdkAccepts(forged)).toBe(true);
    expect((decrypt(forged)['header'] as { token: string }).token).not.toBe(VERIFICATION_TOKEN);
    expect(forged).toMatchObject({ status: 401, json: { error: 'token' } });
    const unsigned = await driver.message(DANA.openId, { text: 'x' }, { omitSignature: true });
    expect(unsigned.request.headers['X-Lark-Signature']).toBeUndefined();
    expect(await sdkAccepts(unsigned)).toBe(false);
    expect(receiver.received).toHaveLength(0);
  });

  it('redelivers with the same body and a fresh signature, and replays byte for byte', async () => {
    const driver = await start();
    const first = await driver.message(DANA.openId, { chatId: APPROVALS, text: 'status' });
    const retry = await driver.redeliver(first);
    expect(retry.request.body).toBe(first.request.body);
    expect(retry.request.headers['X-Lark-Request-Nonce']).not.toBe(
      first.request.headers['X-Lark-Request-Nonce'],
    );
    expect(await sdkAccepts(retry)).toBe(true);
    const replay = await driver.replay(first);
    expect(replay.request).toEqual(first.request);
    const ids = receiver.received.map((r) => r.data['event_id']);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
  });
});

describe('card.action.trigger', () => {
  let cardId: string;
  let clicks: FeishuDriver;
  const refreshed = approvalCard('Approved by Dana DBA');

  beforeEach(async () => {
    clicks = await start(ENCRYPT_KEY, (data) => {
      const value = (data['action'] as { value: { action: string } }).value;
      return value.action === 'approve'
        ? { toast: { type: 'success', content: 'Approved' }, card: { type: 'raw', data: refreshed } }
        : { toast: { type: 'info', content: 'Noted' } };
    });
    const sent = await sdkClient(fake).im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: APPROVALS, msg_type: 'interactive', content: JSON.stringify(approvalCard()) },
    });
    cardId = sent.data!.message_id!;
  });

  it('sends the click in the schema 2.0 shape and applies the raw card and toast the service answers', async () => {
    const button = fake.state.buttonsOf(fake.state.message(cardId)!)[0]!;
    const result = await clicks.cardAction(DANA.openId, {
      messageId: cardId,
      chatId: APPROVALS,
      value: button.value!,
    });
    const plain = decrypt(result) as {
      schema: string;
      header: Record<string, string>;
      event: Record<string, unknown>;
    };
    expect(plain.schema).toBe('2.0');
    expect(plain.header).toMatchObject({ event_type: 'card.action.trigger', token: VERIFICATION_TOKEN });
    expect(plain.event).toMatchObject({
      operator: { open_id: DANA.openId, user_id: DANA.userId, union_id: DANA.unionId },
      action: { tag: 'button', value: { action: 'approve', issue: 42 } },
      host: 'im_message',
      context: { open_message_id: cardId, open_chat_id: APPROVALS },
    });
    expect(plain.event['token']).toMatch(/^c-/);
    expect(receiver.received[0]?.type).toBe('card.action.trigger');
    const card = fake.state.message(cardId)!;
    expect(card.edits).toBe(1);
    expect(fake.state.textOf(card)).toContain('Approved by Dana DBA');
    expect(fake.state.callbackAnswers).toEqual([
      expect.objectContaining({
        openId: DANA.openId,
        toast: { type: 'success', content: 'Approved' },
        cardReplaced: true,
      }),
    ]);
  });

  it('carries form values, and leaves the card alone when the answer is only a toast', async () => {
    const result = await clicks.cardAction(DANA.openId, {
      messageId: cardId,
      chatId: APPROVALS,
      value: { action: 'reject', issue: 42 },
      formValue: { reason: 'needs an index' },
      name: 'submit_reason',
    });
    expect((decrypt(result)['event'] as { action: unknown }).action).toMatchObject({
      form_value: { reason: 'needs an index' },
      name: 'submit_reason',
    });
    expect(fake.state.message(cardId)?.edits).toBe(0);
    expect(fake.state.callbackAnswers[0]).toMatchObject({ toast: { content: 'Noted' }, cardReplaced: false });
  });

  it('takes delayed updates with the callback token twice, within 30 minutes, sticking only after the answer', async () => {
    const client = sdkClient(fake);
    const update = (token: string, title: string) =>
      client.request({
        method: 'POST',
        url: '/open-apis/interactive/v1/card/update',
        data: { token, card: approvalCard(title) },
      });
    const early = fake.state.mintCallbackToken(cardId, DANA.openId);
    expect(await update(early.token, 'too early')).toEqual({ code: 0, msg: 'ok' });
    expect(fake.state.textOf(fake.state.message(cardId)!)).not.toContain('too early');
    const click = () =>
      clicks.cardAction(DANA.openId, { messageId: cardId, chatId: APPROVALS, value: { action: 'reject' } });
    const token = (await click()).card!.token;
    await update(token, 'Rolling out 1/3');
    await update(token, 'Rolling out 2/3');
    expect(await failure(update(token, 'third'))).toMatchObject({ status: 400, data: { code: 300040 } });
    expect(fake.state.textOf(fake.state.message(cardId)!)).toContain('Rolling out 2/3');
    const later = (await click()).card!.token;
    skew += 31 * 60 * 1000;
    expect(await failure(update(later, 'late'))).toMatchObject({ data: { code: 300030 } });
    expect(await failure(update('c-unknown', 'x'))).toMatchObject({ data: { code: 300020 } });
  });
});
