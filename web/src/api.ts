// HTTP client for the service's JSON API: bearer token or cookie session, typed responses, one error type.
import {
  type AuditPage,
  type AuditQuery,
  auditQueryString,
  type Member,
  type NewToken,
  parseAuditPage,
  parseMember,
  parseNewToken,
  parseToken,
  parseUser,
  type Token,
  type User,
  type UserPatch,
  type WorkspaceRole,
} from './api-access.ts';
import { bool, isRecord, records, str } from './api-values.ts';

export type * from './api-access.ts';

/** The signed-in principal as `GET /api/v1/me` describes it. */
export interface Principal {
  id: number;
  email: string;
  name: string;
  workspaceRole: string;
}

/** A project the principal belongs to, with the role held in it. */
export interface ProjectMembership {
  key: string;
  name: string;
  role: string;
}

/** What the principal may administer; pages and navigation follow it, the server enforces it. */
export interface Permissions {
  manageUsers: boolean;
  readUsers: boolean;
  readAudit: boolean;
}

export interface Me {
  principal: Principal;
  projects: ProjectMembership[];
  permissions: Permissions;
  /** Present when the caller signed in through single sign-on (a cookie session). */
  session: { csrfToken: string } | null;
}

export interface Environment {
  key: string;
  name: string;
  order: number;
}

export interface Database {
  name: string;
  instance: string;
  environment: string;
  engine: string;
}

export interface Project {
  key: string;
  name: string;
  databases: Database[];
}

/** How single sign-on is offered, from `GET /auth/config`. */
export interface AuthConfig {
  oidc: { enabled: boolean; name: string };
}

/** How requests prove who sends them: an API token, or the cookie session single sign-on set. */
export type Credentials = { kind: 'token'; token: string } | { kind: 'session' };

/**
 * Why a call failed, in the terms the page explains to a person: the credentials were refused, the server
 * could not be reached, or the server answered with an error of its own.
 */
export type ApiErrorKind = 'unauthorized' | 'unreachable' | 'server';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;

  constructor(
    kind: ApiErrorKind,
    message: string,
    details: { status?: number; code?: string; requestId?: string } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
  }
}

/** Any thrown value as an ApiError, so pages have one thing to show. */
export function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError('server', String(caught));
}

export interface ApiClient {
  readonly credentials: Credentials;
  me(): Promise<Me>;
  environments(): Promise<Environment[]>;
  projects(): Promise<Project[]>;
  users(): Promise<User[]>;
  createUser(input: { email: string; name: string; role: WorkspaceRole }): Promise<User>;
  updateUser(email: string, patch: UserPatch): Promise<User>;
  user(email: string): Promise<User>;
  tokens(email: string): Promise<Token[]>;
  createToken(email: string, input: { name: string; expiresAt?: string }): Promise<NewToken>;
  revokeToken(id: string): Promise<Token>;
  members(project: string): Promise<Member[]>;
  setMember(project: string, email: string, role: string): Promise<Member>;
  removeMember(project: string, email: string): Promise<void>;
  audit(query: AuditQuery): Promise<AuditPage>;
  /** Ends the cookie session on the server; a token needs nothing (it stays valid until revoked). */
  signOut(): Promise<void>;
}

export interface ApiClientOptions {
  /** Origin of the service; empty means the page's own origin, which is how the service serves it. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called when the server refuses the credentials after sign-in (revoked token, ended session). */
  onUnauthorized?: (error: ApiError) => void;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export function createApiClient(credentials: Credentials, options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  // Learnt from /me: a cookie session must echo it on every unsafe request (double-submit CSRF defence).
  let csrfToken: string | undefined;

  async function call(method: Method, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (credentials.kind === 'token') headers.Authorization = `Bearer ${credentials.token}`;
    else if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // A token alone identifies the caller; the session cookie is only sent in session mode.
        credentials: credentials.kind === 'token' ? 'omit' : 'same-origin',
      });
    } catch {
      throw new ApiError('unreachable', 'Cannot reach the server. Check that the service is running.');
    }
    const parsed = response.status === 204 ? {} : await readJson(response);
    if (!response.ok) {
      const error = errorFromResponse(response.status, parsed, credentials);
      if (error.kind === 'unauthorized') options.onUnauthorized?.(error);
      throw error;
    }
    if (!isRecord(parsed)) {
      throw new ApiError('server', `The server sent an unexpected answer for ${path}.`, {
        status: response.status,
      });
    }
    return parsed;
  }

  const get = (path: string) => call('GET', path);
  const enc = encodeURIComponent;

  return {
    credentials,
    async me() {
      const me = parseMe(await get('/api/v1/me'));
      if (me.session) csrfToken = me.session.csrfToken;
      return me;
    },
    async environments() {
      const body = await get('/api/v1/environments');
      return records(body.environments).map((e) => ({
        key: str(e.key),
        name: str(e.name ?? e.key),
        order: Number(e.order ?? 0),
      }));
    },
    async projects() {
      const body = await get('/api/v1/projects');
      return records(body.projects).map((p) => ({
        key: str(p.key),
        name: str(p.name ?? p.key),
        databases: records(p.databases).map((d) => ({
          name: str(d.name),
          instance: str(d.instance),
          environment: str(d.environment),
          engine: str(d.engine),
        })),
      }));
    },
    async users() {
      return records((await get('/api/v1/users')).users).map(parseUser);
    },
    async user(email) {
      return parseUser(recordOf((await get(`/api/v1/users/${enc(email)}`)).user));
    },
    async createUser(input) {
      return parseUser(recordOf((await call('POST', '/api/v1/users', input)).user));
    },
    async updateUser(email, patch) {
      return parseUser(recordOf((await call('PATCH', `/api/v1/users/${enc(email)}`, patch)).user));
    },
    async tokens(email) {
      return records((await get(`/api/v1/users/${enc(email)}/tokens`)).tokens).map(parseToken);
    },
    async createToken(email, input) {
      return parseNewToken(await call('POST', `/api/v1/users/${enc(email)}/tokens`, input));
    },
    async revokeToken(id) {
      return parseToken(recordOf((await call('DELETE', `/api/v1/tokens/${enc(id)}`)).token));
    },
    async members(project) {
      return records((await get(`/api/v1/projects/${enc(project)}/members`)).members).map(parseMember);
    },
    async setMember(project, email, role) {
      const body = await call('PUT', `/api/v1/projects/${enc(project)}/members/${enc(email)}`, { role });
      return parseMember(recordOf(body.member));
    },
    async removeMember(project, email) {
      await call('DELETE', `/api/v1/projects/${enc(project)}/members/${enc(email)}`);
    },
    async audit(query) {
      return parseAuditPage(await get(`/api/v1/audit${auditQueryString(query)}`));
    },
    async signOut() {
      if (credentials.kind === 'session') await call('POST', '/auth/logout');
    },
  };
}

/** Reads `GET /auth/config`; a service without single sign-on (or an older one) offers tokens only. */
export async function fetchAuthConfig(options: ApiClientOptions = {}): Promise<AuthConfig> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  try {
    const response = await doFetch(`${options.baseUrl ?? ''}/auth/config`, {
      headers: { Accept: 'application/json' },
      credentials: 'omit',
    });
    const body = response.ok ? await readJson(response) : undefined;
    const oidc = isRecord(body) && isRecord(body.oidc) ? body.oidc : {};
    return { oidc: { enabled: bool(oidc.enabled), name: str(oidc.name) || 'single sign-on' } };
  } catch {
    return { oidc: { enabled: false, name: '' } };
  }
}

/** Where the browser goes to start single sign-on; the service sends it back to `returnTo` afterwards. */
export function oidcLoginUrl(returnTo: string): string {
  return `/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`;
}

function parseMe(body: Record<string, unknown>): Me {
  const principal = recordOf(body.principal);
  const permissions = recordOf(body.permissions);
  const session = recordOf(body.session);
  return {
    principal: {
      id: Number(principal.id ?? 0),
      email: str(principal.email),
      name: str(principal.name),
      workspaceRole: str(principal.workspaceRole),
    },
    projects: records(body.projects).map((p) => ({
      key: str(p.key),
      name: str(p.name ?? p.key),
      role: str(p.role),
    })),
    permissions: {
      manageUsers: bool(permissions.manageUsers),
      // Owners manage users and DBAs read them; an older service that does not say so follows that rule.
      readUsers:
        permissions.readUsers === undefined
          ? bool(permissions.manageUsers) || str(principal.workspaceRole) === 'dba'
          : bool(permissions.readUsers),
      readAudit: bool(permissions.readAudit),
    },
    session: typeof session.csrfToken === 'string' ? { csrfToken: session.csrfToken } : null,
  };
}

function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

// The service answers every error as { error: { code, message, requestId } }; anything else (a proxy's
// HTML page, an empty body) still becomes a readable message with the status.
function errorFromResponse(status: number, body: unknown, credentials: Credentials): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const code = typeof error.code === 'string' ? error.code : undefined;
  const requestId = typeof error.requestId === 'string' ? error.requestId : undefined;
  if (status === 401) {
    const message =
      credentials.kind === 'token'
        ? 'The server did not accept this token.'
        : 'Your session has ended. Sign in again.';
    return new ApiError('unauthorized', message, { status, code, requestId });
  }
  const message =
    typeof error.message === 'string' && error.message.length > 0
      ? error.message
      : `The server answered with HTTP ${status}.`;
  return new ApiError('server', message, { status, code, requestId });
}
