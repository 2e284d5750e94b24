// Teams end to end: the chat contract, plus what only Teams has (Action.Submit, mentions, personal chats, tenants, manifest).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpMessage } from '../../src/core/chat/commands.ts';
import { describeChatContract } from '../contracts/chat.ts';
import { type ChatHarness, startChatHarness } from '../support/chat-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import {
  actionsOf,
  cardContent,
  createTeamsKit,
  TEAMS_CHANNEL,
  TEAMS_USERS,
  type TeamsKit,
} from './kits/teams-kit.ts';

describeChatContract('teams', createTeamsKit);

type Json = Record<string, unknown>;

describeRealDb('postgres', 'teams specifics', (url) => {
  let h: ChatHarness;
  let kit: TeamsKit;
  beforeAll(async () => {
    kit = await createTeamsKit();
    h = await startChatHarness({ adminUrl: url, kits: [kit], progressIntervalMs: 200 });
  });
  afterAll(async () => {
    await h?.close();
    await kit?.close();
  });

  let seq = 0;
  const create = async (env = 'prod') => {
    seq += 1;
    const res = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: `teams ${seq}`,
      type: 'schema',
      statement: `CREATE TABLE teams_${seq} (id bigint PRIMARY KEY);`,
      targets: [{ environment: env }],
    });
    expect(res.status).toBe(201);
    return res.json.issue.id as number;
  };
  const status = async (id: number) =>
    (await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`)).json.issue.status as string;
  const stepData = (id: number) => {
    const approve = actionsOf(cardContent(kit.message(id))).find((a) => a.verb === 'approve');
    return approve?.data as Json;
  };
  const personalHistory = (user: keyof typeof TEAMS_USERS) => {
    const id = kit.fake.state.directConversations().find((c) => c.userId === TEAMS_USERS[user])?.id;
    return id
      ? kit.fake.state.history(id).map((m) => ({ from: m.from, text: kit.fake.state.textOf(m) }))
      : [];
  };

  it('answers an Action.Execute approval with the refreshed card, without buttons', async () => {
    const id = await create();
    const card = await h.until('card', () => kit.card(id));
    const res = await kit.driver().execute(TEAMS_USERS.dba, TEAMS_CHANNEL, card.id, 'approve', stepData(id));
    expect(res.status).toBe(200);
    const answer = res.json as { statusCode: number; type: string; value: Json };
    expect(answer.statusCode).toBe(200);
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(answer.value.version).toBe('1.5');
    expect(actionsOf(answer.value).some((a) => a.verb === 'approve')).toBe(false);
    expect(JSON.stringify(answer.value)).toMatch(/approved by Dana DBA|Approved by Dana DBA|running|done/);
    await h.until('done', async () => (await status(id)) === 'done');
  });

  it('acts on the Action.Submit fallback and tells refusals in a private chat', async () => {
    const id = await create();
    const card = await h.until('card', () => kit.card(id));
    const refused = await kit
      .driver()
      .submit(TEAMS_USERS.dev, TEAMS_CHANNEL, card.id, { ...stepData(id), verb: 'approve' });
    expect(refused.status).toBe(200);
    await h.until('refusal in the private chat', () =>
      personalHistory('dev').some((m) => /needs a DBA/.test(m.text)),
    );
    expect(await status(id)).toBe('pending_approval');
    const ok = await kit
      .driver()
      .submit(TEAMS_USERS.dba, TEAMS_CHANNEL, card.id, { ...stepData(id), verb: 'approve' });
    expect(ok.status).toBe(200);
    await h.until('done', async () => (await status(id)) === 'done');
    await h.until('card updated', () => kit.card(id)?.text.includes('approved by Dana DBA'));
  });

  it('reads a command from a mention with markup, and ignores channel messages not addressed to the bot', async () => {
    const driver = kit.driver();
    const base = (await driver.mention(TEAMS_USERS.dev, TEAMS_CHANNEL, 'help')).activity;
    const before = personalHistory('dev').length;
    const marked = await driver.sendRaw(
      { ...base, id: `${base.id}1`, text: '<at>Bytebase</at>&nbsp;<p>issue&nbsp;1</p>' },
      kit.fake.mintChannelToken(),
    );
    expect(marked.status).toBe(200);
    const answer = await h.until('answer to the marked-up mention', () => personalHistory('dev')[before + 1]);
    expect(answer.text).toContain('Issue #1');
    const unaddressed = await driver.sendRaw(
      { ...base, id: `${base.id}2`, text: 'issue 1', entities: [] },
      kit.fake.mintChannelToken(),
    );
    expect(unaddressed.status).toBe(200);
    await h.service.chat.adapters.find((a) => a.platform === 'teams')!.drain();
    expect(personalHistory('dev')).toHaveLength(before + 2);
  });

  it('answers a command in the personal chat it was asked in', async () => {
    const res = await kit.driver().personalMessage(TEAMS_USERS.dba, 'issues pending');
    expect(res.status).toBe(200);
    const reply = await h.until('reply in the personal chat', () =>
      personalHistory('dba').find((m) => m.from === kit.fake.botId && m.text.includes('Waiting for you')),
    );
    expect(reply.text).toContain('Waiting for you');
  });

  it('refuses unauthenticated requests and activities from another tenant', async () => {
    const id = await create();
    const card = await h.until('card', () => kit.card(id));
    const driver = kit.driver();
    const click = await driver.execute(TEAMS_USERS.dev, TEAMS_CHANNEL, card.id, 'refresh', stepData(id));
    const unsigned = await driver.sendRaw({ ...click.activity, id: 'f:1' }, null);
    expect(unsigned.status).toBe(401);
    const other = { id: '00000000-0000-4000-8000-0000000000bb' };
    const foreign = await driver.sendRaw(
      {
        ...click.activity,
        id: 'f:2',
        value: { action: { type: 'Action.Execute', verb: 'approve', data: stepData(id) } },
        conversation: { ...(click.activity.conversation as Json), tenantId: other.id },
        channelData: { ...(click.activity.channelData as Json), tenant: other },
      },
      kit.fake.mintChannelToken(),
    );
    expect(foreign.status).toBe(403);
    expect(await status(id)).toBe('pending_approval');
  });
});

describe('teams app manifest', () => {
  const manifest = JSON.parse(readFileSync('manifests/teams/manifest.json', 'utf8')) as Json & {
    bots: { botId: string; scopes: string[]; commandLists: { commands: { title: string }[] }[] }[];
  };
  it('names the bot by the app id placeholder and lists every command the service answers', () => {
    expect(manifest.id).toBe('{{TEAMS_APP_ID}}');
    expect(manifest.bots[0]!.botId).toBe('{{TEAMS_APP_ID}}');
    expect(manifest.bots[0]!.scopes).toEqual(expect.arrayContaining(['team', 'personal']));
    expect(manifest.validDomains).toEqual(['{{PUBLIC_HOST}}']);
    const titles = manifest.bots[0]!.commandLists[0]!.commands.map((c) => c.title).sort();
    const verbs = helpMessage()
      .lines.map((l) => /^`\/bytebase (\w+)/.exec(l)?.[1])
      .filter((v): v is string => Boolean(v))
      .sort();
    expect(titles).toEqual(verbs);
  });
  it('ships the icons Teams asks for: 192×192 colour and 32×32 outline PNGs', () => {
    const size = (file: string) => {
      const png = readFileSync(`manifests/teams/${file}`);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    expect(size((manifest.icons as Json).color as string)).toEqual([192, 192]);
    expect(size((manifest.icons as Json).outline as string)).toEqual([32, 32]);
  });
});
