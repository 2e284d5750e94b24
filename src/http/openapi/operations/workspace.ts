// OpenAPI operations of the caller, environments and projects.
import { z } from 'zod';
import type { ApiOperation } from '../registry.ts';
import { DateTime, named } from '../registry.ts';

export const WorkspaceRole = z.enum(['owner', 'dba', 'developer']);
export const ProjectRole = z.enum(['owner', 'developer']);

export const Me = named(
  'Me',
  z.object({
    principal: z.object({
      id: z.number().int(),
      email: z.string(),
      name: z.string(),
      workspaceRole: WorkspaceRole,
    }),
    projects: z.array(z.object({ key: z.string(), name: z.string(), role: ProjectRole })),
    permissions: z.object({ manageUsers: z.boolean(), readUsers: z.boolean(), readAudit: z.boolean() }),
    session: z
      .object({ csrfToken: z.string(), expiresAt: DateTime })
      .nullable()
      .describe('The web session, when the request came with its cookie; null for API tokens.'),
  }),
  'The caller, their project roles and what the web view offers them.',
);

export const EnvironmentList = named(
  'EnvironmentList',
  z.object({
    environments: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        order: z.number().int(),
        reviewTemplate: z.enum(['dev', 'prod']),
      }),
    ),
  }),
);

export const ProjectSummary = named(
  'Project',
  z.object({
    key: z.string(),
    name: z.string(),
    role: ProjectRole.nullable(),
    databases: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        instance: z.string(),
        environment: z.string(),
        engine: z.string(),
      }),
    ),
    chat: z.array(z.object({ platform: z.string(), channel: z.string() })),
    repository: z.object({ provider: z.string(), repository: z.string(), branch: z.string() }).nullable(),
  }),
);

export const ProjectList = named('ProjectList', z.object({ projects: z.array(ProjectSummary) }));

export const workspaceOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/me',
    operationId: 'getMe',
    summary: 'Who the caller is, their project roles and permissions',
    tags: ['workspace'],
    responses: { 200: { description: 'The caller.', schema: Me } },
  },
  {
    method: 'get',
    path: '/environments',
    operationId: 'listEnvironments',
    summary: 'Environments in pipeline order',
    tags: ['workspace'],
    responses: { 200: { description: 'Environments.', schema: EnvironmentList } },
  },
  {
    method: 'get',
    path: '/projects',
    operationId: 'listProjects',
    summary: 'Projects the caller can see, with databases and bindings',
    tags: ['workspace'],
    responses: { 200: { description: 'Projects.', schema: ProjectList } },
  },
];
