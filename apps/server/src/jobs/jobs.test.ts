import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../db/testing.js';
import { type Jobs, startJobs } from './jobs.js';

let ctx: TestContext;
let jobs: Jobs | undefined;
const received: { n: number }[] = [];
let failuresLeft = 1;

beforeAll(async () => {
  ctx = await createTestContext();
  jobs = await startJobs(ctx.services, [
    {
      name: 'test.echo',
      retryLimit: 2,
      retryDelay: 1,
      retryBackoff: false,
      handler(data: { n: number }) {
        // The first attempt fails, to show that a failed job is retried.
        if (failuresLeft-- > 0) return Promise.reject(new Error('first attempt fails'));
        received.push(data);
        return Promise.resolve();
      },
    },
  ]);
});
afterAll(async () => {
  await jobs?.stop();
});

it('runs a job on the same database, retrying a failed attempt', async () => {
  await jobs!.send('test.echo', { n: 42 });
  await expect.poll(() => received, { timeout: 20_000, interval: 200 }).toEqual([{ n: 42 }]);
});
