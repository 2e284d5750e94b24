// Drift watch storage: each database's drift state with the claim of its scheduled check, the history of checks,
// and the chat cards announcing a database's state.
import type { SchemaDiff } from '../drift/diff.ts';
import type { ChatPlatform } from '../model/workspace.ts';
import type { MessageRef } from './chat-adapter.ts';

export type DriftStatus = 'in_sync' | 'drifted' | 'no_baseline' | 'unreachable';
export const DRIFT_STATUSES: readonly DriftStatus[] = ['in_sync', 'drifted', 'no_baseline', 'unreachable'];

/** A database's current drift state. */
export interface DriftState {
  databaseId: number;
  /** Null until the database is first checked. */
  status: DriftStatus | null;
  /** Counts changes of state (a baseline accepted counts too); a decision names the one its person saw. */
  seq: number;
  checkedAt: Date | null;
  /** When the current state began. */
  changedAt: Date | null;
  /** The migration history row the live schema was compared with. */
  baselineHistoryId: number | null;
  diff: SchemaDiff | null;
  error: string | null;
  /** Who asked for the last check; null for the scheduled check. */
  checkedBy: number | null;
  nextCheckAt: Date | null;
}

/** One recorded check. */
export interface DriftCheckRecord {
  id: number;
  databaseId: number;
  status: DriftStatus;
  /** Whether it changed the database's state. */
  changed: boolean;
  /** The state's seq after this check. */
  seq: number;
  checkedAt: Date;
  baselineHistoryId: number | null;
  added: number;
  removed: number;
  error: string | null;
  checkedBy: number | null;
  durationMs: number | null;
}

/** What a check found, to be recorded. */
export interface DriftFinding {
  status: DriftStatus;
  checkedAt: Date;
  baselineHistoryId: number | null;
  diff: SchemaDiff | null;
  error: string | null;
  checkedBy: number | null;
  durationMs: number | null;
}

export interface DriftStateRepository {
  /** The state of a database, or null when it was never checked nor claimed. */
  get(databaseId: number): Promise<DriftState | null>;
  /** States of the given databases (all when omitted). */
  list(databaseIds?: number[]): Promise<DriftState[]>;
  /** How many databases are in each state (never-checked ones are left out). */
  countByStatus(): Promise<Record<DriftStatus, number>>;
  /**
   * Locks a database's state row for the rest of the transaction, creating it first when missing; call it inside a
   * transaction, before reading the baseline, so two checks or a check and a baseline of one database serialise.
   */
  lock(databaseId: number): Promise<DriftState>;
  /**
   * Records a check under the lock taken by `lock`: writes the state (bumping seq when the status changes, or when
   * `bump` is set), appends the check to the history, releases any claim and sets the next scheduled check.
   * Returns the state as written and whether it changed.
   */
  record(
    databaseId: number,
    finding: DriftFinding,
    /** `nextCheckAt` absent keeps the schedule (a check someone asked for does not move it). */
    options: { nextCheckAt?: Date | null; bump?: boolean },
  ): Promise<{ state: DriftState; changed: boolean; previous: DriftStatus | null }>;
  /** Gives databases that have no state row yet their first scheduled check; others are left as they are. */
  schedule(entries: { databaseId: number; nextCheckAt: Date }[]): Promise<void>;
  /**
   * Claims up to `limit` of `databaseIds` whose scheduled check is due at `now` (no time set, or
   * `nextCheckAt <= now`), not claimed under a live lease, and with no running task; marks them claimed by `worker`
   * until `now + leaseMs`. Concurrent claimers never get the same database. Returns the claimed database ids.
   */
  claimDue(input: {
    worker: string;
    now: Date;
    leaseMs: number;
    limit: number;
    databaseIds: number[];
  }): Promise<number[]>;
  /** Whether a task of the database is running now (its schema is moving). */
  taskRunning(databaseId: number): Promise<boolean>;
  /** Gives a claim back without a check (the database got busy); due again at `nextCheckAt`. */
  release(databaseId: number, worker: string, nextCheckAt: Date | null): Promise<void>;
  /** Recorded checks of a database, newest first. */
  history(databaseId: number, options?: { limit?: number; before?: number }): Promise<DriftCheckRecord[]>;
}

/** A chat card announcing a database's drift state in one bound channel. */
export interface DriftCardRecord {
  id: number;
  databaseId: number;
  platform: ChatPlatform;
  channel: string;
  ref: MessageRef;
  /** The state seq the card shows. */
  seq: number;
}

export interface DriftCardRepository {
  /** Cards of a database, oldest first. */
  list(databaseId: number): Promise<DriftCardRecord[]>;
  /** Stores a card (one per database and channel; a second add for the same channel replaces it). */
  put(input: Omit<DriftCardRecord, 'id'>): Promise<DriftCardRecord>;
  /** Notes the seq a card shows now, and its new reference when the platform handed one out. */
  update(id: number, seq: number, ref?: MessageRef): Promise<void>;
}
