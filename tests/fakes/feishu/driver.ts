// The inbound side of the fake: pushes events and card callbacks to the service, encrypted and signed as Feishu does.
import { encryptEvent, larkSignature } from './crypto.ts';
import {
  type CardActionInput,
  cardActionPayload,
  challengePayload,
  type MessageInput,
  messageReceivePayload,
} from './events.ts';
import { newNonce } from './ids.ts';
import type { FeishuFake } from './server.ts';
import type { FeishuFakeState } from './state.ts';

/** Feishu re-pushes an event or fails a callback that is not answered within 3 seconds. */
export const FEISHU_ACK_DEADLINE_MS = 3000;
/** The url_verification challenge must be echoed within 1 second. */
export const CHALLENGE_DEADLINE_MS = 1000;

type Json = Record<string, unknown>;

export interface FeishuSendResult {
  /** HTTP status the service answered with (0 when it did not answer within the timeout). */
  status: number;
  ms: number;
  withinDeadline: boolean;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  request: { headers: Record<string, string>; body: string };
  /** The event before encryption (after `wrong-token` tampering, before `alter-body`). */
  payload: Json;
  kind: 'challenge' | 'message' | 'card-action';
  /** For card actions: the delayed-update token the callback carried, the user and the card message. */
  card?: { token: string; openId: string; messageId: string };
}

export interface FeishuSendOptions {
  /** Default: true when the fake has an encrypt key. */
  encrypt?: boolean;
  /**
   * `wrong-signature` signs with another key; `alter-body` changes the (re-encrypted) body after signing;
   * `wrong-token` carries another verification token, correctly signed; `wrong-encrypt-key` encrypts and
   * signs with another key.
   */
  tamper?: 'wrong-signature' | 'alter-body' | 'wrong-token' | 'wrong-encrypt-key';
  /** Shifts `X-Lark-Request-Timestamp`. */
  timestampOffsetSeconds?: number;
  /** Sends no X-Lark-Request-Timestamp / -Nonce / -Signature headers. */
  omitSignature?: boolean;
}

export interface FeishuDriver {
  /** The url_verification challenge (encrypted when encrypt is on; unsigned unless `omitSignature: false`). */
  challenge(options?: FeishuSendOptions): Promise<FeishuSendResult>;
  /** im.message.receive_v1: a user sends text to the bot in a chat (with an @ mention of the bot in a group) or in p2p. */
  message(openId: string, input: MessageInput, options?: FeishuSendOptions): Promise<FeishuSendResult>;
  /** card.action.trigger: the user clicks a callback button; `formValue` for form submissions. */
  cardAction(openId: string, input: CardActionInput, options?: FeishuSendOptions): Promise<FeishuSendResult>;
  /** Resends an earlier delivery as Feishu's retry (same event_id, same body, fresh timestamp/nonce and signature). */
  redeliver(previous: FeishuSendResult): Promise<FeishuSendResult>;
  /** Sends exactly the same headers and body again. */
  replay(previous: FeishuSendResult): Promise<FeishuSendResult>;
}

export interface FeishuDriverOptions {
  /** The service's Feishu endpoint, e.g. `http://127.0.0.1:PORT/hooks/feishu`. */
  targetUrl: string;
  fake: FeishuFake | { state: FeishuFakeState };
  /** Deadline used for `withinDeadline`; default 3000 ms. */
  deadlineMs?: number;
  /** Give up waiting after this long (status 0); default 10 s. */
  timeoutMs?: number;
}

const WRONG_KEY = 'not-the-encrypt-key';

/** The wire body and signature headers for a payload. */
function seal(state: FeishuFakeState, payload: Json, options: FeishuSendOptions) {
  const encrypt = options.encrypt ?? state.encryptKey !== '';
  const key = options.tamper === 'wrong-encrypt-key' ? WRONG_KEY : state.encryptKey;
  // Compact JSON.stringify: the SDK re-serialises the parsed body to check the signature.
  const wire = (value: Json) =>
    encrypt ? JSON.stringify({ encrypt: encryptEvent(key, JSON.stringify(value)) }) : JSON.stringify(value);
  let body = wire(payload);
  const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=utf-8' };
  if (!options.omitSignature) {
    const timestamp = String(Math.floor(state.clock() / 1000) + (options.timestampOffsetSeconds ?? 0));
    const nonce = newNonce();
    const signKey =
      options.tamper === 'wrong-signature' || options.tamper === 'wrong-encrypt-key' ? WRONG_KEY : key;
    headers['X-Lark-Request-Timestamp'] = timestamp;
    headers['X-Lark-Request-Nonce'] = nonce;
    headers['X-Lark-Signature'] = larkSignature(timestamp, nonce, signKey, body);
  }
  if (options.tamper === 'alter-body') body = wire({ ...payload, tampered: true });
  return { headers, body };
}

/** Puts another verification token where the payload carries it (header.token or top-level token). */
function withWrongToken(payload: Json): Json {
  const header = payload['header'] as Json | undefined;
  return header
    ? { ...payload, header: { ...header, token: 'forged-verification-token' } }
    : { ...payload, token: 'forged-verification-token' };
}

/** Creates a driver that pushes signed (and encrypted) Feishu requests to the service. */
export function createFeishuDriver(options: FeishuDriverOptions): FeishuDriver {
  const state = options.fake.state;
  const deadlineMs = options.deadlineMs ?? FEISHU_ACK_DEADLINE_MS;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function post(
    request: { headers: Record<string, string>; body: string },
    meta: Pick<FeishuSendResult, 'payload' | 'kind' | 'card'>,
  ): Promise<FeishuSendResult> {
    const started = performance.now();
    let status = 0;
    let text = '';
    try {
      const response = await fetch(options.targetUrl, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (!(error instanceof DOMException) || error.name !== 'TimeoutError') throw error;
    }
    const ms = performance.now() - started;
    let json: unknown;
    try {
      json = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      json = undefined;
    }
    // The request URL check must be answered within 1 second, events and callbacks within 3.
    const deadline = meta.kind === 'challenge' ? Math.min(deadlineMs, CHALLENGE_DEADLINE_MS) : deadlineMs;
    const result: FeishuSendResult = {
      status,
      ms,
      withinDeadline: status !== 0 && ms <= deadline,
      body: text,
      json,
      request,
      ...meta,
    };
    if (result.card) recordCardAnswer(state, result);
    return result;
  }

  function send(
    payload: Json,
    kind: FeishuSendResult['kind'],
    sendOptions: FeishuSendOptions = {},
    card?: FeishuSendResult['card'],
  ) {
    const sent = sendOptions.tamper === 'wrong-token' ? withWrongToken(payload) : payload;
    return post(seal(state, sent, sendOptions), { payload: sent, kind, ...(card ? { card } : {}) });
  }

  const userFor = (openId: string) => {
    const user = state.userByOpenId(openId);
    if (!user) throw new Error(`the Feishu fake has no user ${openId}`);
    return user;
  };

  return {
    challenge(sendOptions = {}) {
      // Feishu's signature scheme covers pushed events, "not the request URL verification": unsigned by default.
      const unsigned = { ...sendOptions, omitSignature: sendOptions.omitSignature ?? true };
      return send(challengePayload(state, `challenge-${newNonce()}`), 'challenge', unsigned);
    },
    message(openId, input, sendOptions) {
      const { payload } = messageReceivePayload(state, userFor(openId), input);
      return send(payload, 'message', sendOptions);
    },
    cardAction(openId, input, sendOptions) {
      const user = userFor(openId);
      const token = state.mintCallbackToken(input.messageId, openId);
      const payload = cardActionPayload(state, user, input, token.token);
      return send(payload, 'card-action', sendOptions, {
        token: token.token,
        openId,
        messageId: input.messageId,
      });
    },
    redeliver(previous) {
      const headers = { ...previous.request.headers };
      if (headers['X-Lark-Signature'] !== undefined) {
        const timestamp = String(Math.floor(state.clock() / 1000));
        const nonce = newNonce();
        headers['X-Lark-Request-Timestamp'] = timestamp;
        headers['X-Lark-Request-Nonce'] = nonce;
        headers['X-Lark-Signature'] = larkSignature(
          timestamp,
          nonce,
          state.encryptKey,
          previous.request.body,
        );
      }
      return post({ headers, body: previous.request.body }, metaOf(previous));
    },
    replay(previous) {
      return post(
        { headers: { ...previous.request.headers }, body: previous.request.body },
        metaOf(previous),
      );
    },
  };
}

/** The parts of an earlier result a resend carries over. */
function metaOf(previous: FeishuSendResult): Pick<FeishuSendResult, 'payload' | 'kind' | 'card'> {
  return {
    payload: previous.payload,
    kind: previous.kind,
    ...(previous.card ? { card: previous.card } : {}),
  };
}

/** Applies what the service answered to a card callback: the toast, and a raw card replacing the message. */
function recordCardAnswer(state: FeishuFakeState, result: FeishuSendResult): void {
  const card = result.card;
  if (!card) return;
  const entry = state.callbackTokens.get(card.token);
  if (entry && result.status !== 0) entry.answered = true;
  const answer = (typeof result.json === 'object' && result.json !== null ? result.json : {}) as Json;
  const toast = answer['toast'] as { type?: string; content?: unknown } | undefined;
  const replacement = answer['card'] as { type?: unknown; data?: unknown } | undefined;
  const message = state.message(card.messageId);
  const data = replacement?.type === 'raw' && typeof replacement.data === 'object' ? replacement.data : null;
  const replaced = result.status === 200 && data !== null && message?.msgType === 'interactive';
  if (replaced && message) state.editMessage(message, data, JSON.stringify(data), 'callback');
  state.callbackAnswers.push({
    openId: card.openId,
    messageId: card.messageId,
    status: result.status,
    ...(result.status === 200 && toast && typeof toast.content === 'string'
      ? { toast: { ...(toast.type ? { type: toast.type } : {}), content: toast.content } }
      : {}),
    cardReplaced: replaced,
    at: state.clock(),
  });
}
