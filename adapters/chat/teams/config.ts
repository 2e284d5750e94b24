import type { ChatAdapterState, ChatInboundHandler } from '../../../src/core/ports/chat-adapter.ts';
import type { Clock, Logger } from '../../../src/core/ports/clock.ts';

export interface TeamsChatAdapterConfig {
  /** Microsoft App ID of the bot (Azure Bot resource); empty only with `allowUnauthenticated`. */
  appId: string;
  appPassword: string;
  /** Tenant of a single-tenant bot. */
  tenantId: string | undefined;
  /** Local development only: accept unauthenticated requests when no app id is set. */
  allowUnauthenticated: boolean;
  /** Overrides of the Bot Framework endpoints (tests, sovereign clouds). */
  openIdMetadataUrl: string | undefined;
  tokenIssuer: string | undefined;
  loginUrl: string | undefined;
  inbound: ChatInboundHandler;
  /** Durable state: conversation references for proactive messages. */
  state: ChatAdapterState;
  logger: Logger;
  clock: Clock;
  /**
   * How long a card click may work before the invoke is answered with the card as it stands (the notifier
   * updates it later); default 4000 ms, well inside the Teams invoke deadline.
   */
  invokeBudgetMs?: number;
}
