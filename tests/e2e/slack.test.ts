// Slack end to end: cards, clicks, modals, progress threads and commands against the loopback fake.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeMessage } from '../fakes/slack/index.ts';
import { CHANNEL, type ChatHarness, SLACK_USERS, startChatHarness } from '../support/chat-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';

const textOf = (m: { text: string; blocks?: unknown[] } | undefined) =>
  `${m?.text ?? ''}\n${JSON.stringify(m?.blocks ?? [])}`;
const hasButtons = (m: FakeMessage | undefined) =>
  (m?.blocks ?? []).some((b) => (b as { type: string }).type === 'actions');

describeRealDb('postgres', 'slack approvals', (url) => {
  let h: ChatHarness;
  let seq = 0;
  beforeAll(async () => {
    h = await startChatHarness({ adminUrl: url, progressIntervalMs: 200 });
  });
  afterAll(async () => h?.close());

  const create = async (token: string, env: string, statement?: string) => {
    seq += 1;
    const res = await h.api(token, 'POST', '/api/v1/projects/shop/issues', {
      title: `change ${seq}`,
      type: 'schema',
      statement: statement ?? `CREATE TABLE t_${seq} (id bigint PRIMARY KEY);`,
      targets: [{ environment: env }],
    });
    expect(res.status).toBe(201);
    return res.json.issue.id as number;
  };
  const cardOf = (id: number) =>
    h.until(`card of issue ${id}`, () =>
      h.fake.state.history(CHANNEL).find((m) => m.text.startsWith(`Issue #${id} `)),
    );
  const issue = async (id: number) => (await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`)).json;
  const click = (user: string, card: FakeMessage, actionId: 'approve' | 'reject') =>
    h.slack.blockAction({ userId: user, channelId: CHANNEL, messageTs: card.ts, actionId });
  const ephemeralFor = (user: string, pattern: RegExp) =>
    h.until(`ephemeral for ${user} matching ${pattern}`, () =>
      h.fake.state.ephemerals.find((e) => e.user === user && pattern.test(textOf(e))),
    );
  const approveAudits = async (id: number) =>
    (await h.service.store.audit.list({ resourceType: 'issue', resourceId: String(id) })).filter(
      (a) => a.action === 'issue.approve',
    );

  it('posts the card, DMs the approver, and a DBA click rolls out with progress in the thread', async () => {
    const id = await create(h.tokens.dev, 'prod');
    const card = await cardOf(id);
    expect(hasButtons(card)).toBe(true);
    expect(textOf(card)).toContain('waiting for a DBA (Dana DBA)');
    expect(textOf(card)).toContain(`https://bytebase.example.com/#/issues/${id}`);
    const dm = await h.until('DM to the DBA', () =>
      h.fake.state.callsTo('conversations.open').find((c) => c.args.users === SLACK_USERS.dba),
    );
    expect(dm.status).toBe(200);

    const res = await click(SLACK_USERS.dba, card, 'approve');
    expect(res.status).toBe(200);
    expect(res.withinDeadline).toBe(true);

    const done = await h.until('rollout done', async () => {
      const v = await issue(id);
      return v.issue.status === 'done' ? v : null;
    });
    expect(done.approvals[0]).toMatchObject({
      status: 'approved',
      channel: 'slack',
      decidedBy: { email: 'dba@example.com' },
    });
    const thread = await h.until('final summary', () => {
      const replies = h.fake.state.thread(CHANNEL, card.ts);
      return replies.some((r) => r.text.includes('Rollout finished')) ? replies : null;
    });
    expect(thread[0]!.text).toContain(`Rollout of issue #${id}`);
    expect(thread[0]!.text).toMatch(/✅ prod · \S+_prod_shop: done/);
    expect(thread.at(-1)!.text).toContain('1 of 1 task(s) done');
    const final = await h.until('card updated', () => {
      const m = h.fake.state.message(CHANNEL, card.ts);
      return m && !hasButtons(m) && textOf(m).includes('approved by Dana DBA') ? m : null;
    });
    expect(final.edits.length).toBeGreaterThan(0);
    const rows = await h.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 't_${seq}'`,
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('Reject opens a modal and the submitted reason rejects the issue', async () => {
    const id = await create(h.tokens.dev, 'test');
    const card = await cardOf(id);
    expect(textOf(card)).toContain('waiting for a project owner (Olivia Owner)');
    expect((await click(SLACK_USERS.owner, card, 'reject')).status).toBe(200);
    const view = await h.until('reason modal', () =>
      h.fake.state.views.find((v) => v.userId === SLACK_USERS.owner),
    );
    expect((await issue(id)).issue.status).toBe('pending_approval');
    const sub = await h.slack.viewSubmission({
      userId: SLACK_USERS.owner,
      viewId: view.id,
      values: { reason: { reason: { type: 'plain_text_input', value: 'needs an index first' } } },
    });
    expect(sub.status).toBe(200);
    const rejected = await h.until('rejected', async () => {
      const v = await issue(id);
      return v.issue.status === 'rejected' ? v : null;
    });
    expect(rejected.issue.rejectReason).toBe('needs an index first');
    expect(rejected.approvals[0]).toMatchObject({ status: 'rejected', channel: 'slack' });
    await h.until('card shows the rejection', () => {
      const m = h.fake.state.message(CHANNEL, card.ts);
      return (
        m &&
        !hasButtons(m) &&
        textOf(m).includes('Rejected by Olivia Owner') &&
        textOf(m).includes('needs an index first')
      );
    });
  });

  it('refuses unauthorised, unmapped and self-approving clickers, each told why', async () => {
    const id = await create(h.tokens.owner, 'test');
    const card = await cardOf(id);
    await click(SLACK_USERS.dev, card, 'approve');
    await ephemeralFor(SLACK_USERS.dev, /needs a project owner; you are not one/);
    await click(SLACK_USERS.stranger, card, 'approve');
    await ephemeralFor(SLACK_USERS.stranger, /sam@elsewhere\.example is not a user of this workspace/);
    await click(SLACK_USERS.noEmail, card, 'approve');
    await ephemeralFor(SLACK_USERS.noEmail, /no confirmed email address/);
    await click(SLACK_USERS.owner, card, 'approve');
    await ephemeralFor(SLACK_USERS.owner, /self-approval is off/);
    await click(SLACK_USERS.dev, card, 'reject');
    await ephemeralFor(SLACK_USERS.dev, /needs a project owner/);
    const v = await issue(id);
    expect(v.issue.status).toBe('pending_approval');
    expect(v.approvals[0].status).toBe('pending');
    expect(h.fake.state.views.filter((x) => x.userId === SLACK_USERS.dev)).toHaveLength(0);
    await h.api(h.tokens.owner, 'POST', `/api/v1/issues/${id}/cancel`);
    await h.until('card shows the cancel', () => {
      const m = h.fake.state.message(CHANNEL, card.ts);
      return m && !hasButtons(m) && textOf(m).includes('Canceled');
    });
  });

  it('acts once on double clicks and redeliveries, and tells the second click who decided', async () => {
    const id = await create(h.tokens.dev, 'prod');
    const card = await cardOf(id);
    const [a, b] = await Promise.all([
      click(SLACK_USERS.dba, card, 'approve'),
      click(SLACK_USERS.dba, card, 'approve'),
    ]);
    const again = await h.slack.send(a.request, { retryNum: 1, retryReason: 'http_timeout' });
    expect([a.status, b.status, again.status]).toEqual([200, 200, 200]);
    await h.until('approved', async () =>
      ['approved', 'running', 'done'].includes((await issue(id)).issue.status),
    );
    await ephemeralFor(SLACK_USERS.dba, /Already approved by Dana DBA/);
    await h.until('rollout done', async () => (await issue(id)).issue.status === 'done');
    await h.service.chat.adapters[0]!.drain();
    expect(await approveAudits(id)).toHaveLength(1);
  });

  it('refuses forged, stale, future, unsigned and replayed requests with 401 and no effect', async () => {
    const id = await create(h.tokens.dev, 'prod');
    const card = await cardOf(id);
    const input = { userId: SLACK_USERS.dba, channelId: CHANNEL, messageTs: card.ts, actionId: 'approve' };
    const variants = [
      { tamper: 'wrong-secret' as const },
      { tamper: 'alter-body' as const },
      { timestampOffsetSeconds: -301 },
      { timestampOffsetSeconds: 301 },
      { omitSignature: true },
      { omitSignature: true, omitTimestamp: true },
      { signatureVersion: 'v1' },
    ];
    for (const v of variants) expect((await h.slack.blockAction(input, v)).status).toBe(401);
    await h.service.chat.adapters[0]!.drain();
    expect((await issue(id)).issue.status).toBe('pending_approval');
    expect(await approveAudits(id)).toHaveLength(0);

    const real = await h.slack.blockAction(input);
    expect(real.status).toBe(200);
    // The same bytes and headers again, inside the signature window: a replay.
    const replay = await fetch(`${h.baseUrl}/hooks/slack`, {
      method: 'POST',
      headers: real.request.headers,
      body: real.request.body,
    });
    expect(replay.status).toBe(401);
    await h.until('rollout done', async () => (await issue(id)).issue.status === 'done');
    await h.service.chat.adapters[0]!.drain();
    expect(await approveAudits(id)).toHaveLength(1);
  });

  it('survives 429 answers: an API decision updates the card and every progress message arrives', async () => {
    const id = await create(h.tokens.dev, 'prod');
    const card = await cardOf(id);
    h.fake.state.injectRateLimit('chat.update', { count: 2, retryAfterSeconds: 1 });
    h.fake.state.injectRateLimit('chat.postMessage', { count: 2, retryAfterSeconds: 1 });
    const res = await h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, {});
    expect(res.status).toBe(200);
    await h.until('rollout done', async () => (await issue(id)).issue.status === 'done');
    const thread = await h.until(
      'summary after 429s',
      () => {
        const replies = h.fake.state.thread(CHANNEL, card.ts);
        return replies.some((r) => r.text.includes('Rollout finished')) ? replies : null;
      },
      60_000,
    );
    expect(thread[0]!.text).toContain(`Rollout of issue #${id}`);
    await h.until(
      'card updated after 429s',
      () => {
        const m = h.fake.state.message(CHANNEL, card.ts);
        return m && !hasButtons(m) && textOf(m).includes('approved by Dana DBA');
      },
      60_000,
    );
    expect(h.fake.state.calls.filter((c) => c.status === 429).length).toBe(4);
  });

  it('answers /bytebase commands ephemerally with the asking user’s access', async () => {
    const db = h.names.prod!;
    const history = await h.slack.slashCommand({
      userId: SLACK_USERS.dev,
      channelId: CHANNEL,
      text: `history ${db} prod --limit 5`,
    });
    expect(history.status).toBe(200);
    const answer = history.json as { response_type: string; text: string };
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain(`History of ${db}`);
    expect(answer.text).toMatch(/schema · done · issue #\d+ · approved by Dana DBA · CREATE TABLE t_\d+/);
    expect(answer.text.split('\n').filter((l) => l.includes(' · done · ')).length).toBe(4);

    const outsider = await h.slack.slashCommand({
      userId: SLACK_USERS.dev2,
      channelId: CHANNEL,
      text: `history ${db}`,
    });
    expect((outsider.json as { text: string }).text).toContain('that you can see');
    const pending = await h.slack.slashCommand({
      userId: SLACK_USERS.dba,
      channelId: CHANNEL,
      text: 'issues pending',
    });
    expect((pending.json as { text: string }).text).toContain('Waiting for you');
    const one = await h.slack.slashCommand({ userId: SLACK_USERS.dev, channelId: CHANNEL, text: 'issue 1' });
    expect((one.json as { text: string }).text).toContain('Issue #1: change 1');
    const review = await h.slack.slashCommand({
      userId: SLACK_USERS.dev,
      channelId: CHANNEL,
      text: 'review postgres DELETE FROM t;',
    });
    expect((review.json as { text: string }).text).toMatch(/statement\.where\.require/);
    const help = await h.slack.slashCommand({
      userId: SLACK_USERS.stranger,
      channelId: CHANNEL,
      text: 'help',
    });
    expect((help.json as { text: string }).text).toContain('/bytebase history');
    const unmapped = await h.slack.slashCommand({
      userId: SLACK_USERS.stranger,
      channelId: CHANNEL,
      text: 'issues',
    });
    expect((unmapped.json as { text: string }).text).toContain('not a user of this workspace');
  });
});
