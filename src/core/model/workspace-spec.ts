// The declarative workspace (from the workspace file or the demo seed), validated and with env vars resolved.
import type { Engine } from '../ports/engine-driver.ts';
import type { ChatPlatform, ProjectRole, ReviewTemplate, WorkspaceRole } from './workspace.ts';

export interface EnvironmentSpec {
  key: string;
  name: string;
  reviewTemplate: ReviewTemplate;
  reviewPolicy: unknown | null;
}

export interface InstanceSpec {
  key: string;
  name: string;
  engine: Engine;
  environment: string;
  url: string;
  /** Scheduled drift checks: every this many ms; 0 is off; null follows the service. */
  driftCheckMs: number | null;
}

export interface UserSpec {
  email: string;
  name: string;
  role: WorkspaceRole;
  /** SHA-256 of the API token taken from the named env var, when one is declared. */
  tokenHash: string | null;
  tokenPrefix: string | null;
}

export interface ProjectSpec {
  key: string;
  name: string;
  allowSelfApproval: boolean;
  reviewPolicy: unknown | null;
  databases: { instance: string; name: string }[];
  members: { email: string; role: ProjectRole }[];
  repository: {
    provider: 'gitlab';
    repository: string;
    branch: string;
    baseDirectory: string;
    filePathTemplate: string;
    schemaPathTemplate: string | null;
  } | null;
  chat: { platform: ChatPlatform; channel: string }[];
}

export interface WorkspaceSpec {
  environments: EnvironmentSpec[];
  instances: InstanceSpec[];
  users: UserSpec[];
  projects: ProjectSpec[];
}

export const DEFAULT_FILE_PATH_TEMPLATE =
  '{{ENV_ID}}/{{DB_NAME}}##{{VERSION}}##{{TYPE}}##{{DESCRIPTION}}.sql';
