// The outbox: every outbound effect (chat cards, DMs, thread progress, GitLab notes) is a row written in the
// transaction that caused it, and delivered afterwards by a worker with retries, across outages and restarts.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The issue the effect is about; rows of one issue are delivered in id order. */
    issueId: integer('issue_id'),
    /** The domain event, as published. */
    event: jsonb('event').notNull(),
    /** pending, running, delivered or failed. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    claimedBy: text('claimed_by'),
    /** Running: until when the claim holds. Pending: not before then (a retry's back-off). */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    /** Sub-effects already done (a card posted to one channel, a DM sent), so a retry does not repeat them. */
    effects: jsonb('effects').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('outbox_open_idx').on(t.issueId, t.id).where(sql`${t.status} in ('pending', 'running')`)],
);
