// OpenAPI operations of one database's migration history and of schema drift (per database and the board).
import { z } from 'zod';
import { baselineBody } from '../../../core/services/accept-baseline.ts';
import { driftChecksQuery } from '../../../core/services/check-drift.ts';
import { historyQuery } from '../../../core/services/list-history.ts';
import type { ApiOperation } from '../registry.ts';
import { DateTime, named } from '../registry.ts';
import { Person } from './issues.ts';

const databasePath = {
  instance: z.string().min(1).describe('Instance key, as the workspace names it.'),
  db: z.string().min(1).describe('Database name on that instance.'),
};

export const HistoryEntry = named(
  'HistoryEntry',
  z.object({
    id: z.number().int(),
    databaseId: z.number().int(),
    issueId: z
      .number()
      .int()
      .nullable()
      .describe('The issue that ran it; null for changes recorded by hand.'),
    taskId: z.number().int().nullable(),
    version: z.string().nullable(),
    type: z.enum(['schema', 'data', 'baseline']),
    statement: z.string(),
    checksum: z.string().describe('Checksum of the statement as it ran.'),
    schemaBefore: z.string().nullable().describe('Schema dump before the change; null with `schemas=false`.'),
    schemaAfter: z.string().nullable().describe('Schema dump after the change; null with `schemas=false`.'),
    status: z.enum(['pending', 'done', 'failed', 'interrupted']),
    error: z.string().nullable(),
    approver: Person.nullable(),
    executor: Person.nullable(),
    startedAt: DateTime,
    finishedAt: DateTime.nullable(),
    durationMs: z.number().nullable(),
  }),
  'One migration as it was applied to a database.',
);

export const DatabaseHistory = named(
  'DatabaseHistory',
  z.object({
    instance: z.string(),
    database: z.string(),
    environment: z.string(),
    project: z.string(),
    history: z.array(HistoryEntry).describe('Newest first.'),
  }),
  "A database's migration history with the names it is known by.",
);

const DriftStatus = z
  .enum(['in_sync', 'drifted', 'no_baseline', 'unreachable'])
  .describe(
    'in_sync: the live schema equals the one the last migration recorded; drifted: it differs; no_baseline: no migration recorded a schema yet; unreachable: the live schema could not be read.',
  );

export const SchemaDiff = named(
  'SchemaDiff',
  z.object({
    added: z.array(z.string()).describe('Lines the live schema has and the baseline lacks (capped).'),
    removed: z.array(z.string()).describe('Lines the baseline has and the live schema lacks (capped).'),
    moreAdded: z.number().int().describe('Added lines the cap left out.'),
    moreRemoved: z.number().int().describe('Removed lines the cap left out.'),
    patch: z
      .string()
      .optional()
      .describe('The unified diff baseline → live with 3 lines of context; absent when too large to keep.'),
  }),
  'Line-level difference of the recorded schema (baseline) and the live one.',
);

const DriftTarget = {
  instance: z.string(),
  database: z.string(),
  environment: z.string(),
  project: z.string(),
};

export const DriftReport = named(
  'DriftReport',
  z.object({
    ...DriftTarget,
    status: DriftStatus,
    seq: z
      .number()
      .int()
      .describe(
        "Counts the database's changes of state; a baseline accepted with `seq` acts only on this state.",
      ),
    checkedAt: DateTime,
    since: DateTime.describe('When the database entered this state.'),
    baseline: z
      .object({
        historyId: z.number().int(),
        version: z.string().nullable(),
        issueId: z.number().int().nullable(),
        at: DateTime,
      })
      .nullable()
      .describe('The migration whose recorded schema the live one was compared with.'),
    diff: SchemaDiff.nullable().describe('Present when drifted.'),
    error: z.string().optional().describe('Why the schema could not be read or compared.'),
  }),
  "A database's drift state after a check (as run now, or as last recorded with `cached`).",
);

export const DriftCheck = named(
  'DriftCheck',
  z.object({
    id: z.number().int(),
    databaseId: z.number().int(),
    status: DriftStatus,
    changed: z.boolean().describe("Whether this check changed the database's state."),
    seq: z.number().int(),
    checkedAt: DateTime,
    baselineHistoryId: z.number().int().nullable(),
    added: z.number().int(),
    removed: z.number().int(),
    error: z.string().nullable(),
    checkedBy: z.number().int().nullable().describe('The person who asked; null for the scheduled check.'),
    checkedByName: z.string().nullable().describe("That person's name; null for the scheduled check."),
    durationMs: z.number().int().nullable(),
  }),
  'One recorded drift check.',
);

export const BaselineAccepted = named(
  'BaselineAccepted',
  z.object({
    databaseId: z.number().int(),
    historyId: z
      .number()
      .int()
      .describe('The `baseline` migration history row that records the live schema.'),
    seq: z.number().int(),
    drift: DriftReport,
  }),
  "The live schema recorded as the database's baseline.",
);

export const DriftBoard = named(
  'DriftBoard',
  z.object({
    databases: z.array(
      z.object({
        target: z.object(DriftTarget),
        last: DriftReport.nullable().describe('The last recorded check; null when never checked.'),
      }),
    ),
  }),
  'Every database the caller can see with its last recorded drift check, read without connecting.',
);

export const databaseOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/instances/{instance}/databases/{db}/history',
    operationId: 'listDatabaseHistory',
    summary: "A database's migration history, newest first, with the schema before and after each change",
    tags: ['databases'],
    pathParams: databasePath,
    query: historyQuery,
    responses: { 200: { description: 'The history.', schema: DatabaseHistory } },
    errors: [403, 404],
  },
  {
    method: 'get',
    path: '/instances/{instance}/databases/{db}/drift',
    operationId: 'checkDatabaseDrift',
    summary:
      "Compares a database's live schema with the one its last migration recorded and records the check; with `cached`, answers the last recorded check without connecting",
    tags: ['databases'],
    pathParams: databasePath,
    query: z.object({
      cached: z
        .enum(['0', '1', 'true', 'false'])
        .optional()
        .describe('1 or true: the last recorded check (404 when none), without connecting.'),
    }),
    responses: { 200: { description: 'The check.', schema: DriftReport } },
    errors: [403, 404, 503],
  },
  {
    method: 'get',
    path: '/instances/{instance}/databases/{db}/drift/checks',
    operationId: 'listDriftChecks',
    summary: "A database's recorded drift checks, newest first (scheduled and asked for)",
    tags: ['databases'],
    pathParams: databasePath,
    query: driftChecksQuery,
    responses: {
      200: {
        description: 'The checks.',
        schema: z.object({ checks: z.array(DriftCheck), more: z.boolean() }),
      },
    },
    errors: [400, 403, 404],
  },
  {
    method: 'post',
    path: '/instances/{instance}/databases/{db}/baseline',
    operationId: 'acceptBaseline',
    summary:
      "Accepts the database's live schema as its baseline (DBAs and workspace owners): recorded as a `baseline` history row, nothing is executed; audited",
    tags: ['databases'],
    pathParams: databasePath,
    body: baselineBody,
    responses: { 200: { description: 'The baseline recorded.', schema: BaselineAccepted } },
    errors: [400, 403, 404, 409, 503],
  },
  {
    method: 'get',
    path: '/drift',
    operationId: 'listDrift',
    summary: 'Every database the caller can see with its last recorded drift check, without connecting',
    tags: ['databases'],
    responses: { 200: { description: 'The drift board.', schema: DriftBoard } },
  },
];
