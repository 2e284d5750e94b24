// auth.test, users.*, conversations.* and views.* methods of the fake Web API.
import { booleanArg, fail, type MethodSpec, ok, stringArg } from './api-result.ts';
import type { SlackFakeState } from './state.ts';
import type { SlackUserSeed } from './types.ts';

/** The user object of users.info / users.lookupByEmail; `email` only with a stored email and the scope. */
function userToWire(state: SlackFakeState, user: SlackUserSeed): Record<string, unknown> {
  const realName = user.realName ?? user.name;
  const withEmail = user.email !== undefined && state.scopes.includes('users:read.email');
  return {
    id: user.id,
    team_id: state.team.id,
    name: user.name,
    deleted: user.deleted ?? false,
    real_name: realName,
    is_bot: user.isBot ?? false,
    is_app_user: false,
    is_email_confirmed: user.emailConfirmed ?? true,
    updated: Math.floor(state.clock() / 1000),
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: user.displayName ?? user.name,
      display_name_normalized: user.displayName ?? user.name,
      ...(withEmail ? { email: user.email } : {}),
      ...(user.id === state.bot.userId ? { bot_id: state.bot.botId } : {}),
      team: state.team.id,
    },
  };
}

/** https://docs.slack.dev/reference/methods/auth.test */
const authTest: MethodSpec = {
  handle({ state }) {
    return ok({
      url: `https://${state.team.domain}.slack.com/`,
      team: state.team.name,
      user: state.bot.name,
      team_id: state.team.id,
      user_id: state.bot.userId,
      bot_id: state.bot.botId,
      is_enterprise_install: false,
    });
  },
};

/** https://docs.slack.dev/reference/methods/users.info ("does not currently accept application/json") */
const usersInfo: MethodSpec = {
  scope: 'users:read',
  acceptsJson: false,
  handle({ state, args }) {
    const user = state.users.get(stringArg(args, 'user') ?? '');
    return user ? ok({ user: userToWire(state, user) }) : fail('user_not_found');
  },
};

/** https://docs.slack.dev/reference/methods/users.lookupByEmail */
const lookupByEmail: MethodSpec = {
  scope: 'users:read.email',
  handle({ state, args }) {
    const email = (stringArg(args, 'email') ?? '').toLowerCase();
    const user = [...state.users.values()].find((candidate) => candidate.email?.toLowerCase() === email);
    return user && email ? ok({ user: userToWire(state, user) }) : fail('users_not_found');
  },
};

/** https://docs.slack.dev/reference/methods/conversations.open */
const conversationsOpen: MethodSpec = {
  scope: 'im:write',
  handle({ state, args }) {
    const channelRef = stringArg(args, 'channel');
    if (channelRef) {
      const channel = state.channel(channelRef);
      if (!channel || (!channel.isIm && !channel.isMpim)) return fail('channel_not_found');
      return ok({ no_op: true, already_open: true, channel: { id: channel.id } });
    }
    const users = (stringArg(args, 'users') ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (users.length === 0) return fail('users_list_not_supplied');
    if (users.length > 8) return fail('too_many_users');
    if (users.some((id) => !state.users.has(id))) return fail('user_not_found');
    if (users.some((id) => state.users.get(id)?.deleted)) return fail('user_disabled');
    const { channel, alreadyOpen } = state.messages.openConversation(users);
    const full = booleanArg(args, 'return_im')
      ? {
          created: Math.floor(state.clock() / 1000),
          is_im: channel.isIm,
          is_open: true,
          ...(channel.user ? { user: channel.user } : {}),
        }
      : {};
    return ok({
      ...(alreadyOpen ? { no_op: true, already_open: true } : {}),
      channel: { id: channel.id, ...full },
    });
  },
};

/** https://docs.slack.dev/reference/methods/conversations.replies */
const conversationsReplies: MethodSpec = {
  handle({ state, args }) {
    const channel = state.channel(stringArg(args, 'channel') ?? '');
    if (!channel) return fail('channel_not_found');
    const parent = state.message(channel.id, stringArg(args, 'ts') ?? '');
    if (!parent) return fail('thread_not_found');
    const rootTs = parent.threadTs ?? parent.ts;
    const root = state.message(channel.id, rootTs);
    const messages = [...(root ? [root] : []), ...state.thread(channel.id, rootTs)];
    return ok({ messages: messages.map((message) => state.messageToWire(message)), has_more: false });
  },
};

function viewAnswer(state: SlackFakeState, result: ReturnType<SlackFakeState['viewStore']['open']>) {
  if (!result.ok) {
    return fail(result.error, result.messages ? { response_metadata: { messages: result.messages } } : {});
  }
  return ok({ view: state.viewToWire(result.view) });
}

/** https://docs.slack.dev/reference/methods/views.open */
const viewsOpen: MethodSpec = {
  handle({ state, args }) {
    return viewAnswer(state, state.viewStore.open(args.trigger_id, args.view));
  },
};

/** https://docs.slack.dev/reference/methods/views.update */
const viewsUpdate: MethodSpec = {
  handle({ state, args }) {
    return viewAnswer(state, state.viewStore.update(args));
  },
};

/** auth, users, conversations and views methods by name. */
export const directoryMethods: Record<string, MethodSpec> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'users.lookupByEmail': lookupByEmail,
  'conversations.open': conversationsOpen,
  'conversations.replies': conversationsReplies,
  'views.open': viewsOpen,
  'views.update': viewsUpdate,
};
