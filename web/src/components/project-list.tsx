// All projects of the workspace, each with the viewer's role and its databases.
import type { Environment, Project, ProjectMembership } from '../api.ts';
import { roleLabel } from '../format.ts';
import { hrefFor } from '../router.ts';
import { DatabaseTable } from './database-table.tsx';

export interface ProjectListProps {
  projects: readonly Project[];
  memberships: readonly ProjectMembership[];
  environments: readonly Environment[];
}

export function ProjectList({ projects, memberships, environments }: ProjectListProps) {
  return (
    <section class="panel" aria-labelledby="projects-title">
      <h2 id="projects-title">Projects</h2>
      {projects.length === 0 ? <p class="muted">This workspace has no projects yet.</p> : null}
      {projects.map((project) => {
        const role = memberships.find((m) => m.key === project.key)?.role;
        return (
          <article class="project" key={project.key} aria-labelledby={`project-${project.key}`}>
            <div class="project-head">
              <h3 id={`project-${project.key}`}>
                <a href={hrefFor({ name: 'project', key: project.key })}>{project.name}</a>
                {role ? <span class="badge">{roleLabel(role)}</span> : null}
              </h3>
              <a
                class="button button-secondary button-small"
                href={hrefFor({ name: 'new-change', project: project.key })}
                aria-label={`New change in ${project.name}`}
              >
                New change
              </a>
            </div>
            <DatabaseTable
              databases={project.databases}
              environments={environments}
              caption={`Databases of ${project.name}`}
            />
          </article>
        );
      })}
    </section>
  );
}
