// /api/v1 review of a draft change: the advice per target environment, without creating anything.
import { Hono } from 'hono';
import { badRequest } from '../../core/errors.ts';
import { type ReviewDraftInput, reviewDraft } from '../../core/services/review-draft.ts';
import { jsonBody } from '../body.ts';
import { type AppDeps, type AppEnv, contextOf } from '../types.ts';

export function reviewRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.post('/projects/:project/review', async (c) => {
    const draft = await jsonBody(c);
    if (!draft || typeof draft !== 'object' || Array.isArray(draft))
      throw badRequest('body: a JSON object with type, statement or files, and targets is expected');
    return c.json(
      await reviewDraft({
        ctx: contextOf(deps, c),
        input: { project: c.req.param('project'), draft: draft as ReviewDraftInput },
      }),
    );
  });
  return app;
}
