// /api/v1 reads of the caller, environments and projects.
import { Hono } from 'hono';
import { getMe, listEnvironments, listProjects } from '../../core/services/describe-workspace.ts';
import { type AppDeps, type AppEnv, contextOf } from '../types.ts';

export function workspaceRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/me', async (c) => {
    const session = c.get('session');
    return c.json({
      ...(await getMe({ ctx: contextOf(deps, c) })),
      // The web view sends csrfToken as X-CSRF-Token with its writes; null for API tokens, which need none.
      session: session ? { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() } : null,
    });
  });
  app.get('/environments', async (c) =>
    c.json({ environments: await listEnvironments({ ctx: contextOf(deps, c) }) }),
  );
  app.get('/projects', async (c) => c.json({ projects: await listProjects({ ctx: contextOf(deps, c) }) }));
  return app;
}
