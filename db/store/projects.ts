// Project, membership and binding repositories over drizzle.
import { and, asc, eq } from 'drizzle-orm';
import type {
  ChatBinding,
  ChatPlatform,
  EntitySource,
  Project,
  ProjectMember,
  ProjectRole,
  RepositoryBinding,
} from '../../src/core/model/workspace.ts';
import type { BindingRepository, ProjectRepository } from '../../src/core/ports/store.ts';
import type { Db } from '../client.ts';
import { chatBindings, projectMembers, projects, repositoryBindings } from '../schema/index.ts';

const toProject = (r: typeof projects.$inferSelect): Project => ({
  id: r.id,
  key: r.key,
  name: r.name,
  reviewPolicy: r.reviewPolicy ?? null,
  allowSelfApproval: r.allowSelfApproval,
  source: r.source as EntitySource,
});

const toMember = (r: typeof projectMembers.$inferSelect): ProjectMember => ({
  projectId: r.projectId,
  principalId: r.principalId,
  role: r.role as ProjectRole,
  source: r.source as EntitySource,
});

const toRepository = (r: typeof repositoryBindings.$inferSelect): RepositoryBinding => ({
  id: r.id,
  projectId: r.projectId,
  provider: 'gitlab',
  repository: r.repository,
  branch: r.branch,
  baseDirectory: r.baseDirectory,
  filePathTemplate: r.filePathTemplate,
  schemaPathTemplate: r.schemaPathTemplate,
  source: r.source as EntitySource,
});

const toChat = (r: typeof chatBindings.$inferSelect): ChatBinding => ({
  id: r.id,
  projectId: r.projectId,
  platform: r.platform as ChatPlatform,
  channel: r.channel,
  source: r.source as EntitySource,
});

export function projectRepository(db: Db): ProjectRepository {
  return {
    async list() {
      return (await db.select().from(projects).orderBy(asc(projects.key))).map(toProject);
    },
    async get(id) {
      const [row] = await db.select().from(projects).where(eq(projects.id, id));
      return row ? toProject(row) : null;
    },
    async getByKey(key) {
      const [row] = await db.select().from(projects).where(eq(projects.key, key));
      return row ? toProject(row) : null;
    },
    async create(input) {
      const [row] = await db.insert(projects).values(input).returning();
      return toProject(row!);
    },
    async update(id, patch) {
      await db
        .update(projects)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(projects.id, id));
    },
    async listMembers(projectId) {
      return (
        await db
          .select()
          .from(projectMembers)
          .where(eq(projectMembers.projectId, projectId))
          .orderBy(asc(projectMembers.principalId))
      ).map(toMember);
    },
    async membershipsOf(principalId) {
      return (
        await db
          .select()
          .from(projectMembers)
          .where(eq(projectMembers.principalId, principalId))
          .orderBy(asc(projectMembers.projectId))
      ).map(toMember);
    },
    async setMember(projectId, principalId, role, source) {
      await db
        .insert(projectMembers)
        .values({ projectId, principalId, role, source })
        .onConflictDoUpdate({
          target: [projectMembers.projectId, projectMembers.principalId],
          set: { role, source },
        });
    },
    async removeMember(projectId, principalId) {
      await db
        .delete(projectMembers)
        .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.principalId, principalId)));
    },
  };
}

export function bindingRepository(db: Db): BindingRepository {
  return {
    async repositoryOf(projectId) {
      const [row] = await db
        .select()
        .from(repositoryBindings)
        .where(eq(repositoryBindings.projectId, projectId));
      return row ? toRepository(row) : null;
    },
    async listRepositories() {
      return (await db.select().from(repositoryBindings).orderBy(asc(repositoryBindings.id))).map(
        toRepository,
      );
    },
    async putRepository(input) {
      const { projectId, ...rest } = input;
      const [row] = await db
        .insert(repositoryBindings)
        .values(input)
        .onConflictDoUpdate({ target: repositoryBindings.projectId, set: { ...rest, updatedAt: new Date() } })
        .returning();
      void projectId;
      return toRepository(row!);
    },
    async removeRepository(projectId) {
      await db.delete(repositoryBindings).where(eq(repositoryBindings.projectId, projectId));
    },
    async listChat(projectId) {
      const where = projectId === undefined ? undefined : eq(chatBindings.projectId, projectId);
      return (await db.select().from(chatBindings).where(where).orderBy(asc(chatBindings.id))).map(toChat);
    },
    async addChat(projectId, platform: ChatPlatform, channel, source) {
      await db.insert(chatBindings).values({ projectId, platform, channel, source }).onConflictDoNothing();
    },
    async removeChat(id) {
      await db.delete(chatBindings).where(eq(chatBindings.id, id));
    },
  };
}
