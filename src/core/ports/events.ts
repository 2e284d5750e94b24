// Domain events the core publishes for notifiers (chat cards, MR notes) and live subscribers.
import type { ApproverRole, DecisionChannel, TaskLogEntry, TaskStatus } from '../model/issue.ts';
import type { DriftStatus } from './drift-store.ts';

export type DomainEvent =
  | { type: 'issue.created'; issueId: number; projectId: number }
  | { type: 'approval.requested'; issueId: number; round: number; step: number; role: ApproverRole }
  | {
      type: 'issue.approved';
      issueId: number;
      round: number;
      step: number;
      by: number;
      channel: DecisionChannel;
      final: boolean;
    }
  | { type: 'issue.rejected'; issueId: number; by: number; reason: string; channel: DecisionChannel }
  | { type: 'issue.canceled'; issueId: number; by: number }
  | { type: 'task.requeued'; issueId: number; taskId: number }
  | { type: 'task.started'; issueId: number; taskId: number; runId: number; attempt: number }
  | { type: 'task.progress'; issueId: number; taskId: number; runId: number; entry: TaskLogEntry }
  | {
      type: 'task.finished';
      issueId: number;
      taskId: number;
      runId: number | null;
      status: TaskStatus;
      reason: string | null;
    }
  | {
      type: 'stage.finished';
      issueId: number;
      stageId: number;
      environmentId: number;
      status: 'done' | 'failed';
    }
  | { type: 'rollout.finished'; issueId: number; status: 'done' | 'failed' }
  | {
      /**
       * A database's drift state changed (or a baseline was accepted): announced once, in the database's lane,
       * to the project's bound channels. `seq` is the state the announcement is about.
       */
      type: 'drift.changed';
      lane: string;
      databaseId: number;
      seq: number;
      status: DriftStatus;
      previous: DriftStatus | null;
      /** Set when a person accepted the live schema as the baseline. */
      baseline?: { by: number; reason: string; historyId: number };
    };

export type DomainEventType = DomainEvent['type'];

/** Publish/subscribe of domain events inside one process. */
export interface EventBus {
  /** Delivers an event to every subscriber; a failing subscriber never affects the publisher. */
  publish(event: DomainEvent): void;
  /** Registers a subscriber; returns the function that removes it. */
  subscribe(handler: (event: DomainEvent) => void | Promise<void>): () => void;
}
