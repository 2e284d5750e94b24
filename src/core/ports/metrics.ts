// Metrics port: what the core counts and times; the service implements it on a metrics library outside the core.

/** What one outbox delivery attempt came to: delivered, handed back for a retry, or failed for good. */
export type OutboxOutcome = 'delivered' | 'retried' | 'failed';

/** How a task run ended, as recorded on the task. */
export type TaskOutcome = 'done' | 'failed' | 'skipped' | 'canceled';

export interface Metrics {
  /** Counts the outcome of one outbox delivery attempt. */
  outboxDelivery(outcome: OutboxOutcome): void;
  /** Counts a finished task run by target engine and end status, and records how long it ran. */
  taskFinished(run: { engine: string; status: TaskOutcome; seconds: number }): void;
  /** Records how long the SQL review of a change took. */
  reviewFinished(seconds: number): void;
}

/** Measures nothing: for tools and tests that compose parts of the core without a metrics registry. */
export const noopMetrics: Metrics = {
  outboxDelivery: () => {},
  taskFinished: () => {},
  reviewFinished: () => {},
};

/** Seconds since `startedMs`, a `performance.now()` reading: monotonic, so a clock step never skews a duration. */
export const secondsSince = (startedMs: number): number => (performance.now() - startedMs) / 1000;
