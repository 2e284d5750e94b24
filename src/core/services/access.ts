// Shared authorisation checks of the use cases: who can see a project and who manages its rollout.
import { forbidden, notFound } from '../errors.ts';
import type { Principal, Project, ProjectMember } from '../model/workspace.ts';
import type { Store } from '../ports/store.ts';

export const isWorkspaceAdmin = (p: Principal) => p.workspaceRole === 'owner' || p.workspaceRole === 'dba';

/** Loads a project by key and checks the actor may see it (member, DBA or workspace owner). */
export async function projectForActor(
  store: Store,
  actor: Principal,
  key: string,
): Promise<{ project: Project; members: ProjectMember[] }> {
  const project = await store.projects.getByKey(key);
  if (!project) throw notFound(`project ${JSON.stringify(key)} not found`);
  const members = await store.projects.listMembers(project.id);
  assertCanSee(actor, members);
  return { project, members };
}

/** Throws not_found-like forbidden when the actor is neither a member nor a workspace admin. */
export function assertCanSee(actor: Principal, members: ProjectMember[]): void {
  if (isWorkspaceAdmin(actor)) return;
  if (!members.some((m) => m.principalId === actor.id))
    throw forbidden('you are not a member of this project');
}

/** Whether the actor may retry, skip or cancel work of a project: DBAs, workspace owners and project owners. */
export function canManageRollout(actor: Principal, members: ProjectMember[]): boolean {
  return isWorkspaceAdmin(actor) || members.some((m) => m.principalId === actor.id && m.role === 'owner');
}
