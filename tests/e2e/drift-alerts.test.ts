// Drift alerts in chat, end to end on the Slack, Teams and Feishu fakes: an out-of-band ALTER on a PostgreSQL
// target found by a drift check posts one drift card per bound channel; Accept as baseline from the card (a DBA,
// with a reason) brings it back in sync and updates the card in place; developers and stale cards act on nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatContractKit } from '../contracts/chat-kit.ts';
import { type ChatHarness, startChatHarness } from '../support/chat-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import {
  type DriftContractCard,
  type DriftKit,
  feishuDrift,
  slackDrift,
  teamsDrift,
} from './kits/drift-kit.ts';
import { createFeishuKit, type FeishuKit } from './kits/feishu-kit.ts';
import { createSlackKit, type SlackKit } from './kits/slack-kit.ts';
import { createTeamsKit, type TeamsKit } from './kits/teams-kit.ts';

describeRealDb('postgres', 'drift alerts in chat', (url) => {
  let h: ChatHarness;
  let kits: ChatContractKit[] = [];
  let drift: DriftKit[] = [];
  let database: string;
  const path = () => `/api/v1/instances/prod-db/databases/${database}`;

  /** A drift check through the API, as a DBA asks for it. */
  const check = async () => {
    const res = await h.api(h.tokens.dba, 'GET', `${path()}/drift`);
    expect(res.status).toBe(200);
    return res.json as { status: string; seq: number };
  };
  const state = async () => (await h.api(h.tokens.dba, 'GET', `${path()}/drift?cached=1`)).json;
  const baselineRows = async () => {
    const res = await h.api(h.tokens.dba, 'GET', `/api/v1/instances/prod-db/databases/${database}/history`);
    return (res.json.history as { type: string }[]).filter((r) => r.type === 'baseline').length;
  };
  /** Waits until every queued chat effect went out, so "nothing new" means nothing was sent. */
  const settled = async () => {
    h.service.outbox.nudge();
    await h.service.outbox.idle();
    await Promise.all(h.service.chat.adapters.map((a) => a.drain()));
  };
  const only = (k: DriftKit) => {
    const cards = k.cards(database);
    expect(cards, `${k.platform} drift cards`).toHaveLength(1);
    return cards[0]!;
  };
  const untilCard = (k: DriftKit, what: string, ok: (c: DriftContractCard) => boolean) =>
    h.until(`${k.platform} drift card ${what}`, () => {
      const c = k.cards(database);
      return c.length === 1 && ok(c[0]!) ? c[0]! : null;
    });
  /** Changes the live schema behind the service's back and checks: the database drifts. */
  const driftAway = async (column: string) => {
    await h.query(`ALTER TABLE drift_t ADD COLUMN ${column} text`);
    const found = await check();
    expect(found.status).toBe('drifted');
    for (const k of drift) await untilCard(k, 'offers Accept', (c) => c.accept?.seq === found.seq);
    return found.seq;
  };

  beforeAll(async () => {
    const slack = await createSlackKit();
    const teams = await createTeamsKit();
    const feishu = await createFeishuKit();
    kits = [slack, teams, feishu];
    drift = [slackDrift(slack as SlackKit), teamsDrift(teams as TeamsKit), feishuDrift(feishu as FeishuKit)];
    h = await startChatHarness({ adminUrl: url, kits, progressIntervalMs: 200 });
    database = h.names.prod!;
    // A migration rolled out through the service records the schema drift is measured against.
    const created = await h.api(h.tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
      title: 'drift table',
      type: 'schema',
      statement: 'CREATE TABLE drift_t (id bigint PRIMARY KEY);',
      targets: [{ environment: 'prod' }],
    });
    expect(created.status).toBe(201);
    const id = created.json.issue.id as number;
    const tokens = { dba: h.tokens.dba, project_owner: h.tokens.owner } as Record<string, string>;
    for (const step of created.json.approvals as { role: string }[]) {
      const approved = await h.api(tokens[step.role]!, 'POST', `/api/v1/issues/${id}/approve`, {});
      expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    }
    await h.until('the migration ran', async () => {
      const v = await h.api(h.tokens.dba, 'GET', `/api/v1/issues/${id}`);
      return v.json.issue.status === 'done';
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    for (const kit of kits) await kit.close();
  });

  it('a database in sync posts no drift card', async () => {
    expect((await check()).status).toBe('in_sync');
    await settled();
    for (const k of drift) expect(k.cards(database)).toEqual([]);
  });

  it('an out-of-band ALTER posts exactly one drift card per platform; checking again posts nothing new', async () => {
    const seq = await driftAway('note');
    for (const k of drift) {
      const card = only(k);
      expect(card.text).toContain(database);
      expect(card.text).toContain('Drifted');
      expect(card.text).toContain('note');
      expect(card.accept).toMatchObject({ seq });
    }
    await settled();
    const before = drift.map((k) => only(k));
    expect((await check()).seq).toBe(seq);
    await settled();
    for (const [i, k] of drift.entries()) {
      expect(only(k)).toEqual(before[i]);
      expect(k.thread(before[i]!)).toEqual([]);
    }
  });

  for (const platform of ['slack', 'teams', 'feishu'] as const)
    describe(`on ${platform}`, () => {
      const kit = () => drift.find((k) => k.platform === platform)!;
      /** The drift state the DBA accepted from the card, which later cards replace. */
      let accepted = -1;

      it('a developer’s Accept is refused with the reason, and nothing changes', async () => {
        if ((await state()).status !== 'drifted') await driftAway(`${platform}_dev`);
        const card = only(kit());
        const rows = await baselineRows();
        expect((await kit().clickAccept('dev', card)).status).toBe(200);
        await h.until('the developer is told why', () =>
          kit()
            .noticesTo('dev')
            .find((t) => /only DBAs and workspace owners may accept/.test(t)),
        );
        expect(kit().reasonAsked('dev', card)).toBe(false);
        expect((await state()).status).toBe('drifted');
        expect(await baselineRows()).toBe(rows);
      });

      it('a DBA accepts the baseline through the button and the reason form: in sync, the card updated in place', async () => {
        const card = only(kit());
        expect(card.hasButtons).toBe(true);
        accepted = card.accept!.seq;
        const rows = await baselineRows();
        expect((await kit().clickAccept('dba', card)).status).toBe(200);
        await h.until('the reason form opens', () => kit().reasonAsked('dba', card));
        const reason = `the ${platform} hotfix column stays`;
        expect((await kit().submitReason('dba', card, reason)).status).toBe(200);
        await h.until('the state is in sync', async () => (await state()).status === 'in_sync');
        expect(await baselineRows()).toBe(rows + 1);
        // The platform delivering the submission again acts on nothing and answers nothing new.
        const said = kit().noticesTo('dba').length;
        expect((await kit().redeliverLast()).status).toBe(200);
        await settled();
        expect(await baselineRows()).toBe(rows + 1);
        expect(
          kit()
            .noticesTo('dba')
            .slice(said)
            .filter((t) => /Not done/.test(t)),
        ).toEqual([]);
        for (const k of drift) {
          const updated = await untilCard(k, 'shows the acceptance', (c) =>
            c.text.includes(`Baseline accepted by Dana DBA: ${reason}`),
          );
          expect(updated.hasButtons).toBe(false);
          await h.until(`${k.platform} thread says what changed`, () =>
            k.thread(updated).some((t) => t.includes(`Baseline accepted by Dana DBA: ${reason}`)),
          );
        }
        expect(only(kit()).id).toBe(card.id);
        // A check of the accepted schema finds it in sync and says nothing more.
        await settled();
        const after = drift.map((k) => only(k));
        expect((await check()).status).toBe('in_sync');
        await settled();
        for (const [i, k] of drift.entries()) expect(only(k)).toEqual(after[i]);
      });

      it('a stale Accept (the drift state of an older card) acts on nothing', async () => {
        const seq = await driftAway(`${platform}_stale`);
        expect(seq).toBeGreaterThan(accepted);
        const card = only(kit());
        const rows = await baselineRows();
        // The button of the drifted card the DBA accepted earlier: that state is gone.
        expect((await kit().clickAccept('dba', card, accepted)).status).toBe(200);
        await h.until('the DBA is told the card is out of date', () =>
          kit()
            .noticesTo('dba')
            .find((t) => /out of date/.test(t) && t.includes('Drifted')),
        );
        expect((await state()).status).toBe('drifted');
        expect(await baselineRows()).toBe(rows);
      });
    });

  it('a reason submitted after the state moved on records nothing and says what the state is now', async () => {
    const k = drift[0]!;
    if ((await state()).status !== 'drifted') await driftAway('late_form');
    const card = only(k);
    expect((await k.clickAccept('dba', card)).status).toBe(200);
    await h.until('the reason form opens', () => k.reasonAsked('dba', card));
    // Meanwhile the baseline is accepted through the API: the form's drift state is no longer the current one.
    const api = await h.api(h.tokens.dba, 'POST', `${path()}/baseline`, { reason: 'accepted from the API' });
    expect(api.status).toBe(200);
    const rows = await baselineRows();
    expect((await k.submitReason('dba', card, 'too late')).status).toBe(200);
    await h.until('the DBA is told what the state is now', () =>
      k.noticesTo('dba').find((t) => /changed since: it is now in sync/.test(t)),
    );
    expect(await baselineRows()).toBe(rows);
    await settled();
    expect(only(k).text).toContain('Baseline accepted by Dana DBA: accepted from the API');
  });

  it('`/bytebase baseline` accepts for DBAs, tells others why not, and needs a reason', async () => {
    const slack = kits[0]!;
    const usage = await slack.command('dba', `baseline ${database} prod`);
    expect(usage).toContain('usage: /bytebase baseline <database> <environment> <reason…>');
    const rows = await baselineRows();
    const refused = await slack.command('dev', `baseline ${database} prod it is fine`);
    expect(refused).toMatch(/Not done: accepting a live schema as the baseline needs a DBA/);
    expect(await baselineRows()).toBe(rows);
    const done = await slack.command('dba', `baseline ${database} prod the reindex  stays`);
    expect(done).toContain(`The live schema of ${database} on prod-db (prod) is now the baseline`);
    expect(done).toContain('Reason: the reindex  stays');
    expect(await baselineRows()).toBe(rows + 1);
    await settled();
    expect(only(drift[0]!).text).toContain('Baseline accepted by Dana DBA: the reindex  stays');
  });
});
