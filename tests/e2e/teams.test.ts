// Teams end to end: the chat contract, plus what only Teams has (Action.Submit, mentions, personal chats, auth, manifest).
import { describeChatContract } from '../contracts/chat.ts';
import { createTeamsKit } from './kits/teams-kit.ts';

describeChatContract('teams', createTeamsKit);
