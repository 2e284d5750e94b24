// The neutral message model: built once in the core, rendered per platform (Block Kit, Adaptive Card, Feishu card).
import type { RiskLevel } from '../model/issue.ts';
import type { DriftStatus } from '../ports/drift-store.ts';

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

/** The card announcing a database's drift state in a bound channel; updated in place when the state changes. */
export interface DriftCard {
  kind: 'drift_card';
  databaseId: number;
  /** The state the card shows; its Accept button decides only while this is still the database's state. */
  seq: number;
  instance: string;
  database: string;
  environment: string;
  project: string;
  status: DriftStatus;
  /** The migration whose recorded schema the live one was compared with. */
  baseline: { historyId: number; version: string | null; issueId: number | null; at: Date } | null;
  /** The first changed lines (`+ …` / `- …`) and how many more the full diff in the web view has. */
  diff: { lines: string[]; more: number } | null;
  error: string | null;
  checkedAt: Date;
  /** The web view's page of the database with the full diff. */
  url: string;
  /** Whether the card offers Accept as baseline (while drifted). */
  acceptable: boolean;
  /** Set when a DBA accepted the live schema as the baseline. */
  accepted: { by: string; at: Date; reason: string } | null;
}

export type ChatMessage = ApprovalCard | NoticeMessage | DriftCard;

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

/** A request for the reason of accepting a database's live schema as its baseline (from a drift card). */
export interface BaselineForm {
  purpose: 'baseline';
  databaseId: number;
  seq: number;
  title: string;
  prompt: string;
  submitLabel: string;
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
