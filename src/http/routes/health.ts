// Liveness and readiness: 200 {"status":"ok"} once the store is migrated.
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../types.ts';

export function healthRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) =>
    deps.isReady() ? c.json({ status: 'ok' }) : c.json({ status: 'starting' }, 503),
  );
  return app;
}
