// The only reader of process.env: validates the service's configuration with zod and explains what is wrong.
import { resolve } from 'node:path';
import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const schema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(8080)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  WORKSPACE_FILE: optionalString,
  SECRET_KEY: optionalString,
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  DEMO: z.preprocess(emptyToUndefined, z.enum(['auto', 'on', 'off']).default('auto')),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(10_000)),
  ROLLOUT_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(256).default(4)),
  ROLLOUT_LEASE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1000).default(30_000)),
  ROLLOUT_POLL_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(10).default(1000)),
  LOCK_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(5000)),
  STATEMENT_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(0)),
  WORKER_ID: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_API_URL: z.preprocess(emptyToUndefined, z.string().url().default('https://slack.com/api/')),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  workspaceFile: string | undefined;
  secretKey: string | undefined;
  logLevel: string;
  publicUrl: string;
  demo: 'auto' | 'on' | 'off';
  shutdownTimeoutMs: number;
  rollout: {
    concurrency: number;
    leaseMs: number;
    pollMs: number;
    lockTimeoutMs: number;
    statementTimeoutMs: number;
    workerId: string | undefined;
  };
  /** Slack adapter settings; null unless both the signing secret and the bot token are set. */
  slack: { signingSecret: string; botToken: string; apiUrl: string } | null;
  /** Environment variables that a workspace file may reference as ${NAME}. */
  env: Readonly<Record<string, string | undefined>>;
}

/** Thrown when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration from an environment map (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    workspaceFile: c.WORKSPACE_FILE ? resolve(c.WORKSPACE_FILE) : undefined,
    secretKey: c.SECRET_KEY,
    logLevel: c.LOG_LEVEL,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    demo: c.DEMO,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    rollout: {
      concurrency: c.ROLLOUT_CONCURRENCY,
      leaseMs: c.ROLLOUT_LEASE_MS,
      pollMs: c.ROLLOUT_POLL_MS,
      lockTimeoutMs: c.LOCK_TIMEOUT_MS,
      statementTimeoutMs: c.STATEMENT_TIMEOUT_MS,
      workerId: c.WORKER_ID,
    },
    slack:
      c.SLACK_SIGNING_SECRET && c.SLACK_BOT_TOKEN
        ? { signingSecret: c.SLACK_SIGNING_SECRET, botToken: c.SLACK_BOT_TOKEN, apiUrl: c.SLACK_API_URL }
        : null,
    env,
  };
}
