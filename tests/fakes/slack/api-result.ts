// The shape of one modelled Web API method and its answer (HTTP 200 with `ok`, or a 429).
import type { SlackFakeState } from './state.ts';

export interface MethodContext {
  state: SlackFakeState;
  /** Arguments as received (form values are strings; JSON bodies keep their types). */
  args: Record<string, unknown>;
}

export interface MethodResult {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface MethodSpec {
  /** Scope the token needs; without it Slack answers `missing_scope` with `needed`/`provided`. */
  scope?: string;
  /** False for methods whose docs say they do not accept `application/json` bodies. */
  acceptsJson?: boolean;
  handle(context: MethodContext): MethodResult;
}

/** `{ok: true, ...body}` with HTTP 200. */
export function ok(body: Record<string, unknown> = {}): MethodResult {
  return { status: 200, body: { ok: true, ...body } };
}

/** `{ok: false, error, ...extra}` with HTTP 200: Slack reports method errors in the body. */
export function fail(error: string, extra: Record<string, unknown> = {}): MethodResult {
  return { status: 200, body: { ok: false, error, ...extra } };
}

/** HTTP 429 with Retry-After, as Slack answers a rate-limited call. */
export function rateLimited(retryAfterSeconds: number): MethodResult {
  return {
    status: 429,
    body: { ok: false, error: 'ratelimited' },
    headers: { 'Retry-After': String(retryAfterSeconds) },
  };
}

/** A string argument, or undefined when absent or empty. */
export function stringArg(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** A boolean argument as Slack reads it from form (`"true"`, `"1"`) or JSON bodies. */
export function booleanArg(args: Record<string, unknown>, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}
