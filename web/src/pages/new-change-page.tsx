// #/new?project=<key>: propose a change to a project's databases, reviewed live while the SQL is typed.
import type { ApiClient } from '../api.ts';
import { ChangeForm } from '../components/change/change-form.tsx';
import type { WorkspaceData } from '../workspace.ts';
import '../change.css';

export function NewChangePage({
  data,
  client,
  project,
}: {
  data: WorkspaceData;
  client: ApiClient;
  project: string | undefined;
}) {
  const admin = ['owner', 'dba'].includes(data.me.principal.workspaceRole);
  // The server decides; this offers only the projects the viewer may propose changes to.
  const projects = data.projects.filter((p) => admin || data.me.projects.some((m) => m.key === p.key));
  const current = projects.find((p) => p.key === project) ?? (project ? undefined : projects[0]);
  return (
    <main class="page page-wide" id="main">
      <h1 id="change-title">New change</h1>
      {projects.length === 0 ? (
        <p>You are not a member of any project yet; ask a project owner to add you.</p>
      ) : !current ? (
        <p role="alert" class="error-message">
          There is no project {JSON.stringify(project)} you can change.{' '}
          <a href="#/new">Choose another project</a>.
        </p>
      ) : (
        // Keyed by project: targets, SQL and review start over for another project's databases.
        <ChangeForm
          key={current.key}
          client={client}
          projects={projects}
          project={current}
          environments={data.environments}
        />
      )}
    </main>
  );
}
