// The inbound side of the fake: sends the service webhook deliveries exactly as GitLab would.
// https://docs.gitlab.com/user/project/integrations/webhooks/#delivery-headers
import { randomUUID } from 'node:crypto';
import { buildMergeRequestPayload, buildPushPayload, type MergeRequestAction } from './hooks.ts';
import type { UserRecord } from './records.ts';
import type { GitLabFake } from './server.ts';
import type { FakeUser } from './types.ts';

/** GitLab sends `User-Agent: GitLab/<version>`. */
export const GITLAB_USER_AGENT = 'GitLab/17.8.0';
/** GitLab gives up on a webhook after 10 seconds by default. */
export const GITLAB_HOOK_TIMEOUT_MS = 10_000;

export interface HookOptions {
  /** Overrides X-Gitlab-Token; `null` omits the header. */
  token?: string | null;
  /** Overrides X-Gitlab-Event-UUID. */
  uuid?: string;
  /** Who pushed / acted (default: the head commit's author for pushes, the author or merger for MRs). */
  user?: FakeUser;
  /** Overrides `object_attributes.oldrev` of an update (default: the head before the latest commit). */
  oldrev?: string | null;
  /** Extra or replacement headers. */
  headers?: Record<string, string>;
}

export interface HookResult {
  status: number;
  /** Response text. */
  body: string;
  /** Wall time to the response. */
  ms: number;
  /** True when no answer came within the timeout (status 0). */
  timedOut: boolean;
  request: { headers: Record<string, string>; body: string };
  /** The payload that was sent. */
  payload: Record<string, unknown>;
}

export interface GitLabDriver {
  /** Sends a Push Hook for before..after of `branch` (GitLab's 20-commit cap and total_commits_count). */
  push(
    project: string | number,
    input: { branch: string; before: string; after: string },
    options?: HookOptions,
  ): Promise<HookResult>;
  /** Sends a Merge Request Hook; the merge request must already be in the state the action implies. */
  mergeRequest(
    project: string | number,
    iid: number,
    action: MergeRequestAction,
    options?: HookOptions,
  ): Promise<HookResult>;
  /** Sends an earlier delivery again (same body, X-Gitlab-Event-UUID and Idempotency-Key). */
  resend(previous: HookResult, options?: HookOptions): Promise<HookResult>;
}

export interface GitLabDriverOptions {
  /** The service's webhook endpoint, e.g. `http://127.0.0.1:PORT/hooks/gitlab`. */
  targetUrl: string;
  /** The webhook's secret token, sent as X-Gitlab-Token. */
  secret: string;
  fake: GitLabFake;
  /** Default 10 s, as GitLab's webhook timeout. */
  timeoutMs?: number;
}

const EXPECTED_STATE: Partial<Record<MergeRequestAction, string>> = { merge: 'merged', close: 'closed' };

export function createGitLabDriver(options: GitLabDriverOptions): GitLabDriver {
  const store = options.fake.store;
  // One configured webhook, so one X-Gitlab-Webhook-UUID for every delivery.
  const webhookUuid = randomUUID();
  const timeoutMs = options.timeoutMs ?? GITLAB_HOOK_TIMEOUT_MS;

  const actor = (user: FakeUser | undefined, fallback: () => UserRecord): UserRecord => {
    if (!user) return fallback();
    store.addUser(user);
    return store.user(user.username)!;
  };

  async function deliver(headers: Record<string, string>, body: string, hookOptions: HookOptions) {
    const sent = { ...headers, ...hookOptions.headers };
    if (hookOptions.token === null) delete sent['X-Gitlab-Token'];
    else if (hookOptions.token !== undefined) sent['X-Gitlab-Token'] = hookOptions.token;
    const started = performance.now();
    try {
      const response = await fetch(options.targetUrl, {
        method: 'POST',
        headers: sent,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      return { status: response.status, body: text, ms: performance.now() - started, timedOut: false, sent };
    } catch (error) {
      if ((error as Error).name !== 'TimeoutError') throw error;
      return { status: 0, body: '', ms: performance.now() - started, timedOut: true, sent };
    }
  }

  async function send(event: string, payload: Record<string, unknown>, hookOptions: HookOptions) {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': GITLAB_USER_AGENT,
      'X-Gitlab-Event': event,
      'X-Gitlab-Webhook-UUID': webhookUuid,
      'X-Gitlab-Instance': options.fake.url,
      'X-Gitlab-Event-UUID': hookOptions.uuid ?? randomUUID(),
      'Idempotency-Key': randomUUID(),
      'X-Gitlab-Token': options.secret,
    };
    const result = await deliver(headers, body, hookOptions);
    return toResult(result, body, payload);
  }

  function toResult(
    result: Awaited<ReturnType<typeof deliver>>,
    body: string,
    payload: Record<string, unknown>,
  ): HookResult {
    return {
      status: result.status,
      body: result.body,
      ms: result.ms,
      timedOut: result.timedOut,
      request: { headers: result.sent, body },
      payload,
    };
  }

  return {
    async push(project, input, hookOptions = {}) {
      const record = store.record(project);
      const head = record.repo.commits.get(input.after);
      const pusher = actor(hookOptions.user, () =>
        head
          ? store.userByEmail({ name: head.authorName, email: head.authorEmail })
          : store.user(store.tokenUser(options.fake.token)!.username)!,
      );
      return send('Push Hook', buildPushPayload(store, record, input, pusher), hookOptions);
    },

    async mergeRequest(project, iid, action, hookOptions = {}) {
      const record = store.record(project);
      const mr = store.mergeRecord(record, iid);
      const expected = EXPECTED_STATE[action] ?? 'opened';
      if (mr.state !== expected) {
        throw new Error(
          `merge request !${iid} is ${mr.state}; a '${action}' hook needs it ${expected} (use state.mergeMergeRequest / closeMergeRequest first)`,
        );
      }
      const user = actor(hookOptions.user, () => store.user(mr.mergedBy ?? mr.author.username)!);
      const oldrev = hookOptions.oldrev === undefined ? mr.previousSha : hookOptions.oldrev;
      const payload = buildMergeRequestPayload(store, record, mr, action, user, oldrev);
      return send('Merge Request Hook', payload, hookOptions);
    },

    async resend(previous, hookOptions = {}) {
      const result = await deliver(previous.request.headers, previous.request.body, hookOptions);
      return toResult(result, previous.request.body, previous.payload);
    },
  };
}
