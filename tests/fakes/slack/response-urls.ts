// Response URLs: handed out in command and interaction payloads, usable 5 times within 30 minutes.
// https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
import { checkMessageContent } from './blocks.ts';
import type { IdSource } from './ids.ts';
import type { MessageStore } from './messages.ts';
import type { Clock, ResponseUrlContext, ResponseUrlPost, SlackBotIdentity } from './types.ts';

/** "These responses can be sent up to 5 times within 30 minutes of receiving the payload." */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

interface Entry {
  context: ResponseUrlContext;
  createdAt: number;
  uses: number;
}

export interface ResponseUrlAnswer {
  status: number;
  body: Record<string, unknown>;
}

export class ResponseUrlRegistry {
  private readonly entries = new Map<string, Entry>();
  readonly posts: ResponseUrlPost[] = [];

  constructor(
    private readonly ids: IdSource,
    private readonly clock: Clock,
    private readonly messages: MessageStore,
    private readonly bot: SlackBotIdentity,
    private readonly overlongText: () => 'reject' | 'truncate',
  ) {}

  /** Registers a response URL for `context`; returns its id (the path segment after /response/). */
  create(context: ResponseUrlContext): string {
    const id = this.ids.opaque(this.clock).replaceAll('.', '-');
    this.entries.set(id, { context, createdAt: this.clock(), uses: 0 });
    return id;
  }

  /** How many times a response URL was used successfully; undefined for unknown ids. */
  usesOf(id: string): number | undefined {
    return this.entries.get(id)?.uses;
  }

  /** Applies one POST to a response URL and records it. */
  handle(id: string, body: Record<string, unknown>): ResponseUrlAnswer {
    const answer = this.apply(id, body);
    this.posts.push({ id, body, at: this.clock(), status: answer.status, result: answer.body });
    return answer;
  }

  private apply(id: string, body: Record<string, unknown>): ResponseUrlAnswer {
    const entry = this.entries.get(id);
    // An unknown, expired or used-up URL is answered the same way: the URL no longer works.
    if (!entry) return { status: 404, body: { ok: false, error: 'expired_url' } };
    const expired = this.clock() - entry.createdAt > RESPONSE_URL_TTL_MS;
    if (expired || entry.uses >= RESPONSE_URL_MAX_USES) {
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    }
    const { context } = entry;
    const flag = (value: unknown) => value === true || value === 'true';
    const source = context.messageTs ? this.messages.find(context.channelId, context.messageTs) : undefined;

    if (flag(body.delete_original)) {
      if (!source) return { status: 404, body: { ok: false, error: 'message_not_found' } };
      this.messages.remove(source);
      entry.uses += 1;
      return { status: 200, body: { ok: true } };
    }
    const content = checkMessageContent(body, { requireContent: true, overlongText: this.overlongText() });
    if (!content.ok) {
      return {
        status: 400,
        body: { ok: false, error: content.error, ...(content.errors ? { errors: content.errors } : {}) },
      };
    }
    const payload = {
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(content.attachments ? { attachments: content.attachments } : {}),
    };
    if (flag(body.replace_original)) {
      if (!source) return { status: 404, body: { ok: false, error: 'message_not_found' } };
      // A replacement without blocks shows only the new text, so the old blocks go.
      this.messages.update(source, { blocks: [], attachments: [], ...payload }, 'response_url');
    } else if (body.response_type === 'in_channel') {
      const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : context.threadTs;
      this.messages.post({
        channel: context.channelId,
        user: this.bot.userId,
        postedBy: 'bot',
        content: payload,
        ...(threadTs ? { threadTs } : {}),
        via: 'response_url',
      });
    } else {
      const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : context.threadTs;
      this.messages.postEphemeral({
        channel: context.channelId,
        user: context.userId,
        ...(threadTs ? { threadTs } : {}),
        text: content.text,
        ...(content.blocks ? { blocks: content.blocks } : {}),
        via: 'response_url',
      });
    }
    entry.uses += 1;
    return { status: 200, body: { ok: true } };
  }
}
