// The Microsoft Teams ChatAdapter.
import type { ChatAdapter } from '../../../src/core/ports/chat-adapter.ts';
import type { TeamsChatAdapterConfig } from './config.ts';

export type { TeamsChatAdapterConfig } from './config.ts';

export function createTeamsChatAdapter(_config: TeamsChatAdapterConfig): ChatAdapter {
  throw new Error('the Teams adapter is not available yet');
}
