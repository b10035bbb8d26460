import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';

/** What every service is built from. */
export type ServiceDeps = { database: Database; clock: Clock; config: Config };
