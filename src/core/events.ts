// In-process event bus: synchronous fan-out with subscriber failures reported, not thrown.
import type { Logger } from './ports/clock.ts';
import type { DomainEvent, EventBus } from './ports/events.ts';

/** Creates an event bus; subscriber errors are logged so one broken notifier cannot stop a rollout. */
export function createEventBus(logger: Logger): EventBus {
  const handlers = new Set<(event: DomainEvent) => void | Promise<void>>();
  return {
    publish(event) {
      for (const handler of handlers) {
        try {
          const result = handler(event);
          if (result instanceof Promise) {
            result.catch((err: unknown) =>
              logger.error({ err, event: event.type }, 'event subscriber failed'),
            );
          }
        } catch (err) {
          logger.error({ err, event: event.type }, 'event subscriber failed');
        }
      }
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
}
