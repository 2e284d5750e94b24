// Environments (ordered test < staging < prod), instances in them and the databases on those instances.
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { projects } from './projects.ts';

export const environments = pgTable(
  'environments',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    /** Review template (dev|prod) applied to changes aimed at this environment. */
    reviewTemplate: text('review_template').notNull().default('dev'),
    /** Optional policy layer (validated policy document) over the template. */
    reviewPolicy: jsonb('review_policy'),
    source: text('source').notNull().default('api'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('environments_key_uq').on(t.key)],
);

export const instances = pgTable(
  'instances',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    engine: text('engine').notNull(),
    environmentId: integer('environment_id')
      .notNull()
      .references(() => environments.id),
    /** Connection URL sealed with AES-256-GCM; it may carry credentials. */
    urlSealed: text('url_sealed').notNull(),
    /** Hash of the plain URL, so re-applying the same config is detected as no change. */
    urlDigest: text('url_digest').notNull(),
    /** Scheduled drift check interval of this instance's databases: null follows the service's, 0 is off. */
    driftCheckMs: integer('drift_check_ms'),
    source: text('source').notNull().default('api'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('instances_key_uq').on(t.key), index('instances_environment_idx').on(t.environmentId)],
);

export const databases = pgTable(
  'databases',
  {
    id: serial('id').primaryKey(),
    instanceId: integer('instance_id')
      .notNull()
      .references(() => instances.id),
    name: text('name').notNull(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    source: text('source').notNull().default('api'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('databases_instance_name_uq').on(t.instanceId, t.name),
    index('databases_project_idx').on(t.projectId),
  ],
);
