// Runs the SQL review of a change against each target environment's effective policy.
import type { IssueReview, RiskLevel } from '../model/issue.ts';
import type { Environment, Project } from '../model/workspace.ts';
import type { Engine } from '../ports/engine-driver.ts';
import { type Metrics, noopMetrics, secondsSince } from '../ports/metrics.ts';
import type { PolicyFile, ReviewEngine } from '../review/index.ts';
import { parsePolicy, resolvePolicy, reviewSql } from '../review/index.ts';
import { maxRisk } from './approval-policy.ts';

/** Review engines by target engine: PGlite is PostgreSQL. */
export const reviewEngineOf = (engine: Engine): ReviewEngine => (engine === 'pglite' ? 'postgres' : engine);

const MAX_ADVICE_PER_ENVIRONMENT = 200;

export interface ReviewTarget {
  environment: Environment;
  engine: Engine;
  database: string;
  version: string | null;
  statement: string;
}

/** Reviews every (environment, database, file) once and sums the outcome; the highest risk wins. */
export async function reviewChange(
  project: Project,
  targets: ReviewTarget[],
  metrics: Metrics = noopMetrics,
): Promise<{ review: IssueReview; risk: RiskLevel }> {
  const started = performance.now();
  const review: IssueReview = { environments: [], errorCount: 0, warningCount: 0 };
  let risk: RiskLevel = 'low';
  const layers = (env: Environment): PolicyFile[] =>
    [
      env.reviewPolicy ? parsePolicy(env.reviewPolicy, `environment ${env.key} policy`) : null,
      project.reviewPolicy ? parsePolicy(project.reviewPolicy, `project ${project.key} policy`) : null,
    ].filter((x): x is PolicyFile => x !== null);
  const byEnv = new Map<number, ReviewTarget[]>();
  for (const t of targets) byEnv.set(t.environment.id, [...(byEnv.get(t.environment.id) ?? []), t]);
  for (const group of byEnv.values()) {
    const env = group[0]!.environment;
    const policy = resolvePolicy(env.reviewTemplate, ...layers(env));
    const entry: IssueReview['environments'][number] = {
      environment: env.key,
      template: env.reviewTemplate,
      errorCount: 0,
      warningCount: 0,
      risk: 'low',
      advice: [],
    };
    const seen = new Map<string, Awaited<ReturnType<typeof reviewSql>>>();
    for (const t of group) {
      const engine = reviewEngineOf(t.engine);
      const key = `${engine}\u0000${t.statement}`;
      let result = seen.get(key);
      if (!result) {
        result = await reviewSql({ engine, sql: t.statement, policy });
        seen.set(key, result);
      }
      entry.errorCount += result.errorCount;
      entry.warningCount += result.warningCount;
      entry.risk = maxRisk(entry.risk, result.risk);
      for (const a of result.advice) {
        if (entry.advice.length >= MAX_ADVICE_PER_ENVIRONMENT) break;
        entry.advice.push({
          database: t.database,
          version: t.version,
          rule: a.rule,
          level: a.level,
          message: a.message,
          line: a.line,
          column: a.column,
        });
      }
    }
    review.environments.push(entry);
    review.errorCount += entry.errorCount;
    review.warningCount += entry.warningCount;
    risk = maxRisk(risk, entry.risk);
  }
  metrics.reviewFinished(secondsSince(started));
  return { review, risk };
}
