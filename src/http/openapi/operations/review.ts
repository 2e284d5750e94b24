// OpenAPI operations of the review routes: the SQL review of a draft change, before it becomes an issue.
import { z } from 'zod';
import { reviewDraftFields } from '../../../core/services/review-draft.ts';
import type { ApiOperation } from '../registry.ts';
import { named } from '../registry.ts';
import { IssueReview, Risk } from './issues.ts';

export const DraftReview = named(
  'DraftReview',
  z.object({
    review: IssueReview,
    risk: Risk,
    targets: z
      .array(
        z.object({
          environment: z.string(),
          database: z.string(),
          instance: z.string(),
          engine: z.string(),
        }),
      )
      .describe('Every database the targets resolve to, in rollout order.'),
    approval: z
      .union([
        z.object({ steps: z.array(z.enum(['dba', 'project_owner'])) }),
        z.object({ problem: z.string() }),
      ])
      .describe(
        'The approval steps an issue made from this draft would wait for, or why nobody could approve it.',
      ),
  }),
  'The SQL review of a draft change per target environment; nothing is created.',
);

export const reviewOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/projects/{project}/review',
    operationId: 'reviewDraft',
    summary: 'Review a draft change per target environment without creating an issue',
    tags: ['issues'],
    pathParams: { project: z.string() },
    body: reviewDraftFields,
    responses: {
      200: { description: 'The review, risk, resolved targets and approval steps.', schema: DraftReview },
    },
    errors: [403, 404, 413],
  },
];
