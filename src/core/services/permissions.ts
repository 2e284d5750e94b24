// Who may administer access: one table of role x action that the use cases consult, the README prints and the
// contract tests walk row by row.
import { forbidden } from '../errors.ts';
import type { Principal, ProjectMember } from '../model/workspace.ts';

/**
 * The roles a person can act in. Workspace roles come first; a project owner or project developer is a
 * workspace developer holding that role in the project the action concerns.
 */
export const ACTING_ROLES = ['owner', 'dba', 'developer', 'project_owner', 'project_developer'] as const;
export type ActingRole = (typeof ACTING_ROLES)[number];

/** `all`: allowed; `own`: only their own tokens, or the projects they own; `no`: refused with 403. */
export type Grant = 'all' | 'own' | 'no';

export type AdminAction =
  | 'users.read'
  | 'users.create'
  | 'users.update'
  | 'tokens.own'
  | 'tokens.others'
  | 'members.read'
  | 'members.manage'
  | 'audit.read';

export interface PermissionRow {
  action: AdminAction;
  /** How the README names it. */
  label: string;
  /** The routes it covers. */
  routes: string[];
  grants: Record<ActingRole, Grant>;
}

const row = (
  action: AdminAction,
  label: string,
  routes: string[],
  [owner, dba, developer, projectOwner, projectDeveloper]: [Grant, Grant, Grant, Grant, Grant],
): PermissionRow => ({
  action,
  label,
  routes,
  grants: {
    owner,
    dba,
    developer,
    project_owner: projectOwner,
    project_developer: projectDeveloper,
  },
});

export const PERMISSIONS: readonly PermissionRow[] = [
  row(
    'users.read',
    'List users and read a user',
    ['GET /users', 'GET /users/{email}'],
    ['all', 'all', 'no', 'no', 'no'],
  ),
  row('users.create', 'Add a user', ['POST /users'], ['all', 'no', 'no', 'no', 'no']),
  row(
    'users.update',
    "Change a user's name, role or activity",
    ['PATCH /users/{email}'],
    ['all', 'no', 'no', 'no', 'no'],
  ),
  row(
    'tokens.own',
    'List, create and revoke their own API tokens',
    ['GET /users/{email}/tokens', 'POST /users/{email}/tokens', 'DELETE /tokens/{id}'],
    ['all', 'all', 'all', 'all', 'all'],
  ),
  row(
    'tokens.others',
    "List, create and revoke another user's API tokens",
    ['GET /users/{email}/tokens', 'POST /users/{email}/tokens', 'DELETE /tokens/{id}'],
    ['all', 'no', 'no', 'no', 'no'],
  ),
  row(
    'members.read',
    "List a project's members",
    ['GET /projects/{project}/members'],
    ['all', 'all', 'no', 'all', 'all'],
  ),
  row(
    'members.manage',
    "Add, change or remove a project's members",
    ['PUT /projects/{project}/members/{email}', 'DELETE /projects/{project}/members/{email}'],
    ['all', 'no', 'no', 'all', 'no'],
  ),
  row('audit.read', 'Read the audit log', ['GET /audit'], ['all', 'all', 'no', 'own', 'no']),
];

/** The role a principal acts in for an action, given the members of the project it concerns (if any). */
export function actingRole(actor: Principal, members?: ProjectMember[]): ActingRole {
  if (actor.workspaceRole === 'owner' || actor.workspaceRole === 'dba') return actor.workspaceRole;
  const membership = members?.find((m) => m.principalId === actor.id);
  if (membership) return membership.role === 'owner' ? 'project_owner' : 'project_developer';
  return 'developer';
}

/** What the table grants this actor for an action. */
export function grantOf(action: AdminAction, role: ActingRole): Grant {
  const found = PERMISSIONS.find((r) => r.action === action);
  if (!found) throw new Error(`no permission row for ${action}`);
  return found.grants[role];
}

/** Refuses with 403 unless the table grants the action (fully, or `own` where the caller checked ownership). */
export function requireGrant(action: AdminAction, role: ActingRole, what: string): Grant {
  const grant = grantOf(action, role);
  if (grant === 'no') throw forbidden(`${ROLE_NAMES[role]}s may not ${what}`);
  return grant;
}

export const ROLE_NAMES: Record<ActingRole, string> = {
  owner: 'workspace owner',
  dba: 'DBA',
  developer: 'developer',
  project_owner: 'project owner',
  project_developer: 'project developer',
};

/** The permission table as the README prints it (a Markdown table). */
export function permissionTableMarkdown(): string {
  const mark: Record<Grant, string> = { all: 'yes', own: 'own projects', no: 'no' };
  const header = `| action | routes (\`/api/v1\`) | ${ACTING_ROLES.map((r) => ROLE_NAMES[r]).join(' | ')} |`;
  const rule = `| --- | --- | ${ACTING_ROLES.map(() => '---').join(' | ')} |`;
  const rows = PERMISSIONS.map(
    (p) =>
      `| ${p.label} | ${p.routes.map((r) => `\`${r}\``).join(', ')} | ${ACTING_ROLES.map((r) => mark[p.grants[r]]).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
