// The background queue of chat adapters: answers first, one late job at a time, everything drained.
import { describe, expect, it } from 'vitest';
import { createBackgroundQueue } from '../../../adapters/chat/shared/background-queue.ts';

const turn = () => new Promise((r) => setImmediate(r));

/** Queues `n` jobs that each take a few event-loop turns and records how many ran at once. */
function load(q: ReturnType<typeof createBackgroundQueue>, n: number) {
  const seen = { running: 0, most: 0, finished: 0 };
  for (let i = 0; i < n; i++)
    q.run(`job ${i}`, async () => {
      seen.running++;
      seen.most = Math.max(seen.most, seen.running);
      for (let t = 0; t < 3; t++) await turn();
      seen.running--;
      seen.finished++;
      if (i === 3) throw new Error('boom');
    });
  return seen;
}

describe('background queue', () => {
  it('holds jobs while an answer is in flight and runs them once it is done', async () => {
    const q = createBackgroundQueue({ concurrency: 4, maxDeferMs: 60_000, onError: () => {} });
    const answered = q.receiving();
    const seen = load(q, 6);
    for (let t = 0; t < 20; t++) await turn();
    expect(seen.finished).toBe(0);
    answered();
    answered(); // a second call changes nothing
    await q.drain();
    expect(seen.finished).toBe(6);
    expect(seen.most).toBe(4);
  });

  it('runs jobs that waited too long one at a time while answers keep coming', async () => {
    const q = createBackgroundQueue({ concurrency: 4, maxDeferMs: 1, onError: () => {} });
    q.receiving(); // never released
    const seen = load(q, 6);
    await q.drain();
    expect(seen.finished).toBe(6);
    expect(seen.most).toBe(1);
  });

  it('runs at full concurrency when nothing is being answered, reporting failures', async () => {
    const failures: string[] = [];
    const q = createBackgroundQueue({ concurrency: 2, onError: (what) => failures.push(what) });
    const seen = load(q, 10);
    await q.drain();
    expect(seen.finished).toBe(10);
    expect(seen.most).toBe(2);
    expect(failures).toEqual(['job 3']);
  });

  it('starts a job only after the I/O pending at the time was polled', async () => {
    const q = createBackgroundQueue({ concurrency: 1, onError: () => {} });
    const order: string[] = [];
    q.run('job', async () => {
      order.push('job');
    });
    order.push('sync');
    await Promise.resolve();
    order.push('microtask');
    await q.drain();
    expect(order).toEqual(['sync', 'microtask', 'job']);
  });
});
