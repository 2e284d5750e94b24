// Slack verify/parse units, and the boundary that keeps them free of core imports.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSlackBody } from '../../../adapters/chat/slack/parse.ts';
import { signSlackBody, verifySlackRequest } from '../../../adapters/chat/slack/verify.ts';

const secret = 'unit-secret';
const now = 1_700_000_000_000;
const ts = String(now / 1000);
const body = 'payload=%7B%7D';
const check = (over: Partial<Parameters<typeof verifySlackRequest>[0]>) =>
  verifySlackRequest({
    signingSecret: secret,
    timestamp: ts,
    signature: signSlackBody(secret, ts, body),
    rawBody: body,
    nowMs: now,
    ...over,
  });

describe('verifySlackRequest', () => {
  it('accepts a correctly signed request inside the window', () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({ nowMs: now + 300_000 })).toEqual({ ok: true });
  });
  it('refuses stale, future, tampered, wrongly signed, unversioned and unsigned requests', () => {
    expect(check({ nowMs: now + 301_000 }).ok).toBe(false);
    expect(check({ nowMs: now - 301_000 }).ok).toBe(false);
    expect(check({ rawBody: `${body}&x=1` }).ok).toBe(false);
    expect(check({ signature: signSlackBody('other', ts, body) }).ok).toBe(false);
    expect(check({ signature: signSlackBody(secret, ts, body).replace('v0=', 'v1=') }).ok).toBe(false);
    expect(check({ signature: null }).ok).toBe(false);
    expect(check({ timestamp: null }).ok).toBe(false);
    expect(check({ timestamp: 'abc' }).ok).toBe(false);
    expect(check({ signature: 'v0=short' }).ok).toBe(false);
  });
});

describe('parseSlackBody', () => {
  it('reads block_actions from the form payload field', () => {
    const payload = {
      type: 'block_actions',
      user: { id: 'U1' },
      channel: { id: 'C1' },
      container: { message_ts: '1.2', channel_id: 'C1' },
      response_url: 'https://hooks.slack.com/x',
      trigger_id: 't1',
      actions: [{ action_id: 'approve', value: '3:1:0', action_ts: '9.9' }],
    };
    expect(
      parseSlackBody(
        'application/x-www-form-urlencoded',
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      ),
    ).toEqual({
      kind: 'block_actions',
      userId: 'U1',
      channelId: 'C1',
      messageTs: '1.2',
      actionId: 'approve',
      value: '3:1:0',
      actionTs: '9.9',
      responseUrl: 'https://hooks.slack.com/x',
      triggerId: 't1',
    });
  });
  it('reads view submissions with their typed values', () => {
    const payload = {
      type: 'view_submission',
      user: { id: 'U1' },
      view: {
        id: 'V1',
        callback_id: 'cb',
        private_metadata: '{"i":1}',
        state: { values: { reason: { reason: { type: 'plain_text_input', value: 'no' } } } },
      },
    };
    const parsed = parseSlackBody(
      'application/x-www-form-urlencoded',
      `payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
    expect(parsed).toEqual({
      kind: 'view_submission',
      userId: 'U1',
      viewId: 'V1',
      callbackId: 'cb',
      privateMetadata: '{"i":1}',
      values: { reason: { reason: 'no' } },
    });
  });
  it('reads slash commands from flat fields', () => {
    const form = new URLSearchParams({
      command: '/bytebase',
      text: 'history shop prod',
      user_id: 'U1',
      channel_id: 'C1',
      response_url: 'r',
      trigger_id: 't',
    });
    expect(parseSlackBody('application/x-www-form-urlencoded', form.toString())).toEqual({
      kind: 'command',
      command: '/bytebase',
      text: 'history shop prod',
      userId: 'U1',
      channelId: 'C1',
      responseUrl: 'r',
      triggerId: 't',
    });
  });
  it('reads JSON url_verification and event callbacks, and says what it does not support', () => {
    expect(parseSlackBody('application/json', '{"type":"url_verification","challenge":"abc"}')).toEqual({
      kind: 'url_verification',
      challenge: 'abc',
    });
    expect(
      parseSlackBody(
        'application/json',
        '{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","user":"U1","channel":"C1","text":"<@U0B> issues","ts":"1.2"}}',
      ),
    ).toEqual({
      kind: 'event',
      eventId: 'Ev1',
      type: 'app_mention',
      userId: 'U1',
      channelId: 'C1',
      channelType: null,
      text: '<@U0B> issues',
      ts: '1.2',
      threadTs: null,
      botId: null,
      subtype: null,
    });
    expect(parseSlackBody('application/json', '{oops').kind).toBe('unsupported');
    expect(parseSlackBody('text/plain', 'x').kind).toBe('unsupported');
    expect(parseSlackBody('application/x-www-form-urlencoded', 'payload=%7Bbad').kind).toBe('unsupported');
  });
});

describe('inbound boundary', () => {
  it('keeps verify.ts and parse.ts free of core, store and SDK imports', () => {
    for (const file of ['verify.ts', 'parse.ts']) {
      const source = readFileSync(new URL(`../../../adapters/chat/slack/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
      expect(imports.filter((i) => !i!.startsWith('node:'))).toEqual([]);
    }
  });
});
