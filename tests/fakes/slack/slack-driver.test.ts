// The Slack driver: payload shapes, and signatures checked by an independent receiver.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackDriver, type SlackDriver, type SlackFake, startSlackFake } from './index.ts';

const SECRET = 'test-signing-secret';
const APPROVALS = 'C0APPROVALS';

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  verified: boolean;
}

/**
 * Slack's documented check, written out independently of the fake: timestamp within five minutes
 * either way, then "v0=" + hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body).
 */
function verifySlackSignature(headers: Record<string, string>, rawBody: string): boolean {
  const timestamp = headers['x-slack-request-timestamp'];
  const signature = headers['x-slack-signature'];
  if (!timestamp || !signature) return false;
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > 300) return false;
  const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  return (
    expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  );
}

let received: Received[] = [];
let receiverUrl = '';
let closeReceiver: () => void = () => {};
let fake: SlackFake;
let driver: SlackDriver;

beforeAll(async () => {
  const app = new Hono();
  app.post('/hooks/slack/:mode?', async (c) => {
    const body = await c.req.text();
    const headers = Object.fromEntries(c.req.raw.headers);
    const verified = verifySlackSignature(headers, body);
    received.push({ path: c.req.path, headers, body, verified });
    if (c.req.param('mode') === 'slow') await new Promise((resolve) => setTimeout(resolve, 30));
    if (!verified) return c.text('invalid signature', 401);
    const json =
      headers['content-type'] === 'application/json' ? (JSON.parse(body) as Record<string, unknown>) : {};
    if (json.type === 'url_verification') return c.json({ challenge: json.challenge });
    return c.body(null, 200);
  });
  await new Promise<void>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      receiverUrl = `http://127.0.0.1:${info.port}/hooks/slack`;
      closeReceiver = () => server.close();
      resolve();
    });
  });
  fake = await startSlackFake({
    users: [{ id: 'U0ALICE', name: 'alice', email: 'alice@example.com' }],
    channels: [{ id: APPROVALS, name: 'db-approvals' }],
  });
  driver = createSlackDriver({ targetUrl: receiverUrl, signingSecret: SECRET, fake });
});

afterAll(async () => {
  closeReceiver();
  await fake.close();
});

beforeEach(() => {
  received = [];
});

function last(): Received {
  const request = received.at(-1);
  if (!request) throw new Error('the receiver got nothing');
  return request;
}

function payloadOf(request: Received): Record<string, unknown> {
  const fields = new URLSearchParams(request.body);
  expect([...fields.keys()]).toEqual(['payload']);
  return JSON.parse(fields.get('payload') ?? '') as Record<string, unknown>;
}

describe('payloads', () => {
  it('sends a slash command as flat form fields with a working response URL', async () => {
    const result = await driver.slashCommand({
      text: 'history shop prod',
      userId: 'U0ALICE',
      channelId: APPROVALS,
    });
    expect(result.status).toBe(200);
    expect(result.withinDeadline).toBe(true);
    const request = last();
    expect(request.verified).toBe(true);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers['user-agent']).toMatch(/^Slackbot 1\.0/);
    const fields = Object.fromEntries(new URLSearchParams(request.body));
    expect(Object.keys(fields).sort()).toEqual(
      [
        'api_app_id',
        'channel_id',
        'channel_name',
        'command',
        'is_enterprise_install',
        'response_url',
        'team_domain',
        'team_id',
        'text',
        'token',
        'trigger_id',
        'user_id',
        'user_name',
      ].sort(),
    );
    expect(fields).toMatchObject({
      command: '/bytebase',
      text: 'history shop prod',
      user_id: 'U0ALICE',
      user_name: 'alice',
      channel_name: 'db-approvals',
      team_id: 'T0FAKETEAM',
    });
    expect(fields.response_url?.startsWith(`${fake.baseUrl}/response/`)).toBe(true);
    const answer = await fetch(fields.response_url as string, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'found 3 changes' }),
    });
    expect(answer.status).toBe(200);
    expect(fake.state.ephemerals.at(-1)).toMatchObject({
      user: 'U0ALICE',
      channel: APPROVALS,
      text: 'found 3 changes',
    });
  });

  it('sends a button click as payload=<json> carrying the message as Slack shows it', async () => {
    const blocks = [
      { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: 'Issue #42' } },
      {
        type: 'actions',
        block_id: 'decision-v1',
        elements: [
          {
            type: 'button',
            action_id: 'approve',
            value: 'issue-42',
            style: 'primary',
            text: { type: 'plain_text', text: 'Approve' },
          },
        ],
      },
    ];
    const card = fake.state.messages.post({
      channel: APPROVALS,
      user: fake.state.bot.userId,
      postedBy: 'bot',
      content: { text: 'Issue #42', blocks },
      via: 'chat.postMessage',
    });
    await driver.blockAction({
      userId: 'U0ALICE',
      channelId: APPROVALS,
      messageTs: card.ts,
      actionId: 'approve',
    });
    const request = last();
    expect(request.verified).toBe(true);
    const payload = payloadOf(request);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ALICE', username: 'alice' },
      team: { id: 'T0FAKETEAM', domain: 'fake-workspace' },
      channel: { id: APPROVALS, name: 'db-approvals' },
      container: { type: 'message', message_ts: card.ts, channel_id: APPROVALS, is_ephemeral: false },
      message: { ts: card.ts, blocks, bot_id: 'B0FAKEBOT1' },
      api_app_id: 'A0FAKEAPP1',
    });
    expect(payload.actions).toEqual([
      {
        action_id: 'approve',
        block_id: 'decision-v1',
        text: { type: 'plain_text', text: 'Approve' },
        value: 'issue-42',
        style: 'primary',
        type: 'button',
        action_ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
      },
    ]);
    const replaced = await fetch(payload.response_url as string, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'Approved by alice' }),
    });
    expect(replaced.status).toBe(200);
    expect(fake.state.message(APPROVALS, card.ts)?.text).toBe('Approved by alice');
  });

  it('sends a modal submission with the view the service opened', async () => {
    const view = fake.state.viewStore.open(fake.state.createTriggerId('U0ALICE'), {
      type: 'modal',
      callback_id: 'reject_reason',
      private_metadata: 'issue-42',
      title: { type: 'plain_text', text: 'Reject' },
      blocks: [
        { type: 'input', block_id: 'reason', element: { type: 'plain_text_input', action_id: 'value' } },
      ],
    });
    if (!view.ok) throw new Error(view.error);
    const values = { reason: { value: { type: 'plain_text_input', value: 'missing index' } } };
    await driver.viewSubmission({ userId: 'U0ALICE', viewId: view.view.id, values });
    const payload = payloadOf(last());
    expect(last().verified).toBe(true);
    expect(payload).toMatchObject({
      type: 'view_submission',
      user: { id: 'U0ALICE' },
      view: {
        id: view.view.id,
        callback_id: 'reject_reason',
        private_metadata: 'issue-42',
        state: { values },
      },
    });
    expect(typeof payload.trigger_id).toBe('string');
  });

  it('sends events as JSON event_callback envelopes and records the message in the fake', async () => {
    const result = await driver.event({
      type: 'app_mention',
      userId: 'U0ALICE',
      channelId: APPROVALS,
      text: '<@U0FAKEBOT1> status 42',
    });
    const request = last();
    expect(request.verified).toBe(true);
    expect(request.headers['content-type']).toBe('application/json');
    const envelope = JSON.parse(request.body) as Record<string, unknown>;
    expect(envelope).toMatchObject({
      type: 'event_callback',
      team_id: 'T0FAKETEAM',
      api_app_id: 'A0FAKEAPP1',
      event: { type: 'app_mention', user: 'U0ALICE', channel: APPROVALS },
    });
    expect(envelope.event_id).toMatch(/^Ev/);
    expect(Number.isInteger(envelope.event_time)).toBe(true);
    expect(result.payload).toEqual(envelope);
    const ts = (envelope.event as { ts: string }).ts;
    expect(fake.state.message(APPROVALS, ts)).toMatchObject({ postedBy: 'user', user: 'U0ALICE' });
  });

  it('performs the URL verification handshake', async () => {
    const result = await driver.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    expect(JSON.parse(last().body)).toMatchObject({
      type: 'url_verification',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
    expect(result.json).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });
});

describe('signature variants', () => {
  const command = { text: 'status', userId: 'U0ALICE', channelId: APPROVALS };

  it('fails stale, future, forged, altered and unsigned requests and passes good ones', async () => {
    const cases = [
      [{}, true],
      [{ timestampOffsetSeconds: -299 }, true],
      [{ timestampOffsetSeconds: -301 }, false],
      [{ timestampOffsetSeconds: 301 }, false],
      [{ tamper: 'wrong-secret' }, false],
      [{ tamper: 'alter-body' }, false],
      [{ omitSignature: true }, false],
      [{ signatureVersion: 'v1' }, false],
    ] as const;
    for (const [options, expected] of cases) {
      const result = await driver.slashCommand(command, options);
      expect({ options, verified: last().verified, status: result.status }).toEqual({
        options,
        verified: expected,
        status: expected ? 200 : 401,
      });
    }
    expect(
      received.find((r) => r.headers['x-slack-signature'] === undefined)?.headers[
        'x-slack-request-timestamp'
      ],
    ).toBeDefined();
  });

  it('redelivers an event byte for byte with Slack retry headers', async () => {
    const first = await driver.event({
      type: 'message',
      userId: 'U0ALICE',
      channelId: APPROVALS,
      text: 'hello',
    });
    const again = await driver.send(first.request, { retryNum: 1, retryReason: 'http_timeout' });
    expect(again.status).toBe(200);
    const [original, retry] = received;
    expect(retry?.body).toBe(original?.body);
    expect(retry?.verified).toBe(true);
    expect(retry?.headers).toMatchObject({
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(original?.headers['x-slack-retry-num']).toBeUndefined();
  });

  it('sends the ssl_check probe unsigned', async () => {
    await driver.sslCheck();
    expect(last().body).toBe('ssl_check=1&token=fake-verification-token');
    expect(last().headers['x-slack-signature']).toBeUndefined();
  });

  it('flags answers that miss the acknowledgement deadline', async () => {
    const strict = createSlackDriver({
      targetUrl: `${receiverUrl}/slow`,
      signingSecret: SECRET,
      fake,
      deadlineMs: 5,
    });
    const result = await strict.urlVerification('c');
    expect(result.status).toBe(200);
    expect(result.withinDeadline).toBe(false);
    expect(result.elapsedMs).toBeGreaterThan(5);
  });
});
