// zod schema of the workspace file as a person writes it (before env vars and cross-references are resolved).
import { z } from 'zod';
import { MIN_DRIFT_INTERVAL_MS, parseDuration } from '../core/duration.ts';

const key = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'must be lowercase letters, digits, - or _, starting with a letter');
const email = z.string().email('must be an email address');
const engine = z.enum(['postgres', 'mysql', 'pglite', 'clickhouse', 'snowflake'], {
  error: (i) =>
    `unknown engine ${JSON.stringify(i.input)}; expected postgres, mysql, pglite, clickhouse or snowflake`,
});

export const workspaceFileSchema = z.strictObject({
  version: z.literal(1).optional(),
  environments: z
    .array(
      z.strictObject({
        key,
        name: z.string().min(1).optional(),
        review: z
          .strictObject({
            template: z.enum(['dev', 'prod']).optional(),
            policy: z.record(z.string(), z.unknown()).optional(),
          })
          .optional(),
      }),
    )
    .min(1, 'declare at least one environment'),
  instances: z
    .array(
      z.strictObject({
        key,
        name: z.string().min(1).optional(),
        engine,
        environment: key,
        url: z.string().min(1),
        /** Scheduled drift checks of this instance's databases, instead of DRIFT_CHECK_INTERVAL. */
        driftCheck: z
          .union([
            z.literal('off'),
            z.strictObject({
              every: z.string().refine((v) => (parseDuration(v) ?? 0) >= MIN_DRIFT_INTERVAL_MS, {
                message: 'must be a duration of at least 10s, like 30s, 10m or 1h',
              }),
            }),
          ])
          .optional(),
      }),
    )
    .default([]),
  users: z
    .array(
      z.strictObject({
        email,
        name: z.string().min(1),
        role: z.enum(['owner', 'dba', 'developer']).default('developer'),
        tokenEnv: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]*$/, 'must name an environment variable')
          .optional(),
      }),
    )
    .default([]),
  projects: z
    .array(
      z.strictObject({
        key,
        name: z.string().min(1).optional(),
        allowSelfApproval: z.boolean().default(false),
        review: z.strictObject({ policy: z.record(z.string(), z.unknown()).optional() }).optional(),
        databases: z.array(z.strictObject({ instance: key, name: z.string().min(1) })).default([]),
        members: z.array(z.strictObject({ email, role: z.enum(['owner', 'developer']) })).default([]),
        repository: z
          .strictObject({
            provider: z.literal('gitlab').default('gitlab'),
            project: z.union([z.string().min(1), z.number().int().positive()]),
            branch: z.string().min(1).default('main'),
            baseDirectory: z.string().default(''),
            filePathTemplate: z.string().min(1).optional(),
            schemaPathTemplate: z.string().min(1).optional(),
          })
          .optional(),
        chat: z
          .array(
            z.strictObject({ platform: z.enum(['slack', 'teams', 'feishu']), channel: z.string().min(1) }),
          )
          .default([]),
      }),
    )
    .default([]),
});

export type WorkspaceFile = z.infer<typeof workspaceFileSchema>;
