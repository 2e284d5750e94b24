// Single sign-on harness: the service over HTTP with the GitLab fake as its OpenID Connect provider, and a browser.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Clock } from '../../src/core/ports/clock.ts';
import { type GitLabFake, startGitLabFake } from '../fakes/gitlab/index.ts';
import { type RunningService, startService } from './service-fixture.ts';

export const OIDC_CLIENT_ID = 'bytebase-im-web';
export const OIDC_CLIENT_SECRET = 'gloas-test-client-secret';

export interface OidcService {
  running: RunningService;
  fake: GitLabFake;
  /** Where the service listens: http://127.0.0.1:PORT. */
  baseUrl: string;
  /** PUBLIC_URL; by default the base URL, else another origin the browser maps onto the base URL. */
  publicUrl: string;
  /** Moves the service's clock (sessions expire by it). */
  advance(ms: number): void;
  /** A fresh browser with an empty cookie jar. */
  browser(): TestBrowser;
  close(): Promise<void>;
}

/**
 * Starts a GitLab fake with a registered application, then the service (listening first, so PUBLIC_URL can name
 * its port) with OIDC_* pointing at the fake.
 */
export async function startOidcService(options: {
  workspaceLines: string[];
  env?: Record<string, string>;
  /** A PUBLIC_URL other than the listening address (e.g. https), mapped onto it by the test browser. */
  publicUrl?: string;
}): Promise<OidcService> {
  const fake = await startGitLabFake();
  let offset = 0;
  const clock: Clock = { now: () => Date.now() + offset };
  let fetchApp: (request: Request) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 });
  let server!: ReturnType<typeof serve>;
  const port = await new Promise<number>((resolve) => {
    server = serve(
      { fetch: (request) => fetchApp(request), hostname: '127.0.0.1', port: 0 },
      (info: AddressInfo) => resolve(info.port),
    );
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const publicUrl = options.publicUrl ?? baseUrl;
  fake.oidc.addApplication({
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    redirectUris: [`${publicUrl}/auth/oidc/callback`],
  });
  const stopServer = () =>
    new Promise<void>((resolve) => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close(() => resolve());
    });
  let running: RunningService;
  try {
    running = await startService({
      workspaceLines: options.workspaceLines,
      env: {
        PUBLIC_URL: publicUrl,
        OIDC_ISSUER: fake.url,
        OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET,
        ...options.env,
      },
      compose: { clock, startScheduler: false },
    });
  } catch (err) {
    await stopServer();
    await fake.close();
    throw err;
  }
  fetchApp = (request) => running.service.app.fetch(request);
  return {
    running,
    fake,
    baseUrl,
    publicUrl,
    advance: (ms) => {
      offset += ms;
    },
    browser: () => new TestBrowser(baseUrl, publicUrl),
    async close() {
      await stopServer();
      await running.close();
      await fake.close();
    },
  };
}

export interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** The Set-Cookie line as the service sent it. */
  raw: string;
}

/**
 * Just enough of a browser for the sign-in redirects: a cookie jar for the service (Path-scoped), redirects
 * followed by hand so each hop can be looked at, PUBLIC_URL mapped onto the listening address.
 */
export class TestBrowser {
  readonly cookies = new Map<string, StoredCookie>();

  constructor(
    readonly baseUrl: string,
    readonly publicUrl: string,
  ) {}

  private isService(url: URL): boolean {
    return url.origin === new URL(this.baseUrl).origin || url.origin === new URL(this.publicUrl).origin;
  }

  /** One request, no redirect followed; the service's cookies are sent and stored. */
  async request(target: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(target, this.publicUrl);
    const service = this.isService(url);
    const actual = service ? new URL(`${url.pathname}${url.search}`, this.baseUrl) : url;
    const headers = new Headers(init.headers);
    if (service) {
      const jar = [...this.cookies.values()].filter((c) => url.pathname.startsWith(c.path));
      if (jar.length > 0 && !headers.has('cookie'))
        headers.set('cookie', jar.map((c) => `${c.name}=${c.value}`).join('; '));
    }
    const response = await fetch(actual, { ...init, headers, redirect: 'manual' });
    if (service) for (const line of response.headers.getSetCookie()) this.store(line);
    return response;
  }

  private store(line: string): void {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const at = pair!.indexOf('=');
    const name = pair!.slice(0, at);
    const value = pair!.slice(at + 1);
    const attr = (key: string) =>
      attributes.find((a) => a.toLowerCase().startsWith(`${key.toLowerCase()}=`))?.split('=')[1];
    if (attr('Max-Age') === '0' || value === '') this.cookies.delete(name);
    else this.cookies.set(name, { name, value, path: attr('Path') ?? '/', raw: line });
  }

  /** Follows redirects from `target` until an answer that is not one, or one that leaves for the web view's hash. */
  async follow(target: string): Promise<{ hops: string[]; response: Response; location: string | null }> {
    const hops: string[] = [];
    let next = target;
    for (let i = 0; i < 10; i++) {
      hops.push(next);
      const response = await this.request(next);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location)
        return { hops, response, location: null };
      await response.body?.cancel();
      const resolved = new URL(location, new URL(next, this.publicUrl));
      // The web view's own route (`/#/…`) is where a sign-in ends.
      if (
        this.isService(resolved) &&
        resolved.pathname === new URL(this.publicUrl).pathname.replace(/\/?$/, '/')
      )
        return { hops, response, location };
      next = resolved.href;
    }
    throw new Error(`too many redirects: ${hops.join(' -> ')}`);
  }

  /** Presses "Sign in with GitLab": GET /auth/oidc/login and every redirect after it. Answers the final Location. */
  async signIn(returnTo?: string) {
    const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
    return this.follow(`/auth/oidc/login${query}`);
  }

  /** The session cookie's secret, or undefined when signed out. */
  get session(): string | undefined {
    return this.cookies.get('bb_session')?.value;
  }

  /** JSON of a service call with the browser's cookies. */
  // biome-ignore lint/suspicious/noExplicitAny: assertions read the answers' JSON freely
  async json(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
    const response = await this.request(path, init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
}

/** The `error` and `message` a failed sign-in hands to the web view's sign-in page (`/#/signin?…`). */
export function signInFailure(location: string | null): { error: string | null; message: string | null } {
  const hash = location ? new URL(location, 'http://x').hash : '';
  if (!hash.startsWith('#/signin?')) return { error: null, message: null };
  const query = new URLSearchParams(hash.slice('#/signin?'.length));
  return { error: query.get('error'), message: query.get('message') };
}
