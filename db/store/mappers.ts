// Row-to-model mappers for the issue aggregate, shared by the issue, rollout and history repositories.
import type {
  Approval,
  ApprovalStatus,
  ApproverRole,
  DecisionChannel,
  HistoryEntry,
  HistoryStatus,
  Issue,
  IssueReview,
  IssueStatus,
  IssueType,
  RiskLevel,
  Stage,
  StageStatus,
  Task,
  TaskLogEntry,
  TaskRun,
  TaskStatus,
} from '../../src/core/model/issue.ts';
import type { ExecuteResult } from '../../src/core/ports/engine-driver.ts';
import type { approvals, issues, migrationHistory, stages, taskRuns, tasks } from '../schema/index.ts';

export const toIssue = (r: typeof issues.$inferSelect): Issue => ({
  id: r.id,
  projectId: r.projectId,
  title: r.title,
  description: r.description,
  type: r.type as IssueType,
  status: r.status as IssueStatus,
  creatorId: r.creatorId,
  origin: r.origin,
  originRef: r.originRef ?? null,
  risk: r.risk as RiskLevel,
  review: (r.review as IssueReview | null) ?? null,
  rejectReason: r.rejectReason,
  runAt: r.runAt,
  approvedAt: r.approvedAt,
  revision: r.revision,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toStage = (r: typeof stages.$inferSelect): Stage => ({
  id: r.id,
  issueId: r.issueId,
  environmentId: r.environmentId,
  position: r.position,
  status: r.status as StageStatus,
  runAt: r.runAt,
});

export const toTask = (r: typeof tasks.$inferSelect): Task => ({
  id: r.id,
  issueId: r.issueId,
  stageId: r.stageId,
  databaseId: r.databaseId,
  position: r.position,
  type: r.type as IssueType,
  version: r.version,
  statement: r.statement,
  status: r.status as TaskStatus,
  statusReason: r.statusReason,
  attempts: r.attempts,
  claimedBy: r.claimedBy,
  leaseUntil: r.leaseUntil,
});

export const toRun = (r: typeof taskRuns.$inferSelect): TaskRun => ({
  id: r.id,
  taskId: r.taskId,
  attempt: r.attempt,
  status: r.status as TaskRun['status'],
  executorId: r.executorId,
  worker: r.worker,
  log: (r.log as TaskLogEntry[]) ?? [],
  result: (r.result as ExecuteResult | null) ?? null,
  error: r.error,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
});

export const toApproval = (r: typeof approvals.$inferSelect): Approval => ({
  id: r.id,
  issueId: r.issueId,
  round: r.round,
  step: r.step,
  role: r.role as ApproverRole,
  status: r.status as ApprovalStatus,
  decidedBy: r.decidedBy,
  decidedAt: r.decidedAt,
  reason: r.reason,
  channel: r.channel as DecisionChannel | null,
  overrideReason: r.overrideReason,
});

export const toHistory = (r: typeof migrationHistory.$inferSelect): HistoryEntry => ({
  id: r.id,
  databaseId: r.databaseId,
  issueId: r.issueId,
  taskId: r.taskId,
  version: r.version,
  type: r.type as IssueType,
  statement: r.statement,
  checksum: r.checksum,
  schemaBefore: r.schemaBefore,
  schemaAfter: r.schemaAfter,
  status: r.status as HistoryStatus,
  error: r.error,
  approverId: r.approverId,
  executorId: r.executorId,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  durationMs: r.durationMs,
});
