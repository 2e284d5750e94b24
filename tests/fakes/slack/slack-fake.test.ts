// The Slack fake's Web API (auth, messages, users), exercised through the real @slack/web-api WebClient.
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
import type { SlackFake } from './index.ts';

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

describe('authentication', () => {
  it('answers auth.test with the bot identity Bolt reads at start-up', async () => {
    const result = await client().auth.test();
    expect(result).toMatchObject({
      ok: true,
      team_id: 'T0FAKETEAM',
      user_id: 'U0FAKEBOT1',
      bot_id: 'B0FAKEBOT1',
    });
    expect(result.url).toBe('https://fake-workspace.slack.com/');
    expect(result.response_metadata?.scopes).toContain('chat:write');
  });

  it('answers not_authed without a token and invalid_auth with a wrong one, both with HTTP 200', async () => {
    expect((await failure(client({}, null).auth.test())).data?.error).toBe('not_authed');
    expect((await failure(client({}, 'xoxb-wrong').auth.test())).data?.error).toBe('invalid_auth');
    expect(fake.state.calls.map((call) => call.status)).toEqual([200, 200]);
  });
});

describe('messages', () => {
  it('posts a card with blocks, threads replies under it and hands out increasing ts values', async () => {
    const web = client();
    const posted = await web.chat.postMessage({
      channel: APPROVALS,
      text: 'Issue #42 needs approval',
      blocks: card,
    });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.channel).toBe(APPROVALS);
    expect(posted.message?.blocks).toEqual(card);
    const ts = posted.ts as string;
    const first = await web.chat.postMessage({ channel: APPROVALS, thread_ts: ts, text: 'stage test: done' });
    const second = await web.chat.postMessage({
      channel: APPROVALS,
      thread_ts: ts,
      text: 'stage prod: done',
    });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));

    expect(fake.state.history(APPROVALS).map((m) => m.ts)).toEqual([ts]);
    expect(fake.state.thread(APPROVALS, ts).map((m) => m.text)).toEqual([
      'stage test: done',
      'stage prod: done',
    ]);
    const call = fake.state.callsTo('chat.postMessage')[0];
    expect(call?.contentType).toBe('application/x-www-form-urlencoded');
    expect(call?.args.blocks).toEqual(card);
    expect(call?.headers.authorization).toBe(`Bearer ${TOKEN}`);

    const replies = await web.conversations.replies({ channel: APPROVALS, ts });
    expect(replies.messages?.map((m) => m.text)).toEqual([
      'Issue #42 needs approval',
      'stage test: done',
      'stage prod: done',
    ]);
    expect(replies.messages?.[0]).toMatchObject({ reply_count: 2, latest_reply: second.ts });
  });

  it('resolves channels like Slack: by name, user id to DM, unknown and not-a-member channels fail', async () => {
    const web = client();
    expect((await web.chat.postMessage({ channel: '#db-approvals', text: 'by name' })).channel).toBe(
      APPROVALS,
    );
    const dm = await web.chat.postMessage({ channel: 'U0ALICE', text: 'direct' });
    expect(dm.channel).toMatch(/^D/);
    expect((await failure(web.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).data?.error).toBe(
      'channel_not_found',
    );
    expect((await failure(web.chat.postMessage({ channel: 'C0PRIVATE', text: 'x' }))).data?.error).toBe(
      'channel_not_found',
    );
    expect((await failure(web.chat.postMessage({ channel: APPROVALS, text: '' }))).data?.error).toBe(
      'no_text',
    );
  });

  it('updates a card in place, keeps the edit history and refuses what Slack refuses', async () => {
    const web = client();
    const posted = await web.chat.postMessage({ channel: APPROVALS, text: 'pending', blocks: card });
    const ts = posted.ts as string;
    const approved = [
      { type: 'section', block_id: 'summary-2', text: { type: 'mrkdwn', text: 'Approved by alice' } },
    ];
    const updated = await web.chat.update({ channel: APPROVALS, ts, text: 'approved', blocks: approved });
    expect(updated).toMatchObject({ ok: true, channel: APPROVALS, ts, text: 'approved' });
    await web.chat.update({ channel: APPROVALS, ts, text: 'approved (rolled out)' });

    const message = fake.state.message(APPROVALS, ts);
    expect(message?.text).toBe('approved (rolled out)');
    expect(message?.blocks).toEqual(approved); // omitted blocks are kept
    expect(message?.edits.map((edit) => edit.text)).toEqual(['pending', 'approved']);
    expect(fake.state.history(APPROVALS)).toHaveLength(1);

    const missing = await failure(
      web.chat.update({ channel: APPROVALS, ts: '1712318400.999999', text: 'x' }),
    );
    expect(missing.data?.error).toBe('message_not_found');
    const human = fake.state.addUserMessage({ channel: APPROVALS, user: 'U0BOB', text: 'please approve' });
    expect(
      (await failure(web.chat.update({ channel: APPROVALS, ts: human.ts, text: 'x' }))).data?.error,
    ).toBe('cant_update_message');
  });

  it('posts ephemeral messages to members only and keeps them out of the history', async () => {
    const web = client();
    const result = await web.chat.postEphemeral({
      channel: APPROVALS,
      user: 'U0BOB',
      text: 'only you can see this',
    });
    expect(result.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.state.ephemerals).toMatchObject([
      { channel: APPROVALS, user: 'U0BOB', text: 'only you can see this' },
    ]);
    expect(fake.state.history(APPROVALS)).toHaveLength(0);
    const outsider = await failure(web.chat.postEphemeral({ channel: 'C0SMALL', user: 'U0BOB', text: 'x' }));
    expect(outsider.data?.error).toBe('user_not_in_channel');
  });

  it('opens one DM per user and posts into it', async () => {
    const web = client();
    const opened = await web.conversations.open({ users: 'U0ALICE' });
    const again = await web.conversations.open({ users: 'U0ALICE' });
    expect(opened.channel?.id).toMatch(/^D/);
    expect(again).toMatchObject({ channel: { id: opened.channel?.id }, already_open: true });
    await web.chat.postMessage({ channel: opened.channel?.id as string, text: 'please review issue #42' });
    expect(fake.state.history(opened.channel?.id as string).map((m) => m.text)).toEqual([
      'please review issue #42',
    ]);
    expect((await failure(web.conversations.open({ users: 'U0NOBODY' }))).data?.error).toBe('user_not_found');
  });
});

describe('users', () => {
  it('returns profiles with email only for users that have one, and looks users up by email', async () => {
    const web = client();
    const alice = await web.users.info({ user: 'U0ALICE' });
    expect(alice.user).toMatchObject({
      id: 'U0ALICE',
      name: 'alice',
      real_name: 'Alice DBA',
      is_bot: false,
      deleted: false,
    });
    expect(alice.user?.profile).toMatchObject({
      email: 'alice@example.com',
      real_name: 'Alice DBA',
      display_name: 'alice',
    });
    expect((await web.users.info({ user: 'U0BOB' })).user?.profile?.email).toBeUndefined();
    expect((await failure(web.users.info({ user: 'U0NOBODY' }))).data?.error).toBe('user_not_found');
    expect((await web.users.lookupByEmail({ email: 'ALICE@example.com' })).user?.id).toBe('U0ALICE');
    expect((await failure(web.users.lookupByEmail({ email: 'x@example.com' }))).data?.error).toBe(
      'users_not_found',
    );
  });

  it('hides email without users:read.email and refuses lookupByEmail with missing_scope', async () => {
    fake.state.scopes = fake.state.scopes.filter((scope) => scope !== 'users:read.email');
    const web = client();
    expect((await web.users.info({ user: 'U0ALICE' })).user?.profile?.email).toBeUndefined();
    const refused = await failure(web.users.lookupByEmail({ email: 'alice@example.com' }));
    expect(refused.data).toMatchObject({ error: 'missing_scope', needed: 'users:read.email' });
  });

  it('accepts JSON bodies where Slack does, and ignores them for users.info', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const posted = await postJson(
      `${fake.apiUrl}chat.postMessage`,
      { channel: APPROVALS, text: 'json', blocks: card },
      auth,
    );
    expect(posted.body).toMatchObject({ ok: true, channel: APPROVALS });
    expect(fake.state.history(APPROVALS)[0]?.blocks).toEqual(card);
    const info = await postJson(`${fake.apiUrl}users.info`, { user: 'U0ALICE' }, auth);
    expect(info.body).toEqual({ ok: false, error: 'user_not_found' });
  });
});
