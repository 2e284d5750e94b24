// Overview after sign-in: who you are, the environments in order, and every project with its databases.
import { EnvironmentList } from '../components/environment-list.tsx';
import { IdentityPanel } from '../components/identity-panel.tsx';
import { ProjectList } from '../components/project-list.tsx';
import type { WorkspaceData } from '../workspace.ts';

export function HomePage({ data }: { data: WorkspaceData }) {
  return (
    <main class="page">
      <h1>Overview</h1>
      <div class="columns">
        <IdentityPanel me={data.me} />
        <EnvironmentList environments={data.environments} />
      </div>
      <ProjectList projects={data.projects} memberships={data.me.projects} environments={data.environments} />
    </main>
  );
}
