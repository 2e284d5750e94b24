// Starts the loopback Slack fake: the Web API at /api/<method> and response URLs at /response/<id>.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { closeServer, createOutageSwitch, type OutageSwitch } from '../outage.ts';
import { SlackFakeState } from './state.ts';
import type { SlackFakeOptions } from './types.ts';
import { handleWebApi } from './web-api.ts';

/** A running fake; point the service's `slackApiUrl` at `apiUrl`. */
export interface SlackFake {
  /** e.g. `http://127.0.0.1:PORT` */
  baseUrl: string;
  /** e.g. `http://127.0.0.1:PORT/api/` (trailing slash, as `@slack/web-api` expects). */
  apiUrl: string;
  port: number;
  state: SlackFakeState;
  /** Takes the Web API down and back up (HTTP 503 `{ok:false,error:"service_unavailable"}`, or refused connections). */
  outage: OutageSwitch;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Reads a response URL body: JSON, or a form with a `payload` JSON field like incoming webhooks. */
async function readResponseUrlBody(request: Request): Promise<Record<string, unknown> | undefined> {
  const text = await request.text();
  const contentType = request.headers.get('content-type') ?? '';
  const json = contentType.startsWith('application/x-www-form-urlencoded')
    ? (new URLSearchParams(text).get('payload') ?? '')
    : text;
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The fake's HTTP routes over a given state (exported for in-process use with `app.request`). */
export function createSlackFakeApp(state: SlackFakeState): Hono {
  const app = new Hono();
  app.on(['GET', 'POST'], '/api/:method', (c) => handleWebApi(state, c.req.param('method'), c.req.raw));
  app.post('/response/:id', async (c) => {
    const body = await readResponseUrlBody(c.req.raw);
    if (!body) {
      state.responseUrls.posts.push({
        id: c.req.param('id'),
        body: {},
        at: state.clock(),
        status: 400,
        result: { ok: false, error: 'invalid_payload' },
      });
      return c.json({ ok: false, error: 'invalid_payload' }, 400);
    }
    const answer = state.responseUrls.handle(c.req.param('id'), body);
    return c.json(answer.body, answer.status as 200 | 400 | 404);
  });
  return app;
}

/** Starts the fake on 127.0.0.1 (ephemeral port unless `options.port` is given). */
export async function startSlackFake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  const state = new SlackFakeState(options);
  const app = createSlackFakeApp(state);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const listening = serve(
        { fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 },
        (info: AddressInfo) => resolve({ server: listening, port: info.port }),
      );
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  state.baseUrl = baseUrl;
  const outage = createOutageSwitch(server as Server, (response) => {
    response.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' });
    response.end(JSON.stringify({ ok: false, error: 'service_unavailable' }));
  });
  return {
    baseUrl,
    apiUrl: `${baseUrl}/api/`,
    port,
    state,
    outage,
    close: () => closeServer(server as Server),
  };
}
