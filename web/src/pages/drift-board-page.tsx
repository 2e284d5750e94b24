// #/drift: every database the viewer may see with its last recorded drift check (read without connecting) and
// since when, the diff on demand, "check now" and "accept as baseline" for workspace owners and DBAs.
import '../database.css';
import type { ApiClient } from '../api.ts';
import { type BoardEntry, DriftBoardTable } from '../components/database/drift-board-table.tsx';
import {
  canAcceptBaseline,
  canCheckDrift,
  type DriftReport,
  type DriftStatus,
  driftLabels,
} from '../components/database/labels.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { useLoad } from '../use-load.ts';
import type { WorkspaceData } from '../workspace.ts';

const ORDER: Array<DriftStatus | 'unchecked'> = [
  'drifted',
  'unreachable',
  'no_baseline',
  'in_sync',
  'unchecked',
];

function Summary({ entries }: { entries: BoardEntry[] }) {
  const counts = new Map<DriftStatus | 'unchecked', number>();
  for (const e of entries) {
    const s = e.last?.status ?? 'unchecked';
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return (
    <ul class="drift-counts" aria-label="Databases by drift state">
      {ORDER.filter((s) => counts.get(s)).map((s) => (
        <li key={s} class={`drift-badge drift-${s}`}>
          {counts.get(s)} {s === 'unchecked' ? 'not checked' : driftLabels[s].toLowerCase()}
        </li>
      ))}
    </ul>
  );
}

export function DriftBoardPage({ data, client }: { data: WorkspaceData; client: ApiClient }) {
  const { state, set, reload } = useLoad(
    async () => client.unwrap(await client.raw.GET('/drift')).databases,
    [client],
  );
  const canCheck = canCheckDrift(data.me);
  const replace = (report: DriftReport) =>
    set((entries) =>
      entries.map((e) =>
        e.target.instance === report.instance && e.target.database === report.database
          ? { ...e, last: report }
          : e,
      ),
    );
  return (
    <main class="page drift-page">
      <h1>Drift</h1>
      <p class="muted">
        Each database's live schema compared with the one its last migration recorded, as last checked.
        {canCheck
          ? ' "Check now" reads the live schema again; "Accept as baseline" keeps a drifted live schema as the one to compare with.'
          : ' Workspace owners and DBAs can run a fresh check and accept a drifted live schema as the baseline.'}
      </p>
      <section class="panel" aria-labelledby="board-title">
        <h2 id="board-title">Databases</h2>
        {state.status === 'loading' ? <p class="muted">Loading the drift board...</p> : null}
        {state.status === 'failed' ? (
          <ErrorMessage title="The drift board could not be loaded." error={state.error} />
        ) : null}
        {state.status === 'ready' ? (
          state.data.length === 0 ? (
            <p class="muted">You cannot see any database yet.</p>
          ) : (
            <>
              <Summary entries={state.data} />
              <DriftBoardTable
                client={client}
                entries={state.data}
                environments={data.environments}
                canCheck={canCheck}
                canAccept={canAcceptBaseline(data.me)}
                onChecked={replace}
                onAccepted={(outcome) => replace(outcome.drift)}
                onStale={() => void reload()}
              />
            </>
          )
        ) : null}
      </section>
    </main>
  );
}
