// Slack request signing: v0=HMAC-SHA256(signing secret, "v0:<timestamp>:<raw body>") in hex.
// https://docs.slack.dev/authentication/verifying-requests-from-slack
import { createHmac } from 'node:crypto';

/** The `X-Slack-Signature` value for a raw body sent at `timestampSeconds`. */
export function slackSignature(
  signingSecret: string,
  timestampSeconds: number,
  rawBody: string,
  version = 'v0',
): string {
  const digest = createHmac('sha256', signingSecret)
    .update(`${version}:${timestampSeconds}:${rawBody}`)
    .digest('hex');
  return `${version}=${digest}`;
}

/** The two headers Slack adds to every request it sends to an app. */
export function slackSignatureHeaders(
  signingSecret: string,
  timestampSeconds: number,
  rawBody: string,
): { 'X-Slack-Request-Timestamp': string; 'X-Slack-Signature': string } {
  return {
    'X-Slack-Request-Timestamp': String(timestampSeconds),
    'X-Slack-Signature': slackSignature(signingSecret, timestampSeconds, rawBody),
  };
}
