// Slack errors translated once: Web API failures and refused inbound requests.

/** A Web API call answered `ok: false` or failed in transport. */
export class SlackApiError extends Error {
  constructor(
    readonly method: string,
    readonly slackError: string,
  ) {
    super(`Slack ${method} failed: ${slackError}`);
    this.name = 'SlackApiError';
  }
}

/** Turns whatever `@slack/web-api` threw into a SlackApiError. */
export function toSlackApiError(method: string, err: unknown): SlackApiError {
  if (err instanceof SlackApiError) return err;
  const data = (err as { data?: { error?: string } }).data;
  const code = (err as { code?: string }).code;
  return new SlackApiError(method, data?.error ?? code ?? (err instanceof Error ? err.message : String(err)));
}
