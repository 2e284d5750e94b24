// Loads everything the shell shows after sign-in in one go, so pages render from one consistent snapshot.
import type { ApiClient, Environment, Me, Project } from './api.ts';

export interface WorkspaceData {
  me: Me;
  /** Sorted by the environment order (test before staging before prod). */
  environments: Environment[];
  projects: Project[];
}

export async function loadWorkspace(client: ApiClient): Promise<WorkspaceData> {
  // `me` first: a refused token then fails once, instead of three times in parallel.
  const me = await client.me();
  const [environments, projects] = await Promise.all([client.environments(), client.projects()]);
  return {
    me,
    environments: [...environments].sort((a, b) => a.order - b.order),
    projects: [...projects].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
