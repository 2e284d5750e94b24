// The only reader of process.env: validates the service's configuration with zod and explains what is wrong.
import { resolve } from 'node:path';
import { z } from 'zod';
import { MIN_DRIFT_INTERVAL_MS, parseDuration } from './core/duration.ts';

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
  METRICS_TOKEN: optionalString,
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
  OIDC_ISSUER: z.preprocess(emptyToUndefined, z.string().url().optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_NAME: z.preprocess(emptyToUndefined, z.string().max(60).default('GitLab')),
  OIDC_AUTO_CREATE: z.preprocess(emptyToUndefined, z.enum(['0', '1', 'true', 'false']).optional()),
  /** Scheduled drift check of every database: a duration (`30s`, `10m`, `1h`) or `off`. */
  DRIFT_CHECK_INTERVAL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('10m')
      .transform((v, ctx) => {
        if (v.trim() === 'off') return null;
        const ms = parseDuration(v);
        if (ms === null || ms < MIN_DRIFT_INTERVAL_MS) {
          ctx.addIssue({
            code: 'custom',
            message: 'must be a duration of at least 10s, like 30s, 10m or 1h, or off',
          });
          return z.NEVER;
        }
        return ms;
      }),
  ),
  /** Time limit of one drift check (connect and dump the schema). */
  DRIFT_CHECK_TIMEOUT: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('60s')
      .transform((v, ctx) => {
        const ms = parseDuration(v);
        if (ms === null || ms < 1000) {
          ctx.addIssue({ code: 'custom', message: 'must be a duration of at least 1s, like 30s or 2m' });
          return z.NEVER;
        }
        return ms;
      }),
  ),
  /** Drift checks this process runs at once. */
  DRIFT_CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SESSION_TTL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('12h')
      .transform((v, ctx) => {
        const ms = parseDuration(v);
        if (ms === null || ms < 60_000 || ms > MAX_SESSION_TTL_MS) {
          ctx.addIssue({
            code: 'custom',
            message: 'must be a duration from 1m to 400d, like 12h, 30m or 7d',
          });
          return z.NEVER;
        }
        return ms;
      }),
  ),
});

/** Browsers keep a cookie at most 400 days. */
const MAX_SESSION_TTL_MS = 400 * 86_400_000;

export { parseDuration };

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;

/** The three OIDC_* variables turn single sign-on on together; a partial set is a mistake worth stopping for. */
function oidcProblems(env: Record<string, string | undefined>): string[] {
  const missing = OIDC_REQUIRED.filter((name) => !env[name]?.trim());
  if (missing.length === 0 || missing.length === OIDC_REQUIRED.length) return [];
  return [
    `${missing.join(', ')}: single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together; set ${missing.length === 1 ? 'it' : 'them'} or unset the others`,
  ];
}

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
  /** Single sign-on at an OpenID Connect provider; null unless the issuer, client id and client secret are set. */
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    /** What the sign-in button says. */
    name: string;
    /** Whether unknown verified emails are created as workspace developers at their first sign-in. */
    autoCreate: boolean;
  } | null;
  /** How long a web session lasts after sign-in. */
  sessionTtlMs: number;
  /** Scheduled drift checks: interval (null: off), time limit per check, checks at once. */
  drift: { intervalMs: number | null; timeoutMs: number; concurrency: number };
  /** METRICS_TOKEN: when set, GET /metrics requires it as a bearer token. */
  metricsToken: string | undefined;
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
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...oidcProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
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
    oidc:
      c.OIDC_ISSUER && c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET
        ? {
            issuer: c.OIDC_ISSUER,
            clientId: c.OIDC_CLIENT_ID,
            clientSecret: c.OIDC_CLIENT_SECRET,
            name: c.OIDC_NAME,
            autoCreate: truthy(c.OIDC_AUTO_CREATE),
          }
        : null,
    sessionTtlMs: c.SESSION_TTL,
    metricsToken: c.METRICS_TOKEN,
    drift: {
      intervalMs: c.DRIFT_CHECK_INTERVAL,
      timeoutMs: c.DRIFT_CHECK_TIMEOUT,
      concurrency: c.DRIFT_CHECK_CONCURRENCY,
    },
    env,
  };
}
