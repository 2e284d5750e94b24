// Feishu/Lark end to end: the chat contract, plus what only Feishu has (URL challenge, token check, commands as messages).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeChatContract } from '../contracts/chat.ts';
import type { FeishuSendResult } from '../fakes/feishu/index.ts';
import { type ChatHarness, startChatHarness } from '../support/chat-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import { createFeishuKit, FEISHU_CHAT, FEISHU_USERS, type FeishuKit } from './kits/feishu-kit.ts';

describeChatContract('feishu', createFeishuKit);

describeRealDb('postgres', 'feishu specifics', (url) => {
  let h: ChatHarness;
  let kit: FeishuKit;
  beforeAll(async () => {
    kit = await createFeishuKit();
    h = await startChatHarness({ adminUrl: url, kits: [kit], progressIntervalMs: 200 });
  });
  afterAll(async () => {
    await h?.close();
    await kit?.close();
  });

  const drain = () => Promise.all(h.service.chat.adapters.map((a) => a.drain()));
  const messageIdOf = (r: FeishuSendResult) =>
    String(((r.payload.event as Record<string, unknown>).message as Record<string, unknown>).message_id);
  const answerTo = (r: FeishuSendResult) =>
    h.until('the bot’s answer', () => {
      const reply = kit.fake.state.thread(messageIdOf(r)).find((m) => m.sender.type === 'app');
      return reply ? kit.fake.state.textOf(reply) : null;
    });
  const issue = async (id: number) => (await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`)).json;

  it('answers the URL challenge, unsigned or signed, only with the right token and key', async () => {
    const accepted = [
      // As Feishu sends it with an encrypt key set: encrypted, without signature headers.
      { omitSignature: true },
      { omitSignature: false },
      { encrypt: false, omitSignature: false },
    ];
    for (const options of accepted) {
      const res = await kit.driver().challenge(options);
      expect(res.status, JSON.stringify(options)).toBe(200);
      expect(res.json).toEqual({ challenge: res.payload.challenge });
    }
    const refused = [
      { tamper: 'wrong-token' as const, omitSignature: true },
      { tamper: 'wrong-token' as const, omitSignature: false },
      { tamper: 'wrong-encrypt-key' as const, omitSignature: true },
      { tamper: 'wrong-signature' as const, omitSignature: false },
      { timestampOffsetSeconds: -301, omitSignature: false },
      // Plain JSON with nothing signed proves nothing once an encrypt key is set.
      { encrypt: false, omitSignature: true },
    ];
    for (const options of refused) {
      const res = await kit.driver().challenge(options);
      expect(res.status, JSON.stringify(options)).toBe(401);
      expect(res.body).not.toContain(String(res.payload.challenge));
    }
  });

  it('refuses a click carrying another verification token even though it is correctly signed', async () => {
    const res = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'token check',
      type: 'schema',
      statement: 'CREATE TABLE token_check (id bigint PRIMARY KEY);',
      targets: [{ environment: 'prod' }],
    });
    const id = res.json.issue.id as number;
    const card = await h.until('card', () => kit.card(id));
    const [forged] = kit
      .forgeries('dba', card, 'approve')
      .filter((f) => f.name.includes('verification token'));
    expect((await forged!.send()).status).toBe(401);
    await drain();
    expect((await issue(id)).issue.status).toBe('pending_approval');
    expect(kit.noticesTo('dba').some((t) => t.includes('Approved'))).toBe(false);
    await h.api(h.tokens.dev, 'POST', `/api/v1/issues/${id}/cancel`);
  });

  it('takes commands as messages to the bot: p2p with or without /bytebase, and @mentions in a group', async () => {
    const db = h.names.prod!;
    const slash = await kit.driver().message(FEISHU_USERS.dev, { text: `/bytebase history ${db} prod` });
    expect(slash.status).toBe(200);
    expect(slash.withinDeadline).toBe(true);
    expect(await answerTo(slash)).toContain(`History of ${db}`);

    const bare = await kit.driver().message(FEISHU_USERS.dev, { text: `history ${db} prod` });
    expect(await answerTo(bare)).toContain(`History of ${db}`);

    // In a group the answer goes to the asker alone; the group is told where it went.
    const dmsBefore = kit.fake.state.direct(FEISHU_USERS.dev).length;
    const group = await kit.driver().message(FEISHU_USERS.dev, {
      chatId: FEISHU_CHAT,
      text: `/bytebase history ${db} prod`,
    });
    expect(group.status).toBe(200);
    expect(await answerTo(group)).toContain('direct message');
    expect(await answerTo(group)).not.toContain(db);
    const dm = await h.until('the answer by direct message', () =>
      kit.fake.state
        .direct(FEISHU_USERS.dev)
        .slice(dmsBefore)
        .find((m) => m.sender.type === 'app'),
    );
    expect(kit.fake.state.textOf(dm)).toContain(`History of ${db}`);

    // A redelivered message is answered once.
    await kit.driver().redeliver(group);
    // A group message that does not mention the bot is not for it.
    const chatter = await kit.driver().message(FEISHU_USERS.dev, {
      chatId: FEISHU_CHAT,
      text: `history ${db}`,
      mentionBot: false,
    });
    expect(chatter.status).toBe(200);
    await drain();
    expect(kit.fake.state.thread(messageIdOf(group)).filter((m) => m.sender.type === 'app')).toHaveLength(1);
    expect(
      kit.fake.state
        .direct(FEISHU_USERS.dev)
        .slice(dmsBefore)
        .filter((m) => m.sender.type === 'app'),
    ).toHaveLength(1);
    expect(kit.fake.state.thread(messageIdOf(chatter))).toHaveLength(0);
  });
});
