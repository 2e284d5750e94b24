// /api/v1 issues: create, read, list, approve, reject, cancel, resubmit, retry and skip tasks; history.
import { type Context, Hono } from 'hono';
import { badRequest } from '../../core/errors.ts';
import { approveIssue } from '../../core/services/approve-issue.ts';
import { cancelIssue } from '../../core/services/cancel-issue.ts';
import { createIssue } from '../../core/services/create-issue.ts';
import { getIssue } from '../../core/services/get-issue.ts';
import { listHistory } from '../../core/services/list-history.ts';
import { listIssues } from '../../core/services/list-issues.ts';
import { rejectIssue } from '../../core/services/reject-issue.ts';
import { resubmitIssue } from '../../core/services/resubmit-issue.ts';
import { retryTask } from '../../core/services/retry-task.ts';
import { skipTask } from '../../core/services/skip-task.ts';
import { type AppDeps, type AppEnv, contextOf } from '../types.ts';

const idParam = (c: Context<AppEnv>, name: string): number => {
  const raw = c.req.param(name) ?? '';
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw badRequest(`${name} must be a positive integer`);
  return Number(raw);
};

/** Reads a JSON body; an empty body is an empty object, a malformed one a precise 400. */
async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`malformed JSON body: ${(err as Error).message}`);
  }
}

export function issueRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const view = async (c: Context<AppEnv>, issueId: number) =>
    getIssue({ ctx: contextOf(deps, c), input: { issueId } });

  app.post('/projects/:project/issues', async (c) => {
    const change = (await jsonBody(c)) as Parameters<typeof createIssue>[0]['input']['change'];
    const created = await createIssue({
      ctx: contextOf(deps, c),
      input: { project: c.req.param('project'), change },
    });
    return c.json(await view(c, created.issue.id), 201);
  });
  app.get('/projects/:project/issues', async (c) =>
    c.json({
      issues: await listIssues({
        ctx: contextOf(deps, c),
        input: {
          project: c.req.param('project'),
          filter: c.req.query('filter') as never,
          limit: c.req.query('limit') as never,
        },
      }),
    }),
  );
  app.get('/issues', async (c) =>
    c.json({
      issues: await listIssues({
        ctx: contextOf(deps, c),
        input: { filter: c.req.query('filter') as never, limit: c.req.query('limit') as never },
      }),
    }),
  );
  app.get('/issues/:id', async (c) => c.json(await view(c, idParam(c, 'id'))));
  app.post('/issues/:id/approve', async (c) => {
    const issueId = idParam(c, 'id');
    await approveIssue({
      ctx: contextOf(deps, c),
      input: { issueId, channel: 'api', body: (await jsonBody(c)) as never },
    });
    return c.json(await view(c, issueId));
  });
  app.post('/issues/:id/reject', async (c) => {
    const issueId = idParam(c, 'id');
    await rejectIssue({
      ctx: contextOf(deps, c),
      input: { issueId, channel: 'api', body: (await jsonBody(c)) as never },
    });
    return c.json(await view(c, issueId));
  });
  app.post('/issues/:id/cancel', async (c) => {
    const issueId = idParam(c, 'id');
    await cancelIssue({ ctx: contextOf(deps, c), input: { issueId } });
    return c.json(await view(c, issueId));
  });
  app.post('/issues/:id/resubmit', async (c) => {
    const issueId = idParam(c, 'id');
    await resubmitIssue({ ctx: contextOf(deps, c), input: { issueId } });
    return c.json(await view(c, issueId));
  });
  app.post('/issues/:id/tasks/:taskId/retry', async (c) => {
    const issueId = idParam(c, 'id');
    await retryTask({ ctx: contextOf(deps, c), input: { issueId, taskId: idParam(c, 'taskId') } });
    return c.json(await view(c, issueId));
  });
  app.post('/issues/:id/tasks/:taskId/skip', async (c) => {
    const issueId = idParam(c, 'id');
    await skipTask({
      ctx: contextOf(deps, c),
      input: { issueId, taskId: idParam(c, 'taskId'), body: (await jsonBody(c)) as never },
    });
    return c.json(await view(c, issueId));
  });
  app.get('/instances/:instance/databases/:db/history', async (c) =>
    c.json(
      await listHistory({
        ctx: contextOf(deps, c),
        input: {
          instance: c.req.param('instance'),
          database: c.req.param('db'),
          query: c.req.query() as never,
        },
      }),
    ),
  );
  return app;
}
