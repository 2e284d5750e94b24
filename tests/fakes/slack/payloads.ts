// Inbound payloads shaped like Slack's: slash commands, block_actions, view_submission, Events API.
// Shapes follow @slack/bolt's types (SlashCommand, BlockAction, ViewSubmitAction, EnvelopedEvent).
import { formatTs } from './ids.ts';
import type { SlackFakeState } from './state.ts';
import type { Clock, ResponseUrlContext } from './types.ts';

/** What payload builders need: identities, a clock, and optionally the fake to mint URLs and look up state. */
export interface PayloadContext {
  team: { id: string; domain: string };
  apiAppId: string;
  botUserId: string;
  /** The deprecated verification token Slack still sends in `token`. */
  verificationToken: string;
  clock: Clock;
  state?: SlackFakeState;
  /** Unique suffixes for ids minted without a fake. */
  nextSerial(): number;
}

export interface SlashCommandInput {
  command?: string;
  text: string;
  userId: string;
  channelId: string;
  teamId?: string;
  userName?: string;
  channelName?: string;
  responseUrl?: string;
  triggerId?: string;
}

export interface BlockActionInput {
  userId: string;
  channelId: string;
  messageTs: string;
  actionId: string;
  value?: string;
  blockId?: string;
  responseUrl?: string;
  /** The message as the user saw it; by default the fake's current version of it. */
  message?: Record<string, unknown>;
  threadTs?: string;
  isEphemeral?: boolean;
  userName?: string;
}

export interface ViewSubmissionInput {
  userId: string;
  /** A view opened through the fake's views.open; its stored definition is used. */
  viewId?: string;
  /** Or a view definition given directly. */
  view?: Record<string, unknown>;
  callbackId?: string;
  privateMetadata?: string;
  /** `view.state.values`: block_id -> action_id -> value object (e.g. `{type:'plain_text_input', value}`). */
  values: Record<string, Record<string, Record<string, unknown>>>;
  userName?: string;
}

export interface EventInput {
  type: 'app_mention' | 'message';
  userId: string;
  channelId: string;
  text: string;
  ts?: string;
  threadTs?: string;
  channelType?: 'channel' | 'group' | 'im' | 'mpim';
  eventId?: string;
  eventTime?: number;
}

function tsNow(context: PayloadContext): string {
  return context.state
    ? context.state.ts.next()
    : formatTs(Math.floor(context.clock()) * 1000 + context.nextSerial());
}

function opaque(context: PayloadContext): string {
  const serial = context.nextSerial();
  return `${Math.floor(context.clock() / 1000)}.${serial}.${Math.random().toString(16).slice(2, 14)}`;
}

function responseUrl(context: PayloadContext, given: string | undefined, target: ResponseUrlContext): string {
  if (given) return given;
  if (context.state) return context.state.createResponseUrl(target);
  // Without a fake the URL has Slack's form but leads nowhere, like a stale one.
  return `https://hooks.slack.com/commands/${context.team.id}/${context.nextSerial()}/${opaque(context).split('.')[2]}`;
}

function triggerId(context: PayloadContext, userId: string): string {
  return context.state ? context.state.createTriggerId(userId) : opaque(context);
}

function userName(context: PayloadContext, userId: string, given?: string): string {
  return given ?? context.state?.users.get(userId)?.name ?? userId.toLowerCase();
}

function channelName(context: PayloadContext, channelId: string, given?: string): string {
  if (given) return given;
  const channel = context.state?.channel(channelId);
  if (channel?.isIm) return 'directmessage';
  return channel?.name ?? channelId.toLowerCase();
}

/** Form fields of a slash command request. */
export function buildSlashCommand(context: PayloadContext, input: SlashCommandInput): Record<string, string> {
  return {
    token: context.verificationToken,
    team_id: input.teamId ?? context.team.id,
    team_domain: context.team.domain,
    channel_id: input.channelId,
    channel_name: channelName(context, input.channelId, input.channelName),
    user_id: input.userId,
    user_name: userName(context, input.userId, input.userName),
    command: input.command ?? '/bytebase',
    text: input.text,
    api_app_id: context.apiAppId,
    is_enterprise_install: 'false',
    response_url: responseUrl(context, input.responseUrl, {
      channelId: input.channelId,
      userId: input.userId,
      source: 'slash_command',
    }),
    trigger_id: input.triggerId ?? triggerId(context, input.userId),
  };
}

/** Finds the interactive element the user clicked, to echo its text, style and block id. */
function findElement(blocks: unknown, actionId: string, blockId?: string) {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks as Record<string, unknown>[]) {
    if (blockId && block.block_id !== blockId) continue;
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory];
    for (const element of candidates as (Record<string, unknown> | undefined)[]) {
      if (element?.action_id === actionId) return { element, blockId: block.block_id as string | undefined };
    }
  }
  return undefined;
}

/** The `payload` JSON of a button click in a message. */
export function buildBlockAction(context: PayloadContext, input: BlockActionInput): Record<string, unknown> {
  const stored = context.state?.message(input.channelId, input.messageTs);
  const message = input.message ??
    (stored ? context.state?.messageToWire(stored) : undefined) ?? {
      type: 'message',
      ts: input.messageTs,
      text: '',
    };
  const threadTs = input.threadTs ?? stored?.threadTs;
  const found = findElement(message.blocks, input.actionId, input.blockId);
  const element = found?.element ?? {};
  const name = userName(context, input.userId, input.userName);
  return {
    type: 'block_actions',
    user: { id: input.userId, username: name, name, team_id: context.team.id },
    api_app_id: context.apiAppId,
    token: context.verificationToken,
    container: {
      type: 'message',
      message_ts: input.messageTs,
      channel_id: input.channelId,
      is_ephemeral: input.isEphemeral ?? false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    },
    trigger_id: triggerId(context, input.userId),
    team: { id: context.team.id, domain: context.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channelId, name: channelName(context, input.channelId) },
    message,
    state: { values: {} },
    response_url: responseUrl(context, input.responseUrl, {
      channelId: input.channelId,
      userId: input.userId,
      messageTs: input.messageTs,
      ...(threadTs ? { threadTs } : {}),
      source: 'block_actions',
    }),
    actions: [
      {
        action_id: input.actionId,
        block_id: input.blockId ?? found?.blockId ?? 'actions',
        text: element.text ?? { type: 'plain_text', text: input.actionId, emoji: true },
        ...((input.value ?? element.value) ? { value: input.value ?? element.value } : {}),
        ...(element.style ? { style: element.style } : {}),
        type: 'button',
        action_ts: tsNow(context),
      },
    ],
  };
}

/** The `payload` JSON of a modal's submission. */
export function buildViewSubmission(
  context: PayloadContext,
  input: ViewSubmissionInput,
): Record<string, unknown> {
  const stored = input.viewId ? context.state?.view(input.viewId) : undefined;
  if (input.viewId && !stored && !input.view) throw new Error(`Unknown view ${input.viewId}`);
  const base =
    stored && context.state
      ? context.state.viewToWire(stored)
      : { id: input.viewId ?? 'V0000000000', ...input.view };
  const name = userName(context, input.userId, input.userName);
  return {
    type: 'view_submission',
    team: { id: context.team.id, domain: context.team.domain },
    user: { id: input.userId, username: name, name, team_id: context.team.id },
    api_app_id: context.apiAppId,
    token: context.verificationToken,
    trigger_id: triggerId(context, input.userId),
    view: {
      ...base,
      ...(input.callbackId !== undefined ? { callback_id: input.callbackId } : {}),
      ...(input.privateMetadata !== undefined ? { private_metadata: input.privateMetadata } : {}),
      state: { values: input.values },
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** An Events API `event_callback` envelope; with a fake, the message is also added to its model. */
export function buildEventCallback(context: PayloadContext, input: EventInput): Record<string, unknown> {
  const recorded = context.state?.channel(input.channelId)
    ? context.state.addUserMessage({
        channel: input.channelId,
        user: input.userId,
        text: input.text,
        ...(input.threadTs ? { threadTs: input.threadTs } : {}),
        ...(input.ts ? { ts: input.ts } : {}),
      })
    : undefined;
  const ts = recorded?.ts ?? input.ts ?? tsNow(context);
  const channelType = input.channelType ?? (input.channelId.startsWith('D') ? 'im' : 'channel');
  const event = {
    type: input.type,
    user: input.userId,
    text: input.text,
    ts,
    team: context.team.id,
    channel: input.channelId,
    event_ts: ts,
    client_msg_id: `${context.nextSerial()}-${opaque(context).split('.')[2]}`,
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    ...(input.type === 'message' ? { channel_type: channelType } : {}),
  };
  return {
    token: context.verificationToken,
    team_id: context.team.id,
    context_team_id: context.team.id,
    api_app_id: context.apiAppId,
    event,
    type: 'event_callback',
    event_id: input.eventId ?? `Ev${String(context.nextSerial()).padStart(9, '0')}`,
    event_time: input.eventTime ?? Math.floor(context.clock() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: context.team.id,
        user_id: context.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(`${context.team.id}:${input.channelId}`).toString('base64url')}`,
  };
}
