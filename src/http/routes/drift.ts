// /api/v1 drift: a database's live schema compared with its last recorded migration, fresh or as last recorded,
// and the board of every visible database's last recorded check.
import { Hono } from 'hono';
import { z } from 'zod';
import { checkDrift, listDrift } from '../../core/services/check-drift.ts';
import { type AppDeps, type AppEnv, contextOf } from '../types.ts';

const driftQuery = z.strictObject({ cached: z.enum(['0', '1', 'true', 'false']).optional() });

/** `GET /instances/{instance}/databases/{db}/drift[?cached=1]` and `GET /drift`. */
export function driftRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/drift', async (c) => c.json({ databases: await listDrift({ ctx: contextOf(deps, c) }) }));
  app.get('/instances/:instance/databases/:db/drift', async (c) => {
    const { cached } = driftQuery.parse(c.req.query());
    const [result] = await checkDrift({
      ctx: contextOf(deps, c),
      input: {
        instance: c.req.param('instance'),
        database: c.req.param('db'),
        cached: cached === '1' || cached === 'true',
      },
    });
    return c.json(result);
  });
  return app;
}
