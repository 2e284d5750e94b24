// The drift card and the baseline reason form on Slack (Block Kit), Teams (Adaptive Card) and Feishu (card JSON 2.0),
// and each platform's click on them read back as the interaction the core acts on.
import { describe, expect, it } from 'vitest';
import { parseButtonValue } from '../../../adapters/chat/feishu/callback.ts';
import {
  renderDriftCard as feishuCard,
  renderReasonForm as feishuForm,
  renderMessage as feishuMessage,
} from '../../../adapters/chat/feishu/render.ts';
import {
  ACCEPT_BASELINE_ACTION,
  renderReasonModal,
  renderMessage as slackMessage,
} from '../../../adapters/chat/slack/render.ts';
import { interactionOf } from '../../../adapters/chat/teams/actions.ts';
import { parseTeamsActivity } from '../../../adapters/chat/teams/parse.ts';
import {
  renderDriftCard as teamsCard,
  renderReasonCard as teamsForm,
  VERBS,
} from '../../../adapters/chat/teams/render.ts';
import type { BaselineForm, DriftCard } from '../../../src/core/messages/types.ts';

const at = new Date('2026-03-04T05:06:07Z');
const drifted: DriftCard = {
  kind: 'drift_card',
  databaseId: 4,
  seq: 3,
  instance: 'prod-db',
  database: 'orders',
  environment: 'prod',
  project: 'shop',
  status: 'drifted',
  baseline: { historyId: 9, version: '0007', issueId: 12, at: new Date('2026-03-01T10:00:00Z') },
  diff: { lines: ['- id int', '+ id bigint', '+ CREATE INDEX <x> ON t (a)'], more: 5 },
  error: null,
  checkedAt: at,
  url: 'https://bb.example.com/#/databases/prod-db/orders',
  acceptable: true,
  accepted: null,
};
const accepted: DriftCard = {
  ...drifted,
  seq: 4,
  status: 'in_sync',
  diff: null,
  acceptable: false,
  accepted: { by: 'Dana DBA', at, reason: 'index stays' },
};
const form: BaselineForm = {
  purpose: 'baseline',
  databaseId: 4,
  seq: 3,
  title: 'Accept as baseline',
  prompt: 'Why is the live schema right?',
  submitLabel: 'Accept',
  channel: 'C1',
};

// biome-ignore lint/suspicious/noExplicitAny: rendered card JSON is read field by field, as each platform defines it
type Json = Record<string, any>;
const walk = (node: unknown, out: Json[] = []): Json[] => {
  if (Array.isArray(node)) for (const n of node) walk(n, out);
  else if (node && typeof node === 'object') {
    out.push(node as Json);
    for (const v of Object.values(node)) walk(v, out);
  }
  return out;
};
const textOf = (node: unknown) => JSON.stringify(node);

describe('Slack drift card', () => {
  it('shows the facts, the state, the baseline, the diff as code with the rest behind Open, and both buttons', () => {
    const { text, blocks } = slackMessage(drifted);
    expect(text).toBe('Drift of orders on prod-db (prod, shop): drifted');
    const all = textOf(blocks);
    for (const part of ['orders on prod-db', '*Environment*\\nprod', '*Project*\\nshop', '🔴 Drifted'])
      expect(all).toContain(part);
    expect(all).toContain('Compared with 0007 (issue #12), applied 2026-03-01 10:00 UTC');
    const diff = blocks.find((b) => String(b.block_id).endsWith('-diff')) as Json;
    expect(diff.text.text).toBe(
      '```- id int\n+ id bigint\n+ CREATE INDEX &lt;x&gt; ON t (a)```\n5 more lines — <https://bb.example.com/#/databases/prod-db/orders|Open>',
    );
    const buttons = walk(blocks).filter((n) => n.type === 'button');
    expect(buttons.map((b) => b.text.text)).toEqual(['Accept as baseline', 'Open']);
    expect(buttons[0]).toMatchObject({ action_id: ACCEPT_BASELINE_ACTION, value: '4:3' });
    expect(buttons[1]).toMatchObject({ url: drifted.url });
  });

  it('drops Accept once nothing is to be accepted, and says who accepted the baseline', () => {
    const { text, blocks } = slackMessage(accepted);
    expect(text).toBe('Drift of orders on prod-db (prod, shop): baseline accepted');
    expect(textOf(blocks)).toContain('✅ Baseline accepted by Dana DBA: index stays');
    expect(
      walk(blocks)
        .filter((n) => n.type === 'button')
        .map((b) => b.text.text),
    ).toEqual(['Open']);
    // Slack asks for new block ids when a message is updated.
    const ids = (c: DriftCard) => slackMessage(c).blocks.map((b) => b.block_id);
    expect(ids(accepted).some((id) => ids(drifted).includes(id))).toBe(false);
  });

  it('opens the reason modal with the drift state in its metadata', () => {
    const modal = renderReasonModal(form);
    expect(modal.callback_id).toBe('bytebase_reason');
    expect(JSON.parse(String(modal.private_metadata))).toEqual({ p: 'baseline', d: 4, q: 3, c: 'C1' });
  });
});

describe('Teams drift card', () => {
  it('shows the facts, state, baseline and diff, with Accept (carrying the state) and Open', () => {
    const card = teamsCard(drifted);
    const all = textOf(card.body);
    for (const part of ['orders on prod-db', 'prod', 'shop', '🔴 Drifted', 'Compared with 0007 (issue #12)'])
      expect(all).toContain(part);
    expect(walk(card.body).find((n) => n.type === 'CodeBlock')?.codeSnippet).toBe(
      drifted.diff!.lines.join('\n'),
    );
    expect(all).toContain(`5 more lines — [Open](${drifted.url})`);
    expect(card.actions).toHaveLength(2);
    expect((card.actions as Json[])[0]).toMatchObject({
      type: 'Action.Execute',
      title: 'Accept as baseline',
      verb: VERBS.acceptBaseline,
      data: { databaseId: 4, seq: 3 },
    });
    expect((card.actions as Json[])[1]).toMatchObject({ type: 'Action.OpenUrl', url: drifted.url });
    const later = teamsCard(accepted);
    expect(textOf(later.body)).toContain('✅ Baseline accepted by Dana DBA: index stays');
    expect((later.actions as Json[]).map((a) => a.type)).toEqual(['Action.OpenUrl']);
  });

  const execute = (verb: string, data: Json) =>
    parseTeamsActivity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: 'a1',
      serviceUrl: 'https://smba.example/',
      from: { id: '29:u' },
      recipient: { id: '28:bot' },
      conversation: { id: '19:c@thread.tacv2' },
      value: { action: { type: 'Action.Execute', verb, data } },
    }) as Parameters<typeof interactionOf>[0];

  it('reads the Accept click and the reason form back as the drift state they name', () => {
    const accept = (teamsCard(drifted).actions as Json[])[0]!;
    expect(interactionOf(execute(accept.verb, accept.data))).toEqual({
      type: 'accept_baseline',
      key: { databaseId: 4, seq: 3 },
    });
    const f = teamsForm(form);
    expect(textOf(f.body)).toContain('Why is the live schema right?');
    const [submit, cancel] = f.actions as Json[];
    expect(interactionOf(execute(submit!.verb, { ...submit!.data, reason: ' hotfix ' }))).toEqual({
      type: 'baseline_reason',
      key: { databaseId: 4, seq: 3 },
      reason: 'hotfix',
    });
    expect(interactionOf(execute(submit!.verb, { ...submit!.data, reason: '  ' }))).toEqual({
      problem: 'A reason is required.',
    });
    expect(interactionOf(execute(cancel!.verb, cancel!.data))).toBe('refresh');
  });
});

describe('Feishu drift card', () => {
  const buttons = (card: unknown) => walk(card).filter((n) => n.tag === 'button');

  it('shows the facts, state, baseline and diff, with Accept (carrying the state) and Open', () => {
    const card = feishuCard(drifted);
    expect(feishuMessage(drifted)).toEqual(card);
    const all = textOf(card);
    for (const part of ['orders on prod-db', 'prod', 'shop', '🔴 Drifted', 'Compared with 0007 (issue #12)'])
      expect(all).toContain(part);
    expect(all).toContain('```\\n- id int\\n+ id bigint');
    expect(all).toContain(`5 more lines — [Open](${drifted.url})`);
    const [accept, open] = buttons(card);
    expect(accept?.text.content).toBe('Accept as baseline');
    expect(parseButtonValue(accept!.behaviors[0].value)).toEqual({ action: 'accept_baseline', key: '4:3' });
    expect(open?.behaviors[0]).toEqual({ type: 'open_url', default_url: drifted.url });
    expect(buttons(feishuCard(accepted)).map((b) => b.text.content)).toEqual(['Open']);
    expect(textOf(feishuCard(accepted))).toContain('✅ Baseline accepted by Dana DBA: index stays');
  });

  it('puts the reason form on the drift card, its submit and cancel naming the drift state', () => {
    const card = feishuForm(form, drifted);
    expect(textOf(card)).toContain('orders on prod-db');
    const [submit, cancel] = buttons(card).filter((b) => b.name === 'submit' || b.text.content === 'Cancel');
    expect(parseButtonValue(submit!.behaviors[0].value)).toEqual({
      action: 'reason',
      purpose: 'baseline',
      key: '4:3',
    });
    expect(parseButtonValue(cancel!.behaviors[0].value)).toEqual({ action: 'cancel', database: 4 });
    const alone = buttons(feishuForm(form, null)).find((b) => b.name === 'submit');
    expect(parseButtonValue(alone!.behaviors[0].value)).toMatchObject({ dm: true });
  });
});
