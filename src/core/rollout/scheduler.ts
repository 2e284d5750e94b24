// The rollout scheduler: claims runnable tasks from the store with leases and runs them, stage by stage.
import { Cron } from 'croner';
import type { Clock, Logger } from '../ports/clock.ts';
import type { EngineConnector } from '../ports/engine-connector.ts';
import type { DomainEvent, EventBus } from '../ports/events.ts';
import type { Metrics } from '../ports/metrics.ts';
import type { Store } from '../ports/store.ts';
import { settleIssue } from './progress.ts';
import { LEASE_LOST, runTask, SHUTDOWN } from './task-runner.ts';

export interface SchedulerOptions {
  store: Store;
  engines: EngineConnector;
  events: EventBus;
  logger: Logger;
  clock: Clock;
  /** Unique name of this process, written into claims. */
  worker: string;
  /** Tasks run at once by this process. */
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /** True when no other process can share the store (embedded): every running task at start was interrupted. */
  exclusiveStore: boolean;
  /** Where task outcomes and durations are recorded; default nowhere. */
  metrics?: Metrics | undefined;
}

/** Claims and runs tasks until stopped; wakes on domain events, on a timer and at the next scheduled run time. */
export class RolloutScheduler {
  private readonly running = new Map<
    number,
    { issueId: number; controller: AbortController; done: Promise<void> }
  >();
  private stopped = true;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private timer: Cron | null = null;
  private unsubscribe: (() => void) | null = null;
  private lastRecovery = 0;

  constructor(private readonly o: SchedulerOptions) {}

  /** Recovers interrupted tasks, then starts the loop. */
  async start(): Promise<void> {
    this.stopped = false;
    // Whatever this worker name holds now was held by an earlier life of this process (it runs nothing yet):
    // recovered at once rather than after its lease runs out, so a person can retry or skip it straight away.
    await this.recover(this.o.exclusiveStore, this.o.worker);
    this.unsubscribe = this.o.events.subscribe((e) => {
      if (e.type === 'issue.approved' || e.type === 'task.requeued' || e.type === 'task.finished')
        this.wake();
      if (e.type === 'issue.canceled') {
        for (const r of this.running.values()) if (r.issueId === e.issueId) r.controller.abort('cancel');
      }
    });
    this.loop = this.run();
  }

  /** Makes the loop look for work now. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Whether the loop is claiming work: started and not stopped. */
  isRunning(): boolean {
    return !this.stopped;
  }

  /** Tasks running in this process right now. */
  get active(): number {
    return this.running.size;
  }

  /** Asks a running task to stop (cancel); true when this process was running it. */
  cancel(taskId: number): boolean {
    const r = this.running.get(taskId);
    r?.controller.abort('cancel');
    return r !== undefined;
  }

  /**
   * Stops claiming; lets running tasks finish for up to `graceMs`, then aborts them so they are recorded as
   * failed ("interrupted by shutdown") rather than left running.
   */
  async stop(graceMs: number): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    this.timer?.stop();
    this.wake();
    await this.loop;
    const all = Promise.all([...this.running.values()].map((r) => r.done));
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref()),
    ]);
    if (timedOut) {
      for (const r of this.running.values()) r.controller.abort(SHUTDOWN);
      await all;
    }
  }

  private async recover(all: boolean, worker?: string): Promise<void> {
    this.lastRecovery = this.o.clock.now();
    // Marking tasks interrupted, settling their issues and the outbox entries announcing both are one
    // transaction: no reader sees one without the other.
    const { finished, settled } = await this.o.store.transaction(async (tx) => {
      const tasks = await tx.rollout.recoverInterrupted(worker === undefined ? { all } : { all, worker });
      const finished = tasks.map(
        (task): Extract<DomainEvent, { type: 'task.finished' }> => ({
          type: 'task.finished',
          issueId: task.issueId,
          taskId: task.id,
          runId: null,
          status: 'failed',
          reason: task.statusReason,
        }),
      );
      const settled: DomainEvent[] = [];
      for (const issueId of new Set(tasks.map((t) => t.issueId)))
        settled.push(...(await settleIssue(tx, issueId)));
      await tx.outbox.add([...finished, ...settled]);
      return { finished, settled };
    });
    for (const e of finished) {
      this.o.logger.warn({ taskId: e.taskId, issueId: e.issueId }, 'task was interrupted; marked failed');
      this.o.events.publish(e);
    }
    for (const e of settled) this.o.events.publish(e);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.o.clock.now() - this.lastRecovery > this.o.leaseMs) await this.recover(false);
        const free = this.o.concurrency - this.running.size;
        const claimed = await this.o.store.rollout.claimRunnable(this.o.worker, free, this.o.leaseMs);
        for (const c of claimed) this.launch(c.issue, c.task);
        await this.scheduleNextRunAt();
        if (claimed.length > 0 && claimed.length === free) continue;
      } catch (err) {
        this.o.logger.error({ err }, 'rollout loop failed; retrying');
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.o.pollMs);
        this.wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  /** Sets a one-shot croner job at the earliest future run time, so deferred stages start on time. */
  private async scheduleNextRunAt(): Promise<void> {
    const next = await this.o.store.rollout.nextRunAt();
    const current = this.timer?.nextRun()?.getTime();
    if (!next || next.getTime() === current) return;
    this.timer?.stop();
    this.timer = new Cron(next, { maxRuns: 1 }, () => this.wake());
  }

  private launch(issue: Parameters<typeof runTask>[1], task: Parameters<typeof runTask>[2]): void {
    const controller = new AbortController();
    const renew = setInterval(
      () => {
        this.o.store.rollout.renewLease(task.id, this.o.worker, this.o.leaseMs).then(
          (held) => {
            if (!held) {
              this.o.logger.error({ taskId: task.id }, 'lost the claim on a running task; stopping it');
              controller.abort(LEASE_LOST);
            }
          },
          (err) => this.o.logger.warn({ err, taskId: task.id }, 'lease renewal failed'),
        );
      },
      Math.max(50, Math.floor(this.o.leaseMs / 3)),
    );
    const done = runTask({ ...this.o, logFlushMs: 250 }, issue, task, controller.signal)
      .catch((err) => this.o.logger.error({ err, taskId: task.id }, 'task runner crashed'))
      .finally(() => {
        clearInterval(renew);
        this.running.delete(task.id);
        this.wake();
      });
    this.running.set(task.id, { issueId: issue.id, controller, done });
  }
}
