// OpenAPI operations of issues: create, list, read, decide, cancel, resubmit, retry and skip tasks, task sessions.
import { z } from 'zod';
import { approveInput } from '../../../core/services/approve-issue.ts';
import { createIssueFields } from '../../../core/services/create-issue.ts';
import { listIssuesInput } from '../../../core/services/list-issues.ts';
import { rejectInput } from '../../../core/services/reject-issue.ts';
import { skipInput } from '../../../core/services/skip-task.ts';
import type { ApiOperation } from '../registry.ts';
import { DateTime, named } from '../registry.ts';

const Id = z.coerce.number().int().min(1).max(2_147_483_647);
export const Person = named(
  'Person',
  z.object({ id: z.number().int(), name: z.string(), email: z.string() }),
  'A workspace user as pages show them.',
);
export const Risk = z.enum(['low', 'moderate', 'high']);
export const IssueStatus = z.enum([
  'pending_approval',
  'rejected',
  'approved',
  'running',
  'done',
  'failed',
  'canceled',
]);

export const ReviewAdvice = named(
  'ReviewAdvice',
  z.object({
    database: z.string(),
    version: z.string().nullable(),
    rule: z.string().describe('Rule id, documented in docs/review-rules.md.'),
    level: z.string(),
    message: z.string(),
    line: z.number().int().describe('1-based line in the statement.'),
    column: z.number().int().describe('1-based column in the statement.'),
  }),
);

export const IssueReview = named(
  'IssueReview',
  z.object({
    environments: z.array(
      z.object({
        environment: z.string(),
        template: z.string(),
        errorCount: z.number().int(),
        warningCount: z.number().int(),
        risk: Risk,
        advice: z.array(ReviewAdvice),
      }),
    ),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
  }),
  'The SQL review of a change, per target environment.',
);

const StatementOutcome = z.object({
  index: z.number().int(),
  line: z.number().int(),
  sql: z.string(),
  status: z.enum(['done', 'failed', 'not_run', 'rolled_back']),
  rowsAffected: z.number().nullable(),
  durationMs: z.number(),
  error: z.object({ code: z.string(), message: z.string(), position: z.number().optional() }).optional(),
});

export const TaskRun = named(
  'TaskRun',
  z.object({
    id: z.number().int(),
    attempt: z.number().int(),
    status: z.enum(['running', 'done', 'failed', 'canceled', 'interrupted', 'skipped']),
    executorId: z.number().int().nullable(),
    log: z.array(
      z.object({
        at: z.string(),
        kind: z.enum([
          'run_started',
          'statement_started',
          'statement_finished',
          'skipped',
          'run_finished',
          'error',
          'snapshot',
        ]),
        index: z.number().int().optional(),
        line: z.number().int().optional(),
        sql: z.string().optional(),
        status: z.string().optional(),
        rowsAffected: z.number().nullable().optional(),
        durationMs: z.number().optional(),
        message: z.string().optional(),
      }),
    ),
    result: z
      .object({
        mode: z.enum(['transaction', 'statements']),
        status: z.enum(['done', 'failed', 'cancelled']),
        outcomes: z.array(StatementOutcome),
        appliedCount: z.number().int(),
        durationMs: z.number(),
      })
      .nullable(),
    error: z.string().nullable(),
    startedAt: DateTime,
    finishedAt: DateTime.nullable(),
  }),
  'One attempt at a task, with its structured log and per-statement outcome.',
);

export const IssueView = named(
  'IssueView',
  z.object({
    issue: z.object({
      id: z.number().int(),
      title: z.string(),
      description: z.string(),
      type: z.enum(['schema', 'data', 'baseline']),
      status: IssueStatus,
      origin: z.string(),
      originRef: z.unknown(),
      risk: Risk,
      review: IssueReview.nullable(),
      rejectReason: z.string().nullable(),
      runAt: DateTime.nullable(),
      approvedAt: DateTime.nullable(),
      createdAt: DateTime,
      updatedAt: DateTime,
      project: z.string(),
      creator: Person.nullable(),
    }),
    stages: z.array(
      z.object({
        id: z.number().int(),
        environment: z.string(),
        status: z.enum(['pending', 'running', 'done', 'failed', 'canceled']),
        runAt: DateTime.nullable(),
        tasks: z.array(
          z.object({
            id: z.number().int(),
            database: z.string(),
            instance: z.string(),
            engine: z.string(),
            version: z.string().nullable(),
            status: z.enum(['pending', 'running', 'done', 'failed', 'skipped', 'canceled']),
            statusReason: z.string().nullable(),
            attempts: z.number().int(),
            statement: z.string(),
            runs: z.array(TaskRun),
          }),
        ),
      }),
    ),
    approvals: z.array(
      z.object({
        id: z.number().int(),
        round: z.number().int(),
        step: z.number().int().describe('1-based, as chat cards number steps.'),
        role: z.enum(['dba', 'project_owner']),
        status: z.enum(['pending', 'approved', 'rejected', 'superseded']),
        decidedBy: Person.nullable(),
        decidedAt: DateTime.nullable(),
        reason: z.string().nullable(),
        channel: z.enum(['api', 'web', 'slack', 'teams', 'feishu']).nullable(),
        overrideReason: z.string().nullable(),
      }),
    ),
    events: z.array(
      z.object({ kind: z.string(), payload: z.record(z.string(), z.unknown()), createdAt: DateTime }),
    ),
    outcome: z
      .object({
        applied: z.number().int(),
        skipped: z.number().int(),
        canceled: z.number().int(),
        nothingApplied: z.boolean(),
      })
      .nullable(),
    undelivered: z.array(
      z.object({
        id: z.number().int(),
        event: z.string(),
        status: z.string(),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        createdAt: DateTime,
      }),
    ),
    rules: z
      .record(z.string(), z.object({ title: z.string(), description: z.string() }))
      .describe('The review rules the findings cite, by id: what each checks (as in docs/review-rules.md).'),
  }),
  'An issue with its review, stages and tasks (runs and logs), approvals, timeline and undelivered effects.',
);

export const IssueSummary = named(
  'IssueSummary',
  z.object({
    id: z.number().int(),
    project: z.string(),
    title: z.string(),
    type: z.string(),
    status: IssueStatus,
    risk: Risk,
    createdAt: DateTime,
    waitingFor: z.string().optional().describe('For `pending`: the role the issue waits on.'),
  }),
);

export const IssuePage = named(
  'IssuePage',
  z.object({
    issues: z.array(IssueSummary),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null: no more.'),
  }),
);

export const TaskSessions = named(
  'TaskSessions',
  z.object({
    issueId: z.number().int(),
    taskId: z.number().int(),
    instance: z.string(),
    database: z.string(),
    engine: z.string(),
    taskStatus: z.string().describe('The task status when the sessions were read.'),
    readAt: DateTime.describe('When the sessions were read from the target.'),
    sessions: z.array(
      z.object({
        pid: z.string(),
        user: z.string().nullable(),
        database: z.string().nullable(),
        state: z.string().nullable().describe('e.g. `active`, `idle`, `idle in transaction`.'),
        query: z.string().nullable().describe('The current or last statement of the session.'),
        startedAt: z.string().nullable().describe('When that statement started (ISO 8601, UTC).'),
      }),
    ),
  }),
  "The active sessions on a task's target database (PostgreSQL's pg_stat_activity), other than the reader's own.",
);

const issuePath = { id: Id };
const taskPath = { id: Id, taskId: Id };
const listQuery = listIssuesInput.omit({ project: true, status: true }).extend({
  status: z.union([IssueStatus, z.array(IssueStatus)]).optional(),
});
const issueAnswer = (description: string) => ({ 200: { description, schema: IssueView } });

export const issueOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/projects/{project}/issues',
    operationId: 'createIssue',
    summary: 'Create an issue: review, plan stages and tasks, pick the approval steps',
    tags: ['issues'],
    pathParams: { project: z.string() },
    body: createIssueFields.omit({ origin: true, originRef: true }),
    responses: { 201: { description: 'The created issue.', schema: IssueView } },
    errors: [403, 404, 409, 412, 413],
  },
  {
    method: 'get',
    path: '/projects/{project}/issues',
    operationId: 'listProjectIssues',
    summary: "A project's issues, newest first, in pages",
    tags: ['issues'],
    pathParams: { project: z.string() },
    query: listQuery,
    responses: { 200: { description: 'A page of issues.', schema: IssuePage } },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/issues',
    operationId: 'listIssues',
    summary: 'Issues the caller can see: all, mine, or pending on me; newest first, in pages',
    tags: ['issues'],
    query: listQuery,
    responses: { 200: { description: 'A page of issues.', schema: IssuePage } },
  },
  {
    method: 'get',
    path: '/issues/{id}',
    operationId: 'getIssue',
    summary: 'One issue as people see it',
    tags: ['issues'],
    pathParams: issuePath,
    responses: {
      ...issueAnswer(
        'The issue, with a strong `ETag` (SHA-1 of the body). Send it back as `If-None-Match` to poll cheaply.',
      ),
      304: { description: 'Nothing changed since the `ETag` given in `If-None-Match`; no body.' },
    },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/issues/{id}/approve',
    operationId: 'approveIssue',
    summary: 'Approve the waiting step (or exactly `round`/`step`)',
    tags: ['issues'],
    pathParams: issuePath,
    body: approveInput,
    responses: issueAnswer('The issue after the decision.'),
    errors: [403, 404, 409, 412],
  },
  {
    method: 'post',
    path: '/issues/{id}/reject',
    operationId: 'rejectIssue',
    summary: 'Reject the waiting step with a reason',
    tags: ['issues'],
    pathParams: issuePath,
    body: rejectInput,
    responses: issueAnswer('The issue after the decision.'),
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/issues/{id}/cancel',
    operationId: 'cancelIssue',
    summary: 'Cancel an issue (creator, DBA or project owner)',
    tags: ['issues'],
    pathParams: issuePath,
    responses: issueAnswer('The canceled issue.'),
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/issues/{id}/resubmit',
    operationId: 'resubmitIssue',
    summary: 'Start a new approval round after a rejection (creator)',
    tags: ['issues'],
    pathParams: issuePath,
    responses: issueAnswer('The resubmitted issue.'),
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/issues/{id}/tasks/{taskId}/retry',
    operationId: 'retryTask',
    summary: 'Run a failed task again (DBA or project owner)',
    tags: ['issues'],
    pathParams: taskPath,
    responses: issueAnswer('The issue with the task pending again.'),
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: '/issues/{id}/tasks/{taskId}/skip',
    operationId: 'skipTask',
    summary: 'Skip a task with a reason (DBA or project owner)',
    tags: ['issues'],
    pathParams: taskPath,
    body: skipInput,
    responses: issueAnswer('The issue with the task skipped.'),
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/issues/{id}/tasks/{taskId}/sessions',
    operationId: 'listTaskSessions',
    summary: "Active sessions on a task's target database (PostgreSQL), for whoever may read the issue",
    tags: ['issues'],
    pathParams: taskPath,
    responses: { 200: { description: 'The sessions, read live from the target.', schema: TaskSessions } },
    errors: [403, 404, 409, 503],
  },
];
