// A Bolt receiver for fetch-style handlers (Hono): a verified request goes through Bolt's listeners, and the
// HTTP answer is whatever the listener passed to ack(), sent the moment it acks.
// https://docs.slack.dev/tools/bolt-js/concepts/receiver
import type { App, LogLevel, Receiver } from '@slack/bolt';
import type { Logger } from '../../../src/core/ports/clock.ts';

export interface FetchReceiver extends Receiver {
  /**
   * Runs one verified, parsed request through the app. `customProperties` reach listeners as `context`
   * fields. Resolves with the acknowledgement as soon as a listener acks (its work may go on), or with an
   * empty 200 when no listener acked (nothing listens to that request: Slack must not retry it).
   */
  dispatch(event: {
    body: Record<string, unknown>;
    retryNum?: number;
    retryReason?: string;
    customProperties?: Record<string, unknown>;
  }): Promise<Response>;
}

/** The body of an ack as Slack expects it: nothing, plain text (commands) or JSON. */
function ackResponse(response: unknown): Response {
  if (response === undefined || response === null || response === '')
    return new Response('', { status: 200 });
  if (typeof response === 'string')
    return new Response(response, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return Response.json(response, { status: 200 });
}

export function createFetchReceiver(log: Logger): FetchReceiver {
  let app: App | null = null;
  return {
    init(a) {
      app = a;
    },
    // Nothing to listen on: the HTTP server belongs to the service.
    start: async () => undefined,
    stop: async () => undefined,
    dispatch(event) {
      const target = app;
      if (!target) throw new Error('the Slack receiver is not attached to an app');
      return new Promise<Response>((resolve) => {
        let acked = false;
        const answer = (response: unknown) => {
          if (acked) return;
          acked = true;
          resolve(ackResponse(response));
        };
        target
          .processEvent({
            ...event,
            ack: async (response?: unknown) => answer(response),
          })
          .catch((err: unknown) => log.error({ err }, 'slack listener failed'))
          .finally(() => answer(undefined));
      });
    },
  };
}

/** Bolt's logger interface over the service's logger (Bolt logs strings). */
export function boltLogger(log: Logger) {
  const text = (msg: unknown[]) =>
    msg
      .map((m) =>
        typeof m === 'string' ? m : m instanceof Error ? (m.stack ?? m.message) : JSON.stringify(m),
      )
      .join(' ');
  let level = 'info' as LogLevel;
  return {
    // Bolt's debug lines describe every request (bodies included): too costly to build on the ack path.
    debug: () => {},
    info: (...msg: unknown[]) => log.info({}, text(msg)),
    warn: (...msg: unknown[]) => log.warn({}, text(msg)),
    error: (...msg: unknown[]) => log.error({}, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
