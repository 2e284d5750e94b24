// The Feishu adapter against the loopback fake with a stub core: domains, refusals, callback answers, rate limits.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeishuClient } from '../../../adapters/chat/feishu/client.ts';
import { createFeishuChatAdapter } from '../../../adapters/chat/feishu/index.ts';
import { notice } from '../../../src/core/messages/types.ts';
import type { ChatAdapter, ChatInboundHandler } from '../../../src/core/ports/chat-adapter.ts';
import { silentLogger } from '../../../src/core/ports/clock.ts';
import { encryptEvent, type FeishuFake, larkSignature, startFeishuFake } from '../../fakes/feishu/index.ts';

const KEY = 'unit-encrypt-key';
const TOKEN = 'unit-verification-token';
const USER = 'ou_unit';

describe('domains', () => {
  it('selects open.feishu.cn, open.larksuite.com, or the URL given', () => {
    const base = (domain: string) =>
      createFeishuClient({ appId: 'cli_x', appSecret: 's', domain, logger: silentLogger }).baseUrl;
    expect(base('feishu')).toBe('https://open.feishu.cn');
    expect(base('lark')).toBe('https://open.larksuite.com');
    expect(base('http://127.0.0.1:9/')).toBe('http://127.0.0.1:9');
  });
});

describe('feishu adapter', () => {
  let fake: FeishuFake;
  const calls: { kind: string; deliveryId?: string }[] = [];
  let behaviour: 'refuse' | 'slow' | 'approve' = 'approve';
  const inbound: ChatInboundHandler = {
    async interact({ deliveryId, respond }) {
      calls.push({ kind: 'interact', deliveryId });
      if (behaviour === 'refuse') return respond.ephemeral(notice(['Not done: you may not.']));
      if (behaviour === 'slow') {
        await new Promise((r) => setTimeout(r, 150));
        return respond.ephemeral(notice(['Already approved by someone.']));
      }
    },
    async command() {
      calls.push({ kind: 'command' });
      return notice(['answer']);
    },
    card: async () => null,
    driftCard: async () => null,
  };
  const make = (over: { encryptKey?: string; verificationToken?: string } = {}) =>
    createFeishuChatAdapter({
      appId: 'cli_unit',
      appSecret: 'unit-secret',
      verificationToken: 'verificationToken' in over ? over.verificationToken : TOKEN,
      encryptKey: 'encryptKey' in over ? over.encryptKey : KEY,
      domain: fake.url,
      inbound,
      state: { get: async () => null, set: async () => {} },
      logger: silentLogger,
      clock: { now: () => Date.now() },
      callbackBudgetMs: 50,
    });
  /** A click as Feishu sends it: encrypted, signed over the exact body. */
  function click(token = TOKEN, offsetSeconds = 0, signed = true) {
    const event = {
      schema: '2.0',
      header: { event_id: randomUUID(), event_type: 'card.action.trigger', token },
      event: {
        operator: { open_id: USER },
        action: { tag: 'button', value: { action: 'approve', key: '1:0:0' } },
        context: { open_message_id: 'om_x', open_chat_id: 'oc_x' },
      },
    };
    const body = JSON.stringify({ encrypt: encryptEvent(KEY, JSON.stringify(event)) });
    const ts = String(Math.floor(Date.now() / 1000) + offsetSeconds);
    const nonce = randomUUID();
    const signature: Record<string, string> = signed
      ? {
          'x-lark-request-timestamp': ts,
          'x-lark-request-nonce': nonce,
          'x-lark-signature': larkSignature(ts, nonce, KEY, body),
        }
      : {};
    return new Request('http://service/hooks/feishu', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signature },
      body,
    });
  }
  /** The URL challenge, encrypted with `key`, sent without signature headers as Feishu does. */
  const challenge = (key: string) =>
    new Request('http://service/hooks/feishu', {
      method: 'POST',
      body: JSON.stringify({
        encrypt: encryptEvent(
          key,
          JSON.stringify({ type: 'url_verification', challenge: 'c1', token: TOKEN }),
        ),
      }),
    });

  beforeAll(async () => {
    fake = await startFeishuFake({
      appId: 'cli_unit',
      appSecret: 'unit-secret',
      verificationToken: TOKEN,
      encryptKey: KEY,
      users: [{ openId: USER, userId: 'u1', unionId: 'on_1', name: 'Una' }],
      chats: [{ chatId: 'oc_x', name: 'x' }],
    });
  });
  afterAll(async () => fake?.close());

  it('refuses a correctly signed request with another token, a stale one, and a byte-for-byte replay', async () => {
    const adapter = make();
    calls.length = 0;
    expect((await adapter.handle(click('other-token'))).status).toBe(401);
    expect((await adapter.handle(click(TOKEN, -301))).status).toBe(401);
    const first = click();
    const copy = first.clone();
    expect((await adapter.handle(first)).status).toBe(200);
    expect((await adapter.handle(copy)).status).toBe(401);
    expect((await adapter.handle(click(TOKEN, 0, false))).status).toBe(401);
    expect(calls.filter((c) => c.kind === 'interact')).toHaveLength(1);
  });

  it('answers an unsigned challenge only when it decrypts with the key and carries the token', async () => {
    const adapter = make();
    const ok = await adapter.handle(challenge(KEY));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: 'c1' });
    expect((await adapter.handle(challenge('another-key'))).status).toBe(401);
  });

  it('refuses everything when neither an encrypt key nor a verification token is set', async () => {
    const adapter = make({ encryptKey: undefined, verificationToken: undefined });
    const res = await adapter.handle(
      new Request('http://service/hooks/feishu', {
        method: 'POST',
        body: JSON.stringify({ type: 'url_verification', challenge: 'c', token: 'anything' }),
      }),
    );
    expect(res.status).toBe(401);
  });

  it('answers a click with the core’s notice as a toast, and a slow one later by direct message', async () => {
    behaviour = 'refuse';
    const adapter: ChatAdapter = make();
    const refused = await adapter.handle(click());
    expect(await refused.json()).toEqual({ toast: { type: 'warning', content: 'Not done: you may not.' } });

    behaviour = 'slow';
    const slow = await adapter.handle(click());
    expect(await slow.json()).toEqual({ toast: { type: 'info', content: 'Working on it…' } });
    await adapter.drain();
    const dms = fake.state.direct(USER).map((m) => fake.state.textOf(m));
    expect(dms).toEqual(['Already approved by someone.']);
  });

  it('waits out rate-limit answers for as long as x-ogw-ratelimit-reset says, then sends once', async () => {
    const waits: number[] = [];
    const client = createFeishuClient({
      appId: 'cli_unit',
      appSecret: 'unit-secret',
      domain: fake.url,
      logger: silentLogger,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    fake.state.injectRateLimit(
      { method: 'POST', path: /\/im\/v1\/messages$/ },
      { count: 2, retryAfterSeconds: 3 },
    );
    const before = fake.state.history('oc_x').length;
    await client.send('chat_id', 'oc_x', { schema: '2.0', body: { elements: [] } });
    expect(waits).toEqual([3000, 3000]);
    expect(fake.state.history('oc_x').length).toBe(before + 1);
    // The older answer (HTTP 400 with 99991400) and IM's per-message update limit (230020) are waited out too.
    waits.length = 0;
    fake.state.injectRateLimit(
      { method: 'POST', path: /\/im\/v1\/messages$/ },
      { count: 1, retryAfterSeconds: 2, status: 400 },
    );
    const sent = await client.send('chat_id', 'oc_x', {
      schema: '2.0',
      config: { update_multi: true },
      body: { elements: [] },
    });
    expect(waits).toEqual([2000]);
    // The per-message limit counts wall-clock seconds, so this client really waits.
    const slept: number[] = [];
    const patient = createFeishuClient({
      appId: 'cli_unit',
      appSecret: 'unit-secret',
      domain: fake.url,
      logger: silentLogger,
      sleep: (ms) => {
        slept.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      },
    });
    fake.state.setMessageUpdateLimit(1);
    const card = { schema: '2.0', config: { update_multi: true }, body: { elements: [] } };
    await patient.patch(sent.messageId, card);
    await patient.patch(sent.messageId, card);
    fake.state.setMessageUpdateLimit(false);
    expect(slept).toEqual([1000]);
    expect(fake.state.message(sent.messageId)!.edits).toBe(2);
    // A refusal that is not a rate limit is not retried.
    waits.length = 0;
    await expect(
      client.send('chat_id', 'oc_unknown', { schema: '2.0', body: { elements: [] } }),
    ).rejects.toThrow(/code 230002/);
    expect(waits).toEqual([]);
  });
});
