// Read use cases for the caller's identity, the environments and the projects they can see.
import type { ProjectRole } from '../model/workspace.ts';
import { isWorkspaceAdmin } from './access.ts';
import type { ServiceContext } from './context.ts';
import { actingRole, grantOf } from './permissions.ts';

export interface MeView {
  principal: { id: number; email: string; name: string; workspaceRole: string };
  projects: { key: string; name: string; role: ProjectRole }[];
  /** What the web view offers: the users pages and the audit log. */
  permissions: { manageUsers: boolean; readUsers: boolean; readAudit: boolean };
}

export interface ProjectView {
  key: string;
  name: string;
  role: ProjectRole | null;
  databases: { id: number; name: string; instance: string; environment: string; engine: string }[];
  chat: { platform: string; channel: string }[];
  repository: { provider: string; repository: string; branch: string } | null;
}

/** Who the caller is and their project roles. */
export async function getMe({ ctx }: { ctx: ServiceContext }): Promise<MeView> {
  const { actor, store } = ctx;
  const memberships = await store.projects.membershipsOf(actor.id);
  const projects = await store.projects.list();
  return {
    principal: { id: actor.id, email: actor.email, name: actor.name, workspaceRole: actor.workspaceRole },
    projects: memberships.flatMap((m) => {
      const p = projects.find((x) => x.id === m.projectId);
      return p ? [{ key: p.key, name: p.name, role: m.role }] : [];
    }),
    permissions: {
      manageUsers: grantOf('users.update', actingRole(actor)) !== 'no',
      readUsers: grantOf('users.read', actingRole(actor)) !== 'no',
      readAudit:
        grantOf('audit.read', actingRole(actor)) !== 'no' || memberships.some((m) => m.role === 'owner'),
    },
  };
}

/** Environments in pipeline order. */
export async function listEnvironments({ ctx }: { ctx: ServiceContext }) {
  const envs = await ctx.store.environments.list();
  return envs.map((e, order) => ({ key: e.key, name: e.name, order, reviewTemplate: e.reviewTemplate }));
}

/** Projects visible to the caller with their databases and bindings. */
export async function listProjects({ ctx }: { ctx: ServiceContext }): Promise<ProjectView[]> {
  const { store, actor } = ctx;
  const [projects, memberships, instances, envs, databases, chats, repos] = await Promise.all([
    store.projects.list(),
    store.projects.membershipsOf(actor.id),
    store.instances.list(),
    store.environments.list(),
    store.databases.list(),
    store.bindings.listChat(),
    store.bindings.listRepositories(),
  ]);
  // Workspace owners and DBAs see every project; developers see the projects they belong to.
  const all = isWorkspaceAdmin(actor);
  return projects
    .filter((p) => all || memberships.some((m) => m.projectId === p.id))
    .map((p) => {
      const repo = repos.find((r) => r.projectId === p.id);
      return {
        key: p.key,
        name: p.name,
        role: memberships.find((m) => m.projectId === p.id)?.role ?? null,
        databases: databases
          .filter((d) => d.projectId === p.id)
          .map((d) => {
            const inst = instances.find((i) => i.id === d.instanceId);
            const env = envs.find((e) => e.id === inst?.environmentId);
            return {
              id: d.id,
              name: d.name,
              instance: inst?.key ?? '?',
              environment: env?.key ?? '?',
              engine: inst?.engine ?? '?',
            };
          })
          .sort((a, b) => {
            const pa = envs.findIndex((e) => e.key === a.environment);
            const pb = envs.findIndex((e) => e.key === b.environment);
            return pa - pb || a.name.localeCompare(b.name);
          }),
        chat: chats
          .filter((c) => c.projectId === p.id)
          .map((c) => ({ platform: c.platform, channel: c.channel })),
        repository: repo
          ? { provider: repo.provider, repository: repo.repository, branch: repo.branch }
          : null,
      };
    });
}
