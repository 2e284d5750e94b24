// The OpenAPI document of /api/v1: every area's operations, one builder.
import { buildOpenApiDocument } from './document.ts';
import { accessOperations } from './operations/access.ts';
import { databaseOperations } from './operations/databases.ts';
import { issueOperations } from './operations/issues.ts';
import { reviewOperations } from './operations/review.ts';
import { workspaceOperations } from './operations/workspace.ts';
import type { ApiOperation } from './registry.ts';

export const apiOperations: ApiOperation[] = [
  ...workspaceOperations,
  ...issueOperations,
  ...reviewOperations,
  ...databaseOperations,
  ...accessOperations,
];

let cached: Record<string, unknown> | undefined;

/** The document, built once per process (the schemas do not change at run time). */
export function openApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApiDocument(apiOperations, {
    title: 'bytebase-im API',
    version: '1',
    description:
      'Database change approval: issues with stages and tasks, SQL review, approvals, rollout, migration history, drift and access administration. Every route takes `Authorization: Bearer <token>` or the web session cookie.',
  });
  return cached;
}
