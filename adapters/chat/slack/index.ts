// The Slack ChatAdapter on Bolt: verifies and parses inbound requests, routes them through Bolt's listeners
// (which acknowledge at once and leave the work to a background queue); renders and sends messages.
import { App } from '@slack/bolt';
import type { ChatMessage } from '../../../src/core/messages/types.ts';
import {
  type ChatAdapter,
  type ChatIdentity,
  type ChatInteraction,
  type ChatResponder,
  type DriftKey,
  type MessageRef,
  type StepKey,
  verifiedUser,
} from '../../../src/core/ports/chat-adapter.ts';
import { createBackgroundQueue } from '../shared/background-queue.ts';
import { createSlackClient } from './client.ts';
import type { SlackChatAdapterConfig } from './config.ts';
import { isSslCheck, parseSlackRequest, type SlackInbound } from './parse.ts';
import { boltLogger, createFetchReceiver } from './receiver.ts';
import {
  ACCEPT_BASELINE_ACTION,
  APPROVE_ACTION,
  REASON_BLOCK,
  REASON_CALLBACK,
  REJECT_ACTION,
  renderMessage,
  renderReasonModal,
} from './render.ts';
import { SLACK_SIGNATURE_WINDOW_SECONDS, verifySlackRequest } from './verify.ts';

export type { SlackChatAdapterConfig } from './config.ts';

/** Slack payloads are small; anything bigger is not from Slack. */
const MAX_BODY_BYTES = 1024 * 1024;
const USER_CACHE_MS = 60_000;
const BACKGROUND_CONCURRENCY = 4;

const slackRef = (ref: MessageRef) => ({ channel: String(ref.channel), ts: String(ref.ts) });

function stepKey(value: string | null | undefined): StepKey | null {
  const m = /^(\d+):(\d+):(\d+)$/.exec(value ?? '');
  return m ? { issueId: Number(m[1]), round: Number(m[2]), step: Number(m[3]) } : null;
}

function driftKey(value: string | null | undefined): DriftKey | null {
  const m = /^(\d+):(\d+)$/.exec(value ?? '');
  return m ? { databaseId: Number(m[1]), seq: Number(m[2]) } : null;
}

/** The interaction a reason modal's submission answers, read back from its private_metadata. */
function reasonInteraction(meta: ReasonMetadata, reason: string): ChatInteraction | null {
  if (meta.p === 'baseline') {
    const key = driftKey(`${meta.d}:${meta.q}`);
    return key ? { type: 'baseline_reason', key, reason } : null;
  }
  const key = stepKey(`${meta.i}:${meta.r}:${meta.s}`);
  return key && (meta.p === 'reject' || meta.p === 'override')
    ? { type: 'reason', purpose: meta.p, key, reason }
    : null;
}

type ReasonMetadata = {
  p?: string;
  i?: number;
  r?: number;
  s?: number;
  d?: number;
  q?: number;
  c?: string | null;
};

const json = (body: unknown, status = 200) => Response.json(body, { status });

/** Creates the adapter; `handle` answers Slack at once and does the work in the background. */
export function createSlackChatAdapter(config: SlackChatAdapterConfig): ChatAdapter {
  const client = createSlackClient(config);
  const log = config.logger;
  const users = new Map<string, { at: number; identity: ChatIdentity }>();
  // Exact signatures seen inside the signature window: a byte-for-byte replay is refused like a forgery.
  const seen = new Map<string, number>();
  const jobs = createBackgroundQueue({
    concurrency: BACKGROUND_CONCURRENCY,
    onError: (what, err) => log.error({ err }, `slack ${what} failed`),
  });
  const background = (what: string, work: () => Promise<unknown>) => jobs.run(what, work);

  function replayed(signature: string, nowMs: number): boolean {
    if (seen.size > 10_000)
      for (const [k, at] of seen) if (nowMs - at > SLACK_SIGNATURE_WINDOW_SECONDS * 2000) seen.delete(k);
    if (seen.has(signature)) return true;
    seen.set(signature, nowMs);
    return false;
  }

  const responder = (p: {
    userId: string;
    channelId: string | null;
    responseUrl: string | null;
    triggerId: string | null;
  }): ChatResponder => ({
    async ephemeral(message) {
      const content = renderMessage(message);
      if (p.responseUrl)
        return client.respond(p.responseUrl, {
          response_type: 'ephemeral',
          replace_original: false,
          ...content,
        });
      if (p.channelId) return client.postEphemeral(p.channelId, p.userId, content);
      await adapter.dm(p.userId, message);
    },
    async askReason(form) {
      if (!p.triggerId) throw new Error('no trigger id to open a form with');
      await client.openView(p.triggerId, renderReasonModal({ ...form, channel: p.channelId }));
    },
  });

  type Ack = (response?: unknown) => Promise<void>;

  async function onInteraction(
    inbound: Extract<SlackInbound, { kind: 'block_actions' | 'view_submission' }>,
    ack: Ack,
  ): Promise<void> {
    let interaction: ChatInteraction | null = null;
    let deliveryId: string;
    let respond: ChatResponder;
    if (inbound.kind === 'block_actions') {
      const key = stepKey(inbound.value);
      const drift = driftKey(inbound.value);
      if (key && (inbound.actionId === APPROVE_ACTION || inbound.actionId === REJECT_ACTION))
        interaction = { type: inbound.actionId, key };
      else if (drift && inbound.actionId === ACCEPT_BASELINE_ACTION)
        interaction = { type: 'accept_baseline', key: drift };
      // One click = one action_ts on one message by one user; a redelivery carries the same.
      deliveryId = `action:${inbound.messageTs}:${inbound.actionTs}:${inbound.userId}`;
      respond = responder(inbound);
    } else {
      let meta: ReasonMetadata = {};
      try {
        meta = JSON.parse(inbound.privateMetadata) as ReasonMetadata;
      } catch {}
      const reason = inbound.values[REASON_BLOCK]?.[REASON_BLOCK]?.trim() ?? '';
      const wanted = inbound.callbackId === REASON_CALLBACK ? reasonInteraction(meta, reason) : null;
      if (wanted) {
        // https://docs.slack.dev/surfaces/modals#displaying_errors
        if (!reason)
          return ack({ response_action: 'errors', errors: { [REASON_BLOCK]: 'A reason is required.' } });
        interaction = wanted;
      }
      deliveryId = `view:${inbound.viewId}`;
      respond = responder({
        userId: inbound.userId,
        channelId: meta.c ?? null,
        responseUrl: null,
        triggerId: null,
      });
    }
    await ack();
    if (interaction) {
      const found = interaction;
      background('interaction', () =>
        config.inbound.interact({
          adapter,
          platformUserId: inbound.userId,
          deliveryId,
          interaction: found,
          respond,
        }),
      );
    }
  }

  async function onCommand(inbound: Extract<SlackInbound, { kind: 'command' }>, ack: Ack): Promise<void> {
    // Slack does not redeliver slash commands, so no delivery id is given and an answer always comes.
    const answer = config.inbound
      .command({ adapter, platformUserId: inbound.userId, text: inbound.text })
      .then((m): ChatMessage => m ?? { kind: 'notice', lines: ['Already answered.'] });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((r) => {
      timer = setTimeout(() => r(null), config.commandDeadlineMs ?? 2500);
    });
    const first = await Promise.race([answer.catch(() => null), late]);
    clearTimeout(timer);
    if (first) return ack({ response_type: 'ephemeral', ...renderMessage(first) });
    // Slower than Slack's 3 seconds allow: acknowledge now, answer through the response URL.
    const url = inbound.responseUrl;
    if (url)
      background('command answer', async () => {
        let message: ChatMessage;
        try {
          message = await answer;
        } catch (err) {
          log.error({ err }, 'slack command failed');
          message = { kind: 'notice', lines: ['Something went wrong answering that; try again.'] };
        }
        await client.respond(url, { response_type: 'ephemeral', ...renderMessage(message) });
      });
    await ack({ response_type: 'ephemeral', text: 'Working on it…' });
  }

  /**
   * Commands written to the bot: `@bytebase history shop prod` in a channel, or `history shop prod` in
   * its DM. The answer goes into the message's thread; the event id keeps a redelivery from answering twice.
   */
  function onEvent(inbound: Extract<SlackInbound, { kind: 'event' }>) {
    const { userId, channelId, eventId } = inbound;
    if (inbound.botId || inbound.subtype || !userId || !channelId || !eventId) return;
    if (inbound.type !== 'app_mention' && !(inbound.type === 'message' && inbound.channelType === 'im'))
      return;
    const text = inbound.text
      .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')
      .replace(/^\s*\/?bytebase\b/i, '')
      .trim();
    const thread = inbound.threadTs ?? inbound.ts ?? undefined;
    background('mention command', async () => {
      const message = await config.inbound.command({
        adapter,
        platformUserId: userId,
        text,
        deliveryId: eventId,
      });
      if (message) await client.postMessage(channelId, renderMessage(message), thread);
    });
  }

  async function answer(request: Request): Promise<Response> {
    const raw = await request.text();
    if (Buffer.byteLength(raw) > MAX_BODY_BYTES) return json({ error: 'payload too large' }, 413);
    const contentType = request.headers.get('content-type') ?? '';
    const signature = request.headers.get('x-slack-signature');
    // Slack's unsigned SSL check: answered with nothing else done (the body is ignored).
    if (!signature && isSslCheck(contentType, raw)) return new Response('', { status: 200 });
    const now = config.clock.now();
    const verified = verifySlackRequest({
      signingSecret: config.signingSecret,
      timestamp: request.headers.get('x-slack-request-timestamp'),
      signature,
      rawBody: raw,
      nowMs: now,
    });
    if (!verified.ok) {
      log.warn({ reason: verified.reason }, 'slack request refused');
      return json({ error: 'invalid signature' }, 401);
    }
    // A redelivery may repeat a signature; it is answered, and the delivery id keeps it from acting twice.
    if (replayed(signature!, now) && !request.headers.has('x-slack-retry-num')) {
      log.warn({}, 'slack request refused: replayed signature');
      return json({ error: 'replayed request' }, 401);
    }
    const { inbound, body } = parseSlackRequest(contentType, raw);
    if (inbound.kind === 'url_verification') return json({ challenge: inbound.challenge });
    // Kinds nothing acts on are acknowledged so Slack does not retry them.
    if (inbound.kind === 'unsupported' || inbound.kind === 'ssl_check')
      return new Response('', { status: 200 });
    const retryNum = request.headers.get('x-slack-retry-num');
    return receiver.dispatch({
      body,
      ...(retryNum ? { retryNum: Number(retryNum) } : {}),
      ...(request.headers.has('x-slack-retry-reason')
        ? { retryReason: request.headers.get('x-slack-retry-reason')! }
        : {}),
      customProperties: { inbound },
    });
  }

  // Bolt routes verified requests to these listeners; the receiver answers Slack with what they ack.
  const receiver = createFetchReceiver(log);
  const app = new App({
    receiver,
    // One workspace, one bot token: nothing to look up per request.
    authorize: async () => ({ botToken: config.botToken }),
    ignoreSelf: false,
    convoStore: false,
    logger: boltLogger(log),
    clientOptions: { slackApiUrl: config.apiUrl },
  });
  app.error(async (err) => log.error({ err }, 'slack listener failed'));
  const inboundOf = (context: Record<string, unknown>) => context.inbound as SlackInbound;
  const onClickOrForm = async (ack: unknown, context: Record<string, unknown>) => {
    const inbound = inboundOf(context);
    if (inbound.kind === 'block_actions' || inbound.kind === 'view_submission')
      await onInteraction(inbound, ack as Ack);
  };
  app.action(
    new RegExp(`^(${APPROVE_ACTION}|${REJECT_ACTION}|${ACCEPT_BASELINE_ACTION})$`),
    ({ ack, context }) => onClickOrForm(ack, context),
  );
  app.view(REASON_CALLBACK, ({ ack, context }) => onClickOrForm(ack, context));
  app.command(/^\/.+/, async ({ ack, context }) => {
    const inbound = inboundOf(context);
    if (inbound.kind === 'command') await onCommand(inbound, ack as Ack);
  });
  const onMessage = async ({ context }: { context: Record<string, unknown> }): Promise<void> => {
    const inbound = inboundOf(context);
    if (inbound.kind === 'event') onEvent(inbound);
  };
  app.event(/^(app_mention|message)$/, onMessage);

  const adapter: ChatAdapter = {
    platform: 'slack',
    async handle(request) {
      const answered = jobs.receiving();
      try {
        return await answer(request);
      } finally {
        answered();
      }
    },
    async post(target, message) {
      return client.postMessage(target.channel, renderMessage(message));
    },
    async update(ref, message) {
      const { channel, ts } = slackRef(ref);
      await client.update(channel, ts, renderMessage(message));
    },
    async reply(ref, message) {
      const { channel, ts } = slackRef(ref);
      return client.postMessage(channel, renderMessage(message), ts);
    },
    async dm(userId, message) {
      const channel = await client.openDm(userId);
      return client.postMessage(channel, renderMessage(message));
    },
    async identify(platformUserId) {
      const cached = users.get(platformUserId);
      const now = config.clock.now();
      if (cached && now - cached.at < USER_CACHE_MS) return cached.identity;
      const info = await client.userInfo(platformUserId);
      const name = info?.name ?? platformUserId;
      // A deleted account or a bot speaks for nobody, whatever its profile says. `profile.email` is absent
      // without the users:read.email scope; `is_email_confirmed` false means Slack never confirmed it.
      const identity: ChatIdentity =
        !info?.email || info.deleted || info.isBot
          ? { status: 'no_email', name, userId: platformUserId }
          : {
              status: info.emailConfirmed === false ? 'unverified' : 'verified',
              email: info.email,
              name,
              userId: platformUserId,
            };
      users.set(platformUserId, { at: now, identity });
      return identity;
    },
    lookupUser: async (platformUserId) => verifiedUser(await adapter.identify(platformUserId)),
    findUserIdByEmail: (email) => client.lookupByEmail(email),
    drain: () => jobs.drain(),
  };
  return adapter;
}
