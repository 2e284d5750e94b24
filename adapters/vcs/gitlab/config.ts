// Configuration of the GitLab VCS provider.
import type { Clock, Logger } from '../../../src/core/ports/clock.ts';
import type { VcsInboundHandler } from '../../../src/core/ports/vcs.ts';

export interface GitLabVcsProviderConfig {
  /** Base URL of the GitLab instance, e.g. `https://gitlab.com` or a self-managed host (no `/api/v4`). */
  url: string;
  /** Access token with the `api` scope (personal, project or group access token). */
  token: string;
  /** The secret token configured on the webhook; GitLab sends it in `X-Gitlab-Token`. */
  webhookSecret: string;
  /** The core's handler of parsed webhooks. */
  inbound: VcsInboundHandler;
  logger: Logger;
  clock: Clock;
  /** Largest webhook body accepted; default 10 MiB (a push naming thousands of files stays far below). */
  maxBodyBytes?: number;
  /** Repositories whose webhook work runs at the same time; default 4. Work on one repository runs in order. */
  concurrency?: number;
  /** Per-request timeout of REST calls; default 30 s. */
  requestTimeoutMs?: number;
  /** Longest wait a 429 `Retry-After` may impose before the call fails; default 60 s. */
  maxRetryAfterMs?: number;
}
