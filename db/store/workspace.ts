// Environment, instance and database repositories; instance URLs are sealed at rest.
import { and, asc, eq } from 'drizzle-orm';
import type {
  Database,
  EntitySource,
  Environment,
  Instance,
  ReviewTemplate,
} from '../../src/core/model/workspace.ts';
import type { Engine } from '../../src/core/ports/engine-driver.ts';
import type { SecretBox } from '../../src/core/ports/secret-box.ts';
import type {
  DatabaseRepository,
  EnvironmentRepository,
  InstanceRepository,
} from '../../src/core/ports/store.ts';
import type { Db } from '../client.ts';
import { databases, environments, instances } from '../schema/index.ts';

const toEnvironment = (r: typeof environments.$inferSelect): Environment => ({
  id: r.id,
  key: r.key,
  name: r.name,
  position: r.position,
  reviewTemplate: r.reviewTemplate as ReviewTemplate,
  reviewPolicy: r.reviewPolicy ?? null,
  source: r.source as EntitySource,
});

const toDatabase = (r: typeof databases.$inferSelect): Database => ({
  id: r.id,
  instanceId: r.instanceId,
  name: r.name,
  projectId: r.projectId,
  source: r.source as EntitySource,
});

export function environmentRepository(db: Db): EnvironmentRepository {
  return {
    async list() {
      return (
        await db.select().from(environments).orderBy(asc(environments.position), asc(environments.id))
      ).map(toEnvironment);
    },
    async getByKey(key) {
      const [row] = await db.select().from(environments).where(eq(environments.key, key));
      return row ? toEnvironment(row) : null;
    },
    async create(input) {
      const [row] = await db.insert(environments).values(input).returning();
      return toEnvironment(row!);
    },
    async update(id, patch) {
      await db
        .update(environments)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(environments.id, id));
    },
  };
}

export function instanceRepository(db: Db, box: SecretBox): InstanceRepository {
  const toInstance = (r: typeof instances.$inferSelect): Instance => ({
    id: r.id,
    key: r.key,
    name: r.name,
    engine: r.engine as Engine,
    environmentId: r.environmentId,
    url: box.open(r.urlSealed),
    source: r.source as EntitySource,
    driftCheckMs: r.driftCheckMs,
  });
  return {
    async list() {
      return (await db.select().from(instances).orderBy(asc(instances.key))).map(toInstance);
    },
    async get(id) {
      const [row] = await db.select().from(instances).where(eq(instances.id, id));
      return row ? toInstance(row) : null;
    },
    async getByKey(key) {
      const [row] = await db.select().from(instances).where(eq(instances.key, key));
      return row ? toInstance(row) : null;
    },
    async create({ url, ...rest }) {
      const [row] = await db
        .insert(instances)
        .values({ ...rest, urlSealed: box.seal(url), urlDigest: box.digest(url) })
        .returning();
      return toInstance(row!);
    },
    async update(id, { url, ...rest }) {
      const sealed = url === undefined ? {} : { urlSealed: box.seal(url), urlDigest: box.digest(url) };
      await db
        .update(instances)
        .set({ ...rest, ...sealed, updatedAt: new Date() })
        .where(eq(instances.id, id));
    },
    async urlMatches(id, url) {
      const [row] = await db.select({ d: instances.urlDigest }).from(instances).where(eq(instances.id, id));
      return row?.d === box.digest(url);
    },
  };
}

export function databaseRepository(db: Db): DatabaseRepository {
  return {
    async list(filter = {}) {
      const conds = [
        filter.projectId === undefined ? undefined : eq(databases.projectId, filter.projectId),
        filter.instanceId === undefined ? undefined : eq(databases.instanceId, filter.instanceId),
      ];
      return (
        await db
          .select()
          .from(databases)
          .where(and(...conds))
          .orderBy(asc(databases.name), asc(databases.id))
      ).map(toDatabase);
    },
    async get(id) {
      const [row] = await db.select().from(databases).where(eq(databases.id, id));
      return row ? toDatabase(row) : null;
    },
    async find(instanceId, name) {
      const [row] = await db
        .select()
        .from(databases)
        .where(and(eq(databases.instanceId, instanceId), eq(databases.name, name)));
      return row ? toDatabase(row) : null;
    },
    async create(input) {
      const [row] = await db.insert(databases).values(input).returning();
      return toDatabase(row!);
    },
    async update(id, patch) {
      await db.update(databases).set(patch).where(eq(databases.id, id));
    },
  };
}
