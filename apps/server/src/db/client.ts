import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Drizzle = PgDatabase<PgQueryResultHKT, Schema>;
/** What repositories receive: a transaction already bound to one tenant (or the system). */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DatabaseKind = 'pglite' | 'postgres';

/** The low-level client, for the few tasks that need raw SQL outside Drizzle (jobs, backup, copy). */
export type RawClient = { kind: 'pglite'; pglite: PGlite } | { kind: 'postgres'; pool: pg.Pool };

/**
 * The role tenant transactions run as, on PostgreSQL and PGlite alike. It is not a superuser,
 * so the row-level security policies made by `ensureTenantPolicies` apply to it.
 */
export const APP_ROLE = 'rapport_app';

export interface Database {
  kind: DatabaseKind;
  db: Drizzle;
  raw: RawClient;
  /** Runs `fn` in a transaction that sees only `tenantId`'s rows: row-level security backs up every query's filter. */
  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a read-only transaction for one tenant without row-level security. PostgreSQL
   * will not use an index for an operator that is not leakproof (LIKE, trigram similarity, array
   * overlap) under a row-level security policy, so searches over a large table read here; every
   * query inside must filter by tenant_id itself, as repositories always do.
   */
  readTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `fn` in a transaction across tenants: sign-in lookups, jobs, migrations. */
  system<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs a multi-statement SQL script. */
  exec(script: string): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export type OpenOptions = { databaseUrl?: string; dataDir?: string; poolSize?: number };

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : openPglite(opts.dataDir);
}

function withTransactions(
  kind: DatabaseKind,
  db: Drizzle,
  raw: RawClient,
  exec: Database['exec'],
  query: Database['query'],
  close: () => Promise<void>,
): Database {
  return {
    kind,
    db,
    raw,
    exec,
    query,
    close,
    withTenant(tenantId, fn) {
      return db.transaction(async (tx) => {
        // `set local role` and the tenant in one round trip: this runs before every tenant transaction.
        await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${tenantId}, true)`);
        return fn(tx);
      });
    },
    readTenant(tenantId, fn) {
      return db.transaction(async (tx) => {
        await tx.execute(sql`set transaction read only`);
        await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
        return fn(tx);
      });
    },
    system(fn) {
      return db.transaction((tx) => fn(tx));
    },
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: dataDir ? `file://${dataDir}` : undefined, extensions: { pg_trgm } });
  const db = drizzlePglite(pglite, { schema }) as unknown as Drizzle;
  return withTransactions(
    'pglite',
    db,
    { kind: 'pglite', pglite },
    async (script) => {
      await pglite.exec(script);
    },
    async (text, params) => (await pglite.query(text, params)).rows as never,
    () => pglite.close(),
  );
}

async function openPostgres(url: string, max: number): Promise<Database> {
  // No JIT: Rapport's statements are short, and when an import has made the planner's row counts
  // stale, PostgreSQL would compile a batch's queries for 0.1–0.2 s each to save a few milliseconds.
  const pool = new pg.Pool({ connectionString: url, max, options: '-c jit=off' });
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  const db = drizzlePg(pool, { schema }) as unknown as Drizzle;
  return withTransactions(
    'postgres',
    db,
    { kind: 'postgres', pool },
    async (script) => {
      await pool.query(script);
    },
    async (text, params) => (await pool.query(text, params)).rows as never,
    () => pool.end(),
  );
}

/** Rows of a raw SQL query inside a transaction; both drivers answer `{ rows }`. */
export async function queryRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const result: unknown = await tx.execute(query);
  return (result as { rows: T[] }).rows;
}
