// OpenAPI operations of access administration: users, API tokens, project members and the audit log.
import { z } from 'zod';
import { listAuditInput } from '../../../core/services/list-audit.ts';
import { setMemberInput } from '../../../core/services/manage-members.ts';
import { createTokenInput } from '../../../core/services/manage-tokens.ts';
import { createUserInput, updateUserInput } from '../../../core/services/manage-users.ts';
import type { ApiOperation } from '../registry.ts';
import { DateTime, named } from '../registry.ts';
import { ProjectRole, WorkspaceRole } from './workspace.ts';

const ManagedBy = z
  .string()
  .nullable()
  .describe(
    'What declares the entry when it is not the API (the workspace file); such entries are read-only.',
  );

export const User = named(
  'User',
  z.object({
    email: z.string(),
    name: z.string(),
    role: WorkspaceRole,
    active: z.boolean().describe('False: deactivated; no token or session of the user authenticates.'),
    managedBy: ManagedBy,
    projects: z.array(z.object({ key: z.string(), name: z.string(), role: ProjectRole })),
  }),
  'A workspace user with their project roles.',
);

export const UserList = named('UserList', z.object({ users: z.array(User) }));
export const UserAnswer = named('UserAnswer', z.object({ user: User }));

export const UserChange = named(
  'UserChange',
  z.object({
    user: User,
    stranded: z
      .array(
        z.object({
          issueId: z.number().int(),
          title: z.string(),
          project: z.string(),
          step: z.number().int(),
          role: z.enum(['dba', 'project_owner']),
        }),
      )
      .describe('Waiting issues this change left with nobody who may decide their step.'),
  }),
);

export const Token = named(
  'Token',
  z.object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the token, to tell tokens apart.'),
    status: z.enum(['active', 'expired', 'revoked']),
    createdAt: DateTime,
    createdBy: z
      .string()
      .nullable()
      .describe(
        "Email of who issued it; null for the workspace file, the demo and the operator's command line.",
      ),
    expiresAt: DateTime.nullable(),
    lastUsedAt: DateTime.nullable(),
    revokedAt: DateTime.nullable(),
    managedBy: ManagedBy,
  }),
  'An API token as its owner and administrators see it; the token itself is never shown again.',
);

export const TokenList = named('TokenList', z.object({ tokens: z.array(Token) }));
export const NewToken = named(
  'NewToken',
  z.object({
    token: z.string().describe('The token `bbt_…`, in this answer only; only its hash is stored.'),
    info: Token,
  }),
  'A freshly issued token.',
);
export const TokenAnswer = named('TokenAnswer', z.object({ token: Token }));

export const Member = named(
  'Member',
  z.object({
    email: z.string(),
    name: z.string(),
    role: ProjectRole,
    active: z.boolean(),
    managedBy: ManagedBy,
  }),
  'A member of a project with their project role.',
);
export const MemberList = named('MemberList', z.object({ members: z.array(Member) }));
export const MemberAnswer = named('MemberAnswer', z.object({ member: Member }));

export const AuditEntry = named(
  'AuditEntry',
  z.object({
    id: z.number().int(),
    at: DateTime,
    actor: z
      .object({ email: z.string(), name: z.string() })
      .nullable()
      .describe('Null: the service itself (the robot principal or the command line).'),
    action: z.string().describe('e.g. `issue.approve`, `user.deactivate`, `token.create`.'),
    resource: z.object({ type: z.string(), id: z.string().nullable() }),
    project: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
  }),
  'One audited change: who did what to which resource, when.',
);
export const AuditPage = named(
  'AuditPage',
  z.object({
    entries: z.array(AuditEntry),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null: no more.'),
  }),
);

const email = z.string().describe('The user’s email address.');
const userPath = { email };
const memberPath = { project: z.string(), email };

export const accessOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/users',
    operationId: 'listUsers',
    summary: 'Every user, by email (workspace owners and DBAs)',
    tags: ['users'],
    responses: { 200: { description: 'The users.', schema: UserList } },
    errors: [403],
  },
  {
    method: 'post',
    path: '/users',
    operationId: 'createUser',
    summary: 'Add a user (workspace owners)',
    tags: ['users'],
    body: createUserInput,
    responses: { 201: { description: 'The added user.', schema: UserAnswer } },
    errors: [403, 409, 413],
  },
  {
    method: 'get',
    path: '/users/{email}',
    operationId: 'getUser',
    summary: 'One user (workspace owners and DBAs; everyone for themself)',
    tags: ['users'],
    pathParams: userPath,
    responses: { 200: { description: 'The user.', schema: UserAnswer } },
    errors: [403, 404],
  },
  {
    method: 'patch',
    path: '/users/{email}',
    operationId: 'updateUser',
    summary: 'Change a user’s name, role or activity; deactivating revokes their tokens and sessions',
    tags: ['users'],
    pathParams: userPath,
    body: updateUserInput,
    responses: { 200: { description: 'The user after the change.', schema: UserChange } },
    errors: [403, 404, 409, 413],
  },
  {
    method: 'get',
    path: '/users/{email}/tokens',
    operationId: 'listTokens',
    summary: 'A user’s API tokens, newest first (own; anyone’s for workspace owners)',
    tags: ['tokens'],
    pathParams: userPath,
    responses: { 200: { description: 'The tokens, revoked and expired ones included.', schema: TokenList } },
    errors: [403, 404],
  },
  {
    method: 'post',
    path: '/users/{email}/tokens',
    operationId: 'createToken',
    summary: 'Issue an API token; the token is in this answer only',
    tags: ['tokens'],
    pathParams: userPath,
    body: createTokenInput,
    responses: { 201: { description: 'The token and its description.', schema: NewToken } },
    errors: [403, 404, 409, 413],
  },
  {
    method: 'delete',
    path: '/tokens/{id}',
    operationId: 'revokeToken',
    summary: 'Revoke an API token; it stops authenticating at once',
    tags: ['tokens'],
    pathParams: { id: z.coerce.number().int().min(1).max(2_147_483_647) },
    responses: { 200: { description: 'The revoked token.', schema: TokenAnswer } },
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/projects/{project}/members',
    operationId: 'listMembers',
    summary: 'Members of a project, owners first',
    tags: ['members'],
    pathParams: { project: z.string() },
    responses: { 200: { description: 'The members.', schema: MemberList } },
    errors: [403, 404],
  },
  {
    method: 'put',
    path: '/projects/{project}/members/{email}',
    operationId: 'setMember',
    summary: 'Add a member or change their role (workspace owners and project owners)',
    tags: ['members'],
    pathParams: memberPath,
    body: setMemberInput,
    responses: { 200: { description: 'The member.', schema: MemberAnswer } },
    errors: [403, 404, 409, 413],
  },
  {
    method: 'delete',
    path: '/projects/{project}/members/{email}',
    operationId: 'removeMember',
    summary: 'Remove a member (workspace owners and project owners)',
    tags: ['members'],
    pathParams: memberPath,
    responses: { 204: { description: 'Removed.' } },
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/audit',
    operationId: 'listAudit',
    summary: 'The audit log, newest first, in pages; filters combine with “and”',
    tags: ['audit'],
    query: listAuditInput,
    responses: { 200: { description: 'A page of audit entries.', schema: AuditPage } },
    errors: [403, 404],
  },
];
