// Store repositories for issues, approvals, the rollout queue and migration history.
import type {
  Approval,
  ApprovalStatus,
  ApproverRole,
  DecisionChannel,
  HistoryEntry,
  HistoryStatus,
  Issue,
  IssueDetail,
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
} from '../model/issue.ts';
import type { ProjectMember } from '../model/workspace.ts';
import type { ExecuteResult } from './engine-driver.ts';

export interface NewIssue {
  projectId: number;
  title: string;
  description: string;
  type: IssueType;
  creatorId: number;
  origin: string;
  originRef: unknown;
  risk: RiskLevel;
  review: IssueReview | null;
  runAt: Date | null;
  stages: {
    environmentId: number;
    runAt: Date | null;
    tasks: { databaseId: number; version: string | null; statement: string }[];
  }[];
  approvalSteps: ApproverRole[];
}

export interface IssueFilter {
  projectIds?: number[];
  /** Only issues of the projects this principal is a member of. */
  memberOf?: number;
  status?: IssueStatus[];
  creatorId?: number;
  /**
   * Only issues whose current step this principal may decide: the step's role is one of `roles`, or it is a
   * project-owner step of a project in `ownerOf`; issues they created are left out unless the project allows
   * self-approval, and so are rounds in which they already decided a step. Without `ownerOf`, the projects
   * whose owner steps they hold are those they are a member of with the owner role.
   */
  pendingFor?: { principalId: number; roles: ApproverRole[]; ownerOf?: number[] };
  /** Only issues with an id below this one (the next page of a newest-first list). */
  beforeId?: number;
  limit?: number;
}

/** What a list of issues shows of each one: no description, review or pipeline. */
export interface IssueListItem {
  id: number;
  projectId: number;
  projectKey: string;
  title: string;
  type: IssueType;
  status: IssueStatus;
  risk: RiskLevel;
  createdAt: Date;
  /** In a `pendingFor` list, the role of the step waiting now; otherwise null. */
  waitingFor: ApproverRole | null;
}

/**
 * Everything the issue view shows, read in one statement so that it is one snapshot: the issue's pipeline, its
 * project's key and members, the environments of its stages, the databases of its tasks (those still in its
 * project), runs, timeline, the people it names (creator, deciders) and its undelivered outbound effects.
 */
export interface IssueViewData {
  detail: IssueDetail;
  projectKey: string | null;
  members: ProjectMember[];
  environments: { id: number; key: string }[];
  databases: { id: number; name: string; instance: string | null; engine: string | null }[];
  /** Runs of every task, by task and attempt. */
  runs: TaskRun[];
  events: { id: number; kind: string; payload: Record<string, unknown>; createdAt: Date }[];
  people: { id: number; name: string; email: string }[];
  undelivered: {
    id: number;
    event: string;
    status: string;
    attempts: number;
    lastError: string | null;
    createdAt: Date;
  }[];
}

/** The waiting step of an issue in a `pendingFor` list. */
export interface PendingIssue extends Issue {
  waitingFor: ApproverRole | null;
}

export interface IssueRepository {
  /** Creates an issue with its stages, tasks and first round of approval steps. */
  create(input: NewIssue): Promise<IssueDetail>;
  /** An issue with stages, tasks and approvals, or null. */
  detail(id: number): Promise<IssueDetail | null>;
  /** What the issue view shows, from one snapshot, or null. */
  view(id: number): Promise<IssueViewData | null>;
  /** The issue row alone, or null. */
  get(id: number): Promise<Issue | null>;
  /** Newest first; `waitingFor` is the role of the step waiting now (null when none). */
  list(filter: IssueFilter): Promise<PendingIssue[]>;
  /** The same selection as `list`, newest first, with only what a list shows. */
  listItems(filter: IssueFilter): Promise<IssueListItem[]>;
  /** Compare-and-set of the status: true when the issue was in one of `from` and now is `to`. */
  transition(
    id: number,
    from: IssueStatus[],
    to: IssueStatus,
    patch?: { rejectReason?: string | null; approvedAt?: Date },
  ): Promise<boolean>;
  /** Appends an event to the issue's timeline. */
  addEvent(issueId: number, kind: string, payload: Record<string, unknown>): Promise<void>;
  /** The issue's timeline, oldest first. */
  events(
    issueId: number,
  ): Promise<{ id: number; kind: string; payload: Record<string, unknown>; createdAt: Date }[]>;
}

export interface ApprovalRepository {
  /** Approval rows of an issue, all rounds, in round and step order. */
  list(issueId: number): Promise<Approval[]>;
  /**
   * Compare-and-set decision on one pending step: exactly one concurrent caller gets the updated row,
   * every other gets null.
   */
  decide(input: {
    issueId: number;
    round: number;
    step: number;
    status: Exclude<ApprovalStatus, 'pending' | 'superseded'>;
    decidedBy: number;
    reason: string | null;
    channel: DecisionChannel;
    overrideReason: string | null;
  }): Promise<Approval | null>;
  /** Marks the remaining pending steps of a round superseded (after a rejection or cancel). */
  supersedePending(issueId: number, round: number): Promise<void>;
  /** Opens a new round with these steps. */
  openRound(issueId: number, round: number, roles: ApproverRole[]): Promise<void>;
}

export interface ClaimedTask {
  task: Task;
  issue: Issue;
  stage: Stage;
}

export interface RolloutRepository {
  /**
   * Claims up to `limit` runnable tasks for `worker` with a lease, so no other process runs them: the issue is
   * approved or running, every task of earlier stages reached an end state, the stage's run time has come,
   * and no earlier task on the same database in the stage is pending or running. At most one task runs on a
   * database at a time, across issues and processes: a database with a running task gets none, and otherwise
   * gets its first runnable task in issue approval order, then stage position, then task position. Claims
   * from every process take turns; a claim that collides with another writer claims nothing (an empty list).
   */
  claimRunnable(worker: string, limit: number, leaseMs: number): Promise<ClaimedTask[]>;
  /** Extends the lease of a task this worker holds; false when the claim was lost. */
  renewLease(taskId: number, worker: string, leaseMs: number): Promise<boolean>;
  /**
   * Finds running tasks whose lease expired, or that `worker` holds (a process starting under the name it had
   * before a crash holds nothing yet), or every running task when `all`; marks them failed with reason
   * "interrupted", closes their runs and history rows; returns them. Locks their issues first (lock order:
   * issue, then approvals, then stages and tasks), so call it in the transaction that settles those issues.
   */
  recoverInterrupted(options: { all: boolean; worker?: string }): Promise<Task[]>;
  /** Locks the issue's row until the surrounding transaction ends, so concurrent settlers take turns. */
  lockIssue(issueId: number): Promise<void>;
  /** Stages of an issue in order. */
  stages(issueId: number): Promise<Stage[]>;
  /** A task by id, or null. */
  getTask(id: number): Promise<Task | null>;
  /**
   * Compare-and-set of a task's status, clearing any claim. It never makes a task running: only
   * `claimRunnable` does, so the one-running-task-per-database rule has a single gate.
   */
  setTaskStatus(
    taskId: number,
    from: TaskStatus[],
    to: Exclude<TaskStatus, 'running'>,
    reason?: string | null,
  ): Promise<boolean>;
  /** Recomputes stage statuses from their tasks and returns them. */
  refreshStages(issueId: number): Promise<Stage[]>;
  /** Sets a stage's status. */
  setStageStatus(stageId: number, status: StageStatus): Promise<void>;
  /** Starts a run (attempt = task.attempts). */
  startRun(input: { taskId: number; attempt: number; executorId: number; worker: string }): Promise<TaskRun>;
  /** Appends log entries to a run. */
  appendRunLog(runId: number, entries: TaskLogEntry[]): Promise<void>;
  /** Closes a run. */
  finishRun(
    runId: number,
    input: { status: TaskRun['status']; result: ExecuteResult | null; error: string | null },
  ): Promise<void>;
  /** Runs of a task, oldest first. */
  runs(taskId: number): Promise<TaskRun[]>;
  /** Runs of every task of an issue. */
  runsOfIssue(issueId: number): Promise<TaskRun[]>;
  /** The earliest future run time among approved issues' pending stages, for the scheduler's wake-up. */
  nextRunAt(): Promise<Date | null>;
}

export interface NewHistoryEntry {
  databaseId: number;
  issueId: number | null;
  taskId: number | null;
  version: string | null;
  type: IssueType;
  statement: string;
  checksum: string;
  schemaBefore: string | null;
  approverId: number | null;
  executorId: number | null;
}

export interface HistoryRepository {
  /** Writes a pending history row before the change touches the database. */
  begin(input: NewHistoryEntry): Promise<HistoryEntry>;
  /** Closes a history row. */
  finish(
    id: number,
    input: { status: HistoryStatus; schemaAfter: string | null; error: string | null; durationMs: number },
  ): Promise<void>;
  /** Newest first. */
  list(databaseId: number, options?: { limit?: number; since?: Date }): Promise<HistoryEntry[]>;
  /** The applied (done) row of a version on a database, or null. */
  appliedVersion(databaseId: number, version: string): Promise<HistoryEntry | null>;
  /** The latest done row of a database, or null. */
  latest(databaseId: number): Promise<HistoryEntry | null>;
  /** A row by id, or null. */
  get(id: number): Promise<HistoryEntry | null>;
}
