// Slack errors translated once: Web API failures and refused inbound requests.

/**
 * Answers about the message or its place that no retry changes (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
 * Anything else (no answer, HTTP 5xx, rate limits, token trouble an operator can fix) is worth retrying.
 */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_arguments',
  'too_many_attachments',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'restricted_action',
]);

/** A Web API call answered `ok: false` or failed in transport. */
export class SlackApiError extends Error {
  constructor(
    readonly method: string,
    readonly slackError: string,
  ) {
    super(`Slack ${method} failed: ${slackError}`);
    this.name = 'SlackApiError';
  }

  /** False when Slack refused the call for good; a delivery worker then stops retrying it. */
  get retryable(): boolean {
    return !PERMANENT.has(this.slackError);
  }
}

/** Turns whatever `@slack/web-api` threw into a SlackApiError. */
export function toSlackApiError(method: string, err: unknown): SlackApiError {
  if (err instanceof SlackApiError) return err;
  const data = (err as { data?: { error?: string } }).data;
  const code = (err as { code?: string }).code;
  return new SlackApiError(method, data?.error ?? code ?? (err instanceof Error ? err.message : String(err)));
}
