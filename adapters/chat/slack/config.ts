// Configuration of the Slack chat adapter.
import type { ChatInboundHandler } from '../../../src/core/ports/chat-adapter.ts';
import type { Clock, Logger } from '../../../src/core/ports/clock.ts';

export interface SlackChatAdapterConfig {
  /** Signing secret of the Slack app (Basic Information → App Credentials). */
  signingSecret: string;
  /** Bot token, `xoxb-…`. */
  botToken: string;
  /** Web API base, `https://slack.com/api/` unless pointed elsewhere (tests, proxies). */
  apiUrl: string;
  /** The core's handler of clicks, form submissions and commands. */
  inbound: ChatInboundHandler;
  logger: Logger;
  /** Injectable for the signature window. */
  clock: Clock;
  /** A command answer slower than this is acknowledged first and sent through the response URL; default 2500 ms. */
  commandDeadlineMs?: number;
}
