// Outbox port: outbound effects stored in the transaction that causes them, delivered later by a worker.
import type { DomainEvent } from './events.ts';
import type { VcsCommitStatus } from './vcs.ts';

export type OutboxStatus = 'pending' | 'running' | 'delivered' | 'failed';

/**
 * A VCS write the core decided on (a merge request note, a commit status, a schema write-back). It names the
 * lane it is delivered in (entries of one lane go out one after another, in order) instead of an issue, so an
 * outage of the VCS never holds back an issue's chat messages.
 */
export type VcsEffect =
  | {
      type: 'vcs.note';
      lane: string;
      repository: string;
      iid: number;
      marker: string;
      body: string;
      createIfMissing: boolean;
    }
  | { type: 'vcs.status'; lane: string; repository: string; sha: string; status: VcsCommitStatus }
  | { type: 'vcs.write-back'; lane: string; issue: number; stageId: number };

/** What an outbox entry asks for: a domain event (its consumers decide the effects) or a VCS write. */
export type OutboxMessage = DomainEvent | VcsEffect;

/** One stored outbound effect: the message that asks for it and how delivery went so far. */
export interface OutboxEntry {
  id: number;
  issueId: number | null;
  event: OutboxMessage;
  status: OutboxStatus;
  attempts: number;
  /** The worker holding (or last holding) the entry, or null. */
  claimedBy: string | null;
  /** Running: until when the claim holds. Pending: not before then (a retry's back-off). */
  leaseUntil: Date | null;
  lastError: string | null;
  /** Sub-effects already done, by key, so a retry does not repeat them. */
  effects: Record<string, unknown>;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** How an attempt that did not deliver hands the entry back. */
export interface OutboxRelease {
  /** Not before this many milliseconds from now. */
  delayMs: number;
  /** The attempt's error; null for a deferral (e.g. a channel's pace), which keeps the last error. */
  error: string | null;
  /** False for a deferral: the claim is not counted as an attempt. */
  countAttempt: boolean;
}

export interface OutboxRepository {
  /** Stores messages for delivery; call it inside the transaction that causes them. */
  add(events: OutboxMessage[]): Promise<void>;
  /** Entries of an issue not delivered yet (pending, running or failed), oldest first. */
  undelivered(issueId: number): Promise<OutboxEntry[]>;
  /**
   * Claims up to `limit` entries, oldest first, that are due (pending past their back-off, or running under an
   * expired lease) and first in their lane: no older entry of the same issue (or lane) is pending or running.
   * Marks them running for `worker` until `leaseMs` from now and counts the attempt. Concurrent claimers never
   * get the same entry, nor two entries of one lane.
   */
  claim(worker: string, leaseMs: number, limit: number): Promise<OutboxEntry[]>;
  /** Extends the lease of an entry `worker` still holds; false when it is no longer its own. */
  renew(id: number, worker: string, leaseMs: number): Promise<boolean>;
  /** Records a sub-effect done while `worker` holds the entry, at once, so a retry skips it. */
  recordEffect(id: number, key: string, value: unknown): Promise<void>;
  /** Gives an entry `worker` holds back as pending; false when it is no longer its own. */
  release(id: number, worker: string, how: OutboxRelease): Promise<boolean>;
  /** Marks an entry `worker` holds delivered, or failed with its error; false when it is no longer its own. */
  finish(id: number, worker: string, status: 'delivered' | 'failed', error?: string | null): Promise<boolean>;
  /**
   * Open entries of the same lane after `entry`, oldest first, at most `limit`: what a delivery that shows the
   * current state may cover. Read them before reading that state.
   */
  following(entry: OutboxEntry, limit: number): Promise<OutboxEntry[]>;
  /** Marks pending entries delivered because the delivery of entry `by` covered them. */
  absorb(ids: number[], by: number): Promise<void>;
  /**
   * Milliseconds until the next pending entry first in its lane becomes due (0 when one is due now), or null
   * when none waits; measured by the store's clock, the one leases are written with.
   */
  nextDueInMs(): Promise<number | null>;
  /** Whether an entry is claimable now. */
  hasDue(): Promise<boolean>;
  /** An entry by id, or null. */
  get(id: number): Promise<OutboxEntry | null>;
  /** Entries, optionally of one status, oldest first (tools and tests). */
  list(filter?: { status?: OutboxStatus; issueId?: number; limit?: number }): Promise<OutboxEntry[]>;
  /** How many entries wait for delivery or are being delivered (metrics). */
  countOpen(): Promise<number>;
  /** Deletes delivered entries delivered more than `olderThanMs` ago; returns how many. */
  prune(olderThanMs: number): Promise<number>;
}
