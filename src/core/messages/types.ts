// The neutral message model: built once in the core, rendered per platform (Block Kit, Adaptive Card, Feishu card).
import type { RiskLevel } from '../model/issue.ts';

/** A finding of the SQL review, as a card shows it. */
export interface CardFinding {
  level: 'error' | 'warning';
  rule: string;
  message: string;
  database: string;
}

/** Where an approval stands, as the card shows it. */
export type CardDecision =
  | {
      state: 'pending';
      /** 1-based step number and the number of steps in the round. */
      step: number;
      steps: number;
      /** "a DBA" or "a project owner". */
      role: string;
      /** Names of the people who may decide this step. */
      approvers: string[];
    }
  | { state: 'approved' | 'rejected' | 'canceled'; by: string; at: Date; reason: string | null }
  | { state: 'rollout'; status: string };

/** The interactive approval card of one issue. */
export interface ApprovalCard {
  kind: 'approval_card';
  issueId: number;
  round: number;
  /** The pending step the buttons decide (0-based), when there are buttons. */
  step: number | null;
  title: string;
  project: string;
  creator: string;
  url: string;
  environments: string[];
  databases: string[];
  /** The statement, cut to fit a card; `truncated` says the full text is behind `url`. */
  statement: string;
  truncated: boolean;
  review: { errors: number; warnings: number; top: CardFinding[] };
  risk: RiskLevel;
  decision: CardDecision;
  /** Whether Approve asks for confirmation first (high-risk changes). */
  confirmApprove: boolean;
  /** Approval decided by people so far in this round, oldest first. */
  history: { step: number; by: string; at: Date }[];
}

/** A plain message: an optional title, lines of text, an optional link. */
export interface NoticeMessage {
  kind: 'notice';
  title?: string;
  lines: string[];
  /** Lines shown as preformatted text (SQL, tables). */
  code?: string;
  link?: { url: string; label: string };
}

export type ChatMessage = ApprovalCard | NoticeMessage;

/** A request for a free-text reason: rejecting, or accepting review errors when approving. */
export interface ReasonForm {
  purpose: 'reject' | 'override';
  issueId: number;
  round: number;
  step: number;
  title: string;
  prompt: string;
  submitLabel: string;
  /** Where the form was opened from, so errors can be told to the user there. */
  channel: string | null;
}

/** A notice with lines. */
export const notice = (
  lines: string[],
  extra: Omit<NoticeMessage, 'kind' | 'lines'> = {},
): NoticeMessage => ({
  kind: 'notice',
  lines,
  ...extra,
});
