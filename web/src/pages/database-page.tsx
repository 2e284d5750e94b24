// #/databases/{instance}/{db}: one database's migration history (statement and schema diff per change) and
// its drift state, with "check now" for workspace owners and DBAs.
import '../database.css';
import type { ApiClient } from '../api.ts';
import { DriftPanel } from '../components/database/drift-panel.tsx';
import { HistoryTable } from '../components/database/history-table.tsx';
import { canCheckDrift, type DriftReport } from '../components/database/labels.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { environmentName } from '../format.ts';
import { hrefFor } from '../router.ts';
import { useLoad } from '../use-load.ts';
import type { WorkspaceData } from '../workspace.ts';

const HISTORY_LIMIT = 200;

export interface DatabasePageProps {
  data: WorkspaceData;
  client: ApiClient;
  instance: string;
  database: string;
}

/** The last recorded check without connecting; null when none was recorded (the route answers 404 then). */
async function recordedDrift(client: ApiClient, instance: string, db: string): Promise<DriftReport | null> {
  const result = await client.raw.GET('/instances/{instance}/databases/{db}/drift', {
    params: { path: { instance, db }, query: { cached: '1' } },
  });
  if (result.response.status === 404) {
    // Unknown databases are 404 too: the history request says which it is.
    return null;
  }
  return client.unwrap(result);
}

export function DatabasePage({ data, client, instance, database }: DatabasePageProps) {
  const history = useLoad(
    async () =>
      client.unwrap(
        await client.raw.GET('/instances/{instance}/databases/{db}/history', {
          params: { path: { instance, db: database }, query: { limit: HISTORY_LIMIT } },
        }),
      ),
    [client, instance, database],
  );
  const drift = useLoad(() => recordedDrift(client, instance, database), [client, instance, database]);
  const info = history.state.status === 'ready' ? history.state.data : null;
  const project = info ? data.projects.find((p) => p.key === info.project) : undefined;

  return (
    <main class="page database-page">
      <p class="breadcrumbs">
        <a href={hrefFor({ name: 'drift' })}>Drift board</a>
        {project ? (
          <>
            {' · '}
            <a href={hrefFor({ name: 'project', key: project.key })}>{project.name}</a>
          </>
        ) : null}
      </p>
      <h1>
        {database} <span class="muted heading-note">on {instance}</span>
      </h1>
      {info ? (
        <dl class="facts">
          <dt>Project</dt>
          <dd>{project ? project.name : info.project}</dd>
          <dt>Environment</dt>
          <dd>{environmentName(data.environments, info.environment)}</dd>
          <dt>Instance</dt>
          <dd>{info.instance}</dd>
        </dl>
      ) : null}
      {history.state.status === 'failed' ? (
        <ErrorMessage
          title={`The database ${instance}/${database} could not be loaded.`}
          error={history.state.error}
        />
      ) : (
        <>
          <section class="panel" aria-labelledby="drift-title">
            <h2 id="drift-title">Drift</h2>
            {drift.state.status === 'loading' ? <p class="muted">Loading the last drift check...</p> : null}
            {drift.state.status === 'failed' ? (
              <ErrorMessage title="The last drift check could not be loaded." error={drift.state.error} />
            ) : null}
            {drift.state.status === 'ready' ? (
              <DriftPanel
                client={client}
                instance={instance}
                database={database}
                report={drift.state.data}
                canCheck={canCheckDrift(data.me)}
                onChecked={(report) => drift.set(() => report)}
              />
            ) : null}
          </section>
          <section class="panel" aria-labelledby="history-title">
            <h2 id="history-title">Migration history</h2>
            {history.state.status === 'loading' ? (
              <p class="muted">Loading the migration history...</p>
            ) : null}
            {info ? <HistoryTable database={database} history={info.history} limit={HISTORY_LIMIT} /> : null}
          </section>
        </>
      )}
    </main>
  );
}
