import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { startJobs } from './jobs/jobs.js';
import { openRuntime } from './runtime.js';

/** The server could not start for a reason the user can fix (the port is taken). */
export class StartupError extends Error {}

/** config → database → migrations → app → listen, and background jobs and the event dispatcher beside it. */
export async function startServer(config: Config): Promise<{ url: string; stop(): Promise<void> }> {
  const runtime = await openRuntime(config, 'serve');
  const jobs = config.jobs ? await startJobs(runtime.services) : undefined;
  // After the jobs, whose queue the event subscribers send work to.
  const eventDispatcher = config.jobs ? runtime.services.events.start() : undefined;
  const app = createApp(runtime.services);
  // Requests still running when the server stops are awaited, so none meets a closed database.
  const inFlight = new Set<Promise<Response>>();
  const server = serve({
    fetch: (request, env) => {
      const handling = Promise.resolve(app.fetch(request, env));
      inFlight.add(handling);
      void handling.finally(() => inFlight.delete(handling)).catch(() => undefined);
      return handling;
    },
    port: config.port,
    hostname: config.host,
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Open event streams would keep the server from closing: end them first.
      runtime.services.notifications.closeAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      await eventDispatcher?.stop();
      await jobs?.stop();
      await runtime.close();
    })());
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (err) {
    await stop();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new StartupError(`Port ${config.port} on ${config.host} is in use: stop what uses it, or set PORT to another port.`);
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  runtime.lock?.update({ url });
  return { url, stop };
}
