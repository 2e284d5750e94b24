// Self-tests of the Feishu fake's contact lookups and rate-limit answers, driven by the real SDK Client.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APPROVALS,
  approvalCard,
  DANA,
  failure,
  NEMO,
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

const cardMessage = () => ({
  params: { receive_id_type: 'chat_id' as const },
  data: { receive_id: APPROVALS, msg_type: 'interactive', content: JSON.stringify(approvalCard()) },
});

describe('contact', () => {
  it('gets a user by open_id with email and enterprise email, and none for a user without', async () => {
    const client = sdkClient(fake);
    const dana = await client.contact.v3.user.get({
      path: { user_id: DANA.openId },
      params: { user_id_type: 'open_id' },
    });
    expect(dana.data?.user).toMatchObject({
      open_id: DANA.openId,
      user_id: DANA.userId,
      union_id: DANA.unionId,
      name: 'Dana DBA',
      email: 'dba@example.com',
      enterprise_email: 'dana@corp.example',
    });
    const nemo = await client.contact.v3.user.get({ path: { user_id: NEMO.openId } });
    expect(nemo.data?.user?.name).toBe('Nemo');
    expect(nemo.data?.user).not.toHaveProperty('email');
    const unknown = await failure(client.contact.v3.user.get({ path: { user_id: 'ou_nobody' } }));
    expect(unknown).toMatchObject({ status: 400, data: { code: 41012 } });
  });

  it('maps emails to ids of the asked type; unknown and enterprise emails get no id', async () => {
    const client = sdkClient(fake);
    const result = await client.contact.v3.user.batchGetId({
      params: { user_id_type: 'open_id' },
      data: { emails: ['DBA@example.com', 'nobody@example.com', 'dana@corp.example'] },
    });
    expect(result.data?.user_list).toEqual([
      expect.objectContaining({ email: 'DBA@example.com', user_id: DANA.openId }),
      { email: 'nobody@example.com' },
      { email: 'dana@corp.example' },
    ]);
    const byUserId = await client.contact.v3.user.batchGetId({
      params: { user_id_type: 'user_id' },
      data: { emails: [DANA.email] },
    });
    expect(byUserId.data?.user_list?.[0]?.user_id).toBe(DANA.userId);
  });
});

describe('rate limits', () => {
  it('answers injected limits with HTTP 429, code 99991400 and x-ogw-ratelimit-reset, then recovers', async () => {
    const client = sdkClient(fake);
    fake.state.injectRateLimit(
      { method: 'POST', path: /^\/open-apis\/im\/v1\/messages$/ },
      { count: 1, retryAfterSeconds: 7 },
    );
    const limited = await failure(client.im.v1.message.create(cardMessage()));
    expect(limited.status).toBe(429);
    expect(limited.data).toMatchObject({ code: 99991400 });
    expect(limited.headers['x-ogw-ratelimit-reset']).toBe('7');
    expect(fake.state.history(APPROVALS)).toHaveLength(0);
    await client.im.v1.message.create(cardMessage());
    expect(fake.state.history(APPROVALS)).toHaveLength(1);
    expect(fake.state.rateLimitedCount).toBe(1);
    expect(fake.state.calls.filter((c) => c.status === 429)).toHaveLength(1);
  });

  it('limits only the matching method and path', async () => {
    const client = sdkClient(fake);
    const id = (await client.im.v1.message.create(cardMessage())).data!.message_id!;
    fake.state.injectRateLimit({ method: 'PATCH' }, { count: 2, retryAfterSeconds: 1 });
    await client.im.v1.message.create(cardMessage());
    const patch = () =>
      client.im.v1.message.patch({
        path: { message_id: id },
        data: { content: JSON.stringify(approvalCard()) },
      });
    expect((await failure(patch())).status).toBe(429);
    expect((await failure(patch())).status).toBe(429);
    await patch();
    expect(fake.state.message(id)?.edits).toBe(1);
  });
});

describe('older APIs and per-message limits', () => {
  it('can answer a limit the older way, HTTP 400 with the same code and header', async () => {
    fake.state.injectRateLimit(
      { method: 'GET', path: /contact/ },
      { count: 1, retryAfterSeconds: 3, status: 400 },
    );
    const limited = await failure(sdkClient(fake).contact.v3.user.get({ path: { user_id: DANA.openId } }));
    expect(limited).toMatchObject({ status: 400, data: { code: 99991400 } });
    expect(limited.headers['x-ogw-ratelimit-reset']).toBe('3');
  });

  it('limits updates of one message to 5 per second when turned on, answering 230020', async () => {
    const client = sdkClient(fake);
    const id = (await client.im.v1.message.create(cardMessage())).data!.message_id!;
    const other = (await client.im.v1.message.create(cardMessage())).data!.message_id!;
    fake.state.setMessageUpdateLimit(true);
    const patch = (messageId: string) =>
      client.im.v1.message.patch({
        path: { message_id: messageId },
        data: { content: JSON.stringify(approvalCard()) },
      });
    for (let i = 0; i < 5; i += 1) await patch(id);
    expect(await failure(patch(id))).toMatchObject({ status: 400, data: { code: 230020 } });
    await patch(other);
    now += 1000;
    await patch(id);
    expect(fake.state.message(id)?.edits).toBe(6);
    expect(fake.state.rateLimitedCount).toBe(1);
  });
});
