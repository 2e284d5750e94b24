// Authentication endpoints of the Open API: the self-built app's tenant token, Bearer checks, bot info.
import { type ApiAnswer, FeishuCode, fail, ok } from './errors.ts';
import type { FeishuFakeState } from './state.ts';

// https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
export function tenantAccessToken(state: FeishuFakeState, body: unknown): ApiAnswer {
  const { app_id: appId, app_secret: appSecret } = (body ?? {}) as Record<string, unknown>;
  // Rejections come back with HTTP 200 and a non-zero code; the SDK then throws "failed to get tenant_access_token".
  if (typeof appId !== 'string' || typeof appSecret !== 'string' || appId !== state.appId) {
    return { status: 200, body: { code: FeishuCode.invalidParam, msg: 'invalid param' } };
  }
  if (appSecret !== state.appSecret) {
    return { status: 200, body: { code: FeishuCode.appSecretInvalid, msg: 'app secret invalid' } };
  }
  const { token, expire } = state.tenantTokens.issue();
  // This endpoint answers at the top level, not under `data`; the SDK reads tenant_access_token and expire.
  return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire } };
}

/**
 * Checks `Authorization: Bearer <tenant_access_token>`; returns the error answer, or the token.
 * https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code
 */
export function checkBearer(
  state: FeishuFakeState,
  authorization: string | undefined,
): { token: string } | { error: ApiAnswer } {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) {
    return {
      error: fail(
        FeishuCode.missingAccessToken,
        'Missing access token for authorization. Please make a request with token attached.',
      ),
    };
  }
  if (!state.tenantTokens.isValid(match[1])) {
    return {
      error: fail(
        FeishuCode.invalidAccessToken,
        'Invalid access token for authorization. Please make a request with token attached.',
      ),
    };
  }
  return { token: match[1] };
}

// https://open.feishu.cn/document/client-docs/bot-v3/obtain-bot-info
export function botInfo(state: FeishuFakeState): ApiAnswer {
  const answer = ok({});
  // Like the token endpoint, bot/v3/info answers with `bot` at the top level.
  delete answer.body['data'];
  answer.body['bot'] = {
    activate_status: 2,
    app_name: state.bot.name,
    avatar_url: '',
    ip_white_list: [],
    open_id: state.bot.openId,
  };
  return answer;
}
