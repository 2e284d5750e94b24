// HTTP client for the service's JSON API: bearer token or cookie session, typed from the OpenAPI document
// (openapi-fetch over the generated schema), one error type.

import { type ApiSchemas, createTypedClient, type paths, type TypedClient } from './api/typed-client.ts';

export type { ApiSchemas } from './api/typed-client.ts';

// Names pages use for the document's schemas; every shape comes from the generated web/src/api/schema.ts.
export type Me = ApiSchemas['Me'];
export type Principal = Me['principal'];
export type ProjectMembership = Me['projects'][number];
export type Permissions = Me['permissions'];
export type Environment = ApiSchemas['EnvironmentList']['environments'][number];
export type Project = ApiSchemas['Project'];
export type Database = Project['databases'][number];
export type User = ApiSchemas['User'];
export type WorkspaceRole = User['role'];
export type ProjectRole = ApiSchemas['Member']['role'];
export type Token = ApiSchemas['Token'];
export type NewToken = ApiSchemas['NewToken'];
export type Member = ApiSchemas['Member'];
export type AuditEntry = ApiSchemas['AuditEntry'];
export type AuditPage = ApiSchemas['AuditPage'];
export type UserInput = NonNullable<paths['/users']['post']['requestBody']>['content']['application/json'];
export type UserPatch = NonNullable<
  paths['/users/{email}']['patch']['requestBody']
>['content']['application/json'];
export type TokenInput = NonNullable<
  paths['/users/{email}/tokens']['post']['requestBody']
>['content']['application/json'];
/** Filters of `GET /audit`; empty strings mean "any". */
export type AuditQuery = NonNullable<paths['/audit']['get']['parameters']['query']>;

export const WORKSPACE_ROLES: readonly WorkspaceRole[] = ['owner', 'dba', 'developer'];
export const PROJECT_ROLES: readonly ProjectRole[] = ['owner', 'developer'];

/** How single sign-on is offered, from `GET /auth/config` (outside /api/v1). */
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
  /** The same credentials on the client typed from the OpenAPI document (pages call it directly). */
  readonly raw: TypedClient;
  /** Turns a typed call's `{data, error, response}` into the data, or throws the ApiError pages show. */
  unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T;
  me(): Promise<Me>;
  environments(): Promise<Environment[]>;
  projects(): Promise<Project[]>;
  users(): Promise<User[]>;
  createUser(input: UserInput): Promise<User>;
  updateUser(email: string, patch: UserPatch): Promise<User>;
  user(email: string): Promise<User>;
  tokens(email: string): Promise<Token[]>;
  createToken(email: string, input: TokenInput): Promise<NewToken>;
  revokeToken(id: number): Promise<Token>;
  members(project: string): Promise<Member[]>;
  setMember(project: string, email: string, role: ProjectRole): Promise<Member>;
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

const unreachable = () =>
  new ApiError('unreachable', 'Cannot reach the server. Check that the service is running.');

export function createApiClient(credentials: Credentials, options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  // A network failure becomes the ApiError pages explain, for typed calls made by pages too.
  const guardedFetch: typeof fetch = async (input, init) => {
    try {
      return await doFetch(input, init);
    } catch {
      throw unreachable();
    }
  };
  // Learnt from /me: a cookie session must echo it on every unsafe request (double-submit CSRF defence).
  let csrfToken: string | undefined;

  const raw = createTypedClient({
    baseUrl,
    token: credentials.kind === 'token' ? credentials.token : null,
    csrfToken: () => csrfToken,
    fetch: guardedFetch,
  });

  function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
    if (result.response.ok) return result.data as T;
    const error = errorFromResponse(result.response.status, result.error, credentials);
    if (error.kind === 'unauthorized') options.onUnauthorized?.(error);
    throw error;
  }

  return {
    credentials,
    raw,
    unwrap,
    async me() {
      const me = unwrap(await raw.GET('/me'));
      if (me.session) csrfToken = me.session.csrfToken;
      return me;
    },
    async environments() {
      return unwrap(await raw.GET('/environments')).environments;
    },
    async projects() {
      return unwrap(await raw.GET('/projects')).projects;
    },
    async users() {
      return unwrap(await raw.GET('/users')).users;
    },
    async user(email) {
      return unwrap(await raw.GET('/users/{email}', { params: { path: { email } } })).user;
    },
    async createUser(input) {
      return unwrap(await raw.POST('/users', { body: input })).user;
    },
    async updateUser(email, patch) {
      return unwrap(await raw.PATCH('/users/{email}', { params: { path: { email } }, body: patch })).user;
    },
    async tokens(email) {
      return unwrap(await raw.GET('/users/{email}/tokens', { params: { path: { email } } })).tokens;
    },
    async createToken(email, input) {
      return unwrap(await raw.POST('/users/{email}/tokens', { params: { path: { email } }, body: input }));
    },
    async revokeToken(id) {
      return unwrap(await raw.DELETE('/tokens/{id}', { params: { path: { id } } })).token;
    },
    async members(project) {
      return unwrap(await raw.GET('/projects/{project}/members', { params: { path: { project } } })).members;
    },
    async setMember(project, email, role) {
      const path = { project, email };
      return unwrap(
        await raw.PUT('/projects/{project}/members/{email}', { params: { path }, body: { role } }),
      ).member;
    },
    async removeMember(project, email) {
      const path = { project, email };
      unwrap(await raw.DELETE('/projects/{project}/members/{email}', { params: { path } }));
    },
    async audit(query) {
      // Only the filters that are set: the server refuses empty values rather than showing everything.
      const set = Object.fromEntries(
        Object.entries(query).filter(([, value]) => value !== undefined && value !== ''),
      ) as AuditQuery;
      return unwrap(await raw.GET('/audit', { params: { query: set } }));
    },
    async signOut() {
      if (credentials.kind !== 'session') return;
      // /auth/logout is outside /api/v1 (and its document); the cookie and CSRF token are all it needs.
      const response = await guardedFetch(`${baseUrl}/auth/logout`, {
        method: 'POST',
        headers: { Accept: 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
        credentials: 'same-origin',
      });
      if (!response.ok) throw errorFromResponse(response.status, await readJson(response), credentials);
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
    const name = typeof oidc.name === 'string' && oidc.name ? oidc.name : 'single sign-on';
    return { oidc: { enabled: oidc.enabled === true, name } };
  } catch {
    return { oidc: { enabled: false, name: '' } };
  }
}

/** Where the browser goes to start single sign-on; the service sends it back to `returnTo` afterwards. */
export function oidcLoginUrl(returnTo: string): string {
  return `/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
