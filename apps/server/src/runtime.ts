import { createServices, type Services } from './app.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { acquireDataDirLock } from './db/data-dir-lock.js';
import { migrateDatabase } from './db/migrate.js';

export type Runtime = {
  config: Config;
  database: Database;
  services: Services;
  lock?: ReturnType<typeof acquireDataDirLock>;
  close(): Promise<void>;
};

/**
 * Opens the database (locking the embedded data directory first), applies migrations and builds
 * the services: what the server and every CLI command start from.
 */
export async function openRuntime(config: Config, command: string, opts: { clock?: Clock; migrate?: boolean } = {}): Promise<Runtime> {
  const lock = config.databaseUrl ? undefined : acquireDataDirLock(config.dataDir, command);
  let database: Database | undefined;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    if (opts.migrate !== false) await migrateDatabase(database);
  } catch (e) {
    await database?.close().catch(() => undefined);
    lock?.release();
    throw e;
  }
  const services = createServices({ database, clock: opts.clock ?? systemClock, config });
  const db = database;
  return {
    config,
    database: db,
    services,
    lock,
    async close() {
      await db.close();
      lock?.release();
    },
  };
}
