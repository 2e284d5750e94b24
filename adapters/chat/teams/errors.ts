// Teams errors translated once: connector (REST) failures, token failures and refused inbound requests.

/** A Bot Connector or token call that failed; `status` is the HTTP status (0 when there was no answer). */
export class TeamsApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string,
    /** Seconds the platform asked to wait (429 Retry-After), when it said so. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`Teams ${operation} failed: ${status ? `HTTP ${status} ` : ''}${code}`);
    this.name = 'TeamsApiError';
  }

  /**
   * False when the connector refused the call for good (a bad activity, a conversation or message that is not
   * there, a bot not allowed in it); no answer, 401 (tokens), 408, 429 and 5xx may pass with a retry.
   */
  get retryable(): boolean {
    return ![400, 403, 404, 405, 413].includes(this.status);
  }
}

type RestErrorLike = {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined }; bodyAsText?: string | null };
};

function retryAfter(err: RestErrorLike): number | null {
  const raw = err.response?.headers?.get?.('retry-after');
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Turns whatever botbuilder's connector client threw (a RestError) into a TeamsApiError. */
export function toTeamsApiError(operation: string, err: unknown): TeamsApiError {
  if (err instanceof TeamsApiError) return err;
  const e = (err ?? {}) as RestErrorLike;
  let code = e.code ?? (err instanceof Error ? err.message : String(err));
  // The connector answers `{ error: { code, message } }`; its code names the problem better than the transport's.
  try {
    const body = JSON.parse(e.response?.bodyAsText ?? '') as { error?: { code?: string } };
    if (body.error?.code) code = body.error.code;
  } catch {}
  return new TeamsApiError(operation, e.statusCode ?? 0, code, retryAfter(e));
}

/** Why an inbound request was refused; the message never carries the token. */
export class TeamsAuthError extends Error {
  constructor(
    readonly status: 401 | 403 | 503,
    readonly reason: string,
  ) {
    super(`Teams request refused: ${reason}`);
    this.name = 'TeamsAuthError';
  }
}
