// Feishu Open API answers: `{code, msg, data}` bodies, business errors with HTTP 400 and a log id.
// https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code
import { newLogId } from './ids.ts';

/** One HTTP answer of the fake. */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Error codes the fake answers with; see README for which are documented and which observed. */
export const FeishuCode = {
  /** Tenant token request with a wrong app secret (answered with HTTP 200, as the token endpoint does). */
  appSecretInvalid: 10014,
  /** Tenant token request with an unknown app id or missing fields (HTTP 200). */
  invalidParam: 10003,
  /** No `Authorization: Bearer` header. */
  missingAccessToken: 99991661,
  /** A Bearer token the platform never issued, or one that was invalidated. */
  invalidAccessToken: 99991663,
  /** Frequency control (HTTP 429 with `x-ogw-ratelimit-reset`). */
  rateLimited: 99991400,
  /** Request field validation failed (missing or malformed query/body fields). */
  fieldValidation: 99992402,
  /** IM: a request parameter is invalid (`ext=` says which). */
  imInvalidParam: 230001,
  /** IM: the bot is not in the chat. */
  botNotInChat: 230002,
  /** IM: the message was recalled. */
  messageRecalled: 230011,
  /** IM: the message is older than the 14-day update window. */
  messageExpired: 230031,
  /** IM: the card content could not be built. */
  cardContentFailed: 230099,
  /** IM: per-message update frequency (5 QPS) exceeded. */
  imFrequencyLimit: 230020,
  /** Contact: the user id is not a valid id of the given type. */
  userIdInvalid: 41012,
  /** Contact: a request parameter (e.g. user_id_type) is invalid. */
  contactInvalidParameter: 40001,
  /** Delayed card update: the card is not in a valid format. */
  cardFormat: 11311,
  /** Delayed card update: the token is not a `c-…` callback token. */
  cardTokenFormat: 300020,
  /** Delayed card update: the token is older than 30 minutes. */
  cardTokenExpired: 300030,
  /** Delayed card update: the token was already used twice. */
  cardTokenUsedUp: 300040,
  /** Delayed card update: a card that is not shared needs `open_ids`. */
  cardNeedsOpenIds: 300090,
} as const;

/** A successful answer: `{code: 0, msg: 'success', data}`. */
export function ok(data: Record<string, unknown>): ApiAnswer {
  return { status: 200, body: { code: 0, msg: 'success', data } };
}

/** A business error as Feishu sends it: HTTP 400 with code, msg and a troubleshooting block. */
export function fail(code: number, msg: string, status = 400): ApiAnswer {
  const logId = newLogId();
  return {
    status,
    body: {
      code,
      msg,
      error: {
        log_id: logId,
        troubleshooter: `https://open.feishu.cn/search?from=openapi&log_id=${logId}&code=${code}`,
      },
    },
  };
}

/** `230001` with the `ext=` detail Feishu appends to IM parameter errors. */
export function invalidParam(ext: string): ApiAnswer {
  return fail(FeishuCode.imInvalidParam, `Your request contains an invalid request parameter, ext=${ext}`);
}

/**
 * The frequency-control answer: HTTP 429 (400 for some older APIs), code 99991400, `x-ogw-ratelimit-*` headers.
 * https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
 */
export function rateLimited(retryAfterSeconds: number, status: 429 | 400 = 429): ApiAnswer {
  return {
    status,
    body: { code: FeishuCode.rateLimited, msg: 'request trigger frequency limit' },
    headers: {
      'x-ogw-ratelimit-limit': '50',
      'x-ogw-ratelimit-reset': String(retryAfterSeconds),
    },
  };
}
