// Starts the loopback GitLab fake: REST API v4 under /api/v4 on 127.0.0.1, token-checked and call-logged.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, createOutageSwitch, type OutageSwitch } from '../outage.ts';
import { fileRoutes } from './files.ts';
import { type Ctx, json, MissingParams, parseBody, type Reply, type Route } from './http.ts';
import { mergeRequestListRoutes } from './merge-request-lists.ts';
import { mergeRequestRoutes } from './merge-requests.ts';
import { GitLabOidc } from './oidc.ts';
import { projectRoutes } from './projects.ts';
import { GitLabFakeError } from './repo.ts';
import { repositoryRoutes } from './repository.ts';
import { GitLabStore } from './state.ts';
import type { Clock, FakeUser, GitLabFakeState } from './types.ts';

export interface GitLabFake {
  /** Base URL to give as GITLAB_URL, e.g. http://127.0.0.1:PORT (the API lives under /api/v4). */
  url: string;
  /** The access token the fake accepts (PRIVATE-TOKEN header or `Authorization: Bearer`). */
  token: string;
  state: GitLabFakeState;
  /** The same state with the internals the REST handlers and the driver use. */
  store: GitLabStore;
  /** GitLab as an OpenID Connect provider: applications, the signed-in user, codes and tokens. */
  oidc: GitLabOidc;
  /** Takes the API down and back up (HTTP 503 from the load balancer, or refused connections). */
  outage: OutageSwitch;
  close(): Promise<void>;
}

export interface GitLabFakeOptions {
  /** Default `glpat-fake-token`. */
  token?: string;
  /** Owner of the token (what `/api/v4/user` answers). */
  tokenUser?: FakeUser;
  clock?: Clock;
}

const routes: Route[] = [
  ...projectRoutes,
  ...fileRoutes,
  ...repositoryRoutes,
  ...mergeRequestRoutes,
  ...mergeRequestListRoutes,
];

function match(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index]!;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The token GitLab would read: PRIVATE-TOKEN, a Bearer token, or `private_token`/`access_token` in the query. */
function tokenOf(request: IncomingMessage, query: URLSearchParams): string | undefined {
  const header = request.headers['private-token'];
  if (typeof header === 'string' && header) return header;
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
  if (bearer) return bearer[1]!.trim();
  return query.get('private_token') ?? query.get('access_token') ?? undefined;
}

/** GitLab.com's throttled answer (Rack::Attack): 429, Retry-After, RateLimit-* and a plain-text body. */
function rateLimited(store: GitLabStore, retryAfterSeconds: number): Reply {
  const reset = Math.ceil(store.clock() / 1000) + retryAfterSeconds;
  return {
    status: 429,
    text: 'Retry later\n',
    headers: {
      'content-type': 'text/plain',
      'retry-after': String(retryAfterSeconds),
      'ratelimit-name': 'throttle_authenticated_api',
      'ratelimit-limit': '2000',
      'ratelimit-observed': '2001',
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(reset),
      'ratelimit-resettime': new Date(reset * 1000).toUTCString(),
    },
  };
}

async function answer(
  store: GitLabStore,
  request: IncomingMessage,
  body: Buffer,
  ctx: Partial<Ctx>,
): Promise<Reply> {
  const limited = store.takeRateLimit(ctx.segments!.join('/'), ctx.rawPath!);
  if (limited !== undefined) return rateLimited(store, limited);
  const candidates = routes
    .map((route) => ({ route, params: match(route.pattern, ctx.segments!.slice(3)) }))
    .filter((entry) => entry.params !== undefined);
  // Unknown routes are 404 before authentication, as GitLab's catch-all route answers.
  if (candidates.length === 0) return json(404, { error: '404 Not Found' });
  const user = store.tokenUser(tokenOf(request, ctx.query!) ?? '');
  if (!user) return json(401, { message: '401 Unauthorized' });
  const found = candidates.find((entry) => entry.route.method === ctx.method);
  if (!found) return json(405, { error: '405 Not Allowed' });
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = await parseBody(String(request.headers['content-type'] ?? ''), body);
  } catch {
    ctx.body = body.toString('utf8');
    return json(400, { error: 'The provided content-type is not supported or the body is not valid JSON' });
  }
  ctx.body = parsed;
  ctx.params = { ...Object.fromEntries(ctx.query!), ...(parsed ?? {}) };
  ctx.user = user;
  try {
    return found.route.handler(ctx as Ctx, found.params!);
  } catch (error) {
    if (error instanceof MissingParams) return json(400, { error: error.message });
    if (error instanceof GitLabFakeError) return json(error.status, { [error.field]: error.message });
    throw error;
  }
}

async function handle(
  store: GitLabStore,
  oidc: GitLabOidc,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  const segments = rawPath.split('/').map(decode);
  const ctx: Partial<Ctx> = {
    method: request.method ?? 'GET',
    rawPath,
    segments,
    query,
    headers: request.headers,
    store,
  };
  let reply: Reply;
  if (rawPath.startsWith('/api/v4/')) {
    try {
      reply = await answer(store, request, body, ctx);
    } catch (error) {
      reply = json(500, { message: `500 Internal Server Error: ${(error as Error).message}` });
    }
  } else if (oidc.handles(rawPath)) {
    const answered = await oidc.answer(ctx.method!, rawPath, query, request.headers, body);
    reply = answered.reply;
    if (answered.parsed && Object.keys(answered.parsed).length > 0) ctx.body = answered.parsed;
  } else {
    reply = { status: 404, text: 'Not Found', headers: { 'content-type': 'text/plain' } };
  }
  store.calls.push({
    method: ctx.method!,
    path: segments.join('/'),
    rawPath,
    query: Object.fromEntries(query),
    status: reply.status,
    ...(ctx.body !== undefined ? { body: ctx.body } : {}),
    at: store.clock(),
  });
  const payload = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
  response.writeHead(reply.status, {
    'content-type': 'application/json',
    'cache-control': 'max-age=0, private, must-revalidate',
    'x-request-id': `fake-${store.calls.length}`,
    ...reply.headers,
    'content-length': String(Buffer.byteLength(payload)),
  });
  response.end(payload);
}

/** Starts the fake on 127.0.0.1 on an ephemeral port. */
export async function startGitLabFake(options: GitLabFakeOptions = {}): Promise<GitLabFake> {
  const token = options.token ?? 'glpat-fake-token';
  const store = new GitLabStore({ ...options, token });
  const oidc = new GitLabOidc(store);
  const server = createServer((request, response) => {
    handle(store, oidc, request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  store.baseUrl = url;
  return {
    url,
    token,
    state: store,
    store,
    oidc,
    outage: createOutageSwitch(server, (response) => {
      response.writeHead(503, { 'content-type': 'text/html' });
      response.end('<html><body><h1>503 Service Unavailable</h1></body></html>');
    }),
    close: () => closeServer(server),
  };
}
