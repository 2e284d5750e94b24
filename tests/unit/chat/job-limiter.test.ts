// The job limiter of chat adapters: at most N jobs at once, failures reported, every job drained.
import { expect, it } from 'vitest';
import { createJobLimiter } from '../../../adapters/chat/shared/job-limiter.ts';

it('keeps to its limit, reports failures without throwing and drains every job', async () => {
  const failures: string[] = [];
  const jobs = createJobLimiter(3, (what) => failures.push(what));
  let running = 0;
  let most = 0;
  let finished = 0;
  const results = Array.from({ length: 12 }, (_, i) =>
    jobs.run(`job ${i}`, async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      running--;
      finished++;
      if (i % 5 === 0) throw new Error('boom');
    }),
  );
  await jobs.drain();
  expect(finished).toBe(12);
  expect(most).toBe(3);
  expect(failures).toEqual(['job 0', 'job 5', 'job 10']);
  await expect(Promise.all(results)).resolves.toHaveLength(12);
});
