// /api/v1 issues: create, read (with ETag), list, decide, cancel, resubmit, retry/skip tasks, task sessions; history.
import { type Context, Hono } from 'hono';
import { etag } from 'hono/etag';
import { badRequest } from '../../core/errors.ts';
import { catalogById } from '../../core/review/catalog.ts';
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
import { listTaskSessions } from '../../core/services/task-sessions.ts';
import { idParam, jsonBody } from '../body.ts';
import { type AppDeps, type AppEnv, contextOf } from '../types.ts';

export function issueRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // Every answer that shows an issue names the review rules its findings cite, so a reader learns what each
  // rule checks without leaving the page (the same text as docs/review-rules.md).
  const view = async (c: Context<AppEnv>, issueId: number) => {
    const found = await getIssue({ ctx: contextOf(deps, c), input: { issueId } });
    const ids = new Set(found.issue.review?.environments.flatMap((e) => e.advice.map((a) => a.rule)) ?? []);
    const rules: Record<string, { title: string; description: string }> = {};
    for (const id of [...ids].sort()) {
      const rule = catalogById.get(id);
      if (rule) rules[id] = { title: rule.title, description: rule.description };
    }
    return { ...found, rules };
  };
  // A decision made with a browser's sign-in session came from the web view; with a token, from the API.
  const channelOf = (c: Context<AppEnv>) => (c.get('session') ? ('web' as const) : ('api' as const));

  app.post('/projects/:project/issues', async (c) => {
    const change = (await jsonBody(c)) as Parameters<typeof createIssue>[0]['input']['change'];
    // Where an issue came from is the service's record, not the caller's claim: only the GitLab integration
    // marks an issue as coming from GitLab.
    for (const key of ['origin', 'originRef'] as const)
      if (change && typeof change === 'object' && key in change)
        throw badRequest(`${key}: set by the service from where the change arrived; leave it out`);
    const created = await createIssue({
      ctx: contextOf(deps, c),
      input: { project: c.req.param('project'), change },
    });
    return c.json(await view(c, created.issue.id), 201);
  });
  const listQuery = (c: Context<AppEnv>) => ({
    filter: c.req.query('filter') as never,
    limit: c.req.query('limit') as never,
    cursor: c.req.query('cursor'),
    status: c.req.queries('status') as never,
  });
  app.get('/projects/:project/issues', async (c) =>
    c.json(
      await listIssues({
        ctx: contextOf(deps, c),
        input: { project: c.req.param('project'), ...listQuery(c) },
      }),
    ),
  );
  app.get('/issues', async (c) => c.json(await listIssues({ ctx: contextOf(deps, c), input: listQuery(c) })));
  // A strong ETag (SHA-1 of the body) lets a page that polls a running issue get 304 while nothing changed.
  app.get('/issues/:id', etag(), async (c) => {
    const body = await view(c, idParam(c, 'id'));
    // Caches may keep it, but must ask again each time: the issue changes while it rolls out.
    c.header('Cache-Control', 'private, no-cache');
    return c.json(body);
  });
  app.get('/issues/:id/tasks/:taskId/sessions', async (c) =>
    c.json(
      await listTaskSessions({
        ctx: contextOf(deps, c),
        input: { issueId: idParam(c, 'id'), taskId: idParam(c, 'taskId') },
      }),
    ),
  );
  app.post('/issues/:id/approve', async (c) => {
    const issueId = idParam(c, 'id');
    await approveIssue({
      ctx: contextOf(deps, c),
      input: { issueId, channel: channelOf(c), body: (await jsonBody(c)) as never },
    });
    return c.json(await view(c, issueId));
  });
  app.post('/issues/:id/reject', async (c) => {
    const issueId = idParam(c, 'id');
    await rejectIssue({
      ctx: contextOf(deps, c),
      input: { issueId, channel: channelOf(c), body: (await jsonBody(c)) as never },
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
