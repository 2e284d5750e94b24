// Access administration as the API sends it: users, API tokens, project members and audit entries.
import { bool, isRecord, records, str, strOrNull } from './api-values.ts';

export type WorkspaceRole = 'owner' | 'dba' | 'developer';
export type ProjectRole = 'owner' | 'developer';

export const WORKSPACE_ROLES: readonly WorkspaceRole[] = ['owner', 'dba', 'developer'];
export const PROJECT_ROLES: readonly ProjectRole[] = ['owner', 'developer'];

export interface User {
  email: string;
  name: string;
  role: string;
  active: boolean;
  /** Who declares this user, e.g. "workspace file workspace.yaml"; such users are changed there, not here. */
  managedBy: string | null;
  projects: { key: string; name: string; role: string }[];
}

export interface UserPatch {
  name?: string;
  role?: WorkspaceRole;
  active?: boolean;
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

export interface Token {
  id: string;
  name: string;
  prefix: string;
  status: TokenStatus | string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  managedBy: string | null;
}

/** A freshly created token: the secret itself is in `token` and is never sent again. */
export interface NewToken {
  token: string;
  info: Token;
}

export interface Member {
  email: string;
  name: string;
  role: string;
  active: boolean;
  managedBy: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: { email: string; name: string } | null;
  action: string;
  resource: { type: string; id: string };
  project: string | null;
  details: unknown;
  requestId: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

/** Filters of `GET /audit`; empty strings mean "any". */
export interface AuditQuery {
  actor?: string;
  action?: string;
  resource?: string;
  project?: string;
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
}

export function parseUser(u: Record<string, unknown>): User {
  return {
    email: str(u.email),
    name: str(u.name),
    role: str(u.role),
    active: bool(u.active),
    managedBy: strOrNull(u.managedBy),
    projects: records(u.projects).map((p) => ({
      key: str(p.key),
      name: str(p.name ?? p.key),
      role: str(p.role),
    })),
  };
}

export function parseToken(t: Record<string, unknown>): Token {
  return {
    id: str(t.id),
    name: str(t.name),
    prefix: str(t.prefix),
    status: str(t.status),
    createdAt: str(t.createdAt),
    createdBy: strOrNull(t.createdBy),
    expiresAt: strOrNull(t.expiresAt),
    lastUsedAt: strOrNull(t.lastUsedAt),
    revokedAt: strOrNull(t.revokedAt),
    managedBy: strOrNull(t.managedBy),
  };
}

export function parseNewToken(body: Record<string, unknown>): NewToken {
  return { token: str(body.token), info: parseToken(isRecord(body.info) ? body.info : {}) };
}

export function parseMember(m: Record<string, unknown>): Member {
  return {
    email: str(m.email),
    name: str(m.name),
    role: str(m.role),
    active: m.active === undefined ? true : bool(m.active),
    managedBy: strOrNull(m.managedBy),
  };
}

export function parseAuditPage(body: Record<string, unknown>): AuditPage {
  return {
    entries: records(body.entries).map((e) => {
      const actor = isRecord(e.actor) ? e.actor : null;
      const resource = isRecord(e.resource) ? e.resource : {};
      return {
        id: str(e.id),
        at: str(e.at),
        actor: actor ? { email: str(actor.email), name: str(actor.name) } : null,
        action: str(e.action),
        resource: { type: str(resource.type), id: str(resource.id) },
        project: strOrNull(e.project),
        details: e.details ?? null,
        requestId: strOrNull(e.requestId),
      };
    }),
    nextCursor: strOrNull(body.nextCursor),
  };
}

/** `?actor=…&action=…` with only the filters that are set. */
export function auditQueryString(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
