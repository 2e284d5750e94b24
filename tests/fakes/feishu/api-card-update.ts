// Delayed card update with the token of a card callback: 30 minutes, two uses, effective only after the answer.
import { type ApiAnswer, FeishuCode, fail } from './errors.ts';
import { type FeishuFakeState, isSharedCard } from './state.ts';
import { CALLBACK_TOKEN_MAX_USES, CALLBACK_TOKEN_TTL_MS } from './tokens.ts';

// https://open.feishu.cn/document/server-docs/im-v1/message-card/delay-update-message-card
export function delayedCardUpdate(state: FeishuFakeState, body: unknown): ApiAnswer {
  const input = (body ?? {}) as { token?: unknown; card?: unknown };
  if (typeof input.card !== 'object' || input.card === null || Array.isArray(input.card)) {
    return fail(FeishuCode.cardFormat, 'card format is invalid');
  }
  const entry = typeof input.token === 'string' ? state.callbackTokens.get(input.token) : undefined;
  const message = entry ? state.message(entry.messageId) : undefined;
  if (!entry || !message) return fail(FeishuCode.cardTokenFormat, 'token is invalid');
  if (state.clock() - entry.createdAt > CALLBACK_TOKEN_TTL_MS) {
    return fail(FeishuCode.cardTokenExpired, 'token is expired');
  }
  if (entry.uses >= CALLBACK_TOKEN_MAX_USES)
    return fail(FeishuCode.cardTokenUsedUp, 'token usage exceeds limit');
  const { open_ids: openIds, ...card } = input.card as Record<string, unknown>;
  const elements = ((card['body'] ?? card) as { elements?: unknown }).elements;
  if (!Array.isArray(elements)) return fail(FeishuCode.cardFormat, 'card format is invalid');
  if (!isSharedCard('interactive', card) && !Array.isArray(openIds)) {
    return fail(FeishuCode.cardNeedsOpenIds, 'open_ids is required for a card that is not shared');
  }
  entry.uses += 1;
  // Feishu: an update sent before the callback was answered fails or is reverted at once; the fake
  // answers ok and leaves the card as it was (the "reverted" case).
  if (entry.answered) state.editMessage(message, card, JSON.stringify(card), 'card-update');
  return { status: 200, body: { code: 0, msg: 'ok' } };
}
