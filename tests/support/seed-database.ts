// One environment, instance, project and database written straight into a store, for tests and benches of code
// that works on a database's records (drift, cards) without a workspace file or a target server.
import type { Database, Environment, Instance, Project } from '../../src/core/model/workspace.ts';
import type { Store } from '../../src/core/ports/store.ts';

export interface SeededDatabase {
  environment: Environment;
  instance: Instance;
  project: Project;
  database: Database;
}

export async function seedDatabase(
  store: Store,
  o: { environment?: string; instance?: string; url?: string; project?: string; database?: string } = {},
): Promise<SeededDatabase> {
  const environment = await store.environments.create({
    key: o.environment ?? 'prod',
    name: o.environment ?? 'prod',
    position: 1,
    reviewTemplate: 'prod',
    reviewPolicy: null,
    source: 'api',
  });
  const instance = await store.instances.create({
    key: o.instance ?? 'prod-db',
    name: o.instance ?? 'prod-db',
    engine: 'postgres',
    environmentId: environment.id,
    url: o.url ?? 'postgres://nobody@127.0.0.1:1/none',
    source: 'api',
  });
  const project = await store.projects.create({
    key: o.project ?? 'shop',
    name: o.project ?? 'shop',
    reviewPolicy: null,
    allowSelfApproval: false,
    source: 'api',
  });
  const database = await store.databases.create({
    instanceId: instance.id,
    name: o.database ?? 'shop',
    projectId: project.id,
    source: 'api',
  });
  return { environment, instance, project, database };
}
