// GitLab errors translated once: REST API failures carry the method, the endpoint and GitLab's status.

/** A GitLab REST call that failed: an HTTP error answer, or a transport failure (status 0). */
export class GitLabApiError extends Error {
  constructor(
    readonly method: string,
    readonly endpoint: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`GitLab ${method} ${endpoint} failed${status ? ` (${status})` : ''}: ${detail}`);
    this.name = 'GitLabApiError';
  }
}

/** Whether an error is GitLab saying a thing does not exist. */
export const isNotFound = (err: unknown) => err instanceof GitLabApiError && err.status === 404;

/** The message GitLab put in an error body (`{"message": …}` or `{"error": …}`), else the text itself. */
export function errorDetail(contentType: string | null, body: string): string {
  if (contentType?.includes('json')) {
    try {
      const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
      const m = parsed.message ?? parsed.error;
      if (m !== undefined) return typeof m === 'string' ? m : JSON.stringify(m);
    } catch {}
  }
  return body.slice(0, 500) || 'no details';
}
