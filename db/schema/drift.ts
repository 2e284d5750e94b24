// Drift watch: each database's current drift state (with the claim of its next scheduled check), the history of
// its checks, and the chat cards that announce its state.
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { databases } from './environments.ts';
import { principals } from './principals.ts';

export const driftStates = pgTable(
  'drift_states',
  {
    databaseId: integer('database_id')
      .primaryKey()
      .references(() => databases.id, { onDelete: 'cascade' }),
    /** in_sync, drifted, no_baseline or unreachable; null until the first check. */
    status: text('status'),
    /** Counts changes of state; a decision on a drift card names the one its person saw. */
    seq: integer('seq').notNull().default(0),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    /** When the state last changed (the start of the current state). */
    changedAt: timestamp('changed_at', { withTimezone: true }),
    baselineHistoryId: integer('baseline_history_id'),
    /** The live schema's difference from the baseline: first lines and how many more. */
    diff: jsonb('diff'),
    error: text('error'),
    /** Who asked for the last check; null for the scheduled check. */
    checkedBy: integer('checked_by').references(() => principals.id),
    /** The scheduled check is due from then; null: due now. */
    nextCheckAt: timestamp('next_check_at', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
  },
  (t) => [index('drift_states_due_idx').on(t.nextCheckAt), index('drift_states_status_idx').on(t.status)],
);

export const driftChecks = pgTable(
  'drift_checks',
  {
    id: serial('id').primaryKey(),
    databaseId: integer('database_id')
      .notNull()
      .references(() => databases.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    /** Whether this check changed the database's state. */
    changed: boolean('changed').notNull().default(false),
    seq: integer('seq').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    baselineHistoryId: integer('baseline_history_id'),
    added: integer('added').notNull().default(0),
    removed: integer('removed').notNull().default(0),
    error: text('error'),
    checkedBy: integer('checked_by').references(() => principals.id),
    durationMs: integer('duration_ms'),
  },
  (t) => [index('drift_checks_database_idx').on(t.databaseId, t.id)],
);

export const driftCards = pgTable(
  'drift_cards',
  {
    id: serial('id').primaryKey(),
    databaseId: integer('database_id')
      .notNull()
      .references(() => databases.id, { onDelete: 'cascade' }),
    platform: text('platform').notNull(),
    channel: text('channel').notNull(),
    ref: jsonb('ref').notNull(),
    /** The state (seq) the card shows. */
    seq: integer('seq').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('drift_cards_database_channel_uq').on(t.databaseId, t.platform, t.channel)],
);
