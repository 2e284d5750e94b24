// Project members: list, add or change a member's role, remove a member.
import { z } from 'zod';
import { conflict, notFound } from '../errors.ts';
import type { ProjectRole } from '../model/workspace.ts';
import type { Store } from '../ports/store.ts';
import { projectForActor } from './access.ts';
import {
  assertNotFileManaged,
  currentActor,
  lockAccess,
  managedBy,
  projectRole,
  userByEmail,
  workspaceFileLabel,
} from './access-shared.ts';
import type { ServiceContext } from './context.ts';
import { actingRole, requireGrant } from './permissions.ts';

export interface MemberView {
  email: string;
  name: string;
  role: ProjectRole;
  active: boolean;
  managedBy: string | null;
}

export const setMemberInput = z.strictObject({ role: projectRole });

async function membersOf(store: Store, projectId: number): Promise<MemberView[]> {
  const [members, people, file] = await Promise.all([
    store.projects.listMembers(projectId),
    store.principals.list(),
    workspaceFileLabel(store),
  ]);
  return members
    .flatMap((m) => {
      const p = people.find((x) => x.id === m.principalId);
      return p
        ? [
            {
              email: p.email,
              name: p.name,
              role: m.role,
              active: p.active,
              managedBy: managedBy(m.source, file),
            },
          ]
        : [];
    })
    .sort((a, b) => (a.role === b.role ? a.email.localeCompare(b.email) : a.role === 'owner' ? -1 : 1));
}

/** Members of a project, owners first. Anyone who can see the project. */
export async function listMembers({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { project: string };
}): Promise<{ members: MemberView[] }> {
  const { project } = await projectForActor(ctx.store, ctx.actor, input.project);
  return { members: await membersOf(ctx.store, project.id) };
}

/** Adds a member or changes their role. Workspace owners and the project's owners. */
export async function setMember({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { project: string; email: string; body: unknown };
}): Promise<{ member: MemberView }> {
  const body = setMemberInput.parse(input.body);
  return ctx.store.transaction(async (store) => {
    await lockAccess(store, ctx.clock.now());
    const actor = await currentActor(store, ctx.actor);
    const { project, members } = await projectForActor(store, actor, input.project);
    requireGrant('members.manage', actingRole(actor, members), `change the members of ${project.key}`);
    const target = await userByEmail(store, input.email);
    if (!target.active) throw conflict(`${target.email} is deactivated; reactivate the user first`);
    const current = members.find((m) => m.principalId === target.id);
    if (current) {
      assertNotFileManaged(
        current.source,
        `the membership of ${target.email} in ${project.key}`,
        await workspaceFileLabel(store),
      );
    }
    if (current?.role !== body.role) {
      await store.projects.setMember(project.id, target.id, body.role, 'api');
      await store.audit.append({
        actorId: ctx.actor.id,
        action: current ? 'member.update' : 'member.add',
        resourceType: 'project',
        resourceId: project.key,
        projectId: project.id,
        details: { email: target.email, role: body.role, before: current?.role ?? null },
        requestId: ctx.requestId,
      });
    }
    const member = (await membersOf(store, project.id)).find((m) => m.email === target.email)!;
    return { member };
  });
}

/** Removes a member. Workspace owners and the project's owners. */
export async function removeMember({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { project: string; email: string };
}): Promise<void> {
  await ctx.store.transaction(async (store) => {
    await lockAccess(store, ctx.clock.now());
    const actor = await currentActor(store, ctx.actor);
    const { project, members } = await projectForActor(store, actor, input.project);
    requireGrant('members.manage', actingRole(actor, members), `change the members of ${project.key}`);
    const target = await userByEmail(store, input.email);
    const current = members.find((m) => m.principalId === target.id);
    if (!current) throw notFound(`${target.email} is not a member of ${project.key}`);
    assertNotFileManaged(
      current.source,
      `the membership of ${target.email} in ${project.key}`,
      await workspaceFileLabel(store),
    );
    await store.projects.removeMember(project.id, target.id);
    await store.audit.append({
      actorId: ctx.actor.id,
      action: 'member.remove',
      resourceType: 'project',
      resourceId: project.key,
      projectId: project.id,
      details: { email: target.email, role: current.role },
      requestId: ctx.requestId,
    });
  });
}
