// Words and small rules shared by the database page and the drift board.

import type { ApiSchemas } from '../../api/typed-client.ts';
import type { Me } from '../../api.ts';

export type DriftReport = ApiSchemas['DriftReport'];
export type DriftStatus = DriftReport['status'];
export type HistoryEntry = ApiSchemas['HistoryEntry'];

export const driftLabels: Record<DriftStatus, string> = {
  in_sync: 'In sync',
  drifted: 'Drifted',
  no_baseline: 'No baseline',
  unreachable: 'Unreachable',
};

/** What each state means, for the line under the badge. */
export const driftExplanations: Record<DriftStatus, string> = {
  in_sync: 'The live schema matches the one the last migration recorded.',
  drifted: 'The live schema differs from the one the last migration recorded.',
  no_baseline: 'No migration has recorded a schema to compare with yet.',
  unreachable: 'The live schema could not be read.',
};

/** The UI offers "check now" to workspace owners and DBAs; the server applies its own rules either way. */
export const canCheckDrift = (me: Me) =>
  me.principal.workspaceRole === 'owner' || me.principal.workspaceRole === 'dba';

/** Accepting the live schema as the baseline is for DBAs and workspace owners (the server checks it again). */
export const canAcceptBaseline = canCheckDrift;

/** The states a baseline answers: drift to keep, or a database no migration has recorded yet. */
export const baselineAcceptable = (status: DriftStatus) => status === 'drifted' || status === 'no_baseline';

/** `+3 −1` for a drift diff, counting the lines the server's cap left out. */
export function diffSize(diff: DriftReport['diff']): { added: number; removed: number } | null {
  return diff
    ? { added: diff.added.length + diff.moreAdded, removed: diff.removed.length + diff.moreRemoved }
    : null;
}

/** A duration in milliseconds as people read it: `840 ms`, `12.3 s`, `4 min 05 s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

export const historyStatusLabels: Record<HistoryEntry['status'], string> = {
  pending: 'Running',
  done: 'Done',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

export const typeLabels: Record<HistoryEntry['type'], string> = {
  schema: 'Schema',
  data: 'Data',
  baseline: 'Baseline',
};
