// "Who you are": name, email, workspace role and the role held in each project.
import type { Me } from '../api.ts';
import { roleLabel } from '../format.ts';
import { hrefFor } from '../router.ts';

export function IdentityPanel({ me }: { me: Me }) {
  const { principal, projects } = me;
  // Mirrors the service's rule: workspace owners and DBAs see all projects without joining them.
  const seesAllProjects = principal.workspaceRole === 'owner' || principal.workspaceRole === 'dba';
  return (
    <section class="panel" aria-labelledby="identity-title">
      <h2 id="identity-title">Signed in as</h2>
      <dl class="facts">
        <dt>Name</dt>
        <dd>{principal.name}</dd>
        <dt>Email</dt>
        <dd>{principal.email}</dd>
        <dt>Workspace role</dt>
        <dd>
          <span class="badge">{roleLabel(principal.workspaceRole)}</span>
        </dd>
      </dl>
      <p>
        <a href={hrefFor({ name: 'user-tokens', email: principal.email })}>Your API tokens</a>
      </p>
      <h3>Project roles</h3>
      {projects.length === 0 ? (
        <p class="muted">
          You are not a member of any project.
          {seesAllProjects ? ' Your workspace role lets you see every project.' : ''}
        </p>
      ) : (
        <ul class="plain-list" aria-label="Project roles">
          {projects.map((p) => (
            <li key={p.key}>
              <a href={hrefFor({ name: 'project', key: p.key })}>{p.name}</a>{' '}
              <span class="badge">{roleLabel(p.role)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
