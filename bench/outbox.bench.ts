// Outbox under a chat outage: Slack, Teams and Feishu down for 60 s (OUTBOX_BENCH_OUTAGE_MS) while issues are created
// and rolled out; then what each platform got: cards, DMs, status messages and summaries, expected vs delivered, doubles.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { composeService } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { type Logger, silentLogger } from '../src/core/ports/clock.ts';
import type { ChatContractKit } from '../tests/contracts/chat-kit.ts';
import { createFeishuKit, FEISHU_CHAT, FEISHU_USERS } from '../tests/e2e/kits/feishu-kit.ts';
import { createSlackKit, SLACK_CHANNEL } from '../tests/e2e/kits/slack-kit.ts';
import { createTeamsKit, TEAMS_CHANNEL, TEAMS_USERS } from '../tests/e2e/kits/teams-kit.ts';
import type { OutageMode, OutageSwitch } from '../tests/fakes/outage.ts';
import {
  apiClient,
  mintTestTokens,
  tokenEnv,
  workspaceHeadYaml,
} from '../tests/support/workspace-fixture.ts';
import { createInstantEngine } from './support/instant-engine.ts';

const OUTAGE_MS = Number(process.env.OUTBOX_BENCH_OUTAGE_MS ?? 60_000);
/** Issues created during the outage and approved during it (they roll out while chat is down). */
const ROLLED_OUT_DURING = 10;
/** Issues created during the outage and approved after it (their approvers are DMed once chat is back). */
const APPROVED_AFTER = 10;

interface Platform {
  name: string;
  kit: ChatContractKit;
  outage: OutageSwitch;
  mode: OutageMode;
  /** Every copy of the issue's card in the channel, the issue's status messages and summaries in its thread. */
  cards(issueId: number): { id: string; copies: number } | null;
  thread(cardId: string): string[];
  dms(issueId: number): number;
}

async function platforms(): Promise<Platform[]> {
  const slack = await createSlackKit();
  const teams = await createTeamsKit();
  const feishu = await createFeishuKit();
  const ss = slack.fake.state;
  const ts = teams.fake.state;
  const fs = feishu.fake.state;
  return [
    {
      name: 'slack',
      kit: slack,
      outage: slack.fake.outage,
      mode: 'unavailable',
      cards(id) {
        const all = ss.allMessages(SLACK_CHANNEL).filter((m) => m.text.startsWith(`Issue #${id} `));
        return all[0] ? { id: all[0].ts, copies: all.length } : null;
      },
      thread: (cardId) => ss.thread(SLACK_CHANNEL, cardId).map((m) => m.text),
      dms: (id) =>
        ss
          .callsTo('chat.postMessage')
          .filter(
            (c) =>
              c.status === 200 &&
              String(c.args.channel).startsWith('D') &&
              String(c.args.text).includes(`Issue #${id} `),
          ).length,
    },
    {
      name: 'teams',
      kit: teams,
      outage: teams.fake.outage,
      mode: 'refused',
      cards(id) {
        const all = ts
          .history(TEAMS_CHANNEL)
          .filter((m) => String(m.activity.summary ?? '').startsWith(`Issue #${id} `));
        return all[0] ? { id: all[0].id, copies: all.length } : null;
      },
      thread: (cardId) => ts.thread(TEAMS_CHANNEL, cardId).map((m) => ts.textOf(m)),
      dms: (id) =>
        ts
          .directConversations()
          .filter((c) => c.userId === TEAMS_USERS.dba)
          .flatMap((c) => ts.history(c.id))
          .filter((m) => m.from === teams.fake.botId && ts.textOf(m).includes(`Issue #${id} `)).length,
    },
    {
      name: 'feishu',
      kit: feishu,
      outage: feishu.fake.outage,
      mode: 'unavailable',
      cards(id) {
        const all = fs
          .history(FEISHU_CHAT)
          .filter((m) => m.sender.type === 'app' && fs.textOf(m).startsWith(`#${id} `));
        return all[0] ? { id: all[0].messageId, copies: all.length } : null;
      },
      thread: (cardId) =>
        fs
          .thread(cardId)
          .filter((m) => m.sender.type === 'app')
          .map((m) => fs.textOf(m)),
      dms: (id) =>
        fs
          .direct(FEISHU_USERS.dba)
          .filter((m) => m.sender.type === 'app' && fs.textOf(m).includes(`Issue #${id} `)).length,
    },
  ];
}

/** OUTBOX_BENCH_LOG=1 writes the service's warnings and errors to stderr, to see why a delivery waits. */
function benchLogger(): Logger {
  if (process.env.OUTBOX_BENCH_LOG !== '1') return silentLogger;
  const line = (level: string) => (fields: Record<string, unknown>, msg?: string) => {
    const err = fields.err instanceof Error ? fields.err.message : undefined;
    process.stderr.write(`${JSON.stringify({ level, msg, ...fields, err })}\n`);
  };
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: line('warn'),
    error: line('error'),
    child: () => logger,
  };
  return logger;
}

const waitFor = async <T>(what: string, check: () => T | false | Promise<T | false>, ms: number) => {
  process.stderr.write(`outbox bench: waiting for ${what}\n`);
  const deadline = performance.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (performance.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export default async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-bench-'));
  const all = await platforms();
  const tokens = mintTestTokens();
  const lines = [
    ...workspaceHeadYaml(['prod'], 'postgres', 'postgres://bench@127.0.0.1:1/postgres'),
    'projects:',
    '  - key: shop',
    '    allowSelfApproval: false',
    '    databases: [{ instance: prod-db, name: shop }]',
    '    members:',
    '      - { email: dev@example.com, role: developer }',
    '    chat:',
    ...all.map((p) => `      - { platform: ${p.kit.platform}, channel: "${p.kit.channel}" }`),
  ];
  writeFileSync(join(dir, 'workspace.yaml'), `${lines.join('\n')}\n`);
  const service = await composeService(
    loadConfig({
      DATA_DIR: join(dir, 'data'),
      WORKSPACE_FILE: join(dir, 'workspace.yaml'),
      SECRET_KEY: 'outbox bench secret key',
      ROLLOUT_POLL_MS: '200',
      PUBLIC_URL: 'https://bytebase.example.com',
      ...Object.assign({}, ...all.map((p) => p.kit.env)),
      ...tokenEnv(tokens),
    }),
    benchLogger(),
    { engines: { postgres: createInstantEngine().driver } },
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: service.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api = apiClient((path, init) => fetch(`${base}${path}`, init));
  try {
    for (const p of all) await p.kit.connect(base);
    const create = async (n: number) => {
      const res = await api(tokens.dev, 'POST', '/api/v1/projects/shop/issues', {
        title: `bench ${n}`,
        type: 'schema',
        statement: `CREATE TABLE bench_${n} (id bigint PRIMARY KEY);`,
        targets: [{ environment: 'prod' }],
      });
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      return res.json.issue.id as number;
    };
    const approve = async (id: number) => {
      const res = await api(tokens.dba, 'POST', `/api/v1/issues/${id}/approve`, {});
      if (res.status !== 200) throw new Error(`approve answered ${res.status}`);
    };
    const statusOf = async (id: number) =>
      (await api(tokens.dba, 'GET', `/api/v1/issues/${id}`)).json.issue.status as string;

    const downAt = performance.now();
    for (const p of all) await p.outage.down(p.mode);
    const during: number[] = [];
    const after: number[] = [];
    for (let i = 0; i < ROLLED_OUT_DURING; i++) during.push(await create(i));
    for (let i = 0; i < APPROVED_AFTER; i++) after.push(await create(ROLLED_OUT_DURING + i));
    for (const id of during) await approve(id);
    await waitFor(
      'rollouts during the outage',
      async () => (await Promise.all(during.map(statusOf))).every((s) => s === 'done'),
      OUTAGE_MS + 120_000,
    );
    const rolledOutInOutage = performance.now() - downAt < OUTAGE_MS;
    const waitLeft = OUTAGE_MS - (performance.now() - downAt);
    if (waitLeft > 0) await new Promise((r) => setTimeout(r, waitLeft));
    const pendingAtRecovery = (await service.store.outbox.list()).filter(
      (e) => e.status === 'pending' || e.status === 'running',
    ).length;
    const refusedAnswers = all.reduce((n, p) => n + p.outage.unavailableAnswers, 0);
    const upAt = performance.now();
    for (const p of all) await p.outage.up();

    const ids = [...during, ...after];
    await waitFor(
      'every card and the DMs of the issues still waiting',
      () => all.every((p) => ids.every((id) => p.cards(id) !== null) && after.every((id) => p.dms(id) > 0)),
      600_000,
    );
    const cardsAfterMs = performance.now() - upAt;
    const summary = (p: Platform, id: number) =>
      p.thread(p.cards(id)!.id).filter((t) => t.includes('Rollout finished')).length;
    await waitFor(
      'the summaries of the rollouts during the outage',
      () => all.every((p) => during.every((id) => summary(p, id) > 0)),
      600_000,
    );
    const caughtUpMs = performance.now() - upAt;
    for (const id of after) await approve(id);
    await waitFor('every summary', () => all.every((p) => ids.every((id) => summary(p, id) > 0)), 600_000);
    await waitFor(
      'an empty outbox',
      async () =>
        (await service.store.outbox.list()).every((e) => e.status === 'delivered' || e.status === 'failed'),
      600_000,
    );

    const perPlatform: Record<string, unknown> = {};
    let duplicates = 0;
    for (const p of all) {
      const cards = ids.map((id) => p.cards(id));
      const statusMessages = ids.map(
        (id) => p.thread(p.cards(id)!.id).filter((t) => t.includes(`Rollout of issue #${id}`)).length,
      );
      const summaries = ids.map((id) => summary(p, id));
      const dms = ids.map((id) => p.dms(id));
      const extra = (counts: number[]) => counts.reduce((n, c) => n + Math.max(0, c - 1), 0);
      const dup = {
        cards: extra(cards.map((c) => c?.copies ?? 0)),
        statusMessages: extra(statusMessages),
        summaries: extra(summaries),
        dms: extra(dms),
      };
      duplicates += dup.cards + dup.statusMessages + dup.summaries + dup.dms;
      perPlatform[p.name] = {
        outage: p.mode === 'refused' ? 'connections refused' : 'HTTP 503',
        cards: { expected: ids.length, delivered: cards.filter((c) => c !== null).length },
        dms: {
          // Issues approved before chat heard of them ask nobody any more; the others DM their approver once.
          expected: after.length,
          delivered: dms.filter((n) => n > 0).length,
          toDecidedIssues: during.reduce((n, id) => n + p.dms(id), 0),
        },
        statusMessages: { expected: ids.length, delivered: statusMessages.filter((n) => n > 0).length },
        summaries: { expected: ids.length, delivered: summaries.filter((n) => n > 0).length },
        duplicates: dup,
      };
    }
    const entries = await service.store.outbox.list();
    return {
      store: 'embedded (PGlite)',
      outageMs: OUTAGE_MS,
      issues: { rolledOutDuringOutage: during.length, approvedAfterOutage: after.length },
      rolloutsFinishedWithinOutage: rolledOutInOutage,
      entriesWaitingAtRecovery: pendingAtRecovery,
      http503AnswersDuringOutage: refusedAnswers,
      cardsAndDmsDeliveredAfterRecoveryMs: Math.round(cardsAfterMs),
      backlogDeliveredAfterRecoveryMs: Math.round(caughtUpMs),
      platforms: perPlatform,
      duplicates,
      outboxEntries: {
        total: entries.length,
        delivered: entries.filter((e) => e.status === 'delivered').length,
        coveredByAnother: entries.filter((e) => 'coveredBy' in e.effects).length,
        failed: entries.filter((e) => e.status === 'failed').length,
        maxAttempts: Math.max(0, ...entries.map((e) => e.attempts)),
      },
    };
  } finally {
    for (const p of all) await p.outage.up();
    await new Promise<void>((r) => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close(() => r());
    });
    await service.close();
    for (const p of all) await p.kit.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
