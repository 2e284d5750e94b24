// Principals (humans and the robot id 1), their API tokens and workspace roles.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const principals = pgTable(
  'principals',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull().default('user'),
    email: text('email').notNull(),
    name: text('name').notNull(),
    workspaceRole: text('workspace_role').notNull().default('developer'),
    active: boolean('active').notNull().default(true),
    source: text('source').notNull().default('api'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('principals_email_uq').on(sql`lower(${t.email})`)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    principalId: integer('principal_id')
      .notNull()
      .references(() => principals.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** SHA-256 of the token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    /** First characters, so a person can tell tokens apart in a list. */
    prefix: text('prefix').notNull(),
    source: text('source').notNull().default('api'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Who issued it (null: the workspace file, the demo seed or the operator's command line). */
    createdBy: integer('created_by').references(() => principals.id, { onDelete: 'set null' }),
    /** After this instant the token no longer authenticates; null: until revoked. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_uq').on(t.tokenHash),
    index('api_tokens_principal_idx').on(t.principalId),
  ],
);

/** Web sessions started by single sign-on; the cookie holds the secret, the store only its hash. */
export const webSessions = pgTable(
  'web_sessions',
  {
    id: serial('id').primaryKey(),
    principalId: integer('principal_id')
      .notNull()
      .references(() => principals.id, { onDelete: 'cascade' }),
    /** SHA-256 of the cookie's secret. */
    tokenHash: text('token_hash').notNull(),
    /** Sent back in X-CSRF-Token by the web view on every state-changing request made with the cookie. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('web_sessions_hash_uq').on(t.tokenHash),
    index('web_sessions_principal_idx').on(t.principalId),
  ],
);

/** A sign-in under way at the identity provider: consumed once by its callback, whichever replica gets it. */
export const authRequests = pgTable('auth_requests', {
  state: text('state').primaryKey(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  /** Where the web view goes after signing in (a `#/…` route). */
  returnTo: text('return_to'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
