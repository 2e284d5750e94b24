// A database's recent drift checks, newest first: when, the state found, whether it changed the state, who asked.
import type { Me } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import type { DriftCheck } from './drift-api.ts';
import { DriftBadge } from './drift-badge.tsx';
import { formatDuration } from './labels.ts';

/** The scheduled watch checks without a person; the API names people by id only. */
function checkerOf(check: DriftCheck, me: Me): string {
  if (check.checkedBy === null) return 'Schedule';
  if (check.checkedBy === me.principal.id) return `You (${me.principal.name})`;
  return check.checkedByName ?? `User #${check.checkedBy}`;
}

export interface DriftChecksTableProps {
  checks: DriftCheck[];
  more: boolean;
  me: Me;
}

export function DriftChecksTable({ checks, more, me }: DriftChecksTableProps) {
  if (checks.length === 0) return <p class="muted">No check has been recorded yet.</p>;
  return (
    <>
      <table class="stack-on-phone wrap-cells drift-checks">
        <caption class="visually-hidden">Recent drift checks, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Checked</th>
            <th scope="col">State</th>
            <th scope="col">Change</th>
            <th scope="col">Lines</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((check) => (
            <tr key={check.id}>
              <td data-label="Checked">
                <time dateTime={check.checkedAt}>{formatDateTime(check.checkedAt)}</time>
              </td>
              <td data-label="State">
                <span>
                  <DriftBadge status={check.status} />
                  {check.error ? <span class="muted block small">{check.error}</span> : null}
                </span>
              </td>
              <td data-label="Change">
                {check.changed ? (
                  <span class="check-changed">State changed</span>
                ) : (
                  <span class="muted">Same state</span>
                )}
              </td>
              <td data-label="Lines" class="diff-size">
                {check.added || check.removed ? (
                  <span>
                    <span class="diff-count-added">+{check.added}</span>{' '}
                    <span class="diff-count-removed">−{check.removed}</span>
                  </span>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td data-label="By">
                <span>
                  {checkerOf(check, me)}
                  {check.durationMs !== null ? (
                    <span class="muted block small">took {formatDuration(check.durationMs)}</span>
                  ) : null}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more ? <p class="hint">Showing the {checks.length} most recent checks.</p> : null}
    </>
  );
}
