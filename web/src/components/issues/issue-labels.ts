// Display text for the issue values the API sends as keys (status, risk, waiting role).
export const STATUS_LABELS: Record<string, string> = {
  pending_approval: 'Pending approval',
  rejected: 'Rejected',
  approved: 'Approved',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
};

export const statusLabel = (status: string) => STATUS_LABELS[status] ?? status;

const WAITING_LABELS: Record<string, string> = { dba: 'A DBA', project_owner: 'A project owner' };

export const waitingLabel = (role: string | undefined) => (role ? (WAITING_LABELS[role] ?? role) : '—');
