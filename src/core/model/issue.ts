// Issues and their pipelines: stages per environment, tasks per database, task runs, approvals, history.
import type { ExecuteResult } from '../ports/engine-driver.ts';

export type IssueType = 'schema' | 'data' | 'baseline';
export type IssueStatus =
  | 'pending_approval'
  | 'rejected'
  | 'approved'
  | 'running'
  | 'done'
  | 'failed'
  | 'canceled';
export type TaskStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'canceled';
export type StageStatus = 'pending' | 'running' | 'done' | 'failed' | 'canceled';
export type RiskLevel = 'low' | 'moderate' | 'high';
/** Who may decide an approval step: a workspace DBA (or owner), or an owner of the issue's project. */
export type ApproverRole = 'dba' | 'project_owner';
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'superseded';
export type DecisionChannel = 'api' | 'web' | 'slack' | 'teams' | 'feishu';

/** Task states after which a stage may move on. `failed` is an end state only once retried or skipped. */
export const TASK_END_STATES: readonly TaskStatus[] = ['done', 'skipped', 'canceled'];

export interface Issue {
  id: number;
  projectId: number;
  title: string;
  description: string;
  type: IssueType;
  status: IssueStatus;
  creatorId: number;
  origin: string;
  originRef: unknown;
  risk: RiskLevel;
  review: IssueReview | null;
  rejectReason: string | null;
  runAt: Date | null;
  /** When the last approval step was decided (or the issue was created needing none); null before. */
  approvedAt: Date | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Review outcome stored with the issue, per target environment. */
export interface IssueReview {
  environments: {
    environment: string;
    template: string;
    errorCount: number;
    warningCount: number;
    risk: RiskLevel;
    /** Advice per task, keyed by task position within the environment's stage. */
    advice: {
      database: string;
      version: string | null;
      rule: string;
      level: string;
      message: string;
      line: number;
      column: number;
    }[];
  }[];
  errorCount: number;
  warningCount: number;
}

export interface Stage {
  id: number;
  issueId: number;
  environmentId: number;
  position: number;
  status: StageStatus;
  runAt: Date | null;
}

export interface Task {
  id: number;
  issueId: number;
  stageId: number;
  databaseId: number;
  position: number;
  type: IssueType;
  version: string | null;
  statement: string;
  status: TaskStatus;
  statusReason: string | null;
  attempts: number;
  claimedBy: string | null;
  leaseUntil: Date | null;
}

export interface TaskLogEntry {
  at: string;
  kind:
    | 'run_started'
    | 'statement_started'
    | 'statement_finished'
    | 'skipped'
    | 'run_finished'
    | 'error'
    | 'snapshot';
  index?: number;
  line?: number;
  sql?: string;
  status?: string;
  rowsAffected?: number | null;
  durationMs?: number;
  message?: string;
}

export interface TaskRun {
  id: number;
  taskId: number;
  attempt: number;
  status: 'running' | 'done' | 'failed' | 'canceled' | 'interrupted' | 'skipped';
  executorId: number | null;
  worker: string | null;
  log: TaskLogEntry[];
  result: ExecuteResult | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface Approval {
  id: number;
  issueId: number;
  round: number;
  step: number;
  role: ApproverRole;
  status: ApprovalStatus;
  decidedBy: number | null;
  decidedAt: Date | null;
  reason: string | null;
  channel: DecisionChannel | null;
  overrideReason: string | null;
}

export type HistoryStatus = 'pending' | 'done' | 'failed' | 'interrupted';

export interface HistoryEntry {
  id: number;
  databaseId: number;
  issueId: number | null;
  taskId: number | null;
  version: string | null;
  type: IssueType;
  statement: string;
  checksum: string;
  schemaBefore: string | null;
  schemaAfter: string | null;
  status: HistoryStatus;
  error: string | null;
  approverId: number | null;
  executorId: number | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

/** An issue with everything needed to show or run it. */
export interface IssueDetail {
  issue: Issue;
  stages: Stage[];
  tasks: Task[];
  approvals: Approval[];
}
