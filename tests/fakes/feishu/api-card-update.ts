// Delayed card update with the token of a card callback: 30 minutes, two uses, only after the callback answer.
import { type ApiAnswer, FeishuCode, fail, ok } from './errors.ts';
import { CALLBACK_TOKEN_MAX_USES, CALLBACK_TOKEN_TTL_MS, type FeishuFakeState } from './state.ts';

// https://open.feishu.cn/document/server-docs/im-v1/message-card/delay-update-message-card
export function delayedCardUpdate(state: FeishuFakeState, body: unknown): ApiAnswer {
  const input = (body ?? {}) as { token?: unknown; card?: unknown };
  if (typeof input.token !== 'string' || typeof input.card !== 'object' || input.card === null) {
    return fail(FeishuCode.fieldValidation, 'field validation failed');
  }
  const entry = state.callbackTokens.get(input.token);
  const message = entry ? state.message(entry.messageId) : undefined;
  if (!entry || !message) return fail(FeishuCode.cardTokenInvalid, 'card token invalid');
  if (state.clock() - entry.createdAt > CALLBACK_TOKEN_TTL_MS) {
    return fail(FeishuCode.cardTokenInvalid, 'card token expired');
  }
  if (entry.uses >= CALLBACK_TOKEN_MAX_USES) return fail(FeishuCode.cardTokenInvalid, 'card token used up');
  // Feishu: an update sent before the callback was answered fails or is reverted at once; refuse it.
  if (!entry.answered) return fail(FeishuCode.cardTokenInvalid, 'update before the callback was answered');
  const card = { ...(input.card as Record<string, unknown>) };
  delete card['open_ids'];
  const body2 = (card['body'] ?? card) as { elements?: unknown };
  if (!Array.isArray(body2.elements)) {
    return fail(FeishuCode.cardContentFailed, 'Failed to create card content, ext=no elements');
  }
  entry.uses += 1;
  state.editMessage(message, card, JSON.stringify(card), 'card-update');
  return ok({});
}
