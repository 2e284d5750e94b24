// Shared setup of the Slack fake's Web API tests: a seeded fake on a movable clock and a WebClient on it.
import { type Logger, LogLevel, WebClient } from '@slack/web-api';
import { type SlackFake, startSlackFake } from './index.ts';

export const TOKEN = 'xoxb-test-token';
export const APPROVALS = 'C0APPROVALS';
export const START = Date.UTC(2024, 3, 5, 12, 0, 0);

/** An approval card as the service would post it. */
export const card = [
  { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*Issue #42* alter table orders' } },
  {
    type: 'actions',
    block_id: 'decision',
    elements: [
      {
        type: 'button',
        action_id: 'approve',
        value: 'issue-42',
        style: 'primary',
        text: { type: 'plain_text', text: 'Approve' },
      },
      {
        type: 'button',
        action_id: 'reject',
        value: 'issue-42',
        style: 'danger',
        text: { type: 'plain_text', text: 'Reject' },
      },
    ],
  },
];

// WebClient logs every platform error; the tests assert on them instead.
const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

/** Starts a fake seeded with two users and three channels, on the given clock. */
export function startTestFake(clock: () => number): Promise<SlackFake> {
  return startSlackFake({
    botToken: TOKEN,
    clock,
    users: [
      { id: 'U0ALICE', name: 'alice', realName: 'Alice DBA', email: 'alice@example.com' },
      { id: 'U0BOB', name: 'bob', realName: 'Bob Dev' },
    ],
    channels: [
      { id: APPROVALS, name: 'db-approvals' },
      { id: 'C0PRIVATE', name: 'secret', isPrivate: true, botIsMember: false },
      { id: 'C0SMALL', name: 'small', members: ['U0ALICE'] },
    ],
  });
}

/** A real WebClient pointed at the fake, with fast retries; `null` token sends none. */
export function webClient(
  fake: SlackFake,
  options: ConstructorParameters<typeof WebClient>[1] = {},
  token: string | null = TOKEN,
) {
  return new WebClient(token ?? undefined, {
    slackApiUrl: fake.apiUrl,
    logger: quiet,
    retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 },
    ...options,
  });
}

/** The rejection of a call that must fail. */
export async function failure(
  call: Promise<unknown>,
): Promise<{ code?: string; data?: Record<string, unknown>; retryAfter?: number }> {
  try {
    await call;
  } catch (error) {
    return error as { code?: string; data?: Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}

/** POSTs JSON and returns status and parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
