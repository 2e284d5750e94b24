// Issues with their pipeline: stages per environment, tasks per database, task runs per attempt, approvals.
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { databases, environments } from './environments.ts';
import { principals } from './principals.ts';
import { projects } from './projects.ts';

export const issues = pgTable(
  'issues',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    type: text('type').notNull(),
    status: text('status').notNull(),
    creatorId: integer('creator_id')
      .notNull()
      .references(() => principals.id),
    /** Where the change came from: api, chat, gitlab. */
    origin: text('origin').notNull().default('api'),
    /** Origin-specific reference, e.g. the commit of a push. */
    originRef: jsonb('origin_ref'),
    risk: text('risk').notNull().default('low'),
    /** Stored review result per target environment. */
    review: jsonb('review'),
    rejectReason: text('reject_reason'),
    runAt: timestamp('run_at', { withTimezone: true }),
    /** When the last approval step was decided; rollouts on one database follow this order. */
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    /** Bumped on every state change; used for compare-and-set updates. */
    revision: integer('revision').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('issues_project_idx').on(t.projectId, t.id),
    // Lists are newest first: each filter's column followed by the id lets a page stop after its last row.
    index('issues_status_id_idx').on(t.status, t.id),
    index('issues_creator_id_idx').on(t.creatorId, t.id),
  ],
);

export const stages = pgTable(
  'stages',
  {
    id: serial('id').primaryKey(),
    issueId: integer('issue_id')
      .notNull()
      .references(() => issues.id, { onDelete: 'cascade' }),
    environmentId: integer('environment_id')
      .notNull()
      .references(() => environments.id),
    position: integer('position').notNull(),
    status: text('status').notNull().default('pending'),
    runAt: timestamp('run_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('stages_issue_position_uq').on(t.issueId, t.position)],
);

export const tasks = pgTable(
  'tasks',
  {
    id: serial('id').primaryKey(),
    issueId: integer('issue_id')
      .notNull()
      .references(() => issues.id, { onDelete: 'cascade' }),
    stageId: integer('stage_id')
      .notNull()
      .references(() => stages.id, { onDelete: 'cascade' }),
    databaseId: integer('database_id')
      .notNull()
      .references(() => databases.id),
    position: integer('position').notNull(),
    type: text('type').notNull(),
    version: text('version'),
    statement: text('statement').notNull(),
    status: text('status').notNull().default('pending'),
    statusReason: text('status_reason'),
    attempts: integer('attempts').notNull().default(0),
    /** Lease holder and expiry: the claim that makes sure two processes never run one task. */
    claimedBy: text('claimed_by'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tasks_stage_idx').on(t.stageId, t.position),
    // An issue's tasks in pipeline order, and its task runs through them.
    index('tasks_issue_idx').on(t.issueId, t.stageId, t.position),
    index('tasks_status_idx').on(t.status),
    index('tasks_database_idx').on(t.databaseId),
    // The claim query checks earlier tasks on the same database in a stage, and running tasks per database.
    index('tasks_stage_database_idx').on(t.stageId, t.databaseId, t.position),
    index('tasks_database_status_idx').on(t.databaseId, t.status),
    // One change at a time per database, across issues and processes: a second running task cannot exist.
    uniqueIndex('tasks_one_running_per_database_uq').on(t.databaseId).where(sql`${t.status} = 'running'`),
  ],
);

export const taskRuns = pgTable(
  'task_runs',
  {
    id: serial('id').primaryKey(),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    status: text('status').notNull(),
    executorId: integer('executor_id').references(() => principals.id),
    worker: text('worker'),
    /** Structured log entries: statement started/finished, rows, errors. */
    log: jsonb('log').notNull().default([]),
    result: jsonb('result'),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('task_runs_task_attempt_uq').on(t.taskId, t.attempt)],
);

export const approvals = pgTable(
  'approvals',
  {
    id: serial('id').primaryKey(),
    issueId: integer('issue_id')
      .notNull()
      .references(() => issues.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    /** Role that may decide this step: workspace dba/owner or project owner. */
    role: text('role').notNull(),
    status: text('status').notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => principals.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
    /** Where the decision was made: api, web, slack, teams, feishu. */
    channel: text('channel'),
    overrideReason: text('override_reason'),
    /** Rejections reopen the steps; each round keeps its own rows. */
    round: integer('round').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('approvals_issue_round_step_uq').on(t.issueId, t.round, t.step),
    index('approvals_status_idx').on(t.status),
    // The step an issue waits on (its first pending step, newest round) in one probe, in order, without a sort.
    index('approvals_pending_step_idx')
      .on(t.issueId, t.round.desc().nullsFirst(), t.step)
      .where(sql`${t.status} = 'pending'`),
  ],
);

export const issueEvents = pgTable(
  'issue_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    issueId: integer('issue_id')
      .notNull()
      .references(() => issues.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('issue_events_issue_idx').on(t.issueId, t.id)],
);
