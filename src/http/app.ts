// createApp(deps): the Hono application with request ids, logging, auth, routes, errors and the web view.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
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
    if (c.req.path !== '/healthz') {
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
  for (const [name, hook] of Object.entries(hooks)) app.post(`/hooks/${name}`, (c) => hook.handle(c.req.raw));

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
