// The drift watch: checks every database on a schedule. A croner tick starts a sweep; each sweep claims due
// databases from the store in small batches (SKIP LOCKED claims with leases), so with several replicas each
// database is checked once per interval, and a database whose change is running is left for later.
import { Cron } from 'croner';
import type { Database, Instance } from '../model/workspace.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import type { EngineConnector } from '../ports/engine-connector.ts';
import type { Store } from '../ports/store.ts';
import { type DriftCheckResult, runDriftCheck } from './check.ts';

export interface DriftWatchOptions {
  store: Store;
  engines: EngineConnector;
  clock: Clock;
  logger: Logger;
  /** Unique name of this process, written into claims. */
  worker: string;
  /** The service's interval; null: off, unless an instance sets its own. */
  intervalMs: number | null;
  /** Time limit of one check. */
  timeoutMs: number;
  /** Checks run at once by this process. */
  concurrency: number;
  /** How often the schedule looks for due databases; default the shortest interval in use, at most 30 s. */
  tickMs?: number;
}

/** What one sweep did. */
export interface SweepReport {
  checked: number;
  changed: number;
  announced: number;
  /** Claimed but left for later: a change was running on the database. */
  busy: number;
}

/** A database the busy check left is looked at again this soon. */
const BUSY_RETRY_MS = 15_000;

export class DriftWatch {
  private cron: Cron | null = null;
  private sweeping: Promise<SweepReport> | null = null;
  private stopped = false;

  constructor(private readonly o: DriftWatchOptions) {}

  /** The interval of an instance's databases: its own (0: off) or the service's; null when not watched. */
  intervalOf(instance: Instance): number | null {
    const own = instance.driftCheckMs;
    if (own === 0) return null;
    return own ?? this.o.intervalMs;
  }

  /** Starts the schedule (a no-op when no database can be watched at any interval). */
  async start(): Promise<void> {
    this.stopped = false;
    const intervals = (await this.o.store.instances.list())
      .map((i) => this.intervalOf(i))
      .filter((ms): ms is number => ms !== null);
    if (this.o.intervalMs !== null) intervals.push(this.o.intervalMs);
    if (intervals.length === 0) return;
    const tickMs = this.o.tickMs ?? Math.min(30_000, ...intervals);
    this.cron = new Cron(
      '* * * * * *',
      { interval: Math.max(1, Math.round(tickMs / 1000)), protect: true },
      () => {
        void this.sweep().catch((err) => this.o.logger.error({ err }, 'drift sweep failed'));
      },
    );
  }

  /** Stops the schedule and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cron?.stop();
    this.cron = null;
    await this.sweeping?.catch(() => {});
  }

  /**
   * Checks every database that is due now, in batches of `concurrency`, until none is left; a sweep already
   * running in this process is joined rather than doubled.
   */
  sweep(): Promise<SweepReport> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = this.runSweep().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  private async runSweep(): Promise<SweepReport> {
    const { store } = this.o;
    const report: SweepReport = { checked: 0, changed: 0, announced: 0, busy: 0 };
    const [instances, databases] = await Promise.all([store.instances.list(), store.databases.list()]);
    const instanceById = new Map(instances.map((i) => [i.id, i]));
    const watched = new Map<number, { instance: Instance; database: Database; intervalMs: number }>();
    for (const database of databases) {
      const instance = instanceById.get(database.instanceId);
      const intervalMs = instance ? this.intervalOf(instance) : null;
      if (instance && intervalMs !== null) watched.set(database.id, { instance, database, intervalMs });
    }
    if (watched.size === 0) return report;
    const leaseMs = this.o.timeoutMs + 30_000;
    const ids = [...watched.keys()];
    // A database the watch has not seen before is first checked one interval from now, like every later check.
    const known = new Set((await store.driftStates.list(ids)).map((s) => s.databaseId));
    const start = this.o.clock.now();
    await store.driftStates.schedule(
      ids
        .filter((id) => !known.has(id))
        .map((id) => ({ databaseId: id, nextCheckAt: new Date(start + watched.get(id)!.intervalMs) })),
    );
    while (!this.stopped) {
      const now = new Date(this.o.clock.now());
      const claimed = await store.driftStates.claimDue({
        worker: this.o.worker,
        now,
        leaseMs,
        limit: this.o.concurrency,
        databaseIds: ids,
      });
      if (claimed.length === 0) break;
      await Promise.all(
        claimed.map(async (id) => {
          const w = watched.get(id)!;
          const result = await this.checkOne(w).catch((err): DriftCheckResult => {
            this.o.logger.error({ err, database: id }, 'drift check failed');
            return { kind: 'busy', reason: 'the check failed' };
          });
          if (result.kind === 'busy') {
            report.busy++;
            await store.driftStates.release(id, this.o.worker, new Date(this.o.clock.now() + BUSY_RETRY_MS));
            return;
          }
          report.checked++;
          if (result.changed) report.changed++;
          if (result.announced) report.announced++;
        }),
      );
    }
    return report;
  }

  private checkOne(w: { instance: Instance; database: Database; intervalMs: number }) {
    const o = this.o;
    return runDriftCheck(
      { store: o.store, engines: o.engines, clock: o.clock, logger: o.logger, timeoutMs: o.timeoutMs },
      { instance: w.instance, database: w.database },
      { checkedBy: null, nextCheckAt: new Date(o.clock.now() + w.intervalMs) },
    );
  }
}
