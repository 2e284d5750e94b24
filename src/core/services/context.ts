// What every use case receives: the store, who is acting, a clock, a logger, the request id and optional live ports.
import type { Principal } from '../model/workspace.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import type { EngineConnector } from '../ports/engine-connector.ts';
import type { EventBus } from '../ports/events.ts';
import type { Metrics } from '../ports/metrics.ts';
import type { Store } from '../ports/store.ts';

export interface ServiceContext {
  store: Store;
  actor: Principal;
  clock: Clock;
  logger: Logger;
  requestId: string | null;
  /** Where use cases publish domain events, after their transaction committed. */
  events?: EventBus;
  /** Connections to target instances, for use cases that read live schemas (drift); absent where none are wired. */
  engines?: EngineConnector | undefined;
  /** Where use cases record what they measure (review durations); absent, nothing is recorded. */
  metrics?: Metrics | undefined;
}
