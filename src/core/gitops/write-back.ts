// Schema write-back: when a stage finishes, commit each changed database's latest schema snapshot to the bound branch.
import type { Store } from '../ports/store.ts';
import type { VcsProvider } from '../ports/vcs.ts';
import { bindingTemplates } from './files.ts';
import { joinBase, renderTemplate } from './template.ts';

export interface SchemaWriteBack {
  /**
   * The lane the write-backs of an issue's project go out in (one per repository, so commits to one branch never
   * race each other), or null when its binding writes no schema back.
   */
  laneOf(issueId: number): Promise<string | null>;
  /** Commits the finished stage's schemas; throws on a VCS failure so the outbox retries it. */
  writeStage(issueId: number, stageId: number): Promise<WriteBackResult[]>;
}

/** One write-back: what was committed, or why nothing was. */
export interface WriteBackResult {
  database: string;
  environment: string;
  path: string;
  outcome: 'committed' | 'unchanged' | 'no_snapshot';
  sha?: string;
}

/**
 * Commits the latest schema of every database that ran a task successfully in the finished stage, and skips a
 * commit when the file already holds that schema (which also keeps data-only changes from producing commits and
 * makes a retried write-back commit nothing twice).
 */
export function createSchemaWriteBack(o: { store: Store; vcs: VcsProvider }): SchemaWriteBack {
  async function laneOf(issueId: number): Promise<string | null> {
    const issue = await o.store.issues.get(issueId);
    if (!issue) return null;
    const binding = await o.store.bindings.repositoryOf(issue.projectId);
    return binding?.schemaPathTemplate ? `gitlab:write-back:${binding.repository}:${binding.branch}` : null;
  }

  async function writeStage(issueId: number, stageId: number): Promise<WriteBackResult[]> {
    const detail = await o.store.issues.detail(issueId);
    if (!detail) return [];
    const binding = await o.store.bindings.repositoryOf(detail.issue.projectId);
    if (!binding?.schemaPathTemplate) return [];
    const template = bindingTemplates(binding).schema!;
    const stage = detail.stages.find((s) => s.id === stageId);
    const environment = (await o.store.environments.list()).find((e) => e.id === stage?.environmentId);
    if (!stage || !environment) return [];
    const databaseIds = [
      ...new Set(
        detail.tasks.filter((t) => t.stageId === stageId && t.status === 'done').map((t) => t.databaseId),
      ),
    ];
    const results: WriteBackResult[] = [];
    for (const id of databaseIds) {
      const database = await o.store.databases.get(id);
      if (!database) continue;
      const path = joinBase(
        binding.baseDirectory,
        renderTemplate(template.template, { ENV_ID: environment.key, DB_NAME: database.name }),
      );
      const base = { database: database.name, environment: environment.key, path };
      const latest = await o.store.history.latest(id);
      if (!latest?.schemaAfter) {
        results.push({ ...base, outcome: 'no_snapshot' });
        continue;
      }
      const current = await o.vcs.readFile(binding.repository, binding.branch, path);
      if (current === latest.schemaAfter) {
        results.push({ ...base, outcome: 'unchanged' });
        continue;
      }
      const { sha } = await o.vcs.commitFile(binding.repository, {
        branch: binding.branch,
        path,
        content: latest.schemaAfter,
        // [skip ci]: the snapshot is documentation of the database, not code a pipeline should build.
        message: `Update schema of ${database.name} in ${environment.key} after issue #${issueId} [skip ci]`,
      });
      results.push({ ...base, outcome: 'committed', sha });
    }
    return results;
  }

  return { laneOf, writeStage };
}
