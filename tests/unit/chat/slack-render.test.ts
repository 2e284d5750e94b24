// Block Kit rendering of the approval card and notices, from the neutral card model.
import { describe, expect, it } from 'vitest';
import { renderMessage, renderReasonModal } from '../../../adapters/chat/slack/render.ts';
import { buildApprovalCard, CARD_STATEMENT_CHARS } from '../../../src/core/messages/approval-card.ts';
import type { IssueDetail } from '../../../src/core/model/issue.ts';

const at = new Date('2025-01-02T03:04:05Z');
function detail(
  over: { status?: string; risk?: 'low' | 'high'; statement?: string; decided?: boolean } = {},
): IssueDetail {
  const decided = over.decided ?? false;
  return {
    issue: {
      id: 7,
      projectId: 1,
      title: 'Add <orders> & index',
      description: '',
      type: 'schema',
      status: (over.status ?? 'pending_approval') as never,
      creatorId: 2,
      origin: 'api',
      originRef: null,
      risk: over.risk ?? 'low',
      review: {
        environments: [
          {
            environment: 'prod',
            template: 'prod',
            errorCount: 0,
            warningCount: 1,
            risk: 'low',
            advice: [
              {
                database: 'shop',
                version: null,
                rule: 'r.x',
                level: 'warning',
                message: 'use bigint',
                line: 1,
                column: 1,
              },
            ],
          },
        ],
        errorCount: 0,
        warningCount: 1,
      },
      rejectReason: null,
      runAt: null,
      approvedAt: null,
      revision: 1,
      createdAt: at,
      updatedAt: at,
    },
    stages: [{ id: 1, issueId: 7, environmentId: 3, position: 0, status: 'pending', runAt: null }],
    tasks: [
      {
        id: 1,
        issueId: 7,
        stageId: 1,
        databaseId: 5,
        position: 0,
        type: 'schema',
        version: null,
        statement: over.statement ?? 'CREATE TABLE a (id bigint);',
        status: 'pending',
        statusReason: null,
        attempts: 0,
        claimedBy: null,
        leaseUntil: null,
      },
    ],
    approvals: [
      {
        id: 1,
        issueId: 7,
        round: 1,
        step: 0,
        role: 'dba',
        status: decided ? 'approved' : 'pending',
        decidedBy: decided ? 9 : null,
        decidedAt: decided ? at : null,
        reason: null,
        channel: decided ? 'slack' : null,
        overrideReason: null,
      },
    ],
  } as IssueDetail;
}
const card = (d: IssueDetail) =>
  buildApprovalCard({
    detail: d,
    project: 'shop',
    publicUrl: 'https://bb.example',
    names: new Map([
      [2, 'Devon'],
      [9, 'Dana'],
    ]),
    environmentKeys: new Map([[3, 'prod']]),
    databaseNames: new Map([[5, 'shop']]),
    approvers: ['Dana'],
  });
type B = { type: string; elements?: { action_id?: string; confirm?: unknown; value?: string }[] };

describe('Slack card rendering', () => {
  it('shows buttons with the step key while pending, and a confirm dialog only for high risk', () => {
    const low = renderMessage(card(detail())).blocks as B[];
    const actions = low.find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual(['approve', 'reject', 'open']);
    expect(actions.elements![0]!.value).toBe('7:1:0');
    expect(actions.elements![0]!.confirm).toBeUndefined();
    const high = renderMessage(card(detail({ risk: 'high' }))).blocks as B[];
    expect(high.find((b) => b.type === 'actions')!.elements![0]!.confirm).toBeDefined();
    // Plain-text headers are shown as is; mrkdwn sections escape Slack's control characters.
    expect((low[0] as unknown as { text: { text: string } }).text.text).toBe('#7 Add <orders> & index');
  });
  it('drops the buttons and names the decider once decided', () => {
    const out = renderMessage(card(detail({ status: 'approved', decided: true })));
    expect((out.blocks as B[]).some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(out.blocks)).toContain('Approved by Dana');
    expect(out.text).toContain('approved');
  });
  it('cuts long statements and links the full text', () => {
    const long = Array.from({ length: 100 }, (_, i) => `ALTER TABLE a ADD COLUMN c${i} int;`).join('\n');
    const c = card(detail({ statement: long }));
    expect(c.truncated).toBe(true);
    expect(c.statement.length).toBeLessThanOrEqual(CARD_STATEMENT_CHARS + 2);
    expect(JSON.stringify(renderMessage(c).blocks)).toContain(
      '<https://bb.example/#/issues/7|Full statement>',
    );
  });
  it('renders the reason modal with what the submission needs', () => {
    const view = renderReasonModal({
      purpose: 'reject',
      issueId: 7,
      round: 1,
      step: 0,
      title: 'Reject issue #7',
      prompt: 'Why?',
      submitLabel: 'Reject',
      channel: 'C1',
    });
    expect(JSON.parse(view.private_metadata as string)).toEqual({ p: 'reject', i: 7, r: 1, s: 0, c: 'C1' });
  });
});
