// Public API of the loopback Microsoft Teams / Bot Framework fake and its driver (signed inbound activities).
export type { Place } from './activities.ts';
export type { TeamsDriver, TeamsDriverOptions, TeamsSendResult } from './driver.ts';
export { createTeamsDriver, TEAMS_INVOKE_DEADLINE_MS, TEAMS_USER_AGENT } from './driver.ts';
export { parseConversationId, threadConversationId } from './ids.ts';
export { memberJson } from './members-routes.ts';
export { startTeamsFake } from './server.ts';
export { TeamsState } from './state.ts';
export { activityText } from './text.ts';
export { CHANNEL_TOKEN_ISSUER, CONNECTOR_AUDIENCE, TEAMS_CHANNEL_ID } from './tokens.ts';
export type {
  ChannelTokenOverrides,
  TeamsFake,
  TeamsFakeCall,
  TeamsFakeChannel,
  TeamsFakeMessage,
  TeamsFakeOptions,
  TeamsFakeState,
  TeamsFakeUser,
  TeamsInvokeAnswer,
} from './types.ts';
