// Slack end to end: the chat contract, plus what only Slack has (signature replay memory, modals, handshakes).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeChatContract } from '../contracts/chat.ts';
import { type ChatHarness, startChatHarness } from '../support/chat-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import { createSlackKit, SLACK_USERS, type SlackKit } from './kits/slack-kit.ts';

describeChatContract('slack', createSlackKit);

describeRealDb('postgres', 'slack specifics', (url) => {
  let h: ChatHarness;
  let kit: SlackKit;
  beforeAll(async () => {
    kit = await createSlackKit();
    h = await startChatHarness({ adminUrl: url, kits: [kit], progressIntervalMs: 200 });
  });
  afterAll(async () => {
    await h?.close();
    await kit?.close();
  });

  const create = async (statement: string, type: 'schema' | 'data' = 'schema') => {
    const res = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'slack specifics',
      type,
      statement,
      targets: [{ environment: 'prod' }],
    });
    expect(res.status).toBe(201);
    return res.json.issue.id as number;
  };
  const issue = async (id: number) => (await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`)).json;

  it('answers URL verification and the unsigned SSL check, and refuses an unsigned challenge', async () => {
    const ok = await kit.driver().urlVerification('challenge-123');
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ challenge: 'challenge-123' });
    expect((await kit.driver().urlVerification('x', { omitSignature: true })).status).toBe(401);
    expect((await kit.driver().sslCheck()).status).toBe(200);
  });

  it('refuses a byte-for-byte replay of a signed click with 401', async () => {
    const id = await create('CREATE TABLE replayed (id bigint PRIMARY KEY);');
    const card = await h.until('card', () => kit.card(id));
    expect((await kit.click('dba', card, 'approve')).status).toBe(200);
    expect((await kit.replayLast()).status).toBe(401);
    await h.until('done', async () => (await issue(id)).issue.status === 'done');
  });

  it('asks a DBA for a reason before accepting review errors, and requires one', async () => {
    const id = await create('DELETE FROM t_missing;', 'data');
    const before = await issue(id);
    expect(before.issue.review.errorCount).toBeGreaterThan(0);
    const card = await h.until('card', () => kit.card(id));
    await kit.click('dba', card, 'approve');
    const view = await h.until('override modal', () =>
      kit.fake.state.views.find(
        (v) => v.userId === SLACK_USERS.dba && v.privateMetadata.includes(`"i":${id}`),
      ),
    );
    expect(JSON.stringify(view.blocks)).toContain('error(s)');
    expect((await issue(id)).issue.status).toBe('pending_approval');
    const empty = await kit.driver().viewSubmission({
      userId: SLACK_USERS.dba,
      viewId: view.id,
      values: { reason: { reason: { type: 'plain_text_input', value: '  ' } } },
    });
    expect(empty.json).toMatchObject({ response_action: 'errors' });
    expect((await issue(id)).issue.status).toBe('pending_approval');
    const sub = await kit.submitReason('dba', card, 'the table is empty in prod');
    expect(sub.status).toBe(200);
    await h.until('approved with an override', async () => {
      const v = await issue(id);
      return v.approvals[0].status === 'approved' ? v : null;
    });
    const v = await issue(id);
    expect(v.approvals.find((a: { overrideReason?: string }) => a.overrideReason)?.overrideReason).toBe(
      'the table is empty in prod',
    );
    await h.until('card shows the approval', () => kit.card(id)?.text.includes('approved by Dana DBA'));
  });

  it('answers a command written to the bot in its thread, once per event', async () => {
    const mention = await kit.driver().event({
      type: 'app_mention',
      userId: SLACK_USERS.dev,
      channelId: kit.channel,
      text: '<@U0FAKEBOT1> issues mine',
      eventId: 'Ev0MENTION1',
    });
    expect(mention.status).toBe(200);
    const ts = (mention.payload.event as { ts: string }).ts;
    const reply = await h.until('answer in the thread', () =>
      kit.fake.state.thread(kit.channel, ts).find((m) => m.postedBy === 'bot'),
    );
    expect(reply.text).toContain('Your issues');
    const again = await kit.driver().send(mention.request, { retryNum: 1, retryReason: 'http_timeout' });
    expect(again.status).toBe(200);
    const dm = await kit.driver().event({
      type: 'message',
      channelType: 'im',
      userId: SLACK_USERS.stranger,
      channelId: 'D0STRANGER',
      text: 'issues',
      eventId: 'Ev0DM1',
    });
    expect(dm.status).toBe(200);
    await Promise.all(h.service.chat.adapters.map((a) => a.drain()));
    expect(kit.fake.state.thread(kit.channel, ts).filter((m) => m.postedBy === 'bot')).toHaveLength(1);
    const toStranger = kit.fake.state
      .callsTo('chat.postMessage')
      .find((c) => c.args.channel === 'D0STRANGER');
    expect(JSON.stringify(toStranger?.args)).toContain('not a user of this workspace');
  });

  it('does not trust an email address Slack has not confirmed', async () => {
    kit.fake.state.users.set('U0UNCONFIRMED', {
      id: 'U0UNCONFIRMED',
      name: 'mallory',
      email: 'dba@example.com',
      emailConfirmed: false,
    });
    const id = await create('CREATE TABLE unconfirmed (id bigint PRIMARY KEY);');
    const card = await h.until('card', () => kit.card(id));
    const res = await kit.driver().blockAction({
      userId: 'U0UNCONFIRMED',
      channelId: kit.channel,
      messageTs: card.id,
      actionId: 'approve',
    });
    expect(res.status).toBe(200);
    await h.until('told why', () =>
      kit.fake.state.ephemerals.find((e) => e.user === 'U0UNCONFIRMED' && /no confirmed email/.test(e.text)),
    );
    await Promise.all(h.service.chat.adapters.map((a) => a.drain()));
    expect((await issue(id)).issue.status).toBe('pending_approval');
  });

  it('paces interim progress per channel across issues rolling out at once', async () => {
    const slow = (tag: string) =>
      Array.from(
        { length: 4 },
        (_, i) => `SELECT pg_sleep(0.3);\nCREATE TABLE paced_${tag}_${i} (id bigint PRIMARY KEY);`,
      ).join('\n');
    const ids = [await create(slow('a')), await create(slow('b'))];
    const cards = await Promise.all(ids.map((id) => h.until(`card ${id}`, () => kit.card(id))));
    const approvals = await Promise.all(
      ids.map((id) => h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, {})),
    );
    expect(approvals.map((a) => a.status)).toEqual([200, 200]);
    for (const [i, id] of ids.entries()) {
      await h.until(`issue ${id} done`, async () => (await issue(id)).issue.status === 'done', 60_000);
      await h.until(`summary of ${id}`, () =>
        kit.thread(cards[i]!).some((t) => t.includes('Rollout finished')),
      );
    }
    // Status writes (the thread's status message posted, then edited), per issue; each issue's last one is
    // its final state, which is never held back.
    const writes = kit.fake.state.calls.filter(
      (c) =>
        c.status === 200 &&
        (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
        c.args.channel === kit.channel &&
        /^Rollout of issue #/.test(String(c.args.text)),
    );
    const interim = ids.flatMap((id) => {
      const mine = writes.filter((c) => String(c.args.text).startsWith(`Rollout of issue #${id}`));
      return mine.slice(0, -1);
    });
    expect(interim.length).toBeGreaterThan(2);
    const times = interim.map((c) => c.at).sort((a, b) => a - b);
    // The service spaces them by 200 ms; the lower bound allows for the time a write takes to arrive.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(150);
  });
});
