// The Slack fake's limits, rate limiting, response URLs and modals, through the real WebClient.
import { ErrorCode, WebClientEvent } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APPROVALS,
  card,
  failure,
  postJson,
  START,
  startTestFake,
  TOKEN,
  webClient,
} from './fake-test-support.ts';
import { RESPONSE_URL_TTL_MS, type SlackFake, TRIGGER_TTL_MS } from './index.ts';

let fake: SlackFake;
let now: number;
const client = (options: Parameters<typeof webClient>[1] = {}, token: string | null = TOKEN) =>
  webClient(fake, options, token);

beforeEach(async () => {
  now = START;
  fake = await startTestFake(() => now);
});

afterEach(async () => {
  await fake.close();
});

describe('Block Kit and text limits', () => {
  it('rejects malformed or oversized blocks and overlong text', async () => {
    const web = client();
    const many = Array.from({ length: 51 }, (_, i) => ({ type: 'divider', block_id: `d${i}` }));
    const tooMany = await failure(web.chat.postMessage({ channel: APPROVALS, text: 'x', blocks: many }));
    expect(tooMany.data?.error).toBe('invalid_blocks');
    const untyped = await failure(
      web.chat.postMessage({ channel: APPROVALS, text: 'x', blocks: [{ text: 'no type' }] as never }),
    );
    expect(untyped.data).toMatchObject({
      error: 'invalid_blocks',
      errors: ['missing required field: type [json-pointer:/blocks/0]'],
    });
    const longSection = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    const section = await failure(
      web.chat.postMessage({ channel: APPROVALS, text: 'x', blocks: longSection }),
    );
    expect(section.data?.errors).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    const long = await failure(web.chat.postMessage({ channel: APPROVALS, text: 'x'.repeat(40_001) }));
    expect(long.data?.error).toBe('msg_too_long');
    const form = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${TOKEN}` },
      body: new URLSearchParams({ channel: APPROVALS, text: 'x', blocks: '{"type":"section"}' }).toString(),
    });
    expect(await form.json()).toEqual({ ok: false, error: 'invalid_blocks_format' });
    expect(fake.state.allMessages(APPROVALS)).toHaveLength(0);
  });

  it('truncates overlong text with a warning when configured to', async () => {
    fake.state.overlongText = 'truncate';
    const result = await client().chat.postMessage({ channel: APPROVALS, text: 'y'.repeat(40_010) });
    expect(result.response_metadata?.warnings).toEqual(['message_truncated']);
    expect(fake.state.history(APPROVALS)[0]?.text).toHaveLength(40_000);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After, which WebClient waits out and retries', async () => {
    fake.state.injectRateLimit('chat.postMessage', { count: 1, retryAfterSeconds: 1 });
    const web = client();
    const waits: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));
    const posted = await web.chat.postMessage({ channel: APPROVALS, text: 'after the wait' });
    expect(posted.ok).toBe(true);
    expect(waits).toEqual([1]);
    expect(fake.state.callsTo('chat.postMessage').map((call) => call.status)).toEqual([429, 200]);
    expect(fake.state.callsTo('chat.postMessage')[0]?.response).toEqual({ ok: false, error: 'ratelimited' });
    expect(fake.state.history(APPROVALS)).toHaveLength(1);
  });

  it('surfaces the 429 as a rate-limit error when WebClient rejects rate-limited calls', async () => {
    fake.state.injectRateLimit('chat.update', { count: 2, retryAfterSeconds: 7 });
    const error = await failure(
      client({ rejectRateLimitedCalls: true }).chat.update({ channel: APPROVALS, ts: '1.000000', text: 'x' }),
    );
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(7);
  });

  it('limits posting to about one message per second per channel when that mode is on', async () => {
    fake.state.setChannelPostLimit(true);
    const web = client({ rejectRateLimitedCalls: true });
    await web.chat.postMessage({ channel: APPROVALS, text: 'first' });
    const second = await failure(web.chat.postMessage({ channel: APPROVALS, text: 'second' }));
    expect(second).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    await web.chat.postMessage({ channel: 'C0SMALL', text: 'other channel' });
    now += 1000;
    await web.chat.postMessage({ channel: APPROVALS, text: 'third' });
    expect(fake.state.history(APPROVALS).map((m) => m.text)).toEqual(['first', 'third']);
  });
});

describe('response URLs', () => {
  it('replaces, threads and whispers through a response URL, then stops after 5 uses', async () => {
    const posted = await client().chat.postMessage({ channel: APPROVALS, text: 'pending', blocks: card });
    const ts = posted.ts as string;
    const url = fake.state.createResponseUrl({ channelId: APPROVALS, userId: 'U0ALICE', messageTs: ts });
    expect(url.startsWith(`${fake.baseUrl}/response/`)).toBe(true);

    expect((await postJson(url, { replace_original: true, text: 'approved by alice' })).body).toEqual({
      ok: true,
    });
    expect(fake.state.message(APPROVALS, ts)).toMatchObject({
      text: 'approved by alice',
      via: 'response_url',
    });
    expect(fake.state.message(APPROVALS, ts)?.edits).toHaveLength(1);
    await postJson(url, { response_type: 'in_channel', thread_ts: ts, text: 'rolling out' });
    expect(fake.state.thread(APPROVALS, ts).map((m) => m.text)).toEqual(['rolling out']);
    await postJson(url, { text: 'only for alice' });
    expect(fake.state.ephemerals).toMatchObject([
      { user: 'U0ALICE', text: 'only for alice', via: 'response_url' },
    ]);
    expect((await postJson(url, {})).status).toBe(400); // no_text does not use the URL up
    await postJson(url, { text: 'four' });
    await postJson(url, { text: 'five' });
    const sixth = await postJson(url, { text: 'six' });
    expect(sixth).toEqual({ status: 404, body: { ok: false, error: 'expired_url' } });
    expect(fake.state.responseUrlPosts.map((post) => post.status)).toEqual([
      200, 200, 200, 400, 200, 200, 404,
    ]);
  });

  it('expires a response URL 30 minutes after it was handed out', async () => {
    const url = fake.state.createResponseUrl({ channelId: APPROVALS, userId: 'U0BOB' });
    now += RESPONSE_URL_TTL_MS + 1;
    expect((await postJson(url, { text: 'too late' })).status).toBe(404);
    expect(fake.state.ephemerals).toHaveLength(0);
  });
});

describe('modals', () => {
  const view = {
    type: 'modal' as const,
    callback_id: 'reject_reason',
    private_metadata: 'issue-42',
    title: { type: 'plain_text' as const, text: 'Reject issue #42' },
    submit: { type: 'plain_text' as const, text: 'Reject' },
    blocks: [
      {
        type: 'input',
        block_id: 'reason',
        label: { type: 'plain_text', text: 'Reason' },
        element: { type: 'plain_text_input', action_id: 'value' },
      },
    ],
  };

  it('opens a modal once per trigger id within 3 seconds and updates it guarded by hash', async () => {
    const web = client();
    const trigger = fake.state.createTriggerId('U0ALICE');
    const opened = await web.views.open({ trigger_id: trigger, view });
    expect(opened.view).toMatchObject({
      callback_id: 'reject_reason',
      private_metadata: 'issue-42',
      type: 'modal',
    });
    expect((await failure(web.views.open({ trigger_id: trigger, view }))).data?.error).toBe(
      'exchanged_trigger_id',
    );
    const late = fake.state.createTriggerId('U0ALICE');
    now += TRIGGER_TTL_MS + 1;
    expect((await failure(web.views.open({ trigger_id: late, view }))).data?.error).toBe(
      'expired_trigger_id',
    );

    const id = opened.view?.id as string;
    const updated = await web.views.update({
      view_id: id,
      hash: opened.view?.hash as string,
      view: { ...view, private_metadata: 'issue-42:v2' },
    });
    expect(fake.state.view(id)?.privateMetadata).toBe('issue-42:v2');
    const stale = await failure(web.views.update({ view_id: id, hash: opened.view?.hash as string, view }));
    expect(stale.data?.error).toBe('hash_conflict');
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    const untitled = await failure(
      web.views.open({
        trigger_id: fake.state.createTriggerId('U0ALICE'),
        view: { ...view, title: undefined } as never,
      }),
    );
    expect(untitled.data?.error).toBe('invalid_arguments');
  });
});
