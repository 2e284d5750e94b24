// Builds the approval card of an issue from its current state; pure, so every platform renders the same facts.
import type { Approval, IssueDetail } from '../model/issue.ts';
import { roleLabel } from '../rollout/approval-policy.ts';
import type { ApprovalCard, CardDecision, CardFinding } from './types.ts';

/** Statement text shown on a card; the rest is behind the issue link. */
export const CARD_STATEMENT_CHARS = 600;
/** Review findings shown on a card, errors first. */
export const CARD_TOP_FINDINGS = 3;

export interface CardInput {
  detail: IssueDetail;
  project: string;
  publicUrl: string;
  /** Names by principal id. */
  names: Map<number, string>;
  environmentKeys: Map<number, string>;
  databaseNames: Map<number, string>;
  /** Names of the people who may decide the pending step. */
  approvers: string[];
}

/** The issue's web view address. */
export const issueUrl = (publicUrl: string, issueId: number) => `${publicUrl}/#/issues/${issueId}`;

function truncate(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  // Cut at a line end when one is close, so the card does not end mid-word.
  const cut = text.lastIndexOf('\n', max);
  return { text: `${text.slice(0, cut > max * 0.6 ? cut : max).trimEnd()}\n…`, truncated: true };
}

function decisionOf(input: CardInput, inRound: Approval[]): CardDecision {
  const { detail, names } = input;
  const issue = detail.issue;
  const name = (id: number | null) => (id === null ? 'someone' : (names.get(id) ?? `user ${id}`));
  const decided = (status: Approval['status']) => inRound.find((a) => a.status === status);
  if (issue.status === 'pending_approval') {
    const pending = inRound.find((a) => a.status === 'pending');
    if (pending)
      return {
        state: 'pending',
        step: pending.step + 1,
        steps: inRound.length,
        role: roleLabel(pending.role),
        approvers: input.approvers,
      };
  }
  if (issue.status === 'rejected') {
    const r = decided('rejected');
    return {
      state: 'rejected',
      by: name(r?.decidedBy ?? null),
      at: r?.decidedAt ?? issue.updatedAt,
      reason: r?.reason ?? issue.rejectReason,
    };
  }
  if (issue.status === 'canceled') {
    return { state: 'canceled', by: name(issue.creatorId), at: issue.updatedAt, reason: null };
  }
  const last = [...inRound].reverse().find((a) => a.status === 'approved');
  if (issue.status === 'approved' && last)
    return {
      state: 'approved',
      by: name(last.decidedBy),
      at: last.decidedAt ?? issue.updatedAt,
      reason: null,
    };
  return { state: 'rollout', status: issue.status };
}

/** The approval card of an issue as it is now: buttons only while a step is pending. */
export function buildApprovalCard(input: CardInput): ApprovalCard {
  const { detail } = input;
  const issue = detail.issue;
  const round = Math.max(0, ...detail.approvals.map((a) => a.round));
  const inRound = detail.approvals.filter((a) => a.round === round);
  const decision = decisionOf(input, inRound);
  const statements = [...new Set(detail.tasks.map((t) => t.statement.trim()))];
  const statement = truncate(statements.join('\n\n'), CARD_STATEMENT_CHARS);
  const top: CardFinding[] = (issue.review?.environments ?? [])
    .flatMap((e) => e.advice)
    .filter(
      (a): a is typeof a & { level: 'error' | 'warning' } => a.level === 'error' || a.level === 'warning',
    )
    .sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1))
    .slice(0, CARD_TOP_FINDINGS)
    .map((a) => ({ level: a.level, rule: a.rule, message: a.message, database: a.database }));
  const pending = inRound.find((a) => a.status === 'pending');
  return {
    kind: 'approval_card',
    issueId: issue.id,
    round,
    step: decision.state === 'pending' && pending ? pending.step : null,
    title: issue.title,
    project: input.project,
    creator: input.names.get(issue.creatorId) ?? `user ${issue.creatorId}`,
    url: issueUrl(input.publicUrl, issue.id),
    environments: detail.stages.map((s) => input.environmentKeys.get(s.environmentId) ?? '?'),
    databases: [...new Set(detail.tasks.map((t) => input.databaseNames.get(t.databaseId) ?? '?'))],
    statement: statement.text,
    truncated: statement.truncated,
    review: { errors: issue.review?.errorCount ?? 0, warnings: issue.review?.warningCount ?? 0, top },
    risk: issue.risk,
    decision,
    confirmApprove: issue.risk === 'high',
    history: inRound
      .filter((a) => a.status === 'approved' && a.decidedBy !== null)
      .map((a) => ({
        step: a.step + 1,
        by: input.names.get(a.decidedBy!) ?? `user ${a.decidedBy}`,
        at: a.decidedAt ?? issue.updatedAt,
      })),
  };
}
