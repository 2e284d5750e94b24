// The inbound side of the fake: sends the service signed requests exactly as Slack would.
import {
  type BlockActionInput,
  buildBlockAction,
  buildEventCallback,
  buildSlashCommand,
  buildViewSubmission,
  type EventInput,
  type PayloadContext,
  type SlashCommandInput,
  type ViewSubmissionInput,
} from './payloads.ts';
import type { SlackFake } from './server.ts';
import { slackSignature } from './sign.ts';
import { SlackFakeState } from './state.ts';
import type { Clock } from './types.ts';

/** Slack shows the user an error when an app does not answer within 3 seconds. */
export const SLACK_ACK_DEADLINE_MS = 3000;
/** Slack's requests carry this User-Agent. */
export const SLACK_USER_AGENT = 'Slackbot 1.0 (+https://api.slack.com/robots)';

export interface SlackDriverOptions {
  /** The service's Slack endpoint, e.g. `http://127.0.0.1:PORT/hooks/slack`. */
  targetUrl: string;
  signingSecret: string;
  clock?: Clock;
  /** The fake whose response URLs, trigger ids, messages and views the payloads refer to. */
  fake?: SlackFake | SlackFakeState;
  /** Separate request URLs per kind, when the app is configured with several. */
  urls?: Partial<Record<SlackRequestKind, string>>;
  team?: { id: string; domain: string };
  apiAppId?: string;
  botUserId?: string;
  verificationToken?: string;
  /** Deadline used for `withinDeadline`; default 3000 ms. */
  deadlineMs?: number;
  /** Give up waiting after this long (status 0); default 10 s. */
  timeoutMs?: number;
}

export type SlackRequestKind = 'command' | 'interactivity' | 'events';

/** A request body ready to sign and send (also what every send returns for redelivery). */
export interface SlackRequest {
  kind: SlackRequestKind;
  contentType: string;
  body: string;
}

/** Variants for negative tests. */
export interface SendOptions {
  /** Shifts `X-Slack-Request-Timestamp` (e.g. -301 for a stale request, +301 for one from the future). */
  timestampOffsetSeconds?: number;
  /** `wrong-secret` signs with another secret; `alter-body` changes the body after signing. */
  tamper?: 'wrong-secret' | 'alter-body';
  /** Sends no `X-Slack-Signature` (and no timestamp with `omitTimestamp`). */
  omitSignature?: boolean;
  omitTimestamp?: boolean;
  /** Signature version prefix; Slack only uses `v0`. */
  signatureVersion?: string;
  /** Marks a redelivery as the Events API does (`X-Slack-Retry-Num`, `X-Slack-Retry-Reason`). */
  retryNum?: number;
  retryReason?:
    | 'http_timeout'
    | 'too_many_redirects'
    | 'connection_failed'
    | 'ssl_error'
    | 'http_error'
    | 'unknown_error';
  headers?: Record<string, string>;
}

/** What the service answered, and how fast. */
export interface DriverResponse {
  status: number;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  headers: Record<string, string>;
  elapsedMs: number;
  /** Whether the answer came within Slack's 3-second acknowledgement deadline. */
  withinDeadline: boolean;
  /** Set when no answer came within `timeoutMs`. */
  timedOut: boolean;
  request: SlackRequest & { headers: Record<string, string> };
}

/** A send result plus the payload that was sent. */
export type PayloadResponse<T> = DriverResponse & { payload: T };

export interface SlackDriver {
  slashCommand(
    input: SlashCommandInput,
    options?: SendOptions,
  ): Promise<PayloadResponse<Record<string, string>>>;
  blockAction(
    input: BlockActionInput,
    options?: SendOptions,
  ): Promise<PayloadResponse<Record<string, unknown>>>;
  viewSubmission(
    input: ViewSubmissionInput,
    options?: SendOptions,
  ): Promise<PayloadResponse<Record<string, unknown>>>;
  event(input: EventInput, options?: SendOptions): Promise<PayloadResponse<Record<string, unknown>>>;
  urlVerification(
    challenge: string,
    options?: SendOptions,
  ): Promise<PayloadResponse<Record<string, unknown>>>;
  /** Slack's unsigned SSL check for slash command URLs (`ssl_check=1`). */
  sslCheck(): Promise<DriverResponse>;
  /** Builds a click (with its response URL and trigger id registered in the fake) without sending it. */
  prepareBlockAction(input: BlockActionInput): SlackRequest;
  /** Signs (per options) and sends a prepared request, e.g. to redeliver an event. */
  send(request: SlackRequest, options?: SendOptions): Promise<DriverResponse>;
}

/** Changes the body after signing without breaking its syntax, so only the signature can catch it. */
function alterBody(request: SlackRequest): string {
  if (request.contentType === 'application/json') return `${request.body.slice(0, -1)},"tampered":true}`;
  return `${request.body}&tampered=1`;
}

/** Creates a driver that posts signed Slack requests to the service. */
export function createSlackDriver(options: SlackDriverOptions): SlackDriver {
  const clock = options.clock ?? Date.now;
  const state = options.fake instanceof SlackFakeState ? options.fake : options.fake?.state;
  let serial = 0;
  const context: PayloadContext = {
    team:
      options.team ??
      (state
        ? { id: state.team.id, domain: state.team.domain }
        : { id: 'T0FAKETEAM', domain: 'fake-workspace' }),
    apiAppId: options.apiAppId ?? state?.bot.appId ?? 'A0FAKEAPP1',
    botUserId: options.botUserId ?? state?.bot.userId ?? 'U0FAKEBOT1',
    verificationToken: options.verificationToken ?? 'fake-verification-token',
    clock,
    ...(state ? { state } : {}),
    nextSerial: () => {
      serial += 1;
      return serial;
    },
  };
  const deadlineMs = options.deadlineMs ?? SLACK_ACK_DEADLINE_MS;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function send(request: SlackRequest, sendOptions: SendOptions = {}): Promise<DriverResponse> {
    const timestamp = Math.floor(clock() / 1000) + (sendOptions.timestampOffsetSeconds ?? 0);
    const secret =
      sendOptions.tamper === 'wrong-secret' ? `${options.signingSecret}-forged` : options.signingSecret;
    const headers: Record<string, string> = {
      'Content-Type': request.contentType,
      'User-Agent': SLACK_USER_AGENT,
    };
    if (!sendOptions.omitTimestamp) headers['X-Slack-Request-Timestamp'] = String(timestamp);
    if (!sendOptions.omitSignature) {
      headers['X-Slack-Signature'] = slackSignature(
        secret,
        timestamp,
        request.body,
        sendOptions.signatureVersion,
      );
    }
    if (sendOptions.retryNum !== undefined) {
      headers['X-Slack-Retry-Num'] = String(sendOptions.retryNum);
      headers['X-Slack-Retry-Reason'] = sendOptions.retryReason ?? 'http_timeout';
    }
    Object.assign(headers, sendOptions.headers);
    const body = sendOptions.tamper === 'alter-body' ? alterBody(request) : request.body;
    const url = options.urls?.[request.kind] ?? options.targetUrl;
    const sent = { ...request, body, headers };
    const started = performance.now();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      const elapsedMs = performance.now() - started;
      let json: unknown;
      try {
        json = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        json = undefined;
      }
      const responseHeaders = Object.fromEntries(response.headers);
      return {
        status: response.status,
        body: text,
        json,
        headers: responseHeaders,
        elapsedMs,
        withinDeadline: elapsedMs <= deadlineMs,
        timedOut: false,
        request: sent,
      };
    } catch (error) {
      if (!(error instanceof DOMException) || error.name !== 'TimeoutError') throw error;
      const elapsedMs = performance.now() - started;
      return {
        status: 0,
        body: '',
        json: undefined,
        headers: {},
        elapsedMs,
        withinDeadline: false,
        timedOut: true,
        request: sent,
      };
    }
  }

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const interactivity = (payload: Record<string, unknown>): SlackRequest => ({
    kind: 'interactivity',
    contentType: 'application/x-www-form-urlencoded',
    body: form({ payload: JSON.stringify(payload) }),
  });
  const events = (payload: Record<string, unknown>): SlackRequest => ({
    kind: 'events',
    contentType: 'application/json',
    body: JSON.stringify(payload),
  });
  async function withPayload<T>(payload: T, request: SlackRequest, sendOptions?: SendOptions) {
    return { ...(await send(request, sendOptions)), payload };
  }

  return {
    send,
    slashCommand(input, sendOptions) {
      const fields = buildSlashCommand(context, input);
      const request: SlackRequest = {
        kind: 'command',
        contentType: 'application/x-www-form-urlencoded',
        body: form(fields),
      };
      return withPayload(fields, request, sendOptions);
    },
    blockAction(input, sendOptions) {
      const payload = buildBlockAction(context, input);
      return withPayload(payload, interactivity(payload), sendOptions);
    },
    prepareBlockAction: (input) => interactivity(buildBlockAction(context, input)),
    viewSubmission(input, sendOptions) {
      const payload = buildViewSubmission(context, input);
      return withPayload(payload, interactivity(payload), sendOptions);
    },
    event(input, sendOptions) {
      const payload = buildEventCallback(context, input);
      return withPayload(payload, events(payload), sendOptions);
    },
    urlVerification(challenge, sendOptions) {
      const payload = { token: context.verificationToken, challenge, type: 'url_verification' };
      return withPayload(payload, events(payload), sendOptions);
    },
    sslCheck() {
      const body = form({ ssl_check: '1', token: context.verificationToken });
      return send(
        { kind: 'command', contentType: 'application/x-www-form-urlencoded', body },
        { omitSignature: true, omitTimestamp: true },
      );
    },
  };
}
