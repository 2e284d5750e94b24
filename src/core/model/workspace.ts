// Workspace entities: principals, roles, environments, instances, databases, projects and their bindings.
import type { Engine } from '../ports/engine-driver.ts';

export const ROBOT_PRINCIPAL_ID = 1;

export type WorkspaceRole = 'owner' | 'dba' | 'developer';
export type ProjectRole = 'owner' | 'developer';
export type ReviewTemplate = 'dev' | 'prod';
export type ChatPlatform = 'slack' | 'teams' | 'feishu';

/** Where an entity was declared: the workspace file, the demo seed, or the API. */
export type EntitySource = 'workspace_file' | 'demo' | 'api';

export interface Principal {
  id: number;
  kind: 'user' | 'robot';
  email: string;
  name: string;
  workspaceRole: WorkspaceRole;
  active: boolean;
  source: EntitySource;
}

export interface Environment {
  id: number;
  key: string;
  name: string;
  position: number;
  reviewTemplate: ReviewTemplate;
  reviewPolicy: unknown | null;
  source: EntitySource;
}

export interface Instance {
  id: number;
  key: string;
  name: string;
  engine: Engine;
  environmentId: number;
  /** Plain connection URL; only ever held in memory. */
  url: string;
  source: EntitySource;
  /** Scheduled drift checks of its databases: every this many ms; 0 is off; null or absent follows the service. */
  driftCheckMs?: number | null;
}

export interface Database {
  id: number;
  instanceId: number;
  name: string;
  projectId: number;
  source: EntitySource;
}

export interface Project {
  id: number;
  key: string;
  name: string;
  reviewPolicy: unknown | null;
  allowSelfApproval: boolean;
  source: EntitySource;
}

export interface ProjectMember {
  projectId: number;
  principalId: number;
  role: ProjectRole;
  source: EntitySource;
}

export interface RepositoryBinding {
  id: number;
  projectId: number;
  provider: 'gitlab';
  repository: string;
  branch: string;
  baseDirectory: string;
  filePathTemplate: string;
  schemaPathTemplate: string | null;
  source: EntitySource;
}

export interface ChatBinding {
  id: number;
  projectId: number;
  platform: ChatPlatform;
  channel: string;
  source: EntitySource;
}

export interface AuditEntry {
  actorId: number | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  /**
   * The project the action concerns. Left out, the store derives it for issue, task and database resources,
   * so project owners can read their projects' rows.
   */
  projectId?: number | null;
  details: Record<string, unknown>;
  requestId: string | null;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: Date;
  projectId: number | null;
}
