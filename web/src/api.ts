// HTTP client for the service's JSON API: bearer token, typed responses, one error type for every failure.

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

export interface Me {
  principal: Principal;
  projects: ProjectMembership[];
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

/**
 * Why a call failed, in the terms the page explains to a person: the token was refused, the server
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

export interface ApiClient {
  me(): Promise<Me>;
  environments(): Promise<Environment[]>;
  projects(): Promise<Project[]>;
}

export interface ApiClientOptions {
  /** Origin of the service; empty means the page's own origin, which is how the service serves it. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export function createApiClient(token: string, options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function getJson(path: string): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      });
    } catch {
      throw new ApiError('unreachable', 'Cannot reach the server. Check that the service is running.');
    }
    const body = await readJson(response);
    if (!response.ok) throw errorFromResponse(response.status, body);
    if (!isRecord(body)) {
      throw new ApiError('server', `The server sent an unexpected answer for ${path}.`, {
        status: response.status,
      });
    }
    return body;
  }

  return {
    async me() {
      const body = await getJson('/api/v1/me');
      const principal = isRecord(body.principal) ? body.principal : {};
      return {
        principal: {
          id: Number(principal.id ?? 0),
          email: String(principal.email ?? ''),
          name: String(principal.name ?? ''),
          workspaceRole: String(principal.workspaceRole ?? ''),
        },
        projects: records(body.projects).map((p) => ({
          key: String(p.key ?? ''),
          name: String(p.name ?? p.key ?? ''),
          role: String(p.role ?? ''),
        })),
      };
    },
    async environments() {
      const body = await getJson('/api/v1/environments');
      return records(body.environments).map((e) => ({
        key: String(e.key ?? ''),
        name: String(e.name ?? e.key ?? ''),
        order: Number(e.order ?? 0),
      }));
    },
    async projects() {
      const body = await getJson('/api/v1/projects');
      return records(body.projects).map((p) => ({
        key: String(p.key ?? ''),
        name: String(p.name ?? p.key ?? ''),
        databases: records(p.databases).map((d) => ({
          name: String(d.name ?? ''),
          instance: String(d.instance ?? ''),
          environment: String(d.environment ?? ''),
          engine: String(d.engine ?? ''),
        })),
      }));
    },
  };
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
function errorFromResponse(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const code = typeof error.code === 'string' ? error.code : undefined;
  const requestId = typeof error.requestId === 'string' ? error.requestId : undefined;
  if (status === 401) {
    return new ApiError('unauthorized', 'The server did not accept this token.', { status, code, requestId });
  }
  const message =
    typeof error.message === 'string' && error.message.length > 0
      ? error.message
      : `The server answered with HTTP ${status}.`;
  return new ApiError('server', message, { status, code, requestId });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
