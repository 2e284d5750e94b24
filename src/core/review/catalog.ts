// The rule catalog: every rule with its engines, default levels per template, description and parameters.
import { schemaCatalog } from './catalog-schema.ts';
import { statementCatalog } from './catalog-statement.ts';
import type { RuleDefinition } from './types.ts';

/** Every rule the review knows, sorted by id. */
export const ruleCatalog: RuleDefinition[] = [...statementCatalog, ...schemaCatalog].sort((a, b) =>
  a.id.localeCompare(b.id),
);

/** Catalog entries by id. */
export const catalogById: ReadonlyMap<string, RuleDefinition> = new Map(ruleCatalog.map((r) => [r.id, r]));
