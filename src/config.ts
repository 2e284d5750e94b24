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
  TEAMS_APP_ID: optionalString,
  TEAMS_APP_PASSWORD: optionalString,
  TEAMS_APP_TENANT_ID: optionalString,
  TEAMS_ALLOW_UNAUTHENTICATED: z.preprocess(emptyToUndefined, z.enum(['0', '1', 'true', 'false']).optional()),
  TEAMS_OPENID_METADATA_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  TEAMS_TOKEN_ISSUER: optionalString,
  TEAMS_LOGIN_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  FEISHU_APP_ID: optionalString,
  FEISHU_APP_SECRET: optionalString,
  FEISHU_VERIFICATION_TOKEN: optionalString,
  FEISHU_ENCRYPT_KEY: optionalString,
  FEISHU_DOMAIN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(
        (v) => v === 'feishu' || v === 'lark' || /^https?:\/\//.test(v),
        'must be feishu, lark or a URL',
      )
      .default('feishu'),
  ),
  GITLAB_URL: z.preprocess(emptyToUndefined, z.string().url().default('https://gitlab.com')),
  GITLAB_TOKEN: optionalString,
  GITLAB_WEBHOOK_SECRET: optionalString,
});

const truthy = (v: string | undefined) => v === '1' || v === 'true';

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
  /**
   * Teams adapter settings; null unless an app id is set, or unauthenticated local development is
   * explicitly allowed. The URL overrides point the Bot Framework authentication at other endpoints (tests).
   */
  teams: {
    appId: string;
    appPassword: string;
    tenantId: string | undefined;
    allowUnauthenticated: boolean;
    openIdMetadataUrl: string | undefined;
    tokenIssuer: string | undefined;
    loginUrl: string | undefined;
  } | null;
  /** Feishu/Lark adapter settings; null unless the app id and secret are set. */
  feishu: {
    appId: string;
    appSecret: string;
    verificationToken: string | undefined;
    encryptKey: string | undefined;
    /** `feishu`, `lark` or a base URL (tests, private deployments). */
    domain: string;
  } | null;
  /** GitLab settings; null unless the token and the webhook secret are set. */
  gitlab: { url: string; token: string; webhookSecret: string } | null;
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
    teams:
      c.TEAMS_APP_ID || truthy(c.TEAMS_ALLOW_UNAUTHENTICATED)
        ? {
            appId: c.TEAMS_APP_ID ?? '',
            appPassword: c.TEAMS_APP_PASSWORD ?? '',
            tenantId: c.TEAMS_APP_TENANT_ID,
            allowUnauthenticated: truthy(c.TEAMS_ALLOW_UNAUTHENTICATED),
            openIdMetadataUrl: c.TEAMS_OPENID_METADATA_URL,
            tokenIssuer: c.TEAMS_TOKEN_ISSUER,
            loginUrl: c.TEAMS_LOGIN_URL,
          }
        : null,
    feishu:
      c.FEISHU_APP_ID && c.FEISHU_APP_SECRET
        ? {
            appId: c.FEISHU_APP_ID,
            appSecret: c.FEISHU_APP_SECRET,
            verificationToken: c.FEISHU_VERIFICATION_TOKEN,
            encryptKey: c.FEISHU_ENCRYPT_KEY,
            domain: c.FEISHU_DOMAIN,
          }
        : null,
    gitlab:
      c.GITLAB_TOKEN && c.GITLAB_WEBHOOK_SECRET
        ? {
            url: c.GITLAB_URL.replace(/\/$/, ''),
            token: c.GITLAB_TOKEN,
            webhookSecret: c.GITLAB_WEBHOOK_SECRET,
          }
        : null,
    env,
  };
}
