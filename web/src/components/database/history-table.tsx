// A database's migration history: one row per applied change, each opening its statement and schema diff.
import { useState } from 'preact/hooks';
import { formatDateTime } from '../../format.ts';
import { hrefFor } from '../../router.ts';
import { HistoryDetail } from './history-detail.tsx';
import { formatDuration, type HistoryEntry, historyStatusLabels, typeLabels } from './labels.ts';

const person = (p: HistoryEntry['approver']) => (p ? p.name || p.email : null);

function Who({ entry }: { entry: HistoryEntry }) {
  const approver = person(entry.approver);
  const executor = person(entry.executor);
  if (!approver && !executor) return <span class="muted">—</span>;
  return (
    <ul class="inline-list">
      {approver ? <li>Approved by {approver}</li> : null}
      {executor ? <li>Ran by {executor}</li> : null}
    </ul>
  );
}

export interface HistoryTableProps {
  database: string;
  history: HistoryEntry[];
  /** How many entries were asked for: as many answered means older ones were left out. */
  limit: number;
}

export function HistoryTable({ database, history, limit }: HistoryTableProps) {
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  if (history.length === 0) return <p class="muted">No change has been applied to this database yet.</p>;
  return (
    <>
      {history.length >= limit ? <p class="hint">Showing the latest {limit} changes.</p> : null}
      <table class="stack-on-phone wrap-cells history-table">
        <caption class="visually-hidden">Migration history of {database}, newest first</caption>
        <thead>
          <tr>
            <th scope="col" class="col-version">
              Version
            </th>
            <th scope="col" class="col-type">
              Type
            </th>
            <th scope="col" class="col-status">
              Status
            </th>
            <th scope="col" class="col-who">
              Who
            </th>
            <th scope="col" class="col-when">
              When
            </th>
            <th scope="col" class="col-duration">
              Duration
            </th>
            <th scope="col" class="col-checksum">
              Checksum
            </th>
            <th scope="col" class="col-issue">
              Issue
            </th>
            <th scope="col">
              <span class="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        {history.map((entry) => {
          const expanded = open.has(entry.id);
          const name = entry.version ?? `#${entry.id}`;
          const detailId = `history-detail-${entry.id}`;
          return (
            // One tbody per entry keeps a row and its details together (and zebra stripes per entry).
            <tbody key={entry.id} class={expanded ? 'history-entry is-open' : 'history-entry'}>
              <tr>
                <th scope="row" data-label="Version">
                  <span>{entry.version ?? <span class="muted">none (#{entry.id})</span>}</span>
                </th>
                <td data-label="Type">{typeLabels[entry.type]}</td>
                <td data-label="Status">
                  <span class={`history-status history-${entry.status}`}>
                    {historyStatusLabels[entry.status]}
                  </span>
                </td>
                <td data-label="Who">
                  <Who entry={entry} />
                </td>
                <td data-label="When">
                  <time dateTime={entry.startedAt}>{formatDateTime(entry.startedAt)}</time>
                </td>
                <td data-label="Duration">{formatDuration(entry.durationMs)}</td>
                <td data-label="Checksum">
                  <code title={entry.checksum}>{entry.checksum.slice(0, 10)}</code>
                </td>
                <td data-label="Issue">
                  {entry.issueId !== null ? (
                    <a href={hrefFor({ name: 'issue', id: entry.issueId })}>#{entry.issueId}</a>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
                <td data-label="" class="history-toggle">
                  <button
                    type="button"
                    class="button button-secondary button-small"
                    aria-expanded={expanded}
                    aria-controls={detailId}
                    aria-label={`Statement & diff of ${name}`}
                    onClick={() => toggle(entry.id)}
                  >
                    Statement & diff
                  </button>
                </td>
              </tr>
              {expanded ? (
                <tr class="history-detail-row">
                  <td colSpan={9} id={detailId}>
                    <HistoryDetail database={database} entry={entry} />
                  </td>
                </tr>
              ) : null}
            </tbody>
          );
        })}
      </table>
    </>
  );
}
