// The background queue of chat adapters: jobs wait for acknowledgements in flight, never run twice, drain fully.
import { describe, expect, it } from 'vitest';
import { createBackgroundQueue } from '../../../adapters/chat/shared/background-queue.ts';

const turn = () => new Promise((r) => setImmediate(r));

describe('background queue', () => {
  it('starts a job only once no acknowledgement is in flight', async () => {
    const errors: unknown[] = [];
    const q = createBackgroundQueue({
      concurrency: 2,
      maxDeferMs: 60_000,
      onError: (_w, e) => errors.push(e),
    });
    const ran: string[] = [];
    const done = q.receiving();
    q.run('a', async () => {
      ran.push('a');
    });
    for (let i = 0; i < 5; i++) await turn();
    expect(ran).toEqual([]);
    done();
    done(); // a second call changes nothing
    await q.drain();
    expect(ran).toEqual(['a']);
    expect(errors).toEqual([]);
  });

  it('runs a job that waited longer than maxDeferMs even while answers keep coming', async () => {
    const q = createBackgroundQueue({ concurrency: 1, maxDeferMs: 0, onError: () => {} });
    const ran: string[] = [];
    q.receiving(); // never finishes
    q.run('b', async () => {
      ran.push('b');
    });
    await q.drain();
    expect(ran).toEqual(['b']);
  });

  it('keeps to its concurrency, reports failures and drains everything', async () => {
    const failures: string[] = [];
    const q = createBackgroundQueue({ concurrency: 2, onError: (what) => failures.push(what) });
    let running = 0;
    let most = 0;
    let finished = 0;
    for (let i = 0; i < 10; i++)
      q.run(`job ${i}`, async () => {
        running++;
        most = Math.max(most, running);
        await turn();
        running--;
        finished++;
        if (i === 3) throw new Error('boom');
      });
    await q.drain();
    expect(finished).toBe(10);
    expect(most).toBe(2);
    expect(failures).toEqual(['job 3']);
  });
});
