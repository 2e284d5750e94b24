import type { ChatAdapterState, ChatInboundHandler } from '../../../src/core/ports/chat-adapter.ts';
import type { Clock, Logger } from '../../../src/core/ports/clock.ts';

export interface FeishuChatAdapterConfig {
  appId: string;
  appSecret: string;
  /** Verification token of the app's event subscription; checked on every event and callback. */
  verificationToken: string | undefined;
  /** Encrypt key: events arrive AES-256-CBC encrypted and signed when set. */
  encryptKey: string | undefined;
  /** `feishu` (open.feishu.cn), `lark` (open.larksuite.com) or a base URL (tests, private deployments). */
  domain: string;
  inbound: ChatInboundHandler;
  state: ChatAdapterState;
  logger: Logger;
  clock: Clock;
  /**
   * How long a card click may wait for the core before the callback is answered anyway (Feishu allows 3 s);
   * what the core says later reaches the clicker by direct message. Default 2000 ms.
   */
  callbackBudgetMs?: number;
}
