// The drift routes as the database page and the drift board call them.
import type { ApiSchemas } from '../../api/typed-client.ts';
import type { ApiClient } from '../../api.ts';
import type { DriftReport } from './labels.ts';

export type DriftCheck = ApiSchemas['DriftCheck'];
export type BaselineAccepted = ApiSchemas['BaselineAccepted'];

/** Runs a fresh check (it connects to the target and records the outcome). */
export async function checkNow(client: ApiClient, instance: string, database: string): Promise<DriftReport> {
  return client.unwrap(
    await client.raw.GET('/instances/{instance}/databases/{db}/drift', {
      params: { path: { instance, db: database } },
    }),
  );
}

/** The last recorded check without connecting; null when none was recorded (the route answers 404 then). */
export async function recordedDrift(
  client: ApiClient,
  instance: string,
  database: string,
): Promise<DriftReport | null> {
  const result = await client.raw.GET('/instances/{instance}/databases/{db}/drift', {
    params: { path: { instance, db: database }, query: { cached: '1' } },
  });
  // Unknown databases are 404 too: the page's history request says which it is.
  if (result.response.status === 404) return null;
  return client.unwrap(result);
}

/** The most recent recorded checks, newest first; none for a database the server does not know (404). */
export async function recentChecks(
  client: ApiClient,
  instance: string,
  database: string,
  limit: number,
): Promise<{ checks: DriftCheck[]; more: boolean }> {
  const result = await client.raw.GET('/instances/{instance}/databases/{db}/drift/checks', {
    params: { path: { instance, db: database }, query: { limit } },
  });
  // As for the recorded check: the page's history request explains an unknown database once.
  if (result.response.status === 404) return { checks: [], more: false };
  return client.unwrap(result);
}

/**
 * Accepts the live schema as the baseline, only while the drift state is still `seq` (the one shown): otherwise
 * the server answers 409 with what the state is now, and records nothing.
 */
export async function acceptBaseline(
  client: ApiClient,
  target: { instance: string; database: string },
  input: { reason: string; seq: number },
): Promise<BaselineAccepted> {
  return client.unwrap(
    await client.raw.POST('/instances/{instance}/databases/{db}/baseline', {
      params: { path: { instance: target.instance, db: target.database } },
      body: input,
    }),
  );
}
