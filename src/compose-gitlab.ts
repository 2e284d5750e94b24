// Wires the GitLab integration: the VCS provider, the GitOps use cases and schema write-back.
import type { Config } from './config.ts';
import type { Clock, Logger } from './core/ports/clock.ts';
import type { EngineConnector } from './core/ports/engine-connector.ts';
import type { EventBus } from './core/ports/events.ts';
import type { Store } from './core/ports/store.ts';
import type { InboundHook } from './http/app.ts';

export interface GitLabWiring {
  /** POST /hooks/gitlab. */
  hook: InboundHook;
  /** Resolves when background work started by webhooks has finished (tests). */
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

export async function composeGitLab(_o: GitLabWiringOptions): Promise<GitLabWiring> {
  throw new Error('the GitLab integration is not available yet');
}
