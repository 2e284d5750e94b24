// Reviews each migration file against the policy of every environment it targets, keeping per-file findings.
import type { Environment, Project } from '../model/workspace.ts';
import type { Engine } from '../ports/engine-driver.ts';
import type { PolicyFile, ReviewPolicy, ReviewResult } from '../review/index.ts';
import { parsePolicy, resolvePolicy, reviewSql } from '../review/index.ts';
import { reviewEngineOf } from '../rollout/review-change.ts';
import type { BindingContext } from './bindings.ts';
import type { LoadedFile } from './group.ts';

/** One finding of one file, with the environments whose policy raised it. */
export interface FileFinding {
  level: 'error' | 'warning';
  rule: string;
  message: string;
  line: number;
  column: number;
  environments: string[];
}

/** The review of one migration file. */
export interface FileReview {
  path: string;
  database: string;
  version: string;
  type: LoadedFile['type'];
  environments: string[];
  errorCount: number;
  warningCount: number;
  /** In line order; one entry per distinct finding. */
  findings: FileFinding[];
}

const policyLayers = (env: Environment, project: Project): PolicyFile[] =>
  [
    env.reviewPolicy ? parsePolicy(env.reviewPolicy, `environment ${env.key} policy`) : null,
    project.reviewPolicy ? parsePolicy(project.reviewPolicy, `project ${project.key} policy`) : null,
  ].filter((x): x is PolicyFile => x !== null);

/** Reviews files of one binding; a baseline file is not executed, so it is not reviewed. */
export async function reviewFiles(ctx: BindingContext, files: LoadedFile[]): Promise<FileReview[]> {
  const policies = new Map<number, ReviewPolicy>();
  const policyOf = (env: Environment) => {
    let p = policies.get(env.id);
    if (!p) {
      p = resolvePolicy(env.reviewTemplate, ...policyLayers(env, ctx.project));
      policies.set(env.id, p);
    }
    return p;
  };
  const out: FileReview[] = [];
  for (const file of files) {
    const targets = ctx.targets.filter(
      (t) =>
        t.database.name === file.database &&
        (file.environment === null || t.environment.key === file.environment),
    );
    const environments = ctx.environments.filter((e) => targets.some((t) => t.environment.id === e.id));
    const review: FileReview = {
      path: file.path,
      database: file.database,
      version: file.version,
      type: file.type,
      environments: environments.map((e) => e.key),
      errorCount: 0,
      warningCount: 0,
      findings: [],
    };
    if (file.type !== 'baseline') {
      const byKey = new Map<string, FileFinding>();
      for (const env of environments) {
        const engines = new Set<Engine>(
          targets.filter((t) => t.environment.id === env.id).map((t) => t.instance.engine),
        );
        const seen = new Set<string>();
        for (const engine of engines) {
          const reviewEngine = reviewEngineOf(engine);
          if (seen.has(reviewEngine)) continue;
          seen.add(reviewEngine);
          const result: ReviewResult = await reviewSql({
            engine: reviewEngine,
            sql: file.statement,
            policy: policyOf(env),
            file: file.path,
          });
          for (const a of result.advice) {
            const key = `${a.line}:${a.column}:${a.rule}:${a.level}:${a.message}`;
            const found = byKey.get(key);
            if (found) {
              if (!found.environments.includes(env.key)) found.environments.push(env.key);
            } else
              byKey.set(key, {
                level: a.level,
                rule: a.rule,
                message: a.message,
                line: a.line,
                column: a.column,
                environments: [env.key],
              });
          }
        }
      }
      review.findings = [...byKey.values()].sort(
        (a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule),
      );
      review.errorCount = review.findings.filter((f) => f.level === 'error').length;
      review.warningCount = review.findings.length - review.errorCount;
    }
    out.push(review);
  }
  return out;
}
