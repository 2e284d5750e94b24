// An outage switch for a loopback fake's HTTP server: the platform answers 503 to everything, or refuses connections.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * `unavailable`: every request gets the platform's 503 answer (a load balancer in front of a broken backend).
 * `refused`: the server stops listening, so connections are refused (the host is down).
 */
export type OutageMode = 'unavailable' | 'refused';

export interface OutageSwitch {
  /** The current outage, or null when the platform is up. */
  readonly mode: OutageMode | null;
  /** Requests answered with 503 by outages so far (refused connections never reach the fake to be counted). */
  readonly unavailableAnswers: number;
  /**
   * Takes the platform down; default `unavailable`. `only` narrows an `unavailable` outage to some requests
   * (GitLab's maintenance mode refuses writes and serves reads).
   */
  down(mode?: OutageMode, options?: { only?: (request: IncomingMessage) => boolean }): Promise<void>;
  /** Brings the platform back on the same address. */
  up(): Promise<void>;
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Puts a switch in front of `server`'s request handlers. `unavailable` writes the platform's 503 answer; the
 * fake's state and call log never see the request, as a platform behind a failing gateway would not.
 */
export function createOutageSwitch(
  server: Server,
  answer: (response: ServerResponse) => void = (response) => {
    response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
    response.end('Service Unavailable');
  },
): OutageSwitch {
  const handlers = server.listeners('request') as Listener[];
  server.removeAllListeners('request');
  let mode: OutageMode | null = null;
  let only: ((request: IncomingMessage) => boolean) | null = null;
  let unavailableAnswers = 0;
  let address: { port: number; host: string } | null = null;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (mode === 'unavailable' && (!only || only(request))) {
      unavailableAnswers += 1;
      // The body is drained so keep-alive clients see a complete exchange.
      request.resume();
      answer(response);
      return;
    }
    for (const handler of handlers) handler.call(server, request, response);
  });
  return {
    get mode() {
      return mode;
    },
    get unavailableAnswers() {
      return unavailableAnswers;
    },
    async down(next = 'unavailable', options = {}) {
      if (mode === 'refused') await this.up();
      mode = next;
      only = options.only ?? null;
      if (next !== 'refused') return;
      const a = server.address();
      if (!a || typeof a === 'string') throw new Error('the fake is not listening on a port');
      address = { port: a.port, host: a.address };
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open keep-alive sockets would carry requests on; a host that is down answers none.
        server.closeAllConnections();
      });
    },
    async up() {
      const was = mode;
      mode = null;
      if (was !== 'refused' || !address) return;
      const { port, host } = address;
      address = null;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    },
  };
}

/** Closes a fake's server whether or not an outage stopped it listening. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (!server.listening) return resolve();
    // Keep-alive sockets from fetch would otherwise hold close() open.
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}
