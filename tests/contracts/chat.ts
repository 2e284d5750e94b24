// The chat contract: the same approval scenarios, end to end, on every platform through its kit and fake.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ChatHarness, startChatHarness } from '../support/chat-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import type { ChatContractKit, ChatContractKitFactory, ContractCard, ContractUser } from './chat-kit.ts';

/** Runs the contract against one platform; the service runs on scratch PostgreSQL targets. */
export function describeChatContract(platform: string, makeKit: ChatContractKitFactory): void {
  describeRealDb('postgres', `chat contract: ${platform}`, (url) => {
    let h: ChatHarness;
    let kit: ChatContractKit;
    let seq = 0;
    beforeAll(async () => {
      kit = await makeKit();
      h = await startChatHarness({ adminUrl: url, kits: [kit], progressIntervalMs: 200 });
    });
    afterAll(async () => {
      await h?.close();
      await kit?.close();
    });

    const create = async (token: string, env: string) => {
      seq += 1;
      const res = await h.api(token, 'POST', '/api/v1/projects/shop/issues', {
        title: `change ${seq}`,
        type: 'schema',
        statement: `CREATE TABLE t_${seq} (id bigint PRIMARY KEY);`,
        targets: [{ environment: env }],
      });
      expect(res.status).toBe(201);
      return res.json.issue.id as number;
    };
    const cardOf = (id: number) => h.until(`card of issue ${id}`, () => kit.card(id));
    const cardWhere = (id: number, what: string, check: (c: ContractCard) => boolean, timeoutMs?: number) =>
      h.until(
        `card of issue ${id}: ${what}`,
        () => {
          const c = kit.card(id);
          return c && check(c) ? c : null;
        },
        timeoutMs,
      );
    const issue = async (id: number) => (await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`)).json;
    const statusIs = (id: number, status: string) =>
      h.until(`issue ${id} ${status}`, async () => ((await issue(id)).issue.status === status ? true : null));
    const noticeFor = (user: ContractUser, pattern: RegExp) =>
      h.until(`notice for ${user} matching ${pattern}`, () =>
        kit.noticesTo(user).find((t) => pattern.test(t)),
      );
    const approveAudits = async (id: number) =>
      (await h.service.store.audit.list({ resourceType: 'issue', resourceId: String(id) })).filter(
        (a) => a.action === 'issue.approve',
      );
    const drain = () => Promise.all(h.service.chat.adapters.map((a) => a.drain()));
    const summary = (card: ContractCard, timeoutMs?: number) =>
      h.until(
        'final summary in the thread',
        () => {
          const replies = kit.thread(card);
          return replies.some((r) => r.includes('Rollout finished')) ? replies : null;
        },
        timeoutMs,
      );

    it('posts the card, DMs the approver, and a DBA click rolls out with progress in the thread', async () => {
      const id = await create(h.tokens.dev, 'prod');
      const card = await cardOf(id);
      expect(card.hasButtons).toBe(true);
      expect(card.text).toContain('waiting for a DBA (Dana DBA)');
      expect(card.text).toContain(`https://bytebase.example.com/#/issues/${id}`);
      await h.until('DM to the DBA', () => kit.dmSent('dba'));

      const res = await kit.click('dba', card, 'approve');
      expect(res.status).toBe(200);
      expect(res.withinDeadline).toBe(true);
      await statusIs(id, 'done');
      const done = await issue(id);
      expect(done.approvals[0]).toMatchObject({
        status: 'approved',
        channel: platform,
        decidedBy: { email: 'dba@example.com' },
      });
      const thread = await summary(card);
      expect(thread[0]).toContain(`Rollout of issue #${id}`);
      expect(thread[0]).toMatch(/✅ prod · \S+_prod_shop: done/);
      expect(thread.at(-1)).toContain('1 of 1 task(s) done');
      const final = await cardWhere(
        id,
        'approved, no buttons',
        (c) => !c.hasButtons && c.text.includes('approved by Dana DBA'),
      );
      expect(final.edits).toBeGreaterThan(0);
      const rows = await h.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 't_${seq}'`,
      );
      expect(rows).toEqual([{ n: 1 }]);
    });

    it('Reject asks for a reason and the submitted reason rejects the issue', async () => {
      const id = await create(h.tokens.dev, 'test');
      const card = await cardOf(id);
      expect(card.text).toContain('waiting for a project owner (Olivia Owner)');
      expect((await kit.click('owner', card, 'reject')).status).toBe(200);
      await h.until('reason asked', () => kit.reasonAsked('owner', card));
      expect((await issue(id)).issue.status).toBe('pending_approval');
      const sub = await kit.submitReason('owner', card, 'needs an index first');
      expect(sub.status).toBe(200);
      await statusIs(id, 'rejected');
      const rejected = await issue(id);
      expect(rejected.issue.rejectReason).toBe('needs an index first');
      expect(rejected.approvals[0]).toMatchObject({ status: 'rejected', channel: platform });
      await cardWhere(
        id,
        'shows the rejection',
        (c) =>
          !c.hasButtons &&
          c.text.includes('Rejected by Olivia Owner') &&
          c.text.includes('needs an index first'),
      );
    });

    it('refuses unauthorised and unmapped clickers and the author, each told why', async () => {
      // The only project owner wrote it, so its step went to a DBA: the author cannot decide it.
      const id = await create(h.tokens.owner, 'test');
      const card = await cardOf(id);
      await kit.click('dev', card, 'approve');
      await noticeFor('dev', /needs a DBA; you are not one/);
      await kit.click('stranger', card, 'approve');
      await noticeFor('stranger', /sam@elsewhere\.example is not a user of this workspace/);
      await kit.click('noEmail', card, 'approve');
      await noticeFor('noEmail', /no confirmed email address/);
      await kit.click('owner', card, 'approve');
      await noticeFor('owner', /needs a DBA; you are not one/);
      const before = kit.noticesTo('dev').length;
      await kit.click('dev', card, 'reject');
      await h.until('second refusal for dev', () => kit.noticesTo('dev').length > before);
      expect(kit.noticesTo('dev').at(-1)).toMatch(/needs a DBA/);
      await drain();
      const v = await issue(id);
      expect(v.issue.status).toBe('pending_approval');
      expect(v.approvals[0].status).toBe('pending');
      expect(kit.reasonAsked('dev', card)).toBe(false);
      await h.api(h.tokens.owner, 'POST', `/api/v1/issues/${id}/cancel`);
      await cardWhere(id, 'shows the cancel', (c) => !c.hasButtons && c.text.includes('Canceled'));
    });

    it('acts once on double clicks and redeliveries, and tells the second click who decided', async () => {
      const id = await create(h.tokens.dev, 'prod');
      const card = await cardOf(id);
      const [a, b] = await Promise.all([
        kit.click('dba', card, 'approve'),
        kit.click('dba', card, 'approve'),
      ]);
      const again = await kit.redeliverLast();
      expect([a.status, b.status, again.status]).toEqual([200, 200, 200]);
      await noticeFor('dba', /Already approved by Dana DBA/);
      await statusIs(id, 'done');
      await drain();
      expect(await approveAudits(id)).toHaveLength(1);
    });

    it('refuses forged and stale requests with 401 and no effect; a replay acts on nothing', async () => {
      const id = await create(h.tokens.dev, 'prod');
      const card = await cardOf(id);
      const forgeries = kit.forgeries('dba', card, 'approve');
      expect(forgeries.length).toBeGreaterThanOrEqual(3);
      for (const f of forgeries) expect([401, 403], f.name).toContain((await f.send()).status);
      await drain();
      expect((await issue(id)).issue.status).toBe('pending_approval');
      expect(await approveAudits(id)).toHaveLength(0);

      expect((await kit.click('dba', card, 'approve')).status).toBe(200);
      const replay = await kit.replayLast();
      expect(replay.status).toBeLessThan(500);
      await statusIs(id, 'done');
      await drain();
      expect(await approveAudits(id)).toHaveLength(1);
    });

    it('survives rate-limit answers: an API decision updates the card and every progress message arrives', async () => {
      const id = await create(h.tokens.dev, 'prod');
      const card = await cardOf(id);
      const before = kit.rateLimited();
      kit.rateLimit('update', 2, 1);
      kit.rateLimit('post', 2, 1);
      const res = await h.api(h.tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, {});
      expect(res.status).toBe(200);
      await statusIs(id, 'done');
      const thread = await summary(card, 60_000);
      expect(thread[0]).toContain(`Rollout of issue #${id}`);
      await cardWhere(
        id,
        'approved after rate limits',
        (c) => !c.hasButtons && c.text.includes('approved by Dana DBA'),
        60_000,
      );
      expect(kit.rateLimited() - before).toBe(4);
    });

    it('answers commands with the asking user’s access', async () => {
      const db = h.names.prod!;
      const history = await kit.command('dev', `history ${db} prod --limit 5`);
      expect(history).toContain(`History of ${db}`);
      expect(history).toMatch(/schema · done · issue #\d+ · approved by Dana DBA · CREATE TABLE t_\d+/);
      expect(history.split('\n').filter((l) => l.includes('schema · done · ')).length).toBe(4);
      // The first change through the service recorded the database's schema as a baseline before it ran.
      expect(history.split('\n').filter((l) => l.includes('baseline · done · ')).length).toBe(1);
      expect(await kit.command('dev2', `history ${db}`)).toContain('that you can see');
      expect(await kit.command('dba', 'issues pending')).toContain('Waiting for you');
      expect(await kit.command('dev', 'issue 1')).toContain('Issue #1: change 1');
      const strict = await kit.command('dev', 'review postgres DELETE FROM t;');
      expect(strict).toMatch(/statement\.where\.require/);
      expect(strict).toContain('prod template');
      expect(await kit.command('dev', 'review postgres --env test DELETE FROM t;')).toContain(
        '(test policy)',
      );
      expect(await kit.command('dev', 'review postgres --env nowhere DELETE FROM t;')).toContain(
        'no environment',
      );
      expect(await kit.command('stranger', 'help')).toContain('history');
      expect(await kit.command('stranger', 'issues')).toContain('not a user of this workspace');
    });
  });
}
