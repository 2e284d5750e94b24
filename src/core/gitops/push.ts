// Push to a bound branch (a merge): one issue per database group with the files in version order, then the usual flow.
import { createHash } from 'node:crypto';
import { DomainError } from '../errors.ts';
import { ROBOT_PRINCIPAL_ID } from '../model/workspace.ts';
import type { Clock, Logger } from '../ports/clock.ts';
import type { DomainEvent, EventBus } from '../ports/events.ts';
import type { Metrics } from '../ports/metrics.ts';
import type { Store } from '../ports/store.ts';
import type { VcsProvider, VcsPushEvent } from '../ports/vcs.ts';
import { createIssue } from '../services/create-issue.ts';
import { bindingsOf, loadBindingContext } from './bindings.ts';
import { commitStatusEffect } from './delivery.ts';
import { classifyFiles, type FileProblem } from './files.ts';
import { type IssuePlan, planIssues } from './group.ts';
import { issueDescription, issueTitle, pushAuthor } from './issue-text.ts';
import { loadFiles } from './load-files.ts';
import { TemplateError } from './template.ts';

/** The commit status a push gets once its issues are created. */
export const PUSH_STATUS_NAME = 'bytebase/gitops';

const ZERO_SHA = /^0+$/;
// What createIssue accepts in one issue; bigger groups are split, in version order.
const MAX_FILES_PER_ISSUE = 1000;
const MAX_BYTES_PER_ISSUE = 1024 * 1024;

export interface PushOutcome {
  /** Issues of the push; `existing` ones were created by an earlier run of the same inbox job. */
  issues: { id: number; database: string; environments: string[]; files: number; existing: boolean }[];
  problems: FileProblem[];
}

/** Splits a plan into pieces createIssue accepts, keeping version order. */
export function chunkPlan(plan: IssuePlan): IssuePlan[] {
  const out: IssuePlan[] = [];
  let current: IssuePlan['files'] = [];
  let bytes = 0;
  for (const f of plan.files) {
    const size = Buffer.byteLength(f.statement);
    if (current.length > 0 && (current.length >= MAX_FILES_PER_ISSUE || bytes + size > MAX_BYTES_PER_ISSUE)) {
      out.push({ ...plan, files: current });
      current = [];
      bytes = 0;
    }
    current.push(f);
    bytes += size;
  }
  if (current.length > 0) out.push({ ...plan, files: current });
  return out;
}

/** Names one issue of a push (project, database group and its files), the same in every run of the push. */
function issueKey(projectId: number, plan: IssuePlan): string {
  const files = plan.files.map((f) => f.path).join('\n');
  const digest = createHash('sha256')
    .update(`${plan.type}\n${plan.database}\n${plan.environments.join(',')}\n${files}`)
    .digest('hex');
  return `issue:${projectId}:${digest.slice(0, 32)}`;
}

/**
 * Creates the issues of a push to a bound branch; returns null when no binding covers the branch. Run as inbox
 * job `jobId`, each issue is recorded on the job in the transaction that creates it, so a second run of the job
 * (after a crash in the middle, or a retry after a later failure) finds it and creates it no second time.
 */
export async function handlePush(o: {
  store: Store;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** Where the review of the created issues records its duration. */
  metrics?: Metrics | undefined;
  publicUrl: string;
  vcs: VcsProvider;
  event: VcsPushEvent;
  jobId?: number | undefined;
}): Promise<PushOutcome | null> {
  const { event, vcs, store } = o;
  const bindings = await bindingsOf(store, event.repository, event.branch);
  if (bindings.length === 0) return null;
  const repo = event.repository.path;
  // The compare API lists every file, where the payload stops at 20 commits; a new branch has nothing to compare.
  const changed = ZERO_SHA.test(event.before)
    ? event.payloadFiles
    : (await vcs.listChanges(repo, { kind: 'commits', from: event.before, to: event.after }))
        .filter((c) => c.status !== 'removed')
        .map((c) => c.path);
  const outcome: PushOutcome = { issues: [], problems: [] };
  for (const binding of bindings) {
    const ctx = await loadBindingContext(store, binding);
    let classified: ReturnType<typeof classifyFiles>;
    try {
      classified = classifyFiles(binding, ctx.catalog, changed);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      outcome.problems.push({ path: binding.baseDirectory || '/', problem: err.message });
      continue;
    }
    if (classified.files.length === 0 && classified.problems.length === 0) continue;
    const { loaded, problems: unreadable } = await loadFiles(vcs, repo, event.after, classified.files);
    const { plans, problems: clashes } = planIssues(loaded, ctx.catalog);
    const problems = [...classified.problems, ...unreadable, ...clashes];
    outcome.problems.push(...problems);
    const author = await pushAuthor(store, ctx.project.id, event);
    const actor = author.principal ?? (await store.principals.get(ROBOT_PRINCIPAL_ID))!;
    for (const plan of plans.flatMap(chunkPlan)) {
      const key = issueKey(ctx.project.id, plan);
      // createIssue stores its events in the outbox inside this transaction (it joins it), so the issue, its
      // job effect and its chat card are committed together; the bus only hears of them after the commit, as a
      // wake-up for the delivery worker and the scheduler.
      const events: DomainEvent[] = [];
      try {
        const made = await store.transaction(async (tx) => {
          if (o.jobId !== undefined) {
            // Locks the job row: a second run racing this one waits here and then finds the issue.
            const earlier = (await tx.inboundJobs.effectOf(o.jobId, key)) as { issueId: number } | null;
            if (earlier) return { id: earlier.issueId, existing: true };
          }
          const detail = await createIssue({
            ctx: {
              store: tx,
              actor,
              clock: o.clock,
              logger: o.logger,
              metrics: o.metrics,
              requestId: null,
              events: { publish: (e) => events.push(e), subscribe: () => () => {} },
            },
            input: {
              project: ctx.project.key,
              change: {
                title: issueTitle(plan),
                description: issueDescription({ event, plan, author, project: ctx.project.key, problems }),
                type: plan.type,
                ...(plan.type === 'baseline'
                  ? {}
                  : { files: plan.files.map((f) => ({ version: f.version, statement: f.statement })) }),
                targets: plan.environments.map((environment) => ({ environment, database: plan.database })),
                origin: 'gitlab',
                originRef: {
                  provider: 'gitlab',
                  repository: repo,
                  repositoryId: event.repository.id,
                  branch: event.branch,
                  before: event.before,
                  commit: event.after,
                  commitUrl: event.repository.webUrl
                    ? `${event.repository.webUrl}/-/commit/${event.after}`
                    : null,
                  pusher: event.pusher,
                  author: author.user,
                  principalId: author.principal?.id ?? null,
                  files: plan.files.map((f) => f.path),
                },
              },
            },
          });
          if (o.jobId !== undefined)
            await tx.inboundJobs.recordEffect(o.jobId, key, { issueId: detail.issue.id });
          return { id: detail.issue.id, existing: false };
        });
        for (const e of events) o.events.publish(e);
        outcome.issues.push({
          id: made.id,
          database: plan.database,
          environments: plan.environments,
          files: plan.files.length,
          existing: made.existing,
        });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        for (const f of plan.files)
          outcome.problems.push({ path: f.path, problem: `no issue: ${err.message}` });
      }
    }
  }
  if (outcome.issues.length > 0 || outcome.problems.length > 0) {
    const ok = outcome.problems.length === 0;
    const ids = outcome.issues.map((i) => `#${i.id}`).join(', ');
    const first = outcome.issues[0];
    // Through the outbox: the issues exist now, and a GitLab outage must delay their status, not fail the job.
    await store.outbox.add([
      commitStatusEffect(repo, event.after, {
        name: PUSH_STATUS_NAME,
        state: ok ? 'success' : 'failed',
        description: (
          (ids ? `Created issue${outcome.issues.length === 1 ? '' : 's'} ${ids}` : 'No issue created') +
          (ok
            ? ''
            : `; ${outcome.problems.length} file(s) cannot be used: ${outcome.problems[0]!.path}: ${outcome.problems[0]!.problem}`)
        ).slice(0, 250),
        targetUrl: first ? `${o.publicUrl}/#/issues/${first.id}` : null,
      }),
    ]);
  }
  if (outcome.problems.length > 0)
    o.logger.warn(
      { repository: repo, commit: event.after, problems: outcome.problems.slice(0, 20) },
      'push: files cannot be used',
    );
  o.logger.info(
    {
      repository: repo,
      commit: event.after,
      issues: outcome.issues.map((i) => i.id),
      alreadyCreated: outcome.issues.filter((i) => i.existing).map((i) => i.id),
    },
    'push handled',
  );
  return outcome;
}
