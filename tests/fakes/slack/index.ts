// Public API of the loopback Slack fake (Web API server) and its driver (signed inbound requests).
export type {
  DriverResponse,
  PayloadResponse,
  SendOptions,
  SlackDriver,
  SlackDriverOptions,
  SlackRequest,
  SlackRequestKind,
} from './driver.ts';
export { createSlackDriver, SLACK_ACK_DEADLINE_MS, SLACK_USER_AGENT } from './driver.ts';
export type { BlockActionInput, EventInput, SlashCommandInput, ViewSubmissionInput } from './payloads.ts';
export { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS } from './response-urls.ts';
export type { SlackFake } from './server.ts';
export { createSlackFakeApp, startSlackFake } from './server.ts';
export { slackSignature, slackSignatureHeaders } from './sign.ts';
export { DEFAULT_SCOPES, SlackFakeState } from './state.ts';
export type {
  ApiCall,
  ChannelPostLimitOptions,
  Clock,
  EphemeralMessage,
  FakeMessage,
  FakeView,
  MessageVersion,
  ResponseUrlContext,
  ResponseUrlPost,
  SlackChannelSeed,
  SlackFakeOptions,
  SlackUserSeed,
} from './types.ts';
export { TRIGGER_TTL_MS } from './views.ts';
export { webApiMethods } from './web-api.ts';
