// What every use case receives: the store, who is acting, a clock, a logger and the request id.
import type { Principal } from '../model/workspace.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import type { EventBus } from '../ports/events.ts';
import type { Store } from '../ports/store.ts';

export interface ServiceContext {
  store: Store;
  actor: Principal;
  clock: Clock;
  logger: Logger;
  requestId: string | null;
  /** Where use cases publish domain events, after their transaction committed. */
  events?: EventBus;
}
