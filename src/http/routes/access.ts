// /api/v1 access administration: users, API tokens, project members and the audit log.
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../types.ts';

export function accessRoutes(_deps: AppDeps) {
  const app = new Hono<AppEnv>();
  return app;
}
