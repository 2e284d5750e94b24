// The one mapping from errors to HTTP answers: {error:{code,message,requestId}}.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { DomainError, type DomainErrorCode, sqlStateOf } from '../core/errors.ts';
import type { Logger } from '../core/ports/clock.ts';

const STATUS: Record<DomainErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** A JSON error answer with the request id. */
export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: Record<string, unknown>,
) {
  const requestId = (c.get('requestId' as never) as string | undefined) ?? null;
  return c.json({ error: { code, message, requestId, ...(details ? { details } : {}) } }, status);
}

/** Translates any thrown value; unknown errors are logged and answered without internals. */
export function mapError(err: unknown, c: Context, logger: Logger) {
  if (err instanceof DomainError)
    return errorResponse(c, STATUS[err.code], err.code, err.message, err.details);
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const path = issue?.path.join('.') ?? '';
    return errorResponse(
      c,
      400,
      'bad_request',
      `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid input'}`,
      {
        issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    );
  }
  if (err instanceof SyntaxError && /JSON/.test(err.message)) {
    return errorResponse(c, 400, 'bad_request', `malformed JSON body: ${err.message}`);
  }
  const state = sqlStateOf(err);
  if (state === '40001' || state === '40P01' || state === '55P03' || state === '23505') {
    logger.warn({ err, sqlState: state, requestId: c.get('requestId' as never) }, 'concurrent change lost');
    return errorResponse(
      c,
      409,
      'conflict',
      'another change to the same thing happened at the same moment; reload it and try again if still needed',
    );
  }
  if (state?.startsWith('22')) {
    // Data exceptions: a value the store cannot hold (out of range, bad encoding) that validation let through.
    logger.warn(
      { err, sqlState: state, requestId: c.get('requestId' as never) },
      'value refused by the store',
    );
    return errorResponse(c, 400, 'bad_request', 'a value in the request is out of range or not valid text');
  }
  const status = (err as { status?: number }).status;
  if (status === 413) return errorResponse(c, 413, 'payload_too_large', 'request body is too large');
  logger.error({ err, requestId: c.get('requestId' as never) }, 'unhandled error');
  return errorResponse(c, 500, 'internal', 'internal error');
}
