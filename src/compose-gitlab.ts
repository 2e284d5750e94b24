// Wires the GitLab integration: the VCS provider, the GitOps use cases and schema write-back.
import type { Config } from './config.ts';
import { bindingTemplates } from './core/gitops/files.ts';
import { createGitOpsInbound } from './core/gitops/inbound.ts';
import { createSchemaWriteBack } from './core/gitops/write-back.ts';
import type { Clock, Logger } from './core/ports/clock.ts';
import type { EngineConnector } from './core/ports/engine-connector.ts';
import type { EventBus } from './core/ports/events.ts';
import type { Store } from './core/ports/store.ts';
import type { VcsProvider } from './core/ports/vcs.ts';
import type { InboundHook } from './http/app.ts';

export interface GitLabWiring {
  /** POST /hooks/gitlab. */
  hook: InboundHook;
  /** The provider, for tools and tests that call GitLab the way the service does. */
  provider: VcsProvider;
  /** Resolves when background work started by webhooks and queued schema write-backs have finished (tests). */
  drain(): Promise<void>;
  /** Stops listening to events and waits for work in flight. */
  close(): Promise<void>;
}

export interface GitLabWiringOptions {
  config: NonNullable<Config['gitlab']>;
  store: Store;
  events: EventBus;
  engines: EngineConnector;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
}

/** Builds the provider (its SDK loads only when GitLab is configured) and subscribes write-back to events. */
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
    publicUrl: o.publicUrl,
  });
  const { createGitLabVcsProvider } = await import('../adapters/vcs/gitlab/index.ts');
  const provider = createGitLabVcsProvider({ ...o.config, inbound, logger: o.logger, clock: o.clock });
  const writeBack = createSchemaWriteBack({ store: o.store, vcs: provider, logger: o.logger });
  const unsubscribe = o.events.subscribe((e) => writeBack.onEvent(e));
  const drain = async () => {
    await provider.drain();
    await writeBack.idle();
  };
  return {
    hook: provider,
    provider,
    drain,
    async close() {
      unsubscribe();
      await drain();
    },
  };
}
