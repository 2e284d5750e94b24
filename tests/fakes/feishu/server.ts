// Starts the loopback Feishu fake: the Open API under /open-apis, with tokens, call log and rate limits.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { closeServer, createOutageSwitch, type OutageSwitch } from '../outage.ts';
import { botInfo, checkBearer, tenantAccessToken } from './api-auth.ts';
import { delayedCardUpdate } from './api-card-update.ts';
import { batchGetId, getUser } from './api-contact.ts';
import { createMessage, editMessage, patchMessage, replyMessage } from './api-messages.ts';
import { type ApiAnswer, FeishuCode, fail, rateLimited } from './errors.ts';
import { FeishuFakeState } from './state.ts';
import type { FeishuFakeOptions } from './types.ts';

/** A running fake; give the service `env` (FEISHU_DOMAIN = `url`). */
export interface FeishuFake {
  /** Base URL to give as FEISHU_DOMAIN (the API lives under /open-apis), e.g. `http://127.0.0.1:PORT`. */
  url: string;
  /** Env for the service: FEISHU_APP_ID, FEISHU_APP_SECRET, FEISHU_VERIFICATION_TOKEN, FEISHU_ENCRYPT_KEY, FEISHU_DOMAIN. */
  env: Record<string, string>;
  state: FeishuFakeState;
  port: number;
  /** Takes the Open API down and back up (HTTP 503 from the gateway, or refused connections). */
  outage: OutageSwitch;
  close(): Promise<void>;
}

const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

type Route = (state: FeishuFakeState, query: Record<string, string>, body: unknown) => ApiAnswer;

/** Authenticated routes: method and a path pattern whose first group (if any) is the resource id. */
const ROUTES: { method: string; pattern: RegExp; handle: (id: string) => Route }[] = [
  { method: 'POST', pattern: /^\/open-apis\/im\/v1\/messages$/, handle: () => createMessage },
  {
    method: 'POST',
    pattern: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/,
    handle: (id) => (state, _q, body) => replyMessage(state, id, body),
  },
  {
    method: 'PATCH',
    pattern: /^\/open-apis\/im\/v1\/messages\/([^/]+)$/,
    handle: (id) => (state, _q, body) => patchMessage(state, id, body),
  },
  {
    method: 'PUT',
    pattern: /^\/open-apis\/im\/v1\/messages\/([^/]+)$/,
    handle: (id) => (state, _q, body) => editMessage(state, id, body),
  },
  {
    method: 'POST',
    pattern: /^\/open-apis\/interactive\/v1\/card\/update$/,
    handle: () => (state, _q, body) => delayedCardUpdate(state, body),
  },
  {
    method: 'POST',
    pattern: /^\/open-apis\/contact\/v3\/users\/batch_get_id$/,
    handle: () => batchGetId,
  },
  {
    method: 'GET',
    pattern: /^\/open-apis\/contact\/v3\/users\/([^/]+)$/,
    handle: (id) => (state, query) => getUser(state, decodeURIComponent(id), query),
  },
  { method: 'GET', pattern: /^\/open-apis\/bot\/v3\/info\/?$/, handle: () => (state) => botInfo(state) },
];

/** Answers one Open API request (exported for in-process use). */
export async function handleOpenApi(state: FeishuFakeState, request: Request): Promise<ApiAnswer> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const query = Object.fromEntries(url.searchParams);
  const text = method === 'GET' ? '' : await request.text();
  let body: unknown;
  let answer: ApiAnswer | undefined;
  let token: string | undefined;
  try {
    body = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    answer = fail(FeishuCode.fieldValidation, 'field validation failed');
  }
  if (!answer && url.pathname === TOKEN_PATH && method === 'POST') {
    const limit = state.limits.take(method, url.pathname);
    answer = limit ? rateLimited(limit.retryAfterSeconds, limit.status) : tenantAccessToken(state, body);
  }
  if (!answer) {
    const auth = checkBearer(state, request.headers.get('authorization') ?? undefined);
    if ('error' in auth) answer = auth.error;
    else token = auth.token;
  }
  if (!answer) {
    const limit = state.limits.take(method, url.pathname);
    if (limit) answer = rateLimited(limit.retryAfterSeconds, limit.status);
  }
  if (!answer) {
    const route = ROUTES.find((r) => r.method === method && r.pattern.test(url.pathname));
    const id = route ? (route.pattern.exec(url.pathname)?.[1] ?? '') : '';
    answer = route
      ? route.handle(id)(state, query, body)
      : { status: 404, body: { code: 404, msg: '404 page not found' } };
  }
  state.calls.push({
    method,
    path: url.pathname,
    query,
    status: answer.status,
    ...(body !== undefined ? { body } : {}),
    ...(token ? { token } : {}),
    response: answer.body,
    at: state.clock(),
  });
  return answer;
}

/** The fake's HTTP app over a given state. */
export function createFeishuFakeApp(state: FeishuFakeState): Hono {
  const app = new Hono();
  app.all('/open-apis/*', async (c) => {
    const answer = await handleOpenApi(state, c.req.raw);
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...answer.headers },
    });
  });
  return app;
}

/** Starts the fake on 127.0.0.1 (ephemeral port unless `options.port` is given). */
export async function startFeishuFake(options: FeishuFakeOptions): Promise<FeishuFake> {
  const state = new FeishuFakeState(options);
  const app = createFeishuFakeApp(state);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const listening = serve(
        { fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 },
        (info: AddressInfo) => resolve({ server: listening, port: info.port }),
      );
    },
  );
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    state,
    env: {
      FEISHU_APP_ID: options.appId,
      FEISHU_APP_SECRET: options.appSecret,
      FEISHU_VERIFICATION_TOKEN: options.verificationToken,
      FEISHU_ENCRYPT_KEY: options.encryptKey,
      FEISHU_DOMAIN: url,
    },
    outage: createOutageSwitch(server as Server, (response) => {
      response.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ code: 503, msg: 'service unavailable' }));
    }),
    close: () => closeServer(server as Server),
  };
}
