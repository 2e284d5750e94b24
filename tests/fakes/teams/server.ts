// Starts the loopback Teams fake on 127.0.0.1: identity endpoints, the connector, call log, auth and rate limits.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectorRoutes } from './connector-routes.ts';
import { connectorError, type FakeReply, matchRoute, type Route, readBody, send } from './http.ts';
import { identityRoutes } from './identity-routes.ts';
import { memberRoutes } from './members-routes.ts';
import { TeamsState } from './state.ts';
import { CHANNEL_TOKEN_ISSUER, checkAccessToken, mintChannelToken } from './tokens.ts';
import type { TeamsFake, TeamsFakeOptions } from './types.ts';

const DEFAULT_MAX_ACTIVITY_BYTES = 28 * 1024;

/** Answers one request: route, body limit, bearer token on connector routes, injected 429s, then the handler. */
async function handle(
  routes: Route[],
  state: TeamsState,
  request: IncomingMessage,
): Promise<{
  reply: FakeReply;
  path: string;
  query: Record<string, string>;
  body: unknown;
  logged: boolean;
}> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const method = request.method ?? 'GET';
  const rawSegments = url.pathname.split('/').filter(Boolean);
  const query = Object.fromEntries(url.searchParams);
  let path = url.pathname;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {}
  const rawBody = await readBody(request);
  let body: unknown = rawBody || undefined;
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {}
  if (typeof body === 'string' && (request.headers['content-type'] ?? '').includes('form-urlencoded')) {
    body = Object.fromEntries(new URLSearchParams(rawBody));
  }
  const base = { path, query, body, logged: true };
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const params = matchRoute(candidate, rawSegments);
    if (!params) continue;
    if (candidate.auth) {
      // The connector answers 401 with this body to a missing or bad bearer token.
      const problem = checkAccessToken(request.headers.authorization, state.options.appId);
      if (problem)
        return {
          ...base,
          reply: { status: 401, body: { message: 'Authorization has been denied for this request.' } },
        };
      const limit = state.options.maxActivityBytes ?? DEFAULT_MAX_ACTIVITY_BYTES;
      if (Buffer.byteLength(rawBody) > limit) {
        return { ...base, reply: connectorError(413, 'MessageSizeTooBig', 'Message size too big.') };
      }
    }
    const retryAfter = state.takeRateLimit(method, path);
    if (retryAfter !== undefined) {
      return {
        ...base,
        reply: {
          status: 429,
          headers: { 'retry-after': String(retryAfter) },
          body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
        },
      };
    }
    const reply = await candidate.handler({ method, path, params, query, headers: request.headers, rawBody });
    return { ...base, reply };
  }
  return { ...base, reply: connectorError(404, 'NotFound', `No fake endpoint for ${method} ${path}.`) };
}

/** Starts the fake; `env` points a botbuilder service at it. */
export async function startTeamsFake(options: TeamsFakeOptions): Promise<TeamsFake> {
  const state = new TeamsState(options);
  const botId = `28:${options.appId}`;
  let url = '';
  const routes = [
    ...identityRoutes({ options, url: () => url }),
    ...connectorRoutes({ state, botId, url: () => url }),
    ...memberRoutes(state),
  ];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    handle(routes, state, request).then(
      ({ reply, path, query, body }) => {
        state.calls.push({
          method: request.method ?? 'GET',
          path,
          status: reply.status,
          ...(body === undefined ? {} : { body }),
          ...(Object.keys(query).length ? { query } : {}),
        });
        send(response, reply);
      },
      (error: unknown) => send(response, connectorError(500, 'InternalError', String(error))),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serviceUrl = `${url}/`;
  return {
    url,
    serviceUrl,
    env: {
      TEAMS_APP_ID: options.appId,
      TEAMS_APP_PASSWORD: options.appPassword,
      TEAMS_APP_TENANT_ID: options.tenantId,
      TEAMS_OPENID_METADATA_URL: `${url}/v1/.well-known/openidconfiguration`,
      TEAMS_TOKEN_ISSUER: CHANNEL_TOKEN_ISSUER,
      TEAMS_LOGIN_URL: `${url}/${options.tenantId}`,
    },
    state,
    options,
    botId,
    botName: options.botName ?? 'Bytebase',
    mintChannelToken: (overrides) => mintChannelToken(options, serviceUrl, overrides),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
