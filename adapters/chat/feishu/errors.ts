// Feishu/Lark errors translated once: Open API failures (with their rate-limit wait) and refused inbound requests.

/** Feishu's "too many requests" business code; it may come with HTTP 429 or HTTP 400. */
export const FEISHU_RATE_LIMIT_CODE = 99991400;
/**
 * Business codes that mean "slow down": the gateway's frequency control, and IM's own limit (e.g. 5 updates
 * per second of one message). https://open.feishu.cn/document/server-docs/im-v1/message-card/patch
 */
const RATE_LIMIT_CODES = new Set([FEISHU_RATE_LIMIT_CODE, 230020]);

/** An Open API call that failed: a non-zero `code`, an HTTP error or a transport failure. */
export class FeishuApiError extends Error {
  constructor(
    readonly operation: string,
    /** Feishu's business code, or null when none came back. */
    readonly code: number | null,
    /** HTTP status, or null when there was no answer. */
    readonly status: number | null,
    detail: string,
    /** How long the platform asked us to wait before trying again (rate limits), else null. */
    readonly retryAfterMs: number | null = null,
    /** No answer came (connection refused, reset, timed out): the call may work on another try. */
    readonly noAnswer = false,
  ) {
    super(`Feishu ${operation} failed: ${detail}`);
    this.name = 'FeishuApiError';
  }

  /** Worth another try: rate limited, a server error, or no answer at all. */
  get retryable(): boolean {
    return this.retryAfterMs !== null || this.noAnswer || (this.status !== null && this.status >= 500);
  }
}

type Headers = Record<string, unknown> | { get?: (name: string) => unknown } | undefined;

function header(headers: Headers, name: string): string | null {
  if (!headers) return null;
  const get = (headers as { get?: (n: string) => unknown }).get;
  const v = typeof get === 'function' ? get.call(headers, name) : (headers as Record<string, unknown>)[name];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

/**
 * The wait a rate-limit answer asks for: `x-ogw-ratelimit-reset` (seconds until the window resets) or
 * `Retry-After`, else one second.
 * https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
 */
export function rateLimitWaitMs(headers: Headers): number {
  const raw = header(headers, 'x-ogw-ratelimit-reset') ?? header(headers, 'retry-after');
  const seconds = raw === null ? Number.NaN : Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 60) * 1000 : 1000;
}

/** A business answer (`{code, msg}`) that is not success. */
export function fromAnswer(operation: string, answer: { code?: number; msg?: string }): FeishuApiError {
  const code = answer.code ?? null;
  return new FeishuApiError(
    operation,
    code,
    200,
    `code ${code}: ${answer.msg ?? 'no message'}`,
    code !== null && RATE_LIMIT_CODES.has(code) ? 1000 : null,
  );
}

/** Turns whatever the SDK (axios underneath) threw into a FeishuApiError; never copies request data. */
export function toFeishuApiError(operation: string, err: unknown): FeishuApiError {
  if (err instanceof FeishuApiError) return err;
  const response = (err as { response?: { status?: number; data?: unknown; headers?: Headers } }).response;
  if (!response) {
    const message = err instanceof Error ? err.message : String(err);
    // Only a transport failure (axios without an answer) is worth retrying; a token refusal is not.
    const transport = (err as { isAxiosError?: boolean }).isAxiosError === true;
    return new FeishuApiError(operation, null, null, message, null, transport);
  }
  const data = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as {
    code?: number;
    msg?: string;
  };
  const code = typeof data.code === 'number' ? data.code : null;
  const limited = response.status === 429 || (code !== null && RATE_LIMIT_CODES.has(code));
  return new FeishuApiError(
    operation,
    code,
    response.status ?? null,
    `HTTP ${response.status}${code !== null ? ` code ${code}` : ''}${data.msg ? `: ${data.msg}` : ''}`,
    limited ? rateLimitWaitMs(response.headers) : null,
  );
}
