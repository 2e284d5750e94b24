// /api/v1 drift: a database's live schema compared with its last recorded migration (fresh or as last recorded),
// the history of its checks, accepting the live schema as its baseline, and the board of every visible database.
import { Hono } from 'hono';
import { z } from 'zod';
import { acceptBaseline, baselineBody } from '../../core/services/accept-baseline.ts';
import { checkDrift, listDrift, listDriftChecks } from '../../core/services/check-drift.ts';
import { jsonBody } from '../body.ts';
import { type AppDeps, type AppEnv, contextOf } from '../types.ts';

const driftQuery = z.strictObject({ cached: z.enum(['0', '1', 'true', 'false']).optional() });

/**
 * `GET /instances/{instance}/databases/{db}/drift[?cached=1]`, `GET …/drift/checks`, `POST …/baseline` and
 * `GET /drift`.
 */
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
  app.get('/instances/:instance/databases/:db/drift/checks', async (c) =>
    c.json(
      await listDriftChecks({
        ctx: contextOf(deps, c),
        instance: c.req.param('instance'),
        database: c.req.param('db'),
        query: c.req.query(),
      }),
    ),
  );
  app.post('/instances/:instance/databases/:db/baseline', async (c) => {
    const body = baselineBody.parse(await jsonBody(c));
    const outcome = await acceptBaseline({
      ctx: contextOf(deps, c),
      input: { ...body, instance: c.req.param('instance'), database: c.req.param('db') },
    });
    return c.json(outcome);
  });
  return app;
}
