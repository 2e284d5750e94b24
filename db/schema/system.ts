// Cross-cutting records: chat message references, inbound delivery ids, the audit log and settings.
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
import { issues } from './issues.ts';
import { principals } from './principals.ts';

export const chatMessages = pgTable(
  'chat_messages',
  {
    id: serial('id').primaryKey(),
    issueId: integer('issue_id').references(() => issues.id, { onDelete: 'cascade' }),
    platform: text('platform').notNull(),
    kind: text('kind').notNull(),
    /** What the platform needs to update or reply later (channel+ts, conversation reference, message id). */
    ref: jsonb('ref').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('chat_messages_issue_idx').on(t.issueId, t.platform)],
);

export const inboundDeliveries = pgTable(
  'inbound_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    source: text('source').notNull(),
    deliveryId: text('delivery_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('inbound_deliveries_uq').on(t.source, t.deliveryId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    actorId: integer('actor_id').references(() => principals.id),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id'),
    /** The project the action concerns, when it concerns one: project owners read their projects' rows. */
    projectId: integer('project_id'),
    details: jsonb('details').notNull().default({}),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_log_resource_idx').on(t.resourceType, t.resourceId),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId, t.id),
    index('audit_log_project_idx').on(t.projectId, t.id),
  ],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
