import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { startJobs } from './jobs/jobs.js';
import { openRuntime } from './runtime.js';

/** config → database → migrations → app → listen, and background jobs and the event dispatcher beside it. */
export async function startServer(config: Config): Promise<{ url: string; stop(): Promise<void> }> {
  const runtime = await openRuntime(config, 'serve');
  const jobs = config.jobs ? await startJobs(runtime.services) : undefined;
  // After the jobs, whose queue the event subscribers send work to.
  const eventDispatcher = config.jobs ? runtime.services.events.start() : undefined;
  const app = createApp(runtime.services);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  runtime.lock?.update({ url });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await eventDispatcher?.stop();
      await jobs?.stop();
      await runtime.close();
    })());
  return { url, stop };
}
