// Commit status jobs with GitLab's state machine: a pending/running job of the same name and ref is updated.
import type { ProjectRecord } from './records.ts';
import { GitLabFakeError } from './repo.ts';
import type { GitLabStore } from './state.ts';
import type { FakeStatus, FakeStatusState } from './types.ts';

export const STATUS_STATES: readonly FakeStatusState[] = [
  'pending',
  'running',
  'success',
  'failed',
  'canceled',
  'skipped',
];

// The state machine event each requested state fires, and the states it may leave from
// (`created` is a job GitLab has just built for this request).
const EVENTS: Record<FakeStatusState, { event: string; from: string[] }> = {
  pending: { event: 'enqueue', from: ['created'] },
  running: { event: 'run', from: ['pending'] },
  success: { event: 'success', from: ['created', 'pending', 'running'] },
  failed: { event: 'drop', from: ['created', 'pending', 'running'] },
  canceled: { event: 'cancel', from: ['created', 'pending', 'running'] },
  skipped: { event: 'skip', from: ['created', 'pending'] },
};

export interface StatusInput {
  sha: string;
  state: string | undefined;
  name?: string;
  ref?: string;
  description?: string;
  targetUrl?: string;
}

/** POST /projects/:id/statuses/:sha, as Ci::CreateCommitStatusService does it. */
export function postStatus(
  store: GitLabStore,
  record: ProjectRecord,
  input: StatusInput,
  username: string,
): FakeStatus {
  const commit = record.repo.resolve(input.sha);
  if (!commit) throw new GitLabFakeError(404, '404 Commit Not Found');
  if (!input.state) throw new GitLabFakeError(400, 'state is missing', 'error');
  if (!STATUS_STATES.includes(input.state as FakeStatusState)) {
    throw new GitLabFakeError(400, 'state does not have a valid value', 'error');
  }
  const state = input.state as FakeStatusState;
  const ref = input.ref || record.repo.branchesContaining(commit.id, record.project.defaultBranch)[0];
  if (!ref) throw new GitLabFakeError(404, '404 References for commit Not Found');
  const name = input.name || 'default';
  const existing = record.statuses.find(
    (status) =>
      status.sha === commit.id &&
      status.ref === ref &&
      status.name === name &&
      status.authorUsername === username &&
      (status.state === 'pending' || status.state === 'running'),
  );
  // `running` on a new job enqueues it first (job.enqueue; job.run!), so it starts from pending.
  const from = existing?.state ?? (state === 'running' ? 'pending' : 'created');
  const rule = EVENTS[state];
  if (!rule.from.includes(from)) {
    throw new GitLabFakeError(
      400,
      `Cannot transition status via :${rule.event} from :${from} (Reason(s): Status cannot transition via "${rule.event}")`,
    );
  }
  const now = store.now();
  const status: FakeStatus = existing ?? {
    id: store.nextStatusId++,
    sha: commit.id,
    state,
    name,
    description: null,
    targetUrl: null,
    ref,
    pipelineId:
      record.statuses.find((other) => other.sha === commit.id && other.ref === ref)?.pipelineId ??
      store.nextPipelineId++,
    authorUsername: username,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
  };
  status.state = state;
  if (input.description !== undefined) status.description = input.description;
  if (input.targetUrl !== undefined) status.targetUrl = input.targetUrl;
  if (state === 'running') status.startedAt = now;
  if (state === 'success' || state === 'failed' || state === 'canceled') status.finishedAt = now;
  if (!existing) record.statuses.push(status);
  return status;
}
