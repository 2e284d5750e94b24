// A click on a card's step-1 button never decides step 2, even when it lands while step 1 is being decided:
// on every platform, the decision names the step the button showed and is checked under the issue's lock.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Approval } from '../../src/core/model/issue.ts';
import type { ChatContractKit } from '../contracts/chat-kit.ts';
import { type ChatHarness, startChatHarness } from '../support/chat-harness.ts';
import { latch } from '../support/latch.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import { createFeishuKit } from './kits/feishu-kit.ts';
import { createSlackKit } from './kits/slack-kit.ts';
import { createTeamsKit } from './kits/teams-kit.ts';

const kits: [string, () => Promise<ChatContractKit>][] = [
  ['slack', createSlackKit],
  ['teams', createTeamsKit],
  ['feishu', createFeishuKit],
];

for (const [platform, makeKit] of kits)
  describeRealDb('postgres', `stale approval buttons on ${platform}`, (url) => {
    let h: ChatHarness;
    let kit: ChatContractKit;
    beforeAll(async () => {
      kit = await makeKit();
      h = await startChatHarness({ adminUrl: url, kits: [kit], progressIntervalMs: 200 });
    });
    afterAll(async () => {
      await h?.close();
      await kit?.close();
    });

    it('a step-1 click that races the step-1 decision is refused and step 2 stays waiting', async () => {
      const created = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
        title: 'truncate the staging copy',
        type: 'schema',
        statement: "SET lock_timeout = '1s';\nTRUNCATE TABLE t_missing;",
        targets: [{ environment: 'prod' }],
      });
      expect(created.status).toBe(201);
      const id = created.json.issue.id as number;
      expect(created.json.approvals.map((a: { role: string }) => a.role)).toEqual(['dba', 'project_owner']);
      const card = await h.until(`card of issue ${id}`, () => kit.card(id));

      // Hold the owner's click right after the service read the step as pending, until the DBA decided it:
      // the interleaving in which a check-then-act service would let the click decide the next step.
      const approvals = h.service.store.approvals;
      const original = approvals.list.bind(approvals);
      const reached = latch();
      const released = latch();
      let armed = true;
      approvals.list = async (issueId: number): Promise<Approval[]> => {
        const rows = await original(issueId);
        if (armed && issueId === id) {
          armed = false;
          reached.open();
          await released.wait;
        }
        return rows;
      };
      try {
        const click = kit.click('owner', card, 'approve');
        await reached.wait;
        const byDba = await h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, {
          overrideReason: 'the copy is rebuilt nightly',
        });
        expect(byDba.status).toBe(200);
        released.open();
        expect((await click).status).toBe(200);
        await h.until('the owner is told what happened', () =>
          kit.noticesTo('owner').find((t) => /Already approved by Dana DBA/.test(t)),
        );
      } finally {
        approvals.list = original;
        released.open();
      }
      await Promise.all(h.service.chat.adapters.map((a) => a.drain()));
      const view = (await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`)).json;
      expect(view.issue.status).toBe('pending_approval');
      expect(view.approvals.map((a: { status: string }) => a.status)).toEqual(['approved', 'pending']);
      const audit = await h.service.store.audit.list({ resourceType: 'issue', resourceId: String(id) });
      expect(audit.filter((a) => a.action === 'issue.approve')).toHaveLength(1);
    });
  });
