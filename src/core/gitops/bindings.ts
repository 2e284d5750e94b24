// Finds the bindings of a repository and branch, and what each binding's project offers: environments and databases.
import type { Database, Environment, Instance, Project, RepositoryBinding } from '../model/workspace.ts';
import type { Store } from '../ports/store.ts';
import type { VcsRepository } from '../ports/vcs.ts';
import type { BindingCatalog } from './files.ts';

/** A database of the bound project with where it lives. */
export interface BoundTarget {
  environment: Environment;
  instance: Instance;
  database: Database;
}

export interface BindingContext {
  binding: RepositoryBinding;
  project: Project;
  /** Every environment, in pipeline order. */
  environments: Environment[];
  targets: BoundTarget[];
  catalog: BindingCatalog;
}

/** Whether a binding's `project` (a path or a numeric id, as written in the workspace file) names this repository. */
export function bindsRepository(binding: RepositoryBinding, repository: VcsRepository): boolean {
  const wanted = binding.repository.replace(/^\/+|\/+$/g, '');
  return wanted === repository.id || wanted.toLowerCase() === repository.path.toLowerCase();
}

/** Bindings of this repository, optionally only those bound to `branch`. */
export async function bindingsOf(
  store: Store,
  repository: VcsRepository,
  branch?: string,
): Promise<RepositoryBinding[]> {
  const all = await store.bindings.listRepositories();
  return all.filter(
    (b) => b.provider === 'gitlab' && bindsRepository(b, repository) && (!branch || b.branch === branch),
  );
}

/** Loads the project, environments and databases a binding's files may target. */
export async function loadBindingContext(store: Store, binding: RepositoryBinding): Promise<BindingContext> {
  const [project, environments, instances, databases] = await Promise.all([
    store.projects.get(binding.projectId),
    store.environments.list(),
    store.instances.list(),
    store.databases.list({ projectId: binding.projectId }),
  ]);
  if (!project) throw new Error(`project ${binding.projectId} of a repository binding is gone`);
  const targets: BoundTarget[] = databases.flatMap((database) => {
    const instance = instances.find((i) => i.id === database.instanceId);
    const environment = environments.find((e) => e.id === instance?.environmentId);
    return instance && environment ? [{ environment, instance, database }] : [];
  });
  const catalog: BindingCatalog = {
    environments: environments.map((e) => e.key),
    databases: new Map(environments.map((e) => [e.key, new Set<string>()])),
  };
  for (const t of targets) catalog.databases.get(t.environment.key)?.add(t.database.name);
  return { binding, project, environments, targets, catalog };
}
