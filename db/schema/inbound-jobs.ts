// The inbox of VCS webhooks: each accepted event is a job, stored with its delivery ids and run until done.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const inboundJobs = pgTable(
  'inbound_jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Which provider delivered it: gitlab. */
    source: text('source').notNull(),
    /** push or merge_request. */
    kind: text('kind').notNull(),
    /** The normalised event the core acts on (not the raw webhook body). */
    payload: jsonb('payload').notNull(),
    /** pending, running, done or failed. */
    status: text('status').notNull().default('pending'),
    /** Claims so far; a run that crashed counts too, so a job that kills its process stops being retried. */
    attempts: integer('attempts').notNull().default(0),
    claimedBy: text('claimed_by'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    /** What runs of the job already did (e.g. the issue a push group created), so a rerun does not do it twice. */
    effects: jsonb('effects').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  // Claims scan the open jobs in id order; finished ones (nearly all rows, over time) stay out of the index.
  (t) => [index('inbound_jobs_open_idx').on(t.id).where(sql`${t.status} in ('pending', 'running')`)],
);
