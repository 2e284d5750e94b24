// GET /readyz: 200 while the store answers, migrations are applied and the workers run; 503 naming what failed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeRealDb } from '../support/real-dbs.ts';
import { type Harness, startRolloutHarness } from '../support/rollout-harness.ts';

describeRealDb('postgres', 'readiness on a PostgreSQL store', (url) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startRolloutHarness({ engine: 'postgres', adminUrl: url, storeUrl: url });
  });
  afterAll(async () => {
    await h?.close();
  });

  const probe = async (path: string) => {
    const res = await h.service.app.request(path);
    return { status: res.status, json: await res.json() };
  };

  it('is ready once composed: store, migrations, scheduler and outbox worker all check out', async () => {
    expect(h.storeDatabase).not.toBeNull();
    expect(await probe('/readyz')).toEqual({
      status: 200,
      json: {
        status: 'ready',
        failed: [],
        checks: { migrations: 'ok', store: 'ok', scheduler: 'ok', outbox: 'ok' },
      },
    });
  });

  it('answers 503 naming the outbox worker once it stopped, while /healthz stays 200', async () => {
    await h.service.outbox.stop();
    const ready = await probe('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json.status).toBe('not_ready');
    expect(ready.json.failed).toEqual(['outbox']);
    expect(ready.json.checks.outbox).toMatch(/not running/);
    expect(await probe('/healthz')).toEqual({ status: 200, json: { status: 'ok' } });
  });

  it('names the rollout scheduler too once it stopped', async () => {
    await h.service.scheduler.stop(1000);
    const ready = await probe('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json.failed).toEqual(['scheduler', 'outbox']);
  });

  it('answers 503 naming the store when its connection is closed, without the driver error', async () => {
    await h.service.store.close();
    const ready = await probe('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json.failed).toEqual(['store', 'scheduler', 'outbox']);
    expect(ready.json.checks.store).toBe('the store did not answer a query');
    expect(ready.json.checks.migrations).toBe('ok');
  });
});
