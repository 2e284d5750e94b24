// `--list-rules`: the catalog as a table or JSON.
import { type ReviewEngine, ruleCatalog } from '../../core/review/index.ts';

/** Renders the catalog, optionally only the rules for one engine. */
export function listRules(engine: ReviewEngine | undefined, json: boolean): string {
  const rules = ruleCatalog.filter((r) => !engine || r.engines.includes(engine));
  if (json) return `${JSON.stringify(rules, null, 2)}\n`;
  const lines = rules.map(
    (r) =>
      `${r.id.padEnd(46)} dev:${r.levels.dev.padEnd(8)} prod:${r.levels.prod.padEnd(8)} ${r.engines.join(',').padEnd(36)} ${r.title}`,
  );
  return `${lines.join('\n')}\n${rules.length} rules\n`;
}
