// Migration history: every change applied to a database, with the schema before and after.
import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { databases } from './environments.ts';
import { issues, tasks } from './issues.ts';
import { principals } from './principals.ts';

export const migrationHistory = pgTable(
  'migration_history',
  {
    id: serial('id').primaryKey(),
    databaseId: integer('database_id')
      .notNull()
      .references(() => databases.id),
    issueId: integer('issue_id').references(() => issues.id),
    taskId: integer('task_id').references(() => tasks.id),
    version: text('version'),
    type: text('type').notNull(),
    statement: text('statement').notNull(),
    checksum: text('checksum').notNull(),
    schemaBefore: text('schema_before'),
    schemaAfter: text('schema_after'),
    status: text('status').notNull(),
    error: text('error'),
    approverId: integer('approver_id').references(() => principals.id),
    executorId: integer('executor_id').references(() => principals.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
  },
  (t) => [
    index('migration_history_database_idx').on(t.databaseId, t.id),
    index('migration_history_version_idx').on(t.databaseId, t.version),
  ],
);
