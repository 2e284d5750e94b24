// Types of the issue page taken from the API document, plus the small rules the page follows to offer actions.
import type { ApiSchemas } from '../../api/typed-client.ts';
import type { Me } from '../../api.ts';

export type IssueView = ApiSchemas['IssueView'];
export type IssueStage = IssueView['stages'][number];
export type IssueTask = IssueStage['tasks'][number];
export type TaskRun = ApiSchemas['TaskRun'];
export type ApprovalStep = IssueView['approvals'][number];
export type ReviewAdvice = ApiSchemas['ReviewAdvice'];
export type TaskSessions = ApiSchemas['TaskSessions'];

const statusLabels: Record<string, string> = {
  pending_approval: 'Pending approval',
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
  cancelled: 'Canceled',
  skipped: 'Skipped',
  superseded: 'Superseded',
  interrupted: 'Interrupted',
  not_run: 'Not run',
  rolled_back: 'Rolled back',
};

export const statusLabel = (status: string) => statusLabels[status] ?? status.replace(/_/g, ' ');

/** The colour family of a status badge. */
export function statusTone(status: string): 'ok' | 'bad' | 'busy' | 'wait' | 'off' {
  if (status === 'done' || status === 'approved') return 'ok';
  if (status === 'failed' || status === 'rejected' || status === 'rolled_back') return 'bad';
  if (status === 'running') return 'busy';
  if (status === 'pending' || status === 'pending_approval') return 'wait';
  return 'off';
}

export const approverLabel = (role: string) => (role === 'dba' ? 'a DBA' : 'a project owner');
export const approverTitle = (role: string) => (role === 'dba' ? 'DBA' : 'Project owner');

const channelLabels: Record<string, string> = {
  api: 'the API',
  web: 'the web view',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  feishu: 'Feishu/Lark',
};
export const channelLabel = (channel: string) => channelLabels[channel] ?? channel;

/** End states in which nothing changes any more: the page stops polling. */
export const isSettled = (view: IssueView) =>
  view.issue.status === 'done' || view.issue.status === 'canceled';

/** The latest approval round and the step it waits on, if any. */
export function waitingStep(view: IssueView): ApprovalStep | undefined {
  const round = Math.max(0, ...view.approvals.map((a) => a.round));
  if (view.issue.status !== 'pending_approval') return undefined;
  return view.approvals.find((a) => a.round === round && a.status === 'pending');
}

/** What the viewer may try, by the same rules the server applies; the server still decides. */
export interface ViewerRights {
  isAdmin: boolean;
  isCreator: boolean;
  manageRollout: boolean;
  decide: boolean;
  /** Approving needs an override reason: the review found errors no decision of this round accepted yet. */
  needsOverride: boolean;
  cancel: boolean;
  resubmit: boolean;
  rollingOut: boolean;
}

export function viewerRights(me: Me, view: IssueView): ViewerRights {
  const role = me.principal.workspaceRole;
  const isAdmin = role === 'owner' || role === 'dba';
  const projectOwner = me.projects.some((p) => p.key === view.issue.project && p.role === 'owner');
  const isCreator = view.issue.creator?.id === me.principal.id;
  const manageRollout = isAdmin || projectOwner;
  const step = waitingStep(view);
  const inRound = step ? view.approvals.filter((a) => a.round === step.round) : [];
  const holds = step ? role === 'owner' || (step.role === 'dba' ? role === 'dba' : projectOwner) : false;
  const decidedEarlier = inRound.some((a) => a.decidedBy?.id === me.principal.id);
  const errors = view.issue.review?.errorCount ?? 0;
  const needsOverride = errors > 0 && !inRound.some((a) => a.overrideReason);
  const status = view.issue.status;
  return {
    isAdmin,
    isCreator,
    manageRollout,
    decide: Boolean(step) && holds && !decidedEarlier,
    needsOverride,
    cancel:
      (isCreator || manageRollout) &&
      ['pending_approval', 'rejected', 'approved', 'running', 'failed'].includes(status),
    resubmit: isCreator && status === 'rejected',
    rollingOut: ['approved', 'running', 'failed'].includes(status),
  };
}

/** The review findings for one task: its stage's environment, its database and version. */
export function adviceFor(view: IssueView, stage: IssueStage, task: IssueTask): ReviewAdvice[] {
  const env = view.issue.review?.environments.find((e) => e.environment === stage.environment);
  return (env?.advice ?? []).filter((a) => a.database === task.database && a.version === task.version);
}

/** Milliseconds as people read them: 850 ms, 2.4 s, 3 min 5 s. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
