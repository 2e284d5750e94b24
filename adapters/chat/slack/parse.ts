// Parses Slack's inbound bodies: form `payload=` interactions, flat slash-command fields, JSON events.
// https://docs.slack.dev/interactivity/handling-user-interaction

export type SlackInbound =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'ssl_check' }
  | {
      kind: 'command';
      command: string;
      text: string;
      userId: string;
      channelId: string;
      responseUrl: string | null;
      triggerId: string | null;
    }
  | {
      kind: 'block_actions';
      userId: string;
      channelId: string | null;
      messageTs: string | null;
      actionId: string;
      value: string | null;
      actionTs: string;
      responseUrl: string | null;
      triggerId: string | null;
    }
  | {
      kind: 'view_submission';
      userId: string;
      viewId: string;
      callbackId: string;
      privateMetadata: string;
      /** block_id → action_id → typed value. */
      values: Record<string, Record<string, string | null>>;
    }
  | {
      kind: 'event';
      eventId: string | null;
      type: string;
      /** For messages and mentions: who wrote what where; `botId`/`subtype` mark messages not typed by a person. */
      userId: string | null;
      channelId: string | null;
      channelType: string | null;
      text: string;
      ts: string | null;
      threadTs: string | null;
      botId: string | null;
      subtype: string | null;
    }
  | { kind: 'unsupported'; reason: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function parseJson(text: string): Json | null {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

function interaction(payload: Json): SlackInbound {
  const user = str(obj(payload.user).id);
  if (!user) return { kind: 'unsupported', reason: 'interaction without a user' };
  if (payload.type === 'block_actions') {
    const action = obj((payload.actions as unknown[] | undefined)?.[0]);
    const actionId = str(action.action_id);
    if (!actionId) return { kind: 'unsupported', reason: 'block_actions without an action' };
    const container = obj(payload.container);
    return {
      kind: 'block_actions',
      userId: user,
      channelId: str(obj(payload.channel).id) ?? str(container.channel_id),
      messageTs: str(container.message_ts) ?? str(obj(payload.message).ts),
      actionId,
      value: str(action.value),
      actionTs: str(action.action_ts) ?? '',
      responseUrl: str(payload.response_url),
      triggerId: str(payload.trigger_id),
    };
  }
  if (payload.type === 'view_submission') {
    const view = obj(payload.view);
    const values: Record<string, Record<string, string | null>> = {};
    for (const [blockId, actions] of Object.entries(obj(obj(view.state).values))) {
      values[blockId] = {};
      for (const [actionId, v] of Object.entries(obj(actions))) values[blockId][actionId] = str(obj(v).value);
    }
    return {
      kind: 'view_submission',
      userId: user,
      viewId: str(view.id) ?? '',
      callbackId: str(view.callback_id) ?? '',
      privateMetadata: str(view.private_metadata) ?? '',
      values,
    };
  }
  return { kind: 'unsupported', reason: `interaction type ${String(payload.type)}` };
}

function fromJson(body: Json): SlackInbound {
  if (body.type === 'url_verification') {
    const challenge = str(body.challenge);
    return challenge
      ? { kind: 'url_verification', challenge }
      : { kind: 'unsupported', reason: 'no challenge' };
  }
  if (body.type === 'event_callback') {
    const event = obj(body.event);
    return {
      kind: 'event',
      eventId: str(body.event_id),
      type: str(event.type) ?? '',
      userId: str(event.user),
      channelId: str(event.channel),
      channelType: str(event.channel_type),
      text: str(event.text) ?? '',
      ts: str(event.ts),
      threadTs: str(event.thread_ts),
      botId: str(event.bot_id),
      subtype: str(event.subtype),
    };
  }
  return { kind: 'unsupported', reason: `JSON body of type ${String(body.type)}` };
}

function fromForm(form: URLSearchParams): SlackInbound {
  if (form.get('ssl_check') === '1') return { kind: 'ssl_check' };
  const command = form.get('command');
  const userId = form.get('user_id');
  if (command && userId)
    return {
      kind: 'command',
      command,
      text: form.get('text') ?? '',
      userId,
      channelId: form.get('channel_id') ?? '',
      responseUrl: form.get('response_url'),
      triggerId: form.get('trigger_id'),
    };
  return { kind: 'unsupported', reason: 'form without payload or command' };
}

/**
 * Parses a (verified) request body by its content type, as Slack sends each kind, once: `inbound` is the
 * normalised request, `body` the same request as Bolt's listeners take it (the decoded `payload` of an
 * interaction, the fields of a slash command, the JSON of an event).
 */
export function parseSlackRequest(
  contentType: string,
  rawBody: string,
): { inbound: SlackInbound; body: Json } {
  if (contentType.startsWith('application/json')) {
    const body = parseJson(rawBody);
    return body
      ? { inbound: fromJson(body), body }
      : { inbound: { kind: 'unsupported', reason: 'malformed JSON' }, body: {} };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(rawBody);
    const payload = form.get('payload');
    if (payload === null) return { inbound: fromForm(form), body: Object.fromEntries(form) };
    const parsed = parseJson(payload);
    return parsed
      ? { inbound: interaction(parsed), body: parsed }
      : { inbound: { kind: 'unsupported', reason: 'malformed payload' }, body: {} };
  }
  return { inbound: { kind: 'unsupported', reason: `content type ${contentType || 'missing'}` }, body: {} };
}

/** The normalised request of a (verified) body. */
export const parseSlackBody = (contentType: string, rawBody: string): SlackInbound =>
  parseSlackRequest(contentType, rawBody).inbound;

/** Whether an unsigned body is Slack's SSL check, the one request Slack sends without a signature. */
export function isSslCheck(contentType: string, rawBody: string): boolean {
  return (
    contentType.startsWith('application/x-www-form-urlencoded') &&
    new URLSearchParams(rawBody).get('ssl_check') === '1'
  );
}
