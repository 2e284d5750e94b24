// Outbox port: outbound effects stored in the transaction that causes them, delivered later by a worker.
import type { DomainEvent } from './events.ts';

export type OutboxStatus = 'pending' | 'running' | 'delivered' | 'failed';

/** One stored outbound effect: the domain event that asks for it and how delivery went so far. */
export interface OutboxEntry {
  id: number;
  issueId: number | null;
  event: DomainEvent;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  /** Sub-effects already done, by key, so a retry does not repeat them. */
  effects: Record<string, unknown>;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface OutboxRepository {
  /** Stores events for delivery; call it inside the transaction that causes them. */
  add(events: DomainEvent[]): Promise<void>;
  /** Entries of an issue not delivered yet (pending, running or failed), oldest first. */
  undelivered(issueId: number): Promise<OutboxEntry[]>;
}
