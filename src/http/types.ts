// Types shared by the HTTP layer: what createApp needs and what each request carries.
import type { Context } from 'hono';
import type { Principal } from '../core/model/workspace.ts';
import type { Clock, Logger } from '../core/ports/clock.ts';
import type { EngineConnector } from '../core/ports/engine-connector.ts';
import type { EventBus } from '../core/ports/events.ts';
import type { Store } from '../core/ports/store.ts';
import type { ServiceContext } from '../core/services/context.ts';

export interface AppDeps {
  store: Store;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** Whether the store is migrated and the service ready. */
  isReady: () => boolean;
  /** Directory of the built web assets; absent means no web view is served. */
  webRoot?: string | undefined;
  /** Connections to target instances, for live schema reads (drift checks); absent, those answer 503. */
  engines?: EngineConnector | undefined;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
  };
}

/** Builds the use-case context for an authenticated request. */
export function contextOf(deps: AppDeps, c: Context<AppEnv>): ServiceContext {
  return {
    store: deps.store,
    actor: c.get('principal'),
    clock: deps.clock,
    logger: deps.logger,
    requestId: c.get('requestId'),
    events: deps.events,
    engines: deps.engines,
  };
}
