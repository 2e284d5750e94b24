// The service's metrics on prom-client: one registry per composed service, so several services in one process
// (tests) never share or collide on a family.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../core/ports/clock.ts';
import { DRIFT_STATUSES } from '../core/ports/drift-store.ts';
import type { Store } from '../core/ports/store.ts';
import type { ServiceMetrics } from '../http/types.ts';
import { driftStates, gitlabInboxDepth, outboxDepth, pendingApprovals } from './store-gauges.ts';

const PREFIX = 'bytebase_im_';

export interface PrometheusMetricsOptions {
  /** Read at scrape time for the depth and approval gauges. */
  store: Store;
  logger: Logger;
}

/** Creates the registry with every family and the default process metrics. */
export function createPrometheusMetrics(o: PrometheusMetricsOptions): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const chatAck = new Histogram({
    name: `${PREFIX}chat_ack_duration_seconds`,
    help: 'Time from an inbound chat platform request to its answer, by platform (Slack and Feishu allow 3 s)',
    labelNames: ['platform'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 15],
    registers: [registry],
  });
  const outboxDeliveries = new Counter({
    name: `${PREFIX}outbox_deliveries_total`,
    help: 'Outbox delivery attempts by outcome: delivered, retried (handed back with a back-off) or failed for good',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  // Every outcome is exposed from the start, so a rate over it exists before the first failure.
  for (const outcome of ['delivered', 'retried', 'failed'] as const) outboxDeliveries.inc({ outcome }, 0);
  const tasks = new Counter({
    name: `${PREFIX}tasks_total`,
    help: 'Task runs finished by this process, by target engine and end status',
    labelNames: ['engine', 'status'] as const,
    registers: [registry],
  });
  const taskDuration = new Histogram({
    name: `${PREFIX}task_duration_seconds`,
    help: 'How long task runs took, by target engine',
    labelNames: ['engine'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [registry],
  });
  const reviewDuration = new Histogram({
    name: `${PREFIX}review_duration_seconds`,
    help: 'How long the SQL review of a change took when an issue was created',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  // A gauge whose store read fails reports NaN (unknown) rather than a stale or zero value.
  const storeGauge = (name: string, help: string, read: (store: Store) => Promise<number>) =>
    new Gauge({
      name: `${PREFIX}${name}`,
      help,
      registers: [registry],
      async collect() {
        try {
          this.set(await read(o.store));
        } catch (err) {
          o.logger.warn({ err, metric: name }, 'metrics: reading the store failed');
          this.set(Number.NaN);
        }
      },
    });
  storeGauge(
    'outbox_depth',
    'Outbox entries pending or being delivered now (counted up to 10000)',
    outboxDepth,
  );
  storeGauge('gitlab_inbox_depth', 'GitLab webhook events accepted and not finished yet', gitlabInboxDepth);
  storeGauge('pending_approvals', 'Issues waiting for an approval decision', pendingApprovals);
  new Gauge({
    name: `${PREFIX}drift_states`,
    help: 'Databases by drift state (never-checked ones are left out)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      try {
        const counts = await driftStates(o.store);
        for (const status of new Set([...DRIFT_STATUSES, ...Object.keys(counts)]))
          this.set({ status }, counts[status] ?? 0);
      } catch (err) {
        o.logger.warn({ err, metric: 'drift_states' }, 'metrics: reading the store failed');
        for (const status of DRIFT_STATUSES) this.set({ status }, Number.NaN);
      }
    },
  });

  return {
    outboxDelivery: (outcome) => outboxDeliveries.inc({ outcome }),
    taskFinished({ engine, status, seconds }) {
      tasks.inc({ engine, status });
      taskDuration.observe({ engine }, seconds);
    },
    reviewFinished: (seconds) => reviewDuration.observe(seconds),
    httpRequest: ({ route, method, status, seconds }) =>
      httpDuration.observe({ route, method, status: String(status) }, seconds),
    chatAck: (platform, seconds) => chatAck.observe({ platform }, seconds),
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
