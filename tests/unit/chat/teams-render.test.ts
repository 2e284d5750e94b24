// Adaptive Card rendering of the approval card, notices and the reason form, from the neutral model.
import { describe, expect, it } from 'vitest';
import {
  renderApprovalCard,
  renderMessage,
  renderNoticeCard,
  renderReasonCard,
  VERBS,
} from '../../../adapters/chat/teams/render.ts';
import type { ApprovalCard } from '../../../src/core/messages/types.ts';

type Json = Record<string, unknown>;
const at = new Date('2025-01-02T03:04:05.678Z');
const card = (over: Partial<ApprovalCard> = {}): ApprovalCard => ({
  kind: 'approval_card',
  issueId: 7,
  round: 1,
  step: 0,
  title: 'Add orders index',
  project: 'shop',
  creator: 'Devon Dev',
  url: 'https://bb.example.com/#/issues/7',
  environments: ['test', 'prod'],
  databases: ['shop_db'],
  statement: 'CREATE INDEX i ON orders (a * b);',
  truncated: false,
  review: {
    errors: 1,
    warnings: 2,
    top: [{ level: 'error', rule: 'r.x', message: 'no where', database: 'shop_db' }],
  },
  risk: 'low',
  decision: { state: 'pending', step: 1, steps: 2, role: 'a DBA', approvers: ['Dana DBA'] },
  confirmApprove: false,
  history: [],
  ...over,
});
const texts = (c: Json) => JSON.stringify(c);
const actions = (c: Json) => (c.actions as Json[] | undefined) ?? [];
const key = { issueId: 7, round: 1, step: 0 };

describe('renderApprovalCard', () => {
  it('renders a pending card with facts, the statement as code, findings and Execute buttons with Submit fallbacks', () => {
    const c = renderApprovalCard(card());
    expect(c).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(c.body[0]).toMatchObject({ type: 'TextBlock', text: '#7 Add orders index' });
    const facts = ((c.body.find((e) => e.type === 'FactSet')?.facts ?? []) as Json[]).map(
      (f) => `${f.title}=${f.value}`,
    );
    expect(facts).toEqual([
      'Project=shop',
      'Risk=low',
      'Environments=test, prod',
      'Databases=shop_db',
      'Review=1 error(s), 2 warning(s)',
      'Requested by=Devon Dev',
    ]);
    const code = c.body.find((e) => e.type === 'CodeBlock');
    expect(code).toMatchObject({
      codeSnippet: 'CREATE INDEX i ON orders (a * b);',
      fallback: { fontType: 'Monospace' },
    });
    expect(texts(c)).toContain('🔴 shop_db: no where (r.x)');
    expect(texts(c)).toContain('⏳ Step 1 of 2: waiting for a DBA (Dana DBA)');
    expect(texts(c)).toContain('(https://bb.example.com/#/issues/7)');
    const [approve, reject, open] = actions(c);
    expect(approve).toMatchObject({ type: 'Action.Execute', verb: VERBS.approve, data: key });
    expect(approve!.fallback).toMatchObject({ type: 'Action.Submit', data: { ...key, verb: 'approve' } });
    expect(reject).toMatchObject({ type: 'Action.Execute', verb: VERBS.reject, data: key });
    expect(reject!.fallback).toMatchObject({ type: 'Action.Submit', data: { ...key, verb: 'reject' } });
    expect(open).toMatchObject({ type: 'Action.OpenUrl', url: 'https://bb.example.com/#/issues/7' });
    expect(c.refresh).toMatchObject({ action: { verb: VERBS.refresh, data: key }, userIds: [] });
  });

  it('puts approval of a high-risk change behind a confirming sub-card', () => {
    const [approve] = actions(renderApprovalCard(card({ risk: 'high', confirmApprove: true })));
    expect(approve).toMatchObject({ type: 'Action.ShowCard', title: 'Approve…' });
    const inner = actions(approve!.card as Json);
    expect(inner).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'approve', data: key })]);
    expect(texts(approve!.card as Json)).toContain('shop_db in test, prod');
  });

  it('links the full statement when it was cut', () => {
    expect(texts(renderApprovalCard(card({ truncated: true })))).toContain(
      '[Full statement](https://bb.example.com/#/issues/7)',
    );
  });

  it('drops the buttons once decided and shows who decided, when and why', () => {
    const c = renderApprovalCard(
      card({
        step: null,
        decision: { state: 'rejected', by: 'Olivia Owner', at, reason: 'needs an index' },
        history: [{ step: 1, by: 'Dana DBA', at }],
      }),
    );
    expect(actions(c).map((a) => a.type)).toEqual(['Action.OpenUrl']);
    expect(texts(c)).toContain('❌ Rejected by Olivia Owner {{DATE(2025-01-02T03:04:05Z,SHORT)}}');
    expect(texts(c)).toContain('needs an index');
    expect(texts(c)).toContain('Step 1 approved by Dana DBA');
  });
});

describe('notices and forms', () => {
  it('renders one TextBlock per line, code as a CodeBlock and the link', () => {
    const c = renderNoticeCard({
      kind: 'notice',
      title: 'History of shop',
      lines: ['one _a_ line', 'two'],
      code: 'SELECT 1;',
      link: { url: 'https://x.example', label: 'Open' },
    });
    expect(c.body.map((e) => e.text ?? e.codeSnippet)).toEqual([
      'History of shop',
      'one _a_ line',
      'two',
      'SELECT 1;',
      '[Open](https://x.example)',
    ]);
  });

  it('asks for a required reason and carries the step on both buttons', () => {
    const c = renderReasonCard({
      purpose: 'reject',
      ...key,
      title: 'Reject issue #7',
      prompt: 'Why?',
      submitLabel: 'Reject',
      channel: null,
    });
    expect(c.body[1]).toMatchObject({ type: 'Input.Text', id: 'reason', isRequired: true, label: 'Why?' });
    const [submit, cancel] = actions(c);
    expect(submit).toMatchObject({
      type: 'Action.Execute',
      verb: 'reject-reason',
      data: key,
      title: 'Reject',
    });
    expect(cancel).toMatchObject({ verb: 'refresh', associatedInputs: 'none' });
    const override = renderReasonCard({
      purpose: 'override',
      ...key,
      title: 't',
      prompt: 'p',
      submitLabel: 'Approve',
      channel: null,
    });
    expect(actions(override)[0]).toMatchObject({ verb: 'override-reason' });
  });

  it('wraps every message in an Adaptive Card attachment with a plain summary', () => {
    const a = renderMessage(card()) as { type: string; summary: string; attachments: Json[] };
    expect(a.type).toBe('message');
    expect(a.summary).toBe('Issue #7 Add orders index: waiting for a DBA');
    expect(a.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive' });
    expect(renderMessage({ kind: 'notice', title: 'T', lines: ['a'] })).toMatchObject({ summary: 'T\na' });
  });
});
