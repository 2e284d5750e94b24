// The Teams driver against a real botbuilder bot (CloudAdapter + TeamsActivityHandler) that answers through the fake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsDriver, type TeamsDriver, type TeamsFake } from './index.ts';
import { startTestBot } from './teams-test-bot.ts';
import {
  APPROVALS,
  approvalCard,
  botAuthentication,
  DANA,
  NEMO,
  startSeededFake,
} from './teams-test-support.ts';

let fake: TeamsFake;
let bot: Awaited<ReturnType<typeof startTestBot>>;
let teams: TeamsDriver;
let release: () => void = () => {};

beforeAll(async () => {
  fake = await startSeededFake();
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  bot = await startTestBot(await botAuthentication(fake), held);
  teams = createTeamsDriver({ targetUrl: bot.url, fake });
});

afterAll(async () => {
  release();
  await bot.close();
  await fake.close();
});

/** Posts an approval card into the channel through the bot's own connector, as the service would. */
async function postCard(): Promise<string> {
  let id = '';
  const reference = bot.log.channelReference;
  if (!reference) throw new Error('install the bot first');
  await bot.adapter.continueConversationAsync(fake.options.appId, reference, async (context) => {
    id = (await context.sendActivity({ attachments: [approvalCard('Issue #42')] }))?.id ?? '';
  });
  return id;
}

describe('Teams driver', () => {
  it('installs the bot in a channel; the bot keeps the reference and posts there proactively', async () => {
    const result = await teams.installInChannel(APPROVALS);
    expect(result.status).toBe(200);
    expect(bot.log.channelReference?.conversation?.id).toBe(APPROVALS);
    expect(bot.log.channelReference?.serviceUrl).toBe(fake.serviceUrl);
    const cardId = await postCard();
    expect(fake.state.history(APPROVALS).map((message) => message.id)).toContain(cardId);
  });

  it('sends a mention as a new post; the bot strips the mention, looks the user up and replies in the thread', async () => {
    const result = await teams.mention(DANA, APPROVALS, 'history shop prod');
    expect(result.status).toBe(200);
    expect(result.request.headers.authorization).toMatch(/^Bearer /);
    expect(result.activity).toMatchObject({
      channelId: 'msteams',
      serviceUrl: fake.serviceUrl,
      conversation: { conversationType: 'channel', id: `${APPROVALS};messageid=${result.activity.id}` },
      channelData: { team: { id: fake.options.channels[0]?.teamId }, channel: { id: APPROVALS } },
    });
    const post = fake.state.message(APPROVALS, String(result.activity.id));
    expect(post?.from).toBe(DANA);
    const replies = fake.state.thread(APPROVALS, String(result.activity.id));
    expect(replies.map((reply) => fake.state.textOf(reply))).toEqual([
      'history shop prod for dba@example.com',
    ]);
  });

  it('sends a 1:1 message; the reply lands in the personal chat, without email for a user who has none', async () => {
    const result = await teams.personalMessage(NEMO, 'help');
    expect(result.status).toBe(200);
    const chat = fake.state.directConversations().find((conversation) => conversation.userId === NEMO);
    expect(chat && fake.state.history(chat.id).map((message) => fake.state.textOf(message))).toEqual([
      'help',
      'help for no email',
    ]);
  });

  it('clicks Action.Execute: the invoke answer carries the new card and the bot edits the message', async () => {
    const cardId = await postCard();
    const result = await teams.execute(DANA, APPROVALS, cardId, 'approve', { issueId: 42 });
    expect(result.status).toBe(200);
    expect(result.withinDeadline).toBe(true);
    expect(result.activity).toMatchObject({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: cardId,
      value: {
        action: { type: 'Action.Execute', verb: 'approve', data: { issueId: 42 } },
        trigger: 'manual',
      },
    });
    expect(result.json).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const card = fake.state.message(APPROVALS, cardId);
    expect(card?.edits).toBe(1);
    expect(card && fake.state.textOf(card)).toBe('approve by Dana DBA');
    expect(fake.state.invokeAnswers.at(-1)).toMatchObject({ userId: DANA, messageId: cardId, status: 200 });
  });

  it('clicks Action.Submit: the bot gets the data as value and its reply joins the card thread', async () => {
    const cardId = await postCard();
    const result = await teams.submit(NEMO, APPROVALS, cardId, { action: 'reject', issueId: 42 });
    expect(result.status).toBe(200);
    expect(bot.log.submitted.at(-1)).toEqual({ action: 'reject', issueId: 42 });
    expect(fake.state.thread(APPROVALS, cardId).map((message) => fake.state.textOf(message))).toEqual([
      'Submitted by Nemo',
    ]);
  });

  it('redelivers the same activity id re-signed, and replays the exact bytes', async () => {
    const cardId = await postCard();
    const first = await teams.submit(DANA, APPROVALS, cardId, { action: 'approve' });
    const replayed = await teams.replay(first);
    expect(replayed.request).toEqual(first.request);
    expect([first.status, replayed.status]).toEqual([200, 200]);
    // A redelivery carries a new token: one sent with an expired token goes through when redelivered.
    const stale = await teams.sendRaw(first.activity, fake.mintChannelToken({ expiresInSeconds: -600 }));
    const redelivered = await teams.redeliver(stale);
    expect([stale.status, redelivered.status]).toEqual([401, 200]);
    expect(redelivered.activity.id).toBe(first.activity.id);
    expect(bot.log.handled.filter((id) => id === first.activity.id)).toHaveLength(3);
  });

  it('sends unsigned and forged requests that the bot refuses before its logic runs', async () => {
    const cardId = await postCard();
    const click = await teams.submit(DANA, APPROVALS, cardId, { action: 'approve' });
    const handled = bot.log.handled.length;
    const forged = [
      null,
      fake.mintChannelToken({ aud: 'another-bot' }),
      fake.mintChannelToken({ signWithUnknownKey: true }),
      fake.mintChannelToken({ serviceUrl: 'https://smba.trafficmanager.net/amer/' }),
    ];
    for (const token of forged) expect((await teams.sendRaw(click.activity, token)).status).toBe(401);
    expect(bot.log.handled).toHaveLength(handled);
  });

  it('reports status 0 and a missed deadline when the service does not answer in time', async () => {
    const cardId = await postCard();
    const impatient = createTeamsDriver({ targetUrl: bot.url, fake, deadlineMs: 100, timeoutMs: 300 });
    const result = await impatient.execute(DANA, APPROVALS, cardId, 'hang', {});
    expect(result).toMatchObject({ status: 0, withinDeadline: false });
  });
});
