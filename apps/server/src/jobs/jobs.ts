import PgBoss from 'pg-boss';
import type { Services } from '../app.js';
import type { RawClient } from '../db/client.js';
import { duplicateScanJob } from '../modules/customers/duplicates.jobs.js';
import { importJob, importResumeJob } from '../modules/customers/imports.jobs.js';
import { taskReminderJob } from '../modules/interactions/interactions.jobs.js';
import { webhookDeliveryJob } from '../modules/platform/webhooks.jobs.js';

/** A background job: a queue, its handler, and optionally a cron schedule. Modules contribute theirs. */
export type JobDefinition<T extends object = object> = {
  name: string;
  /** Cron in the server's time zone, for periodic work. */
  schedule?: string;
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  /** pg-boss queue policy; `stately` keeps one waiting job per singleton key. */
  policy?: PgBoss.QueuePolicy;
  /** Workers polling the queue in this process, for jobs that mostly wait on the network. */
  workers?: number;
  handler(data: T, services: Services): Promise<void>;
};

/**
 * pg-boss over the application's own connection. PGlite has one connection and runs a
 * multi-statement script only through `exec`, which takes no parameters: pg-boss sends its
 * schema scripts without parameters and its queries with them, so that is the split.
 */
export function bossDb(raw: RawClient): PgBoss.Db {
  if (raw.kind === 'postgres') return { executeSql: (text, values) => raw.pool.query(text, values) };
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return raw.pglite.query(text, values);
      const results = await raw.pglite.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

/** The jobs every installation runs; modules add theirs to this list. */
export function jobDefinitions(): JobDefinition[] {
  return [
    {
      name: 'housekeeping',
      schedule: '17 * * * *',
      async handler(_data, services) {
        await services.auth.purgeExpired();
        await services.platform.purgeExpiredKeys();
        await services.platform.purgeTrash();
      },
    },
    webhookDeliveryJob,
    duplicateScanJob,
    importJob,
    importResumeJob,
    taskReminderJob,
  ];
}

export type Jobs = {
  boss: PgBoss;
  send(name: string, data: object, options?: PgBoss.SendOptions): Promise<string | null>;
  stop(): Promise<void>;
};

export async function startJobs(services: Services, definitions = jobDefinitions()): Promise<Jobs> {
  const boss = new PgBoss({ db: bossDb(services.database.raw), schema: 'pgboss', supervise: true, schedule: true });
  boss.on('error', (err) => console.error('[jobs]', err));
  await boss.start();
  for (const def of definitions) {
    await boss.createQueue(def.name, {
      name: def.name,
      policy: def.policy,
      retryLimit: def.retryLimit ?? 3,
      retryDelay: def.retryDelay ?? 30,
      retryBackoff: def.retryBackoff ?? true,
    });
    for (let worker = 0; worker < (def.workers ?? 1); worker++) {
      await boss.work<object>(def.name, { pollingIntervalSeconds: 2 }, async (jobs) => {
        for (const job of jobs) await def.handler(job.data, services);
      });
    }
    if (def.schedule) await boss.schedule(def.name, def.schedule);
  }
  services.jobQueue.attach({ send: (name, data, options) => boss.send(name, data, options) });
  return {
    boss,
    send: (name, data, options) => boss.send(name, data, options ?? {}),
    async stop() {
      services.jobQueue.attach(undefined);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
