// Starts the loopback Teams fake on 127.0.0.1: identity endpoints, the connector, call log, auth and rate limits.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, createOutageSwitch } from '../outage.ts';
import { connectorRoutes } from './connector-routes.ts';
import { connectorError, type FakeReply, matchRoute, type Route, readBody, send } from './http.ts';
import { identityRoutes } from './identity-routes.ts';
import { memberRoutes } from './members-routes.ts';
import { TeamsState } from './state.ts';
import { CHANNEL_TOKEN_ISSUER, checkAccessToken, mintChannelToken } from './tokens.ts';
import type { TeamsFake, TeamsFakeOptions } from './types.ts';

// https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages (message size limit)
const DEFAULT_MAX_ACTIVITY_BYTES = 100 * 1024;

interface ParsedRequest {
  method: string;
  rawSegments: string[];
  path: string;
  query: Record<string, string>;
  rawBody: string;
  /** JSON or form body as parsed for the call log. */
  body: unknown;
}

async function parse(request: IncomingMessage): Promise<ParsedRequest> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  let path = url.pathname;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {}
  const rawBody = await readBody(request);
  let body: unknown = rawBody || undefined;
  if ((request.headers['content-type'] ?? '').includes('form-urlencoded')) {
    body = Object.fromEntries(new URLSearchParams(rawBody));
  } else if (rawBody) {
    try {
      body = JSON.parse(rawBody);
    } catch {}
  }
  return {
    method: request.method ?? 'GET',
    rawSegments: url.pathname.split('/').filter(Boolean),
    path,
    query: Object.fromEntries(url.searchParams),
    rawBody,
    body,
  };
}

/** Answers one request: route, bearer token and body size on connector routes, injected 429s, the handler. */
async function answer(routes: Route[], state: TeamsState, request: IncomingMessage, parsed: ParsedRequest) {
  const { method, path, rawBody } = parsed;
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const params = matchRoute(candidate, parsed.rawSegments);
    if (!params) continue;
    if (candidate.auth) {
      const header = request.headers.authorization;
      const anonymous = state.options.allowAnonymous === true && !header;
      if (!anonymous && checkAccessToken(header, state.options.appId)) {
        // The connector's answer to a missing or bad bearer token.
        return { status: 401, body: { message: 'Authorization has been denied for this request.' } };
      }
      if (Buffer.byteLength(rawBody) > (state.options.maxActivityBytes ?? DEFAULT_MAX_ACTIVITY_BYTES)) {
        return connectorError(413, 'RequestEntityTooLarge', 'The message is too large.');
      }
    }
    const retryAfter = state.takeRateLimit(method, path);
    if (retryAfter !== undefined) {
      return {
        ...connectorError(429, 'TooManyRequests', 'Too many requests.'),
        headers: { 'retry-after': String(retryAfter) },
      } satisfies FakeReply;
    }
    return candidate.handler({
      method,
      path,
      params,
      query: parsed.query,
      headers: request.headers,
      rawBody,
    });
  }
  return connectorError(404, 'NotFound', `No fake endpoint for ${method} ${path}.`);
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
  const server = createServer(async (request, response) => {
    let parsed: ParsedRequest | undefined;
    let reply: FakeReply;
    try {
      parsed = await parse(request);
      reply = await answer(routes, state, request, parsed);
    } catch (error) {
      reply = connectorError(500, 'InternalError', String(error));
    }
    state.calls.push({
      method: request.method ?? 'GET',
      path: parsed?.path ?? request.url ?? '/',
      status: reply.status,
      ...(parsed?.body === undefined ? {} : { body: parsed.body }),
      ...(parsed && Object.keys(parsed.query).length ? { query: parsed.query } : {}),
    });
    send(response, reply);
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
    // Identity and connector share the host: an outage takes both down, as a region failing would.
    outage: createOutageSwitch(server, (response) => {
      response.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
      response.end(
        JSON.stringify({ error: { code: 'ServiceUnavailable', message: 'Service unavailable.' } }),
      );
    }),
    close: () => closeServer(server),
  };
}
