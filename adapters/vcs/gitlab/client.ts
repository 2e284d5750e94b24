// The GitLab REST calls the provider makes, over @gitbeaker/rest with a request handler that honours 429 Retry-After.

// The same package @gitbeaker/rest builds its own requester with; only the request handler is replaced.
import { createRequesterFn, type RequestHandlerFn } from '@gitbeaker/requester-utils';
import { Gitlab } from '@gitbeaker/rest';
import type { Logger } from '../../../src/core/ports/clock.ts';
import { errorDetail, GitLabApiError, isNotFound } from './errors.ts';

export interface GitLabClientOptions {
  url: string;
  token: string;
  logger: Logger;
  requestTimeoutMs?: number;
  maxRetryAfterMs?: number;
}

export interface ChangedPath {
  new_path: string;
  old_path: string;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
}

const MAX_ATTEMPTS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), or null. */
export function retryAfterMs(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/**
 * Sends one REST request: on 429 waits what `Retry-After` says (bounded), on 502/503/504 backs off, then retries;
 * any other failure becomes a GitLabApiError. Each attempt has its own timeout.
 */
function requestHandler(o: GitLabClientOptions): RequestHandlerFn {
  const timeout = o.requestTimeoutMs ?? 30_000;
  const maxWait = o.maxRetryAfterMs ?? 60_000;
  return async (endpoint, options = {}) => {
    const { prefixUrl, searchParams, method, headers, body, asStream } = options as {
      prefixUrl: string;
      searchParams?: string;
      method: string;
      headers: Record<string, string>;
      body?: string | FormData;
      asStream?: boolean;
    };
    const url = new URL(endpoint, prefixUrl.endsWith('/') ? prefixUrl : `${prefixUrl}/`);
    url.search = searchParams ?? '';
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, { method, headers, body: body ?? null, signal: AbortSignal.timeout(timeout) });
      } catch (err) {
        throw new GitLabApiError(method, endpoint, 0, (err as Error).message);
      }
      if (res.ok) {
        const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
        const out = asStream
          ? res.body
          : res.status === 204
            ? null
            : type === 'application/json'
              ? ((await res.json()) ?? {})
              : type.startsWith('text/')
                ? await res.text()
                : await res.blob();
        return { body: out as never, headers: Object.fromEntries(res.headers.entries()), status: res.status };
      }
      const retryable = res.status === 429 || res.status === 502 || res.status === 503 || res.status === 504;
      if (!retryable || attempt >= MAX_ATTEMPTS) {
        const text = await res.text();
        throw new GitLabApiError(
          method,
          endpoint,
          res.status,
          errorDetail(res.headers.get('content-type'), text),
        );
      }
      await res.body?.cancel();
      const asked = retryAfterMs(res.headers.get('retry-after'), Date.now());
      const wait = Math.min(asked ?? 250 * 2 ** (attempt - 1), maxWait);
      o.logger.warn({ endpoint, status: res.status, waitMs: wait, attempt }, 'GitLab asked to retry later');
      await sleep(wait);
    }
  };
}

export type GitLabClient = ReturnType<typeof createGitLabClient>;

/** A small client over @gitbeaker/rest; every failure is a GitLabApiError. */
export function createGitLabClient(o: GitLabClientOptions) {
  const api = new Gitlab({
    host: o.url.replace(/\/+$/, ''),
    token: o.token,
    requesterFn: createRequesterFn((_, req) => Promise.resolve(req), requestHandler(o)),
    // Timeouts are per attempt in the handler; the SDK's one would span every page and every Retry-After wait.
    queryTimeout: null,
  });
  return {
    /** https://docs.gitlab.com/api/repository_files/#get-raw-file-from-repository */
    async readFile(project: string, ref: string, path: string): Promise<string | null> {
      try {
        const raw = await api.RepositoryFiles.showRaw(project, path, ref);
        return typeof raw === 'string' ? raw : await raw.text();
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    /** https://docs.gitlab.com/api/repositories/#compare-branches-tags-or-commits */
    async compare(project: string, from: string, to: string) {
      const res = await api.Repositories.compare(project, from, to);
      return {
        diffs: (res.diffs ?? []) as ChangedPath[],
        commits: (res.commits ?? []).map((c) => String(c.id)),
      };
    },
    /** https://docs.gitlab.com/api/commits/#get-the-diff-of-a-commit (paginated; every page is read) */
    async commitDiff(project: string, sha: string): Promise<ChangedPath[]> {
      return (await api.Commits.showDiff(project, sha, { perPage: 100 })) as ChangedPath[];
    },
    /** https://docs.gitlab.com/api/merge_requests/#list-merge-request-diffs (paginated; every page is read) */
    async mergeRequestDiffs(project: string, iid: number): Promise<ChangedPath[]> {
      return (await api.MergeRequests.allDiffs(project, iid, { perPage: 100 })) as ChangedPath[];
    },
    /** https://docs.gitlab.com/api/notes/#list-all-merge-request-notes */
    async mergeRequestNotes(project: string, iid: number): Promise<{ id: number; body: string }[]> {
      const notes = await api.MergeRequestNotes.all(project, iid, {
        perPage: 100,
        sort: 'asc',
        orderBy: 'created_at',
      });
      return notes.map((n) => ({ id: Number(n.id), body: String(n.body ?? '') }));
    },
    /** https://docs.gitlab.com/api/notes/#create-new-merge-request-note */
    async createNote(project: string, iid: number, body: string): Promise<number> {
      return Number((await api.MergeRequestNotes.create(project, iid, body)).id);
    },
    /** https://docs.gitlab.com/api/notes/#modify-existing-merge-request-note */
    async editNote(project: string, iid: number, noteId: number, body: string): Promise<void> {
      await api.MergeRequestNotes.edit(project, iid, noteId, { body });
    },
    /** https://docs.gitlab.com/api/commits/#set-the-pipeline-status-of-a-commit */
    async setStatus(
      project: string,
      sha: string,
      state: 'pending' | 'running' | 'success' | 'failed',
      options: { name: string; description: string; targetUrl?: string },
    ): Promise<void> {
      await api.Commits.editStatus(project, sha, state, options);
    },
    /** https://docs.gitlab.com/api/commits/#create-a-commit-with-multiple-files-and-actions */
    async commit(
      project: string,
      branch: string,
      message: string,
      action: { action: 'create' | 'update'; filePath: string; content: string },
    ): Promise<string> {
      return String((await api.Commits.create(project, branch, message, [action])).id);
    },
  };
}
