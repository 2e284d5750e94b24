// Public API of the loopback Feishu/Lark fake (Open API server) and its driver (encrypted, signed pushes).
export type { FeishuCardButton, FeishuCardInput } from './card-text.ts';
export { decryptEvent, encryptEvent, larkSignature } from './crypto.ts';
export type { FeishuDriver, FeishuDriverOptions, FeishuSendOptions, FeishuSendResult } from './driver.ts';
export { createFeishuDriver, FEISHU_ACK_DEADLINE_MS } from './driver.ts';
export { type ApiAnswer, FeishuCode } from './errors.ts';
export type { CardActionInput, MessageInput } from './events.ts';
export { BOT_MENTION_KEY } from './events.ts';
export type { FeishuFake } from './server.ts';
export { createFeishuFakeApp, handleOpenApi, startFeishuFake } from './server.ts';
export {
  CALLBACK_TOKEN_MAX_USES,
  CALLBACK_TOKEN_TTL_MS,
  type CallbackToken,
  FeishuFakeState,
  TENANT_TOKEN_TTL_SECONDS,
} from './state.ts';
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
