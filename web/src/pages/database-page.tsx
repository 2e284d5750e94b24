// #/databases/{instance}/{db} (chat drift cards link here): one database's drift state, with "check now" and
// "accept as baseline" for workspace owners and DBAs, its recent checks, and its migration history (statement
// and schema diff per change).
import '../database.css';
import type { ApiClient } from '../api.ts';
import { DriftSection } from '../components/database/drift-section.tsx';
import { HistoryTable } from '../components/database/history-table.tsx';
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
          <DriftSection
            client={client}
            me={data.me}
            instance={instance}
            database={database}
            onBaselineRecorded={() => void history.reload()}
          />
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
