// Everything the Slack fake knows and records, exposed to tests for seeding and assertions.
import { IdSource, TsSource } from './ids.ts';
import { type FakeChannel, MessageStore } from './messages.ts';
import { RateLimiter } from './rate-limit.ts';
import { ResponseUrlRegistry } from './response-urls.ts';
import type {
  ApiCall,
  ChannelPostLimitOptions,
  Clock,
  EphemeralMessage,
  FakeMessage,
  FakeView,
  ResponseUrlContext,
  ResponseUrlPost,
  SlackBotIdentity,
  SlackChannelSeed,
  SlackFakeOptions,
  SlackTeam,
  SlackUserSeed,
} from './types.ts';
import { ViewStore } from './views.ts';

/** Scopes a typical approval bot is installed with (see the app manifest). */
export const DEFAULT_SCOPES = [
  'app_mentions:read',
  'chat:write',
  'chat:write.public',
  'commands',
  'im:write',
  'users:read',
  'users:read.email',
];

/** The fake workspace: seeds, the message model, call log, rate limits, response URLs and views. */
export class SlackFakeState {
  readonly clock: Clock;
  readonly botToken: string;
  readonly team: SlackTeam;
  readonly bot: SlackBotIdentity;
  scopes: string[];
  overlongText: 'reject' | 'truncate';
  readonly users = new Map<string, SlackUserSeed>();
  /** Every Web API call in arrival order, rate-limited and failed ones included. */
  readonly calls: ApiCall[] = [];
  readonly ids = new IdSource();
  readonly ts: TsSource;
  readonly messages: MessageStore;
  readonly rateLimits: RateLimiter;
  readonly responseUrls: ResponseUrlRegistry;
  readonly viewStore: ViewStore;
  /** Base of the listening server, e.g. `http://127.0.0.1:PORT`; set once it listens. */
  baseUrl = 'http://127.0.0.1:0';

  constructor(options: SlackFakeOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.botToken = options.botToken ?? 'xoxb-fake-bot-token';
    this.team = { id: 'T0FAKETEAM', name: 'Fake Workspace', domain: 'fake-workspace', ...options.team };
    this.bot = {
      userId: 'U0FAKEBOT1',
      botId: 'B0FAKEBOT1',
      appId: 'A0FAKEAPP1',
      name: 'bytebase',
      ...options.bot,
    };
    this.scopes = options.scopes ?? [...DEFAULT_SCOPES];
    this.overlongText = options.overlongText ?? 'reject';
    this.ts = new TsSource(this.clock);
    this.messages = new MessageStore(this.ts, this.ids, this.clock, this.bot);
    this.rateLimits = new RateLimiter(this.clock);
    this.responseUrls = new ResponseUrlRegistry(
      this.ids,
      this.clock,
      this.messages,
      this.bot,
      () => this.overlongText,
    );
    this.viewStore = new ViewStore(this.ids, this.ts, this.clock);
    this.users.set(this.bot.userId, {
      id: this.bot.userId,
      name: this.bot.name,
      realName: this.bot.name,
      isBot: true,
    });
    for (const user of options.users ?? []) this.addUser(user);
    for (const channel of options.channels ?? []) this.addChannel(channel);
    if (options.channelPostLimit) this.rateLimits.setChannelPostLimit(options.channelPostLimit);
  }

  /** Adds or replaces a workspace member. */
  addUser(user: SlackUserSeed): void {
    this.users.set(user.id, user);
  }

  /** Adds or replaces a channel. */
  addChannel(channel: SlackChannelSeed): FakeChannel {
    return this.messages.addChannel(channel);
  }

  /** A conversation by id or name. */
  channel(ref: string): FakeChannel | undefined {
    return this.messages.resolve(ref);
  }

  /** A person writes in a channel (e.g. the message an app_mention event reports). */
  addUserMessage(input: {
    channel: string;
    user: string;
    text: string;
    threadTs?: string;
    ts?: string;
  }): FakeMessage {
    if (!this.messages.resolve(input.channel)) throw new Error(`Unknown channel ${input.channel}`);
    return this.messages.post({
      channel: input.channel,
      user: input.user,
      postedBy: 'user',
      content: { text: input.text },
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
      ...(input.ts ? { ts: input.ts } : {}),
      via: 'chat.postMessage',
    });
  }

  /** The next `count` calls of `method` answer HTTP 429 with `Retry-After: retryAfterSeconds`. */
  injectRateLimit(method: string, options: { count: number; retryAfterSeconds?: number }): void {
    this.rateLimits.inject(method, options);
  }

  /** Turns Slack's per-channel posting limit on or off. */
  setChannelPostLimit(options: ChannelPostLimitOptions | boolean): void {
    this.rateLimits.setChannelPostLimit(options);
  }

  /** Mints a response URL as Slack puts in command and interaction payloads. */
  createResponseUrl(context: ResponseUrlContext): string {
    return `${this.baseUrl}/response/${this.responseUrls.create(context)}`;
  }

  /** Mints a trigger id for `userId` (valid for one views.open within 3 seconds). */
  createTriggerId(userId: string): string {
    return this.viewStore.createTrigger(userId);
  }

  /** Calls of one Web API method, in arrival order. */
  callsTo(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** A live message by channel and ts. */
  message(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find(channel, ts);
  }

  /** Live top-level messages of a channel, oldest first. */
  history(channel: string): FakeMessage[] {
    return this.messages.history(channel);
  }

  /** Live replies of a thread, oldest first. */
  thread(channel: string, threadTs: string): FakeMessage[] {
    return this.messages.replies(channel, threadTs);
  }

  /** Every message ever posted in a channel, deleted ones included. */
  allMessages(channel: string): FakeMessage[] {
    return this.messages.all(channel);
  }

  get ephemerals(): EphemeralMessage[] {
    return this.messages.ephemerals;
  }

  get responseUrlPosts(): ResponseUrlPost[] {
    return this.responseUrls.posts;
  }

  get views(): FakeView[] {
    return [...this.viewStore.views.values()];
  }

  /** A view by id. */
  view(id: string): FakeView | undefined {
    return this.viewStore.views.get(id);
  }

  /** The wire shape of a view, as views.* responses and view_submission payloads carry it. */
  viewToWire(view: FakeView): Record<string, unknown> {
    return this.viewStore.toWire(view, {
      teamId: this.team.id,
      appId: this.bot.appId,
      botId: this.bot.botId,
    });
  }

  /** The wire shape of a message, as Slack returns it and puts it in interaction payloads. */
  messageToWire(message: FakeMessage): Record<string, unknown> {
    return this.messages.toWire(message, this.team.id);
  }
}
