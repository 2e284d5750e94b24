// One project bound to Slack, Teams and Feishu at once: one card on each, and a decision on one updates all.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChatContractKit } from '../contracts/chat-kit.ts';
import { type ChatHarness, startChatHarness } from '../support/chat-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import { createFeishuKit } from './kits/feishu-kit.ts';
import { createSlackKit } from './kits/slack-kit.ts';
import { createTeamsKit } from './kits/teams-kit.ts';

describeRealDb('postgres', 'a project bound to three chat platforms', (url) => {
  let h: ChatHarness;
  let kits: ChatContractKit[] = [];
  beforeAll(async () => {
    kits = [await createSlackKit(), await createTeamsKit(), await createFeishuKit()];
    h = await startChatHarness({ adminUrl: url, kits, progressIntervalMs: 200 });
  });
  afterAll(async () => {
    await h?.close();
    for (const kit of kits) await kit.close();
  });

  const create = async (env: string, n: number) => {
    const res = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: `everywhere ${n}`,
      type: 'schema',
      statement: `CREATE TABLE everywhere_${n} (id bigint PRIMARY KEY);`,
      targets: [{ environment: env }],
    });
    expect(res.status).toBe(201);
    return res.json.issue.id as number;
  };
  const cards = (id: number) =>
    h.until(`cards of issue ${id} on every platform`, () => {
      const all = kits.map((k) => k.card(id));
      return all.every((c) => c !== undefined) ? all : null;
    });

  for (const decider of ['slack', 'teams', 'feishu'] as const)
    it(`a DBA approving on ${decider} updates the cards and threads on all three`, async () => {
      const n = ['slack', 'teams', 'feishu'].indexOf(decider);
      const id = await create('prod', n);
      const posted = await cards(id);
      for (const c of posted) expect(c!.hasButtons).toBe(true);
      const kit = kits.find((k) => k.platform === decider)!;
      expect((await kit.click('dba', posted[kits.indexOf(kit)]!, 'approve')).status).toBe(200);
      for (const [i, other] of kits.entries()) {
        await h.until(`${other.platform} card shows the approval`, () => {
          const c = other.card(id);
          return c && !c.hasButtons && c.text.includes('approved by Dana DBA');
        });
        await h.until(`${other.platform} thread has the summary`, () =>
          other.thread(posted[i]!).some((t) => t.includes('Rollout finished')),
        );
      }
      const v = (await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`)).json;
      expect(v.issue.status).toBe('done');
      expect(v.approvals[0]).toMatchObject({ status: 'approved', channel: decider });
    });
});
