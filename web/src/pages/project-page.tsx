// One project: its key, the viewer's role in it, its databases by environment and its members.
import { useEffect } from 'preact/hooks';
import type { ApiClient } from '../api.ts';
import { DatabaseTable } from '../components/database-table.tsx';
import { ProjectMembers } from '../components/project-members.tsx';
import { roleLabel } from '../format.ts';
import { hrefFor } from '../router.ts';
import type { WorkspaceData } from '../workspace.ts';

export interface ProjectPageProps {
  data: WorkspaceData;
  client: ApiClient;
  projectKey: string;
  /** `#/projects/{key}/members` opens the page scrolled to its members. */
  section?: 'members';
  refresh: () => Promise<void>;
}

export function ProjectPage({ data, client, projectKey, section, refresh }: ProjectPageProps) {
  const project = data.projects.find((p) => p.key === projectKey);
  useEffect(() => {
    if (section === 'members') document.getElementById('members')?.scrollIntoView();
  }, [section, projectKey]);
  const back = (
    <p>
      <a href={hrefFor({ name: 'home' })}>&larr; All projects</a>
    </p>
  );
  if (!project) {
    return (
      <main class="page">
        {back}
        <h1>Project not found</h1>
        <p>
          There is no project with the key <code>{projectKey}</code> in this workspace, or you cannot see it.
        </p>
      </main>
    );
  }
  const role = data.me.projects.find((m) => m.key === project.key)?.role;
  return (
    <main class="page">
      {back}
      <div class="page-head">
        <h1>{project.name}</h1>
        <a class="button" href={hrefFor({ name: 'new-change', project: project.key })}>
          New change
        </a>
      </div>
      <dl class="facts">
        <dt>Key</dt>
        <dd>
          <code>{project.key}</code>
        </dd>
        <dt>Your role</dt>
        <dd>{role ? <span class="badge">{roleLabel(role)}</span> : 'Not a member'}</dd>
      </dl>
      <section class="panel" aria-labelledby="databases-title">
        <h2 id="databases-title">Databases</h2>
        <DatabaseTable
          databases={project.databases}
          environments={data.environments}
          caption={`Databases of ${project.name}`}
        />
      </section>
      <ProjectMembers
        client={client}
        data={data}
        projectKey={project.key}
        projectName={project.name}
        refresh={refresh}
      />
    </main>
  );
}
