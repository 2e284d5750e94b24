// Progress lines of a rollout (one status message, edited as tasks move) and the final summary.
import type { IssueDetail, TaskRun } from '../model/issue.ts';
import { type NoticeMessage, notice } from './types.ts';

export interface ProgressInput {
  detail: IssueDetail;
  environmentKeys: Map<number, string>;
  databaseNames: Map<number, string>;
  runs: TaskRun[];
  url: string;
}

const ICON: Record<string, string> = {
  pending: '⏸',
  running: '⏳',
  done: '✅',
  failed: '❌',
  skipped: '⏭',
  canceled: '🚫',
};

function taskLine(input: ProgressInput, taskId: number): string {
  const task = input.detail.tasks.find((t) => t.id === taskId)!;
  const stage = input.detail.stages.find((s) => s.id === task.stageId);
  const env = stage ? (input.environmentKeys.get(stage.environmentId) ?? '?') : '?';
  const db = input.databaseNames.get(task.databaseId) ?? '?';
  const run = input.runs.filter((r) => r.taskId === task.id).at(-1);
  let detail = task.status as string;
  if (task.status === 'running' && run) {
    const started = run.log.filter((e) => e.kind === 'statement_started').length;
    detail = started > 0 ? `running statement ${started}` : 'running';
  } else if (run?.finishedAt && (task.status === 'done' || task.status === 'failed')) {
    detail = `${task.status} in ${run.finishedAt.getTime() - run.startedAt.getTime()} ms`;
  }
  const reason = task.status === 'failed' && task.statusReason ? `: ${task.statusReason}` : '';
  return `${ICON[task.status] ?? '•'} ${env} · ${db}: ${detail}${reason}`;
}

/** The status message of a rollout: one line per task, in stage order. */
export function buildProgress(input: ProgressInput): NoticeMessage {
  const ordered = [...input.detail.stages]
    .sort((a, b) => a.position - b.position)
    .flatMap((s) =>
      input.detail.tasks.filter((t) => t.stageId === s.id).sort((a, b) => a.position - b.position),
    );
  return notice(
    ordered.map((t) => taskLine(input, t.id)),
    { title: `Rollout of issue #${input.detail.issue.id}` },
  );
}

/** The final summary posted when a rollout ends. */
export function buildRolloutSummary(input: ProgressInput, status: 'done' | 'failed'): NoticeMessage {
  const tasks = input.detail.tasks;
  const count = (s: string) => tasks.filter((t) => t.status === s).length;
  const parts = [`${count('done')} of ${tasks.length} task(s) done`];
  if (count('failed')) parts.push(`${count('failed')} failed`);
  if (count('skipped')) parts.push(`${count('skipped')} skipped`);
  // "Finished" must not read as "applied" when every task was skipped.
  if (status === 'done' && tasks.length > 0 && count('done') === 0) parts.push('nothing was applied');
  return notice(
    [`${status === 'done' ? '✅ Rollout finished' : '❌ Rollout failed'}: ${parts.join(', ')}.`],
    {
      link: { url: input.url, label: `Issue #${input.detail.issue.id}` },
    },
  );
}
