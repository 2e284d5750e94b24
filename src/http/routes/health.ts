// Operations endpoints: liveness (/healthz), readiness (/readyz) and the Prometheus scrape (/metrics).
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { errorResponse } from '../errors.ts';
import type { AppDeps, AppEnv } from '../types.ts';

/** A store that has not answered by then counts as down: a probe must answer well inside its own timeout. */
export const STORE_CHECK_TIMEOUT_MS = 2000;

type Check = { ok: true } | { ok: false; reason: string };

async function storeCheck(deps: AppDeps): Promise<Check> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${STORE_CHECK_TIMEOUT_MS} ms`)),
      STORE_CHECK_TIMEOUT_MS,
    );
  });
  try {
    // Any read that goes to the store: the robot principal always exists once migrated.
    await Promise.race([deps.store.principals.get(1), timeout]);
    return { ok: true };
  } catch (err) {
    // The cause goes to the log only: the probe is unauthenticated and the error may name hosts.
    deps.logger.warn({ err }, 'readiness: the store did not answer a query');
    return { ok: false, reason: 'the store did not answer a query' };
  } finally {
    clearTimeout(timer);
  }
}

/** Equal strings in time independent of where they differ (both are hashed to one length first). */
function sameSecret(a: string, b: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function healthRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // Liveness: the process answers; 503 only while it is still starting.
  app.get('/healthz', (c) =>
    deps.isReady() ? c.json({ status: 'ok' }) : c.json({ status: 'starting' }, 503),
  );

  // Readiness: the store answers now, migrations are applied and the background workers run.
  app.get('/readyz', async (c) => {
    const checks: Record<string, Check> = {
      migrations: deps.isReady()
        ? { ok: true }
        : { ok: false, reason: 'the store is not migrated yet, or the service is stopping' },
      store: await storeCheck(deps),
    };
    for (const [name, running] of Object.entries(deps.workers ?? {}))
      checks[name] = running() ? { ok: true } : { ok: false, reason: `the ${name} worker is not running` };
    const failed = Object.entries(checks)
      .filter(([, check]) => !check.ok)
      .map(([name]) => name);
    const body = {
      status: failed.length === 0 ? 'ready' : 'not_ready',
      failed,
      checks: Object.fromEntries(
        Object.entries(checks).map(([name, check]) => [name, check.ok ? 'ok' : check.reason]),
      ),
    };
    return c.json(body, failed.length === 0 ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    const metrics = deps.metrics;
    if (!metrics) return errorResponse(c, 404, 'not_found', 'metrics are not collected by this service');
    const token = deps.metricsToken;
    if (token) {
      const header = c.req.header('Authorization') ?? '';
      const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
      if (!given || !sameSecret(given, token)) {
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        return errorResponse(c, 401, 'unauthenticated', 'a bearer token (METRICS_TOKEN) is required');
      }
    }
    const { contentType, body } = await metrics.scrape();
    return c.body(body, 200, { 'Content-Type': contentType });
  });
  return app;
}
