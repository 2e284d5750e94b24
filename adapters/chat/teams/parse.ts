// Parses Bot Framework activities from Teams into what the adapter acts on: card actions, commands, installs.
// https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** The user who sent an activity. */
export interface TeamsActor {
  /** "29:..." */
  userId: string;
  aadObjectId: string | null;
  name: string | null;
}

/** What the adapter keeps to talk to a conversation later (a trimmed Bot Framework ConversationReference). */
export interface TeamsConversationRef {
  serviceUrl: string;
  tenantId: string | null;
  /** Channel, group chat or 1:1 conversation id, without any ";messageid=" thread suffix. */
  conversationId: string;
  conversationType: string | null;
  botId: string;
  botName: string | null;
}

interface Common {
  /** The activity id: stable across the platform's redeliveries of the same activity. */
  id: string;
  actor: TeamsActor;
  ref: TeamsConversationRef;
  /** The conversation id as sent, with a ";messageid=" thread suffix when the activity came from a thread. */
  conversation: string;
}

export type TeamsInbound =
  /** Action.Execute (Universal Actions): an invoke answered with a card or a message. */
  | (Common & { kind: 'execute'; verb: string; data: Json; messageId: string | null })
  /** Action.Submit (older clients): a message activity whose `value` holds the action's data and inputs. */
  | (Common & { kind: 'submit'; verb: string; data: Json; messageId: string | null })
  /** A message addressed to the bot: a command. */
  | (Common & { kind: 'command'; text: string; personal: boolean })
  /** The bot was added to a team, chat or personal scope. */
  | { kind: 'install'; ref: TeamsConversationRef }
  | { kind: 'ignored'; reason: string; ref: TeamsConversationRef | null };

/** "19:x@thread.tacv2;messageid=123" → "19:x@thread.tacv2". */
export const baseConversationId = (id: string) => id.split(';messageid=')[0] ?? id;

/** Whether a conversation id is a team channel, where replies live in the thread id ";messageid=<root>". */
export const isChannelConversation = (id: string) => /@thread\.(tacv2|skype)$/.test(baseConversationId(id));

/** The conversation reference of an activity, or null when it lacks what replying needs. */
export function referenceOf(activity: Json): TeamsConversationRef | null {
  const conversation = obj(activity.conversation);
  const recipient = obj(activity.recipient);
  const serviceUrl = str(activity.serviceUrl);
  const id = str(conversation.id);
  const botId = str(recipient.id);
  if (!serviceUrl || !id || !botId) return null;
  return {
    serviceUrl,
    tenantId: str(conversation.tenantId) ?? str(obj(obj(activity.channelData).tenant).id),
    conversationId: baseConversationId(id),
    conversationType: str(conversation.conversationType),
    botId,
    botName: str(recipient.name),
  };
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Command text of a message: the bot's mention removed, HTML tags and entities undone, "/bytebase" dropped. */
export function commandText(activity: Json): string {
  let text = str(activity.text) ?? '';
  const botId = str(obj(activity.recipient).id);
  for (const e of Array.isArray(activity.entities) ? activity.entities : []) {
    const entity = obj(e);
    const mentioned = str(obj(entity.mentioned).id);
    const shown = str(entity.text);
    if (entity.type === 'mention' && shown && mentioned && botId && mentioned === botId)
      text = text.split(shown).join(' ');
  }
  text = text
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#\d+|[a-z]+);/gi, (m, name: string) =>
      name.startsWith('#')
        ? String.fromCodePoint(Number(name.slice(1)))
        : (ENTITIES[name.toLowerCase()] ?? m),
    )
    .replace(/[ \t\u00a0]+/g, ' ')
    .trim();
  return text.replace(/^\/?bytebase\b\s*/i, '');
}

function mentionsBot(activity: Json): boolean {
  const botId = str(obj(activity.recipient).id);
  return (Array.isArray(activity.entities) ? activity.entities : []).some((e) => {
    const entity = obj(e);
    return entity.type === 'mention' && botId !== null && str(obj(entity.mentioned).id) === botId;
  });
}

/** Parses one (authenticated) activity. */
export function parseTeamsActivity(activity: Json): TeamsInbound {
  const ref = referenceOf(activity);
  if (!ref) return { kind: 'ignored', reason: 'no conversation, recipient or serviceUrl', ref: null };
  const type = str(activity.type);
  if (type === 'installationUpdate' && activity.action === 'add') return { kind: 'install', ref };
  if (type === 'conversationUpdate') {
    const added = Array.isArray(activity.membersAdded) ? activity.membersAdded : [];
    if (added.some((m) => str(obj(m).id) === ref.botId)) return { kind: 'install', ref };
    return { kind: 'ignored', reason: 'conversation update', ref };
  }
  const from = obj(activity.from);
  const userId = str(from.id);
  const id = str(activity.id);
  if (!userId || !id) return { kind: 'ignored', reason: 'no sender or activity id', ref };
  const actor = { userId, aadObjectId: str(from.aadObjectId), name: str(from.name) };
  const conversation = str(obj(activity.conversation).id) ?? ref.conversationId;
  const messageId = str(activity.replyToId);
  if (type === 'invoke') {
    if (activity.name !== 'adaptiveCard/action')
      return { kind: 'ignored', reason: `invoke ${activity.name}`, ref };
    const action = obj(obj(activity.value).action);
    const verb = str(action.verb);
    if (action.type !== 'Action.Execute' || !verb)
      return { kind: 'ignored', reason: 'not an Action.Execute', ref };
    return { kind: 'execute', id, actor, ref, conversation, verb, data: obj(action.data), messageId };
  }
  if (type !== 'message') return { kind: 'ignored', reason: `activity type ${type}`, ref };
  const value = obj(activity.value);
  const verb = str(value.verb);
  if (verb) return { kind: 'submit', id, actor, ref, conversation, verb, data: value, messageId };
  const personal = ref.conversationType === 'personal';
  if (!personal && !mentionsBot(activity))
    return { kind: 'ignored', reason: 'message not addressed to the bot', ref };
  return { kind: 'command', id, actor, ref, conversation, text: commandText(activity), personal };
}

/** The approval step a card action names: `{issueId, round, step}` as whole numbers. */
export function stepKeyOf(data: Json): { issueId: number; round: number; step: number } | null {
  const n = (v: unknown) =>
    typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) : NaN;
  const key = { issueId: n(data.issueId), round: n(data.round), step: n(data.step) };
  return Object.values(key).every((v) => Number.isInteger(v) && v >= 0) ? key : null;
}

/** The drift state a drift card action names: `{databaseId, seq}` as whole numbers. */
export function driftKeyOf(data: Json): { databaseId: number; seq: number } | null {
  const n = (v: unknown) =>
    typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) : NaN;
  const key = { databaseId: n(data.databaseId), seq: n(data.seq) };
  return Object.values(key).every((v) => Number.isInteger(v) && v >= 0) ? key : null;
}
