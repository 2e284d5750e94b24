// Public API of the loopback Feishu/Lark fake (Open API server) and its driver (encrypted, signed pushes).
export type { FeishuCardButton, FeishuCardInput } from './card-text.ts';
export { decryptEvent, encryptEvent, larkSignature } from './crypto.ts';
export type { FeishuDriver, FeishuDriverOptions, FeishuSendOptions, FeishuSendResult } from './driver.ts';
export { CHALLENGE_DEADLINE_MS, createFeishuDriver, FEISHU_ACK_DEADLINE_MS } from './driver.ts';
export { type ApiAnswer, FeishuCode } from './errors.ts';
export type { CardActionInput, MessageInput } from './events.ts';
export { BOT_MENTION_KEY } from './events.ts';
export { FeishuLimits } from './limits.ts';
export type { FeishuFake } from './server.ts';
export { createFeishuFakeApp, handleOpenApi, startFeishuFake } from './server.ts';
export { FeishuFakeState } from './state.ts';
export {
  CALLBACK_TOKEN_MAX_USES,
  CALLBACK_TOKEN_TTL_MS,
  type CallbackToken,
  TENANT_TOKEN_TTL_SECONDS,
} from './tokens.ts';
export type {
  Clock,
  FeishuApiCall,
  FeishuCallbackAnswer,
  FeishuFakeChat,
  FeishuFakeMessage,
  FeishuFakeOptions,
  FeishuFakeUser,
  FeishuMessageVersion,
  FeishuReceiver,
} from './types.ts';
