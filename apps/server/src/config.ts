import path from 'node:path';
import { z } from 'zod';

/** Every environment variable Rapport reads, parsed once. Nothing else touches process.env. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  RAPPORT_DATA_DIR: z.string().default('./data'),
  RAPPORT_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  RAPPORT_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  RAPPORT_TRASH_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
  RAPPORT_SECURE_COOKIES: z
    .enum(['true', 'false', 'auto'])
    .default('auto')
    .describe('Mark cookies Secure; auto = only when served over https'),
  RAPPORT_TRUST_PROXY: z.enum(['true', 'false']).default('false').describe('Take the client address from X-Forwarded-For'),
  RAPPORT_JOBS: z.enum(['on', 'off']).default('on'),
  RAPPORT_WEB_DIST: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
  TEST_DATABASE_URL: z.string().optional(),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  trashRetentionDays: number;
  secureCookies: 'true' | 'false' | 'auto';
  jobs: boolean;
  trustProxy: boolean;
  webDist: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  testDatabaseUrl: string | undefined;
};

const serverRoot = path.resolve(import.meta.dirname, '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.RAPPORT_DATA_DIR),
    sessionIdleMs: e.RAPPORT_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.RAPPORT_SESSION_ABSOLUTE_HOURS * 3_600_000,
    trashRetentionDays: e.RAPPORT_TRASH_RETENTION_DAYS,
    secureCookies: e.RAPPORT_SECURE_COOKIES,
    jobs: e.RAPPORT_JOBS === 'on',
    trustProxy: e.RAPPORT_TRUST_PROXY === 'true',
    webDist: path.resolve(e.RAPPORT_WEB_DIST ?? path.join(serverRoot, '..', 'web', 'dist')),
    logLevel: e.LOG_LEVEL,
    testDatabaseUrl: e.TEST_DATABASE_URL,
    ...overrides,
  };
}
