// Feishu card JSON 2.0 rendering of the approval card, notices and the reason form.
import { describe, expect, it } from 'vitest';
import { renderCard, renderNotice, renderReasonForm } from '../../../adapters/chat/feishu/render.ts';
import type { ApprovalCard, ReasonForm } from '../../../src/core/messages/types.ts';

const at = new Date('2025-01-02T03:04:05Z');
const pending: ApprovalCard = {
  kind: 'approval_card',
  issueId: 7,
  round: 1,
  step: 0,
  title: 'Add [orders](https://evil.example) <at id=all></at>',
  project: 'shop',
  creator: 'Devon Dev',
  url: 'https://bytebase.example.com/#/issues/7',
  environments: ['prod'],
  databases: ['shop'],
  statement: 'CREATE TABLE a (id int);\n```\n**not bold**',
  truncated: true,
  review: {
    errors: 0,
    warnings: 1,
    top: [{ level: 'warning', rule: 'r.x', message: 'use bigint', database: 'shop' }],
  },
  risk: 'high',
  decision: { state: 'pending', step: 1, steps: 2, role: 'a DBA', approvers: ['Dana DBA'] },
  confirmApprove: true,
  history: [],
};

type Node = Record<string, unknown>;
/** Every element of a card, nested ones included. */
function all(card: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: unknown) => {
    if (typeof n !== 'object' || n === null) return;
    out.push(n as Node);
    for (const k of ['elements', 'columns']) for (const c of ((n as Node)[k] as unknown[]) ?? []) walk(c);
  };
  for (const e of (card.body as { elements: unknown[] }).elements) walk(e);
  return out;
}
const buttons = (card: Node) => all(card).filter((e) => e.tag === 'button');
const texts = (card: Node) =>
  all(card).flatMap((e) =>
    e.tag === 'markdown' ? [String(e.content)] : e.tag === 'div' ? [String((e.text as Node).content)] : [],
  );

describe('renderCard', () => {
  it('renders a shared JSON 2.0 card with a risk-coloured header and callback buttons', () => {
    const card = renderCard(pending);
    expect(card.schema).toBe('2.0');
    expect((card.config as Node).update_multi).toBe(true);
    const header = card.header as { title: Node; template: string };
    expect(header.template).toBe('red');
    expect(header.title).toEqual({ tag: 'plain_text', content: `#7 ${pending.title}` });
    expect(renderCard({ ...pending, risk: 'low' }).header).toMatchObject({ template: 'green' });
    const [approve, reject] = buttons(card);
    expect(approve).toMatchObject({
      text: { content: 'Approve' },
      type: 'primary',
      behaviors: [{ type: 'callback', value: { action: 'approve', key: '7:1:0' } }],
      confirm: { title: { content: 'Approve a high-risk change?' } },
    });
    expect(reject).toMatchObject({
      text: { content: 'Reject' },
      behaviors: [{ type: 'callback', value: { action: 'reject', key: '7:1:0' } }],
    });
    expect(reject!.confirm).toBeUndefined();
    expect(buttons(renderCard({ ...pending, confirmApprove: false }))[0]!.confirm).toBeUndefined();
    expect(texts(card)).toContain('⏳ Step 1 of 2: waiting for a DBA (Dana DBA)');
  });

  it('keeps the statement in a code block it cannot leave, with the web link, and people’s text plain', () => {
    const card = renderCard(pending);
    const sql = texts(card).find((t) => t.startsWith('```sql'))!;
    expect(sql).toContain('CREATE TABLE a (id int);');
    // The fence inside the statement is broken, so the block ends only where the card ends it.
    expect(sql.match(/```/g)).toHaveLength(2);
    expect(
      texts(card).some((t) => t.includes('[Full statement](https://bytebase.example.com/#/issues/7)')),
    ).toBe(true);
    // The title and names are plain text: never parsed as markdown links or mentions.
    for (const e of all(card).filter((x) => x.tag === 'markdown'))
      expect(String(e.content)).not.toContain('evil.example');
    expect(texts(card)).toContain('🟡 shop: use bigint (r.x)');
  });

  it('shows who decided and when instead of buttons once decided', () => {
    const approved = renderCard({
      ...pending,
      step: null,
      decision: { state: 'approved', by: 'Dana DBA', at, reason: null },
      history: [{ step: 1, by: 'Dana DBA', at }],
    });
    expect(buttons(approved)).toEqual([]);
    expect(texts(approved)).toContain('✅ Approved by Dana DBA at 2025-01-02 03:04 UTC');
    expect(texts(approved)).toContain('Step 1 approved by Dana DBA at 2025-01-02 03:04 UTC');
    const rejected = renderCard({
      ...pending,
      step: null,
      decision: { state: 'rejected', by: 'Olivia Owner', at, reason: 'needs an index' },
    });
    expect(buttons(rejected)).toEqual([]);
    expect(texts(rejected)).toContain('❌ Rejected by Olivia Owner at 2025-01-02 03:04 UTC: needs an index');
    expect((rejected.config as Node).update_multi).toBe(true);
  });
});

describe('renderNotice and renderReasonForm', () => {
  it('renders notices as shared cards so a status message can be edited', () => {
    const n = renderNotice({
      kind: 'notice',
      title: 'Rollout of issue #7',
      lines: ['✅ prod · shop: done'],
      code: 'a | b',
      link: { url: 'https://x.example/#/issues/7', label: 'Issue #7' },
    });
    expect((n.config as Node).update_multi).toBe(true);
    expect(n.header).toMatchObject({ title: { content: 'Rollout of issue #7' } });
    expect(texts(n)).toEqual([
      '✅ prod · shop: done',
      '```\na | b\n```',
      '[Issue #7](https://x.example/#/issues/7)',
    ]);
    expect(renderNotice({ kind: 'notice', lines: ['x'] }).header).toBeUndefined();
  });

  it('puts a form at the card root whose submit button sends the reason with the step', () => {
    const form: ReasonForm = {
      purpose: 'reject',
      issueId: 7,
      round: 1,
      step: 0,
      title: 'Reject issue #7',
      prompt: 'Why?',
      submitLabel: 'Reject',
      channel: null,
    };
    const onCard = renderReasonForm(form, pending);
    const root = (onCard.body as { elements: Node[] }).elements;
    const f = root.find((e) => e.tag === 'form')!;
    expect(f.name).toBe('reason_form');
    const inner = all({ body: { elements: [f] } });
    expect(inner.find((e) => e.tag === 'input')).toMatchObject({ name: 'reason', required: true });
    expect(inner.find((e) => e.tag === 'button')).toMatchObject({
      form_action_type: 'submit',
      behaviors: [{ type: 'callback', value: { action: 'reason', purpose: 'reject', key: '7:1:0' } }],
    });
    // On the card the decision buttons give way to the form; Cancel brings the card back.
    expect(buttons(onCard).map((b) => (b.behaviors as { value: Node }[])[0]!.value.action)).toEqual([
      'reason',
      'cancel',
    ]);
    const alone = renderReasonForm(form, null);
    expect(alone.header).toMatchObject({ title: { content: 'Reject issue #7' } });
    expect(buttons(alone).map((b) => (b.behaviors as { value: Node }[])[0]!.value)).toEqual([
      { action: 'reason', purpose: 'reject', key: '7:1:0', dm: true },
      { action: 'cancel', issue: 7, dm: true },
    ]);
  });
});
