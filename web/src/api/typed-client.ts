// The API client typed from the service's OpenAPI document (openapi-fetch over the generated schema.d.ts):
// credentials, CSRF and errors in one middleware, so pages call `client.GET('/issues/{id}', …)` fully typed.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.ts';

export type { components, paths } from './schema.ts';
export type ApiSchemas = import('./schema.ts').components['schemas'];
export type TypedClient = Client<paths>;

export interface TypedClientOptions {
  /** Origin of the service; empty: the page's own. */
  baseUrl?: string;
  /** The API token, or null for the cookie session. */
  token: string | null;
  /** The session's CSRF token (from GET /me), sent with every write made with the cookie. */
  csrfToken: () => string | undefined;
  fetch?: typeof fetch;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createTypedClient(options: TypedClientOptions): TypedClient {
  const client = createClient<paths>({
    baseUrl: `${options.baseUrl ?? ''}/api/v1`,
    // A token alone identifies the caller; the session cookie is only sent in session mode.
    credentials: options.token ? 'omit' : 'same-origin',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      request.headers.set('Accept', 'application/json');
      if (options.token) request.headers.set('Authorization', `Bearer ${options.token}`);
      else if (UNSAFE.has(request.method)) {
        const csrf = options.csrfToken();
        if (csrf) request.headers.set('X-CSRF-Token', csrf);
      }
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** The error body every failed request carries. */
export type ErrorBody = ApiSchemas['ErrorBody'];
