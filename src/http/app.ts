// createApp(deps): the Hono application with request ids, logging, auth, routes, errors and the web view.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { ChatPlatform } from '../core/model/workspace.ts';
import { errorResponse, mapError } from './errors.ts';
import { requirePrincipal } from './middleware/auth.ts';
import { openApiDocument } from './openapi/index.ts';
import { accessRoutes } from './routes/access.ts';
import { authRoutes } from './routes/auth.ts';
import { driftRoutes } from './routes/drift.ts';
import { healthRoutes } from './routes/health.ts';
import { issueRoutes } from './routes/issues.ts';
import { reviewRoutes } from './routes/review.ts';
import { workspaceRoutes } from './routes/workspace.ts';
import type { AppDeps, AppEnv } from './types.ts';

export const API_BODY_LIMIT = 2 * 1024 * 1024;

/** Probes and scrapes come every few seconds: measured, not logged. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
/** Hooks whose answer is a chat platform's acknowledgement, timed against that platform's deadline. */
const CHAT_HOOKS: ReadonlySet<string> = new Set<ChatPlatform>(['slack', 'teams', 'feishu']);

/** An inbound endpoint of a platform (chat, GitLab) that verifies its own requests on the raw body. */
export interface InboundHook {
  handle(request: Request): Promise<Response>;
}

/** `hooks` are mounted at POST /hooks/<name>, outside /api/v1 token auth. */
export function createApp(deps: AppDeps, hooks: Record<string, InboundHook> = {}) {
  const app = new Hono<AppEnv>();
  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // The pattern of the route that answered (e.g. /api/v1/issues/:id), never the raw path: bounded label values.
    deps.metrics?.httpRequest({
      route: routePath(c) || 'unmatched',
      method: c.req.method,
      status: c.res.status,
      seconds: (performance.now() - started) / 1000,
    });
    if (!QUIET_PATHS.has(c.req.path)) {
      deps.logger.info(
        {
          requestId: c.get('requestId'),
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    }
  });
  app.onError((err, c) => mapError(err, c, deps.logger));

  app.route('/', healthRoutes(deps));
  // Web sign-in and sign-out; the session cookie they set authenticates /api/v1 like a token.
  app.route('/', authRoutes(deps));
  // Platforms sign their requests; each hook verifies them (exact raw body) instead of token auth.
  for (const [name, hook] of Object.entries(hooks))
    app.post(`/hooks/${name}`, async (c) => {
      const started = performance.now();
      const answer = await hook.handle(c.req.raw);
      if (CHAT_HOOKS.has(name)) deps.metrics?.chatAck(name, (performance.now() - started) / 1000);
      return answer;
    });

  // The API's contract needs no token: the web view and tools read it before anyone signs in.
  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
  const api = new Hono<AppEnv>();
  api.use(
    '*',
    bodyLimit({
      maxSize: API_BODY_LIMIT,
      onError: (c) =>
        errorResponse(c, 413, 'payload_too_large', `request body exceeds ${API_BODY_LIMIT} bytes`),
    }),
  );
  api.use('*', requirePrincipal(deps));
  api.route('/', workspaceRoutes(deps));
  api.route('/', issueRoutes(deps));
  api.route('/', driftRoutes(deps));
  api.route('/', accessRoutes(deps));
  api.route('/', reviewRoutes(deps));
  app.route('/api/v1', api);
  app.all('/api/*', (c) => errorResponse(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));

  const webRoot = deps.webRoot;
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    const root = relative(process.cwd(), webRoot) || '.';
    app.use('/assets/*', serveStatic({ root }));
    app.get('*', serveStatic({ root, path: 'index.html' }));
  } else {
    app.get('/', (c) => c.text('The web view is not built. Run `npm run build:web`.\n', 503));
  }
  app.notFound((c) => errorResponse(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  return app;
}
