// A platform's outage and a restart of the service lose no card, DM, progress or summary, and double none: the
// same scenarios on Slack, Teams and Feishu, each against its fake taken down (503 answers or refused connections);
// and GitLab notes, statuses and schema write-backs held back by a GitLab outage go out once it is over.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeService, type Service } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/ports/clock.ts';
import type { ChatContractKit, ContractCard } from '../contracts/chat-kit.ts';
import type { OutageMode, OutageSwitch } from '../fakes/outage.ts';
import { GITLAB_USERS, type GitLabHarness, REPO, startGitLabHarness } from '../support/gitlab-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import {
  apiClient,
  dropTargetDatabase,
  mintTestTokens,
  pollUntil,
  targetQuery,
  tokenEnv,
  workspaceHeadYaml,
} from '../support/workspace-fixture.ts';
import { createFeishuKit, FEISHU_CHAT, FEISHU_USERS, type FeishuKit } from './kits/feishu-kit.ts';
import { createSlackKit, SLACK_CHANNEL, type SlackKit } from './kits/slack-kit.ts';
import { createTeamsKit, TEAMS_CHANNEL, type TeamsKit } from './kits/teams-kit.ts';

/** What the scenarios count on a platform, beyond the contract kit: every copy, so a duplicate shows. */
interface OutageProbe {
  kit: ChatContractKit;
  outage: OutageSwitch;
  mode: OutageMode;
  /** Top-level messages in the bound channel that are the issue's card. */
  cards(issueId: number): number;
  /** Direct messages to the DBA about the issue. */
  dmsToDba(issueId: number): number;
}

function slackProbe(kit: SlackKit, mode: OutageMode): OutageProbe {
  return {
    kit,
    outage: kit.fake.outage,
    mode,
    cards: (id) =>
      kit.fake.state.allMessages(SLACK_CHANNEL).filter((m) => m.text.startsWith(`Issue #${id} `)).length,
    dmsToDba: (id) =>
      kit.fake.state
        .callsTo('chat.postMessage')
        .filter(
          (c) =>
            c.status === 200 &&
            String(c.args.channel).startsWith('D') &&
            String(c.args.text).includes(`Issue #${id} `),
        ).length,
  };
}

function teamsProbe(kit: TeamsKit, mode: OutageMode): OutageProbe {
  const s = kit.fake.state;
  return {
    kit,
    outage: kit.fake.outage,
    mode,
    cards: (id) =>
      s.history(TEAMS_CHANNEL).filter((m) => String(m.activity.summary ?? '').startsWith(`Issue #${id} `))
        .length,
    dmsToDba: (id) =>
      s
        .directConversations()
        .filter((c) => c.userId === '29:1dba')
        .flatMap((c) => s.history(c.id))
        .filter((m) => m.from === kit.fake.botId && s.textOf(m).includes(`Issue #${id} `)).length,
  };
}

function feishuProbe(kit: FeishuKit, mode: OutageMode): OutageProbe {
  const s = kit.fake.state;
  return {
    kit,
    outage: kit.fake.outage,
    mode,
    cards: (id) =>
      s.history(FEISHU_CHAT).filter((m) => m.sender.type === 'app' && s.textOf(m).startsWith(`#${id} `))
        .length,
    dmsToDba: (id) =>
      s
        .direct(FEISHU_USERS.dba)
        .filter((m) => m.sender.type === 'app' && s.textOf(m).includes(`Issue #${id} `)).length,
  };
}

/** The service in-process on an embedded store that outlives a restart, HTTP on 127.0.0.1. */
async function startProcess(o: {
  dir: string;
  kit: ChatContractKit;
  lines: string[];
  env: Record<string, string>;
  worker: string;
}): Promise<{ service: Service; baseUrl: string; close(): Promise<void> }> {
  writeFileSync(join(o.dir, 'workspace.yaml'), `${o.lines.join('\n')}\n`);
  const config = loadConfig({
    DATA_DIR: join(o.dir, 'data'),
    WORKSPACE_FILE: join(o.dir, 'workspace.yaml'),
    SECRET_KEY: 'outbox outage secret key',
    ROLLOUT_POLL_MS: '50',
    PUBLIC_URL: 'https://bytebase.example.com',
    WORKER_ID: o.worker,
    ...o.kit.env,
    ...o.env,
  });
  const service = await composeService(config, silentLogger, {
    chatProgressIntervalMs: 200,
    // Retries close together, so a test does not wait out production back-off after the platform returns.
    outbox: { retry: { baseMs: 100, maxMs: 500 }, pollMs: 100 },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: service.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await o.kit.connect(baseUrl);
  return {
    service,
    baseUrl,
    async close() {
      await new Promise<void>((r) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => r());
      });
      await service.close();
    },
  };
}

function describeOutage(name: string, makeProbe: () => Promise<OutageProbe>) {
  describeRealDb('postgres', `chat outage: ${name}`, (adminUrl) => {
    let probe: OutageProbe;
    let kit: ChatContractKit;
    let proc: Awaited<ReturnType<typeof startProcess>>;
    let dir: string;
    let lines: string[];
    let lives = 0;
    const tokens = mintTestTokens();
    const prefix = `ob${randomBytes(3).toString('hex')}`;
    const target = `${prefix}_prod_shop`;
    const api = (token: string, method: string, path: string, body?: unknown) =>
      apiClient((p, init) => fetch(`${proc.baseUrl}${p}`, init))(token, method, path, body);
    const start = async () => {
      lives += 1;
      proc = await startProcess({ dir, kit, lines, env: tokenEnv(tokens), worker: `life-${lives}` });
    };
    const restart = async () => {
      await proc.close();
      await start();
    };

    beforeAll(async () => {
      probe = await makeProbe();
      kit = probe.kit;
      await targetQuery('postgres', adminUrl, `CREATE DATABASE ${target}`);
      dir = mkdtempSync(join(tmpdir(), 'outage-'));
      lines = [
        ...workspaceHeadYaml(['prod'], 'postgres', adminUrl),
        'projects:',
        '  - key: shop',
        '    allowSelfApproval: false',
        `    databases: [{ instance: prod-db, name: ${target} }]`,
        '    members:',
        '      - { email: dev@example.com, role: developer }',
        '      - { email: owner@example.com, role: owner }',
        `    chat: [{ platform: ${kit.platform}, channel: "${kit.channel}" }]`,
      ];
      await start();
    });
    afterAll(async () => {
      await probe?.outage.up();
      await proc?.close();
      await kit?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      await dropTargetDatabase('postgres', adminUrl, target);
    });

    let seq = 0;
    const create = async () => {
      seq += 1;
      const res = await api(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
        title: `outage ${seq}`,
        type: 'schema',
        statement: `CREATE TABLE outage_${seq} (id bigint PRIMARY KEY);`,
        targets: [{ environment: 'prod' }],
      });
      expect(res.status).toBe(201);
      return res.json.issue.id as number;
    };
    const undelivered = (id: number) => proc.service.store.outbox.undelivered(id);
    /** Waits until this process tried to deliver something of the issue and the platform refused it. */
    const refusedBy = (id: number, worker: string) =>
      pollUntil(`a refused delivery of issue ${id} by ${worker}`, async () =>
        (await undelivered(id)).some((e) => e.claimedBy === worker && e.lastError !== null && e.attempts > 0),
      );
    const waiting = (id: number, type: string) =>
      pollUntil(`${type} of issue ${id} stored, not delivered`, async () =>
        (await undelivered(id)).some((e) => e.event.type === type && e.status !== 'failed'),
      );
    const statusIs = (id: number, status: string) =>
      pollUntil(`issue ${id} ${status}`, async () => {
        const v = await api(tokens.dba, 'GET', `/api/v1/issues/${id}`);
        return v.json.issue.status === status;
      });
    const threadOf = (card: ContractCard) => kit.thread(card);
    const counts = (id: number, card: ContractCard) => {
      const thread = threadOf(card);
      return {
        cards: probe.cards(id),
        statusMessages: thread.filter((t) => t.includes(`Rollout of issue #${id}`)).length,
        summaries: thread.filter((t) => t.includes('Rollout finished')).length,
        dms: probe.dmsToDba(id),
      };
    };
    const allDelivered = (id: number) =>
      pollUntil(
        `every entry of issue ${id} delivered`,
        async () => (await undelivered(id)).length === 0,
        60_000,
      );

    it('after an outage from creation through rollout: the card once, showing the end state, its status and summary once', async () => {
      await probe.outage.down(probe.mode);
      const id = await create();
      await refusedBy(id, `life-${lives}`);
      const approved = await api(tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, {});
      expect(approved.status).toBe(200);
      await statusIs(id, 'done');
      await waiting(id, 'rollout.finished');
      expect(kit.card(id)).toBeUndefined();

      await probe.outage.up();
      const card = await pollUntil(
        'the card, approved and without buttons',
        () => {
          const c = kit.card(id);
          return c && !c.hasButtons && c.text.includes('approved by Dana DBA') ? c : null;
        },
        60_000,
      );
      await pollUntil(
        'the summary',
        () => threadOf(card).some((t) => t.includes('Rollout finished')),
        60_000,
      );
      await allDelivered(id);
      expect(threadOf(card)[0]).toMatch(/✅ prod · \S+_prod_shop: done/);
      // The approval was decided before chat heard of it: nobody is asked to approve it any more.
      expect(counts(id, card)).toEqual({ cards: 1, statusMessages: 1, summaries: 1, dms: 0 });
    });

    it('entries waiting across restarts are delivered by the next process: card, DM, progress and summary, once each', async () => {
      await probe.outage.down(probe.mode);
      const id = await create();
      await refusedBy(id, `life-${lives}`);
      await restart();
      // The new process takes the entries over and meets the outage too.
      await refusedBy(id, `life-${lives}`);
      await probe.outage.up();
      const card = await pollUntil(
        'the card, waiting for the DBA',
        () => {
          const c = kit.card(id);
          return c?.hasButtons && c.text.includes('waiting for a DBA') ? c : null;
        },
        60_000,
      );
      await pollUntil('the DM to the DBA', () => probe.dmsToDba(id) > 0, 60_000);
      await allDelivered(id);

      await probe.outage.down(probe.mode);
      expect((await api(tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, {})).status).toBe(200);
      await statusIs(id, 'done');
      await waiting(id, 'rollout.finished');
      await restart();
      await waiting(id, 'rollout.finished');
      await probe.outage.up();
      await pollUntil(
        'the summary',
        () => threadOf(card).some((t) => t.includes('Rollout finished')),
        60_000,
      );
      await pollUntil(
        'the card approved',
        () => {
          const c = kit.card(id);
          return c && !c.hasButtons && c.text.includes('approved by Dana DBA');
        },
        60_000,
      );
      await allDelivered(id);
      expect(threadOf(card)[0]).toMatch(/✅ prod · \S+_prod_shop: done/);
      expect(counts(id, card)).toEqual({ cards: 1, statusMessages: 1, summaries: 1, dms: 1 });
      expect((await proc.service.store.outbox.list({ status: 'failed' })).length).toBe(0);
    });
  });
}

describeOutage('slack, HTTP 503', async () => slackProbe(await createSlackKit(), 'unavailable'));
describeOutage('teams, connections refused', async () => teamsProbe(await createTeamsKit(), 'refused'));
describeOutage('feishu, HTTP 503', async () => feishuProbe(await createFeishuKit(), 'unavailable'));

describeRealDb('postgres', 'GitLab outage', (adminUrl) => {
  let h: GitLabHarness;
  beforeAll(async () => {
    h = await startGitLabHarness({ adminUrl });
  }, 60_000);
  afterAll(async () => {
    await h?.fake.outage.up();
    await h?.close();
  });
  const MARKER = '<!-- bytebase-im:sql-review -->';
  const vcsEntries = async (type: string) =>
    (await h.service.store.outbox.list()).filter((e) => e.event.type === type);
  const refused = (type: string) =>
    h.until(
      `a refused ${type}`,
      async () => (await vcsEntries(type)).some((e) => e.status === 'pending' && e.lastError !== null),
      60_000,
    );

  it('writes the note, the statuses and the schema back once GitLab is back, each once', async () => {
    // Maintenance mode first: reads work, writes are refused, so the review runs and only its note waits.
    await h.fake.outage.down('unavailable', { only: (r) => r.method !== 'GET' });
    const file = h.path('prod', '1', 'migrate', 'orders');
    const head = h.commit('feature', { [file]: 'CREATE TABLE public.orders (id bigint PRIMARY KEY);\n' });
    const mr = h.fake.state.openMergeRequest(REPO, {
      sourceBranch: 'feature',
      targetBranch: 'main',
      title: 'Orders',
      author: GITLAB_USERS.dev,
    });
    expect((await h.gitlab.mergeRequest(REPO, mr.iid, 'open')).status).toBe(200);
    await refused('vcs.note');
    expect(h.fake.state.notes(REPO, mr.iid)).toEqual([]);

    const before = h.fake.state.head(REPO, 'main');
    const merge = h.fake.state.mergeMergeRequest(REPO, mr.iid, { mergedBy: GITLAB_USERS.dev.username });
    expect((await h.gitlab.push(REPO, { branch: 'main', before, after: merge.id })).status).toBe(200);
    await refused('vcs.status');
    const [issue] = await h.issues();
    expect(issue).toBeDefined();

    await h.fake.outage.up();
    await h.until(
      'note and statuses delivered',
      async () => (await h.service.store.outbox.list()).every((e) => e.status === 'delivered'),
      90_000,
    );
    const notes = h.fake.state.notes(REPO, mr.iid).filter((n) => n.body.includes(MARKER));
    expect(notes).toHaveLength(1);
    expect(h.fake.state.statuses(REPO, head).filter((s) => s.name === 'bytebase/sql-review')).toHaveLength(1);
    expect(h.fake.state.statuses(REPO, merge.id).at(-1)).toMatchObject({
      name: 'bytebase/gitops',
      state: 'success',
    });

    // GitLab down altogether while the issue rolls out: the schema write-back waits, then commits once.
    await h.fake.outage.down('refused');
    for (let i = 0; i < 3; i++) {
      const pending = (await h.issue(issue!.id)).approvals.find((a) => a.status === 'pending');
      if (!pending) break;
      const token = pending.role === 'dba' ? h.tokens.dba : h.tokens.owner;
      expect((await h.api(token, 'POST', `/api/v1/issues/${issue!.id}/approve`, {})).status).toBe(200);
    }
    await h.until('done', async () => (await h.issue(issue!.id)).issue.status === 'done', 60_000);
    await refused('vcs.write-back');
    await h.fake.outage.up();
    const path = `db/prod/.${h.names.prod}##LATEST.sql`;
    const written = await h.until('schema written back', () => h.fake.state.file(REPO, 'main', path), 90_000);
    expect(written).toMatch(/orders/);
    await h.service.gitlab!.drain();
    const writeBacks = h.fake.state
      .commits(REPO, 'main')
      .filter((c) => c.message.startsWith(`Update schema of ${h.names.prod}`));
    expect(writeBacks).toHaveLength(1);
  });
});
