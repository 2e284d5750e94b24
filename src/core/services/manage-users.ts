// Workspace users: list, read, add, and change name, role or activity (deactivation ends their access at once).
import { z } from 'zod';
import { conflict } from '../errors.ts';
import type { Principal, ProjectRole, WorkspaceRole } from '../model/workspace.ts';
import type { Store } from '../ports/store.ts';
import {
  assertNotFileManaged,
  currentActor,
  emailAddress,
  lockAccess,
  managedBy,
  personName,
  userByEmail,
  workspaceFileLabel,
  workspaceRole,
} from './access-shared.ts';
import type { ServiceContext } from './context.ts';
import { actingRole, requireGrant } from './permissions.ts';
import { type StrandedIssue, strandedIssues } from './stranded-issues.ts';

export interface UserView {
  email: string;
  name: string;
  role: WorkspaceRole;
  active: boolean;
  /** What declares the user when it is not the API; such users are read-only here. */
  managedBy: string | null;
  projects: { key: string; name: string; role: ProjectRole }[];
}

export const createUserInput = z.strictObject({
  email: emailAddress,
  name: personName,
  role: workspaceRole.default('developer'),
});

export const updateUserInput = z
  .strictObject({
    name: personName.optional(),
    role: workspaceRole.optional(),
    active: z.boolean({ error: 'active must be true or false' }).optional(),
  })
  .refine((v) => v.name !== undefined || v.role !== undefined || v.active !== undefined, {
    error: 'give at least one of name, role, active',
  });

async function viewsOf(store: Store, people: Principal[]): Promise<UserView[]> {
  const [projects, file] = await Promise.all([store.projects.list(), workspaceFileLabel(store)]);
  const memberships = await Promise.all(people.map((p) => store.projects.membershipsOf(p.id)));
  return people.map((p, i) => ({
    email: p.email,
    name: p.name,
    role: p.workspaceRole,
    active: p.active,
    managedBy: managedBy(p.source, file),
    projects: memberships[i]!.flatMap((m) => {
      const project = projects.find((x) => x.id === m.projectId);
      return project ? [{ key: project.key, name: project.name, role: m.role }] : [];
    }),
  }));
}

/** Every human user, by email. Workspace owners and DBAs. */
export async function listUsers({ ctx }: { ctx: ServiceContext }): Promise<{ users: UserView[] }> {
  requireGrant('users.read', actingRole(ctx.actor), 'list users');
  const people = (await ctx.store.principals.list())
    .filter((p) => p.kind === 'user')
    .sort((a, b) => a.email.localeCompare(b.email));
  return { users: await viewsOf(ctx.store, people) };
}

/** One user. Workspace owners, DBAs, and every user for themself. */
export async function getUser({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { email: string };
}): Promise<{ user: UserView }> {
  // The grant is checked before the lookup, so a developer cannot probe which addresses are users.
  if (input.email.toLowerCase() !== ctx.actor.email.toLowerCase())
    requireGrant('users.read', actingRole(ctx.actor), 'read other users');
  const target = await userByEmail(ctx.store, input.email);
  const [user] = await viewsOf(ctx.store, [target]);
  return { user: user! };
}

/** Adds a user managed through the API. Workspace owners. */
export async function createUser({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: unknown;
}): Promise<{ user: UserView }> {
  requireGrant('users.create', actingRole(ctx.actor), 'add users');
  const body = createUserInput.parse(input);
  return ctx.store.transaction(async (store) => {
    await lockAccess(store, ctx.clock.now());
    requireGrant('users.create', actingRole(await currentActor(store, ctx.actor)), 'add users');
    const existing = await store.principals.findByEmail(body.email);
    if (existing) throw conflict(`a user with email ${existing.email} exists already`);
    const created = await store.principals.create({
      email: body.email,
      name: body.name,
      workspaceRole: body.role,
      source: 'api',
    });
    await store.audit.append({
      actorId: ctx.actor.id,
      action: 'user.create',
      resourceType: 'principal',
      resourceId: created.email,
      details: { name: created.name, role: created.workspaceRole },
      requestId: ctx.requestId,
    });
    const [user] = await viewsOf(store, [created]);
    return { user: user! };
  });
}

/**
 * Changes a user's name, role or activity. Workspace owners. Refused for users the workspace file declares,
 * and when it would leave the workspace without an active owner. Deactivating revokes every API token and
 * web session of the user in the same transaction, so nothing they hold authenticates afterwards. `stranded`
 * lists the waiting issues this change left without anyone who may decide their step.
 */
export async function updateUser({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { email: string; body: unknown };
}): Promise<{ user: UserView; stranded: StrandedIssue[] }> {
  requireGrant('users.update', actingRole(ctx.actor), 'change users');
  const patch = updateUserInput.parse(input.body);
  return ctx.store.transaction(async (store) => {
    await lockAccess(store, ctx.clock.now());
    requireGrant('users.update', actingRole(await currentActor(store, ctx.actor)), 'change users');
    const target = await userByEmail(store, input.email);
    assertNotFileManaged(target.source, `user ${target.email}`, await workspaceFileLabel(store));
    const losesOwner =
      target.workspaceRole === 'owner' &&
      target.active &&
      ((patch.role !== undefined && patch.role !== 'owner') || patch.active === false);
    if (losesOwner) {
      const owners = (await store.principals.list()).filter(
        (p) => p.kind === 'user' && p.active && p.workspaceRole === 'owner',
      );
      if (owners.length <= 1)
        throw conflict(
          `${target.email} is the last active workspace owner; make someone else an owner first`,
        );
    }
    // A person losing power may leave waiting issues that nobody else can decide: the answer names them.
    const losesPower =
      (patch.active === false && target.active) ||
      (patch.role !== undefined &&
        patch.role !== target.workspaceRole &&
        target.workspaceRole !== 'developer');
    const strandedBefore = losesPower ? new Set((await strandedIssues(store)).map((i) => i.issueId)) : null;
    const changes: Partial<Pick<Principal, 'name' | 'workspaceRole' | 'active'>> = {};
    if (patch.name !== undefined && patch.name !== target.name) changes.name = patch.name;
    if (patch.role !== undefined && patch.role !== target.workspaceRole) changes.workspaceRole = patch.role;
    if (patch.active !== undefined && patch.active !== target.active) changes.active = patch.active;
    let stranded: StrandedIssue[] = [];
    if (Object.keys(changes).length > 0) {
      await store.principals.update(target.id, changes);
      if (strandedBefore)
        stranded = (await strandedIssues(store)).filter((i) => !strandedBefore.has(i.issueId));
      let revoked: { tokens: number; sessions: number } | undefined;
      if (changes.active === false) {
        revoked = {
          tokens: await store.tokens.revokeAllOf(target.id),
          sessions: await store.sessions.revokeAllOf(target.id),
        };
      }
      const action =
        changes.active === false
          ? 'user.deactivate'
          : changes.active === true
            ? 'user.reactivate'
            : 'user.update';
      await store.audit.append({
        actorId: ctx.actor.id,
        action,
        resourceType: 'principal',
        resourceId: target.email,
        details: {
          before: Object.fromEntries(Object.keys(changes).map((k) => [k, target[k as keyof typeof changes]])),
          after: changes,
          ...(revoked ? { revoked } : {}),
          ...(stranded.length > 0 ? { stranded: stranded.map((i) => i.issueId) } : {}),
        },
        requestId: ctx.requestId,
      });
    }
    const updated = (await store.principals.get(target.id))!;
    const [user] = await viewsOf(store, [updated]);
    return { user: user!, stranded };
  });
}
