// Projects, their members with project roles, and their repository and chat bindings.
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { principals } from './principals.ts';

export const projects = pgTable(
  'projects',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    /** Optional review policy layer over the environment's. */
    reviewPolicy: jsonb('review_policy'),
    /** Whether the creator of an issue may approve it; off unless the project says otherwise. */
    allowSelfApproval: boolean('allow_self_approval').notNull().default(false),
    source: text('source').notNull().default('api'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('projects_key_uq').on(t.key)],
);

export const projectMembers = pgTable(
  'project_members',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    principalId: integer('principal_id')
      .notNull()
      .references(() => principals.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    source: text('source').notNull().default('api'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.principalId] }),
    index('project_members_principal_idx').on(t.principalId),
  ],
);

export const repositoryBindings = pgTable(
  'repository_bindings',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    repository: text('repository').notNull(),
    branch: text('branch').notNull(),
    baseDirectory: text('base_directory').notNull().default(''),
    filePathTemplate: text('file_path_template').notNull(),
    schemaPathTemplate: text('schema_path_template'),
    source: text('source').notNull().default('api'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('repository_bindings_project_uq').on(t.projectId)],
);

export const chatBindings = pgTable(
  'chat_bindings',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    platform: text('platform').notNull(),
    channel: text('channel').notNull(),
    source: text('source').notNull().default('api'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('chat_bindings_uq').on(t.projectId, t.platform, t.channel)],
);
