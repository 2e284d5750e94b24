// Wires the GitLab integration: the VCS provider, the GitOps use cases with their inbox sweep, and the outbox
// consumer that writes notes, statuses and schema write-backs.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from './config.ts';
import { createGitLabDelivery } from './core/gitops/delivery.ts';
import { bindingTemplates } from './core/gitops/files.ts';
import { createGitOpsInbound } from './core/gitops/inbound.ts';
import type { OutboxWorker } from './core/outbox/worker.ts';
import type { Clock, Logger } from './core/ports/clock.ts';
import type { EngineConnector } from './core/ports/engine-connector.ts';
import type { EventBus } from './core/ports/events.ts';
import type { Metrics } from './core/ports/metrics.ts';
import type { Store } from './core/ports/store.ts';
import type { VcsProvider } from './core/ports/vcs.ts';
import type { InboundHook } from './http/app.ts';

export interface GitLabWiring {
  /** POST /hooks/gitlab. */
  hook: InboundHook;
  /** The provider, for tools and tests that call GitLab the way the service does. */
  provider: VcsProvider;
  /**
   * Claims and runs the inbox jobs due now (left by a stopped process, due for a retry, never run); resolves with
   * how many ran. The integration does this at start and every `inboxSweepMs`.
   */
  sweep(): Promise<number>;
  /**
   * Resolves when webhook work and inbox sweeps have finished and the outbox has nothing due (notes, statuses
   * and write-backs delivered, or waiting out a retry) (tests).
   */
  drain(): Promise<void>;
  /** Stops the sweeps and waits for work in flight. */
  close(): Promise<void>;
}

export interface GitLabWiringOptions {
  config: NonNullable<Config['gitlab']>;
  store: Store;
  events: EventBus;
  /** The delivery worker GitLab's outbound effects are handed to. */
  outbox: OutboxWorker;
  engines: EngineConnector;
  clock: Clock;
  logger: Logger;
  /** Where reviews of issues created from pushes record their durations. */
  metrics?: Metrics | undefined;
  publicUrl: string;
  /** This process's name in inbox job claims; default host:pid:random. */
  worker?: string;
  /** How often due inbox jobs are looked for; default 30 s. */
  inboxSweepMs?: number;
}

/** Builds the provider (its SDK loads only when GitLab is configured) and registers its outbox consumer. */
export async function composeGitLab(o: GitLabWiringOptions): Promise<GitLabWiring> {
  // A template mistake in the workspace file is said at start, not first at the next merge.
  for (const binding of await o.store.bindings.listRepositories()) {
    try {
      bindingTemplates(binding);
    } catch (err) {
      o.logger.error(
        { projectId: binding.projectId, repository: binding.repository, problem: (err as Error).message },
        'repository binding cannot be used',
      );
    }
  }
  const inbound = createGitOpsInbound({
    store: o.store,
    events: o.events,
    clock: o.clock,
    logger: o.logger,
    metrics: o.metrics,
    publicUrl: o.publicUrl,
    worker: o.worker ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
  });
  const { createGitLabVcsProvider } = await import('../adapters/vcs/gitlab/index.ts');
  const provider = createGitLabVcsProvider({ ...o.config, inbound, logger: o.logger, clock: o.clock });
  o.outbox.use(createGitLabDelivery({ store: o.store, vcs: provider, logger: o.logger }));

  // One sweep at a time; a webhook's own job is run by the provider at once, the sweep finds what was left.
  let sweeping: Promise<number> | null = null;
  const sweep = (): Promise<number> => {
    sweeping ??= inbound
      .runPending(provider)
      .then((ran) => {
        if (ran > 0) o.logger.info({ ran }, 'inbox jobs run');
        return ran;
      })
      .catch((err: unknown) => {
        o.logger.error({ err }, 'inbox sweep failed');
        return 0;
      })
      .finally(() => {
        sweeping = null;
      });
    return sweeping;
  };
  // The first sweep (jobs a stopped process left) waits a turn of the event loop, until the composition is done.
  const firstSweep = new Promise<void>((r) => setImmediate(r)).then(sweep);
  const timer = setInterval(() => void sweep(), o.inboxSweepMs ?? 30_000);
  timer.unref();

  const drain = async () => {
    await firstSweep;
    await provider.drain();
    while (sweeping) await sweeping;
    await o.outbox.idle();
  };
  return {
    hook: provider,
    provider,
    sweep,
    drain,
    async close() {
      clearInterval(timer);
      inbound.stop();
      await drain();
    },
  };
}
