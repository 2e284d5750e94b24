// Types shared by the HTTP layer: what createApp needs and what each request carries.
import type { Context } from 'hono';
import type { Principal } from '../core/model/workspace.ts';
import type { Clock, Logger } from '../core/ports/clock.ts';
import type { EngineConnector } from '../core/ports/engine-connector.ts';
import type { EventBus } from '../core/ports/events.ts';
import type { IdentityProvider } from '../core/ports/identity-provider.ts';
import type { Metrics } from '../core/ports/metrics.ts';
import type { Store, WebSession } from '../core/ports/store.ts';
import type { ServiceContext } from '../core/services/context.ts';

export interface AppDeps {
  store: Store;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** Whether the store is migrated and the service ready. */
  isReady: () => boolean;
  /** Directory of the built web assets; absent means no web view is served. */
  webRoot?: string | undefined;
  /** Connections to target instances, for live schema reads (drift checks); absent, those answer 503. */
  engines?: EngineConnector | undefined;
  /** Web sign-in and sessions; absent means no single sign-on, 12 h sessions and the request's own origin. */
  auth?: WebAuthOptions | undefined;
  /** What requests and use cases measure, and the scrape; absent, nothing is measured and /metrics answers 404. */
  metrics?: ServiceMetrics | undefined;
  /** METRICS_TOKEN: when set, a scrape must carry it as a bearer token. */
  metricsToken?: string | undefined;
  /** The background workers readiness waits for, by name; each says whether it is running now. */
  workers?: Record<string, () => boolean> | undefined;
}

/** The metrics of a composed service: the core's, those the HTTP layer records, and the scrape. */
export interface ServiceMetrics extends Metrics {
  /** Records one answered request by route pattern (never the raw path), method and status. */
  httpRequest(request: { method: string; route: string; status: number; seconds: number }): void;
  /** Records how long a chat platform's hook took to answer (its acknowledgement deadline is short). */
  chatAck(platform: string, seconds: number): void;
  /** Every family in the Prometheus text exposition format. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** Single sign-on and web session settings of the HTTP layer. */
export interface WebAuthOptions {
  /** The sign-in provider; null when single sign-on is off (its routes answer 404). */
  provider: IdentityProvider | null;
  /** How long a session lasts after sign-in. */
  sessionTtlMs: number;
  /** Whether unknown verified emails are created as workspace developers at their first sign-in. */
  autoCreate: boolean;
  /** PUBLIC_URL: the callback's base, the only Origin cookie requests may come from, Secure cookies on https. */
  publicUrl: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    /** The web session that authenticated the request; null when an API token did. */
    session: WebSession | null;
  };
}

/** Builds the use-case context for an authenticated request. */
export function contextOf(deps: AppDeps, c: Context<AppEnv>): ServiceContext {
  return {
    store: deps.store,
    actor: c.get('principal'),
    clock: deps.clock,
    logger: deps.logger,
    requestId: c.get('requestId'),
    events: deps.events,
    engines: deps.engines,
    metrics: deps.metrics,
  };
}
