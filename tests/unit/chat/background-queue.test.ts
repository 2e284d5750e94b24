// The background queue of chat adapters: one job at a time while answers are in flight, all of them drained.
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
  it('runs one job at a time while an answer is in flight, and never stalls', async () => {
    const q = createBackgroundQueue({ concurrency: 4, onError: () => {} });
    const answered = q.receiving();
    const seen = load(q, 6);
    await q.drain();
    expect(seen.finished).toBe(6);
    expect(seen.most).toBe(1);
    answered();
    answered(); // a second call changes nothing
  });

  it('runs at full concurrency once nothing is being answered, reporting failures', async () => {
    const failures: string[] = [];
    const q = createBackgroundQueue({ concurrency: 2, onError: (what) => failures.push(what) });
    const answered = q.receiving();
    answered();
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
