// One migration opened: its statement, its error if it failed, and the schema before → after as a diff.

import type { HistoryEntry } from './labels.ts';
import { SchemaDiff } from './schema-diff.tsx';

export function HistoryDetail({ database, entry }: { database: string; entry: HistoryEntry }) {
  const name = entry.version ?? `#${entry.id}`;
  return (
    <div class="history-detail">
      <h3>Statement of {name}</h3>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <pre class="statement" tabIndex={0}>
        {entry.statement}
      </pre>
      <p class="hint">
        Checksum <code class="checksum">{entry.checksum}</code>
      </p>
      {entry.error ? <p class="warning">{entry.error}</p> : null}
      <h3>Schema diff</h3>
      {entry.schemaBefore !== null && entry.schemaAfter !== null ? (
        <SchemaDiff
          before={entry.schemaBefore}
          after={entry.schemaAfter}
          name={`${database}.sql`}
          beforeLabel={`before ${name}`}
          afterLabel={`after ${name}`}
        />
      ) : (
        <p class="muted">
          {entry.schemaBefore === null && entry.schemaAfter === null
            ? 'No schema snapshot was recorded for this change.'
            : entry.schemaAfter === null
              ? 'Only the schema before the change was recorded (it did not finish).'
              : 'Only the schema after the change was recorded.'}
        </p>
      )}
    </div>
  );
}
