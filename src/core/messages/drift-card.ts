// Builds the drift card of a database from its recorded drift state, so every platform renders the same facts.
import { diffPreview } from '../drift/diff.ts';
import type { HistoryEntry } from '../model/issue.ts';
import type { DriftState } from '../ports/drift-store.ts';
import type { Store } from '../ports/store.ts';
import type { DriftCard } from './types.ts';

/** Changed lines a card shows; the rest is behind the Open link. */
export const DRIFT_CARD_LINES = 8;

/** The web view's page of a database (web/src/router.ts, route `database`). */
export const databaseUrl = (publicUrl: string, instance: string, database: string) =>
  `${publicUrl}/#/databases/${encodeURIComponent(instance)}/${encodeURIComponent(database)}`;

const minute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The card's state in words, the same on every platform. */
export function driftStateText(card: DriftCard): string {
  if (card.status === 'drifted') return '🔴 Drifted: the live schema differs from the recorded one';
  if (card.status === 'unreachable') return `🟠 Unreachable: ${card.error ?? 'no connection'}`;
  if (card.status === 'no_baseline') return '⚪ No baseline: no migration recorded a schema to compare with';
  if (card.accepted) return `✅ Baseline accepted by ${card.accepted.by}: ${card.accepted.reason}`;
  return '🟢 Back in sync';
}

/** The migration the live schema was compared with: version, issue and date. */
export function driftBaselineText(card: DriftCard): string {
  const b = card.baseline;
  if (!b) return 'No migration recorded a schema yet';
  const issue = b.issueId ? ` (issue #${b.issueId})` : '';
  return `Compared with ${b.version ?? `history #${b.historyId}`}${issue}, applied ${minute(b.at)}`;
}

/** One line for previews and notifications: `Drift of shop on prod-db (prod, shop): drifted`. */
export function driftSummary(card: DriftCard): string {
  const state =
    card.status === 'in_sync'
      ? card.accepted
        ? 'baseline accepted'
        : 'back in sync'
      : card.status.replace('_', ' ');
  return `Drift of ${card.database} on ${card.instance} (${card.environment}, ${card.project}): ${state}`;
}

/** Who accepted a baseline, as an event or the audit log tells it. */
export interface BaselineAcceptance {
  /** The principal who accepted it. */
  by: number;
  reason: string;
  historyId: number;
}

export interface DriftCardInput {
  state: DriftState & { status: NonNullable<DriftState['status']> };
  instance: string;
  database: string;
  environment: string;
  project: string;
  /** The migration history row the state names as its baseline, when it still exists. */
  baseline: HistoryEntry | null;
  /** Set when the state is a baseline a person accepted. */
  accepted: { by: string; at: Date; reason: string } | null;
  publicUrl: string;
  now: Date;
}

/** The drift card of a state: Accept as baseline is offered only while the database is drifted. */
export function buildDriftCard(input: DriftCardInput): DriftCard {
  const { state, baseline } = input;
  const drifted = state.status === 'drifted';
  return {
    kind: 'drift_card',
    databaseId: state.databaseId,
    seq: state.seq,
    instance: input.instance,
    database: input.database,
    environment: input.environment,
    project: input.project,
    status: state.status,
    baseline: baseline
      ? {
          historyId: baseline.id,
          version: baseline.version,
          issueId: baseline.issueId,
          at: baseline.finishedAt ?? baseline.startedAt,
        }
      : null,
    diff: drifted && state.diff ? diffPreview(state.diff, DRIFT_CARD_LINES) : null,
    error: state.status === 'unreachable' ? (state.error ?? 'the database could not be reached') : null,
    checkedAt: state.checkedAt ?? input.now,
    url: databaseUrl(input.publicUrl, input.instance, input.database),
    acceptable: drifted,
    accepted: state.status === 'in_sync' ? input.accepted : null,
  };
}

/**
 * Who accepted the state's baseline: the acceptance an event carries when it names this baseline, else the
 * audit record of the acceptance that wrote it (a card refreshed without an event).
 */
async function acceptanceOf(
  store: Store,
  state: DriftState,
  baseline: HistoryEntry | null,
  resource: string,
  known: BaselineAcceptance | undefined,
): Promise<{ by: string; at: Date; reason: string } | null> {
  if (state.status !== 'in_sync' || !baseline) return null;
  let found = known && known.historyId === baseline.id ? known : null;
  if (!found && baseline.type === 'baseline' && baseline.issueId === null) {
    const rows = await store.audit.list({
      action: 'database.baseline',
      resourceType: 'database',
      resourceId: resource,
      limit: 5,
    });
    const row = rows.find((r) => r.details.historyId === baseline.id);
    const reason = row?.details.reason;
    if (row && typeof reason === 'string') found = { by: row.actorId ?? 0, reason, historyId: baseline.id };
  }
  if (!found) return null;
  const person = await store.principals.get(found.by);
  return {
    by: person?.name ?? `user ${found.by}`,
    at: state.changedAt ?? baseline.finishedAt ?? baseline.startedAt,
    reason: found.reason,
  };
}

/**
 * The drift card of a database as its state stands now, or null when the database is gone or was never checked.
 * `accepted` is the acceptance an event announced; it counts only while the state is still that baseline.
 */
export async function loadDriftCard(
  store: Store,
  databaseId: number,
  options: { publicUrl: string; now: Date; accepted?: BaselineAcceptance },
): Promise<DriftCard | null> {
  const [state, database] = await Promise.all([
    store.driftStates.get(databaseId),
    store.databases.get(databaseId),
  ]);
  if (!state || state.status === null || !database) return null;
  const [instance, project, envs, baseline] = await Promise.all([
    store.instances.get(database.instanceId),
    store.projects.get(database.projectId),
    store.environments.list(),
    state.baselineHistoryId === null ? null : store.history.get(state.baselineHistoryId),
  ]);
  const instanceKey = instance?.key ?? '?';
  // Audit records name a database as `instance/database`.
  const resource = `${instanceKey}/${database.name}`;
  return buildDriftCard({
    state: { ...state, status: state.status },
    instance: instanceKey,
    database: database.name,
    environment: envs.find((e) => e.id === instance?.environmentId)?.key ?? '?',
    project: project?.key ?? '?',
    baseline,
    accepted: await acceptanceOf(store, state, baseline, resource, options.accepted),
    publicUrl: options.publicUrl,
    now: options.now,
  });
}
