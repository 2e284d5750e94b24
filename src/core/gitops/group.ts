// Groups migration files into issue plans: one per database and type, environments with the same files together.
import type { IssueType } from '../model/issue.ts';
import type { BindingCatalog, FileProblem, MigrationFile } from './files.ts';

/** A migration file with its content. */
export interface LoadedFile extends MigrationFile {
  statement: string;
}

/** One issue to create: the same files, in version order, on one database in each listed environment. */
export interface IssuePlan {
  database: string;
  type: IssueType;
  /** Environment keys in pipeline order. */
  environments: string[];
  files: { version: string; statement: string; path: string; description: string }[];
}

const naturalCompare = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
const typeOrder: Record<IssueType, number> = { baseline: 0, schema: 1, data: 2 };

/**
 * Plans issues from loaded files. A file without an environment applies to every environment that has its
 * database. Two files with one version on one database and environment are both reported and that
 * database's files in that environment are left out, because which one was meant cannot be known.
 */
export function planIssues(
  files: LoadedFile[],
  catalog: BindingCatalog,
): { plans: IssuePlan[]; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  // database -> environment -> files
  const byDb = new Map<string, Map<string, LoadedFile[]>>();
  for (const f of files) {
    const envs =
      f.environment !== null
        ? [f.environment]
        : catalog.environments.filter((e) => catalog.databases.get(e)?.has(f.database));
    const perEnv = byDb.get(f.database) ?? new Map<string, LoadedFile[]>();
    byDb.set(f.database, perEnv);
    for (const e of envs) perEnv.set(e, [...(perEnv.get(e) ?? []), f]);
  }
  const plans: IssuePlan[] = [];
  for (const [database, perEnv] of byDb) {
    // type -> fingerprint of the file list -> plan
    const byKey = new Map<string, IssuePlan>();
    for (const env of catalog.environments) {
      const list = perEnv.get(env);
      if (!list) continue;
      const byVersion = new Map<string, LoadedFile[]>();
      for (const f of list) byVersion.set(f.version, [...(byVersion.get(f.version) ?? []), f]);
      const clashes = [...byVersion.values()].filter((fs) => fs.length > 1);
      if (clashes.length > 0) {
        for (const fs of clashes)
          for (const f of fs)
            problems.push({
              path: f.path,
              problem: `version ${f.version} of ${database} in ${env} is also in ${fs
                .filter((o) => o !== f)
                .map((o) => o.path)
                .join(', ')}; none of ${database}'s files in ${env} were used`,
            });
        continue;
      }
      for (const type of ['baseline', 'schema', 'data'] as const) {
        const ofType = list
          .filter((f) => f.type === type)
          .sort((a, b) => naturalCompare(a.version, b.version) || naturalCompare(a.path, b.path));
        if (ofType.length === 0) continue;
        // A baseline takes no statement, so baselines of different environments always go together.
        const fingerprint =
          type === 'baseline' ? 'baseline' : JSON.stringify(ofType.map((f) => [f.version, f.statement]));
        const key = `${type}\u0000${fingerprint}`;
        const plan = byKey.get(key);
        if (plan) plan.environments.push(env);
        else
          byKey.set(key, {
            database,
            type,
            environments: [env],
            files: ofType.map((f) => ({
              version: f.version,
              statement: f.statement,
              path: f.path,
              description: f.description,
            })),
          });
      }
    }
    plans.push(...byKey.values());
  }
  plans.sort(
    (a, b) =>
      naturalCompare(a.database, b.database) ||
      naturalCompare(a.files[0]?.version ?? '', b.files[0]?.version ?? '') ||
      typeOrder[a.type] - typeOrder[b.type],
  );
  return { plans, problems };
}
