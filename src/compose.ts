// The composition root: the only place that picks the store, the secret key, the adapters and wires the app.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { createDrizzleStore } from '../db/store/index.ts';
import { composeGitLab, type GitLabWiring } from './compose-gitlab.ts';
import type { Config } from './config.ts';
import { createDriftNotifier } from './core/chat/drift-notifier.ts';
import { createChatInbound } from './core/chat/inbound.ts';
import { type ChatNotifier, createChatNotifier } from './core/chat/notifier.ts';
import { DriftWatch } from './core/drift/watch.ts';
import { createEventBus } from './core/events.ts';
import { createOutboxWorker, type OutboxWorker, type RetryPolicy } from './core/outbox/worker.ts';
import type { ChatAdapter, ChatAdapterState } from './core/ports/chat-adapter.ts';
import { type Clock, type Logger, systemClock } from './core/ports/clock.ts';
import type { EngineRegistry } from './core/ports/engine-driver.ts';
import type { EventBus } from './core/ports/events.ts';
import type { Store } from './core/ports/store.ts';
import { parsePolicy } from './core/review/index.ts';
import { RolloutScheduler } from './core/rollout/scheduler.ts';
import { applyWorkspace, type WorkspaceApplyReport } from './core/services/apply-workspace.ts';
import { bootstrapOwnerTokens, type IssuedToken } from './core/services/bootstrap-owners.ts';
import { type DemoToken, seedDemoIfEmpty } from './demo.ts';
import { createEngineConnector, createEngineRegistry, loadersOf } from './engines.ts';
import { createApp, type InboundHook } from './http/app.ts';
import { OIDC_CALLBACK_PATH } from './http/routes/auth.ts';
import { createPrometheusMetrics } from './metrics/prometheus.ts';
import { webDistDir } from './paths.ts';
import { createSecretBox, keyFromSecret, loadOrCreateKeyFile } from './security/secret-box.ts';
import { tokenMinter } from './security/tokens.ts';
import { loadWorkspaceFile } from './workspace/load-workspace-file.ts';

export interface Service {
  store: Store;
  app: ReturnType<typeof createApp>;
  events: EventBus;
  scheduler: RolloutScheduler;
  /** Scheduled drift checks of every database. */
  driftWatch: DriftWatch;
  /** Chat adapters of the configured platforms and the notifier (null when no platform is configured). */
  chat: { adapters: ChatAdapter[]; notifier: ChatNotifier | null };
  /** The worker delivering outbox entries (chat and GitLab effects). */
  outbox: OutboxWorker;
  /** The GitLab integration, when configured. */
  gitlab: GitLabWiring | null;
  /** Tokens minted by a first-start demo seed, to be shown once. */
  demoTokens: DemoToken[] | null;
  /** First sign-in tokens of the workspace file's owners, minted at this start (shown once). */
  ownerTokens: IssuedToken[];
  workspaceReport: WorkspaceApplyReport | null;
  /** Stops background work and closes the store. */
  close(): Promise<void>;
}

/** Builds the whole service from configuration: store migrated, workspace applied or demo seeded. */
export interface ComposeOptions {
  clock?: Clock;
  /** The embedded store, when main already started opening it. */
  pglite?: Promise<PGlite> | undefined;
  /** Engine drivers to use instead of the built-in registry. */
  engines?: EngineRegistry;
  /** Set false to compose without running rollouts (tools, some tests). */
  startScheduler?: boolean;
  /** Least time between two edits of a rollout status message in chat (default 1000 ms). */
  chatProgressIntervalMs?: number;
  /** Outbox delivery tuning: retry back-off, polling and claim lease (defaults suit production). */
  outbox?: { retry?: Partial<RetryPolicy>; pollMs?: number; leaseMs?: number; drainMs?: number };
}

export async function composeService(
  config: Config,
  logger: Logger,
  options: ComposeOptions = {},
): Promise<Service> {
  const clock = options.clock ?? systemClock;
  let key: Buffer;
  if (config.secretKey) key = keyFromSecret(config.secretKey);
  else {
    const file = join(config.dataDir, 'secret.key');
    const loaded = loadOrCreateKeyFile(file);
    key = loaded.key;
    if (loaded.created)
      logger.warn(
        { file },
        'SECRET_KEY is not set: generated a key file; back it up, secrets cannot be read without it',
      );
    if (config.databaseUrl)
      logger.warn(
        {},
        'SECRET_KEY is not set while DATABASE_URL is: every process sharing the store needs the same SECRET_KEY',
      );
  }
  const box = createSecretBox(key);

  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pglite: options.pglite,
  });
  let ready = false;
  try {
    await migrateDatabase(handle);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const store = createDrizzleStore(handle, box);
  const robot = (await store.principals.get(1))!;

  let workspaceReport: WorkspaceApplyReport | null = null;
  let demoTokens: DemoToken[] | null = null;
  let ownerTokens: IssuedToken[] = [];
  try {
    if (config.workspaceFile) {
      const spec = loadWorkspaceFile(config.workspaceFile, {
        env: config.env,
        validatePolicy: (policy, source) => parsePolicy(policy, source),
      });
      const ctx = { store, actor: robot, clock, logger, requestId: null };
      workspaceReport = await applyWorkspace({
        ctx,
        input: { spec, source: 'workspace_file', file: config.workspaceFile },
      });
      logger.info({ file: config.workspaceFile, ...workspaceReport }, 'workspace file applied');
      for (const item of workspaceReport.notInFile)
        logger.warn({ item }, 'declared before but not in the workspace file; kept');
      ownerTokens = await bootstrapOwnerTokens({ ctx, minter: tokenMinter });
    } else if (config.demo === 'on' || (config.demo === 'auto' && !config.databaseUrl)) {
      demoTokens = await seedDemoIfEmpty({ store, clock, logger, robot, dataDir: config.dataDir });
    }
  } catch (err) {
    await store.close();
    throw err;
  }

  const events = createEventBus(logger);
  // The demo's embedded target databases are created when a task first touches them, so a first start stays light.
  const engines = createEngineConnector(
    options.engines ? loadersOf(options.engines) : createEngineRegistry(),
    {
      // Embedded targets are the service's own directories: a declared database is created on first use, so a
      // workspace file with pglite instances starts as shipped.
      createMissingDatabases: (instance) => instance.engine === 'pglite',
    },
  );
  // One name for this process in task claims and inbox claims.
  const worker = config.rollout.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  // This service's own registry: several services in one process (tests) keep their metrics apart.
  const metrics = createPrometheusMetrics({ store, logger: logger.child({ component: 'metrics' }) });
  const scheduler = new RolloutScheduler({
    store,
    engines,
    events,
    logger: logger.child({ component: 'rollout' }),
    clock,
    worker,
    concurrency: config.rollout.concurrency,
    leaseMs: config.rollout.leaseMs,
    pollMs: config.rollout.pollMs,
    lockTimeoutMs: config.rollout.lockTimeoutMs,
    statementTimeoutMs: config.rollout.statementTimeoutMs,
    exclusiveStore: store.kind === 'pglite',
    metrics,
  });
  const driftWatch = new DriftWatch({
    store,
    engines,
    clock,
    logger: logger.child({ component: 'drift' }),
    worker,
    intervalMs: config.drift.intervalMs,
    timeoutMs: config.drift.timeoutMs,
    concurrency: config.drift.concurrency,
  });
  // Each platform's adapter (and its SDK) loads only when that platform is configured.
  const inbound = createChatInbound({ store, clock, logger, events, engines, publicUrl: config.publicUrl });
  const stateOf = (platform: string): ChatAdapterState => ({
    get: (key) => store.settings.get(`chat.${platform}.${key}`),
    set: (key, value) => store.settings.set(`chat.${platform}.${key}`, value),
  });
  const adapters: ChatAdapter[] = [];
  if (config.slack)
    adapters.push(
      (await import('../adapters/chat/slack/index.ts')).createSlackChatAdapter({
        ...config.slack,
        clock,
        logger: logger.child({ component: 'slack' }),
        inbound,
      }),
    );
  if (config.teams)
    adapters.push(
      (await import('../adapters/chat/teams/index.ts')).createTeamsChatAdapter({
        ...config.teams,
        clock,
        logger: logger.child({ component: 'teams' }),
        inbound,
        state: stateOf('teams'),
      }),
    );
  if (config.feishu)
    adapters.push(
      (await import('../adapters/chat/feishu/index.ts')).createFeishuChatAdapter({
        ...config.feishu,
        clock,
        logger: logger.child({ component: 'feishu' }),
        inbound,
        state: stateOf('feishu'),
      }),
    );
  const notifier =
    adapters.length > 0
      ? createChatNotifier({
          store,
          adapters,
          publicUrl: config.publicUrl,
          logger: logger.child({ component: 'chat' }),
          clock,
          progressIntervalMs: options.chatProgressIntervalMs,
        })
      : null;
  // Every outbound effect is a stored entry; this worker delivers them, with retries, in every process.
  const outbox = createOutboxWorker({
    store,
    logger: logger.child({ component: 'outbox' }),
    clock,
    worker,
    metrics,
    ...options.outbox,
  });
  if (notifier) outbox.use(notifier);
  if (adapters.length > 0)
    outbox.use(
      createDriftNotifier({
        store,
        adapters,
        publicUrl: config.publicUrl,
        logger: logger.child({ component: 'chat-drift' }),
        clock,
      }),
    );
  const gitlab = config.gitlab
    ? await composeGitLab({
        config: config.gitlab,
        store,
        events,
        outbox,
        engines,
        clock,
        logger: logger.child({ component: 'gitlab' }),
        metrics,
        publicUrl: config.publicUrl,
        worker,
      })
    : null;
  // The bus says an entry was just committed: deliver it now. task.progress is never stored (a running task
  // moved on a statement); it only drives live edits of the thread's status message.
  const unsubscribe = events.subscribe((e) => {
    if (e.type === 'task.progress') notifier?.onLiveEvent(e);
    else outbox.nudge();
  });
  // Entries left undelivered by an earlier process (an outage, a crash) go out from here on.
  outbox.start();
  if (options.startScheduler !== false) {
    await scheduler.start();
    await driftWatch.start();
  }

  ready = true;
  const hooks: Record<string, InboundHook> = {};
  for (const adapter of adapters) hooks[adapter.platform] = adapter;
  if (gitlab) hooks.gitlab = gitlab.hook;
  // Single sign-on loads openid-client only when it is configured.
  const identity = config.oidc
    ? (await import('../adapters/identity/oidc/index.ts')).createOidcIdentityProvider({
        issuer: config.oidc.issuer,
        clientId: config.oidc.clientId,
        clientSecret: config.oidc.clientSecret,
        name: config.oidc.name,
        redirectUri: `${config.publicUrl}${OIDC_CALLBACK_PATH}`,
        logger: logger.child({ component: 'oidc' }),
      })
    : null;
  const app = createApp(
    {
      store,
      events,
      clock,
      logger,
      engines,
      isReady: () => ready,
      metrics,
      metricsToken: config.metricsToken,
      workers: { scheduler: () => scheduler.isRunning(), outbox: () => outbox.isRunning() },
      webRoot: webDistDir,
      auth: {
        provider: identity,
        sessionTtlMs: config.sessionTtlMs,
        autoCreate: config.oidc?.autoCreate ?? false,
        publicUrl: config.publicUrl,
      },
    },
    hooks,
  );
  return {
    store,
    app,
    events,
    scheduler,
    driftWatch,
    demoTokens,
    ownerTokens,
    workspaceReport,
    chat: { adapters, notifier },
    outbox,
    gitlab,
    async close() {
      ready = false;
      // Running tasks get the shutdown grace to finish; then they are stopped and recorded as interrupted.
      await scheduler.stop(config.shutdownTimeoutMs);
      await driftWatch.stop();
      // Chat work in flight (clicks, final summaries) finishes before the store closes.
      await Promise.all(adapters.map((a) => a.drain()));
      await gitlab?.close();
      // What the shutdown itself caused (interrupted tasks, final summaries) is delivered now if it can be;
      // the rest stays stored for the next process.
      await outbox.stop();
      unsubscribe();
      await notifier?.stop();
      await engines.closeAll();
      await store.close();
    },
  };
}
