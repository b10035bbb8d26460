import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { APP_ROLE, type Database } from './client.js';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', '..', 'drizzle');

type Journal = { entries: { idx: number; when: number; tag: string }[] };

export class DatabaseNewerThanCodeError extends Error {}

function readJournal(): Journal {
  return JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** Any arbitrary constant: the advisory lock that serialises migrations of concurrent processes. */
const MIGRATION_LOCK = 72_616_170;

/**
 * Applies pending migrations in one transaction, then makes sure every tenant-owned table has its
 * row-level security policy. Refuses to touch a database migrated by newer code.
 */
export async function migrateDatabase(database: Database): Promise<{ applied: number }> {
  const journal = readJournal();
  return withMigrationLock(database, async () => {
    const before = await appliedMigrations(database);
    const latestKnown = Math.max(0, ...journal.entries.map((e) => e.when));
    const newest = before.reduce((m, r) => Math.max(m, Number(r.created_at)), 0);
    if (before.length > journal.entries.length || newest > latestKnown) {
      throw new DatabaseNewerThanCodeError(
        `The database has ${before.length} migrations, newer than this version of Rapport knows (${journal.entries.length}). ` +
          'Upgrade Rapport, or restore a backup made by this version.',
      );
    }
    if (database.kind === 'pglite') {
      await migratePglite(database.db as unknown as PgliteDatabase<never>, { migrationsFolder: MIGRATIONS_DIR });
    } else {
      await migratePg(database.db as unknown as NodePgDatabase<never>, { migrationsFolder: MIGRATIONS_DIR });
    }
    await ensureTenantPolicies(database);
    return { applied: journal.entries.length - before.length };
  });
}

/**
 * Serialises migrations of processes sharing a PostgreSQL database. The lock belongs to a session,
 * so it is held on a connection of its own, outside the pool (which may have a single connection
 * that the migration itself needs). PGlite has one process by construction (the data directory lock).
 */
async function withMigrationLock<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (database.raw.kind !== 'postgres') return fn();
  const lockHolder = new pg.Client(database.raw.pool.options);
  await lockHolder.connect();
  try {
    await lockHolder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await fn();
  } finally {
    // Ending the session releases its advisory lock.
    await lockHolder.end();
  }
}

async function appliedMigrations(database: Database): Promise<{ created_at: string }[]> {
  const [exists] = await database.query<{ t: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!exists?.t) return [];
  return database.query<{ created_at: string }>('select created_at from drizzle.__drizzle_migrations');
}

/**
 * Row-level security backs up the tenant filter every repository applies: a tenant transaction
 * (see `withTenant`) runs as a non-superuser role limited to the tenant in `app.tenant_id`.
 * Done for every table with a tenant_id column, so later modules' tables are covered too.
 */
export async function ensureTenantPolicies(database: Database): Promise<void> {
  await database.exec(`
    do $$
    declare t record;
    begin
      -- Roles belong to the whole server, which other databases (and their migrations) share.
      begin
        create role ${APP_ROLE} nologin;
      exception when duplicate_object or unique_violation then null;
      end;
      grant usage on schema public to ${APP_ROLE};
      grant select, insert, update, delete on all tables in schema public to ${APP_ROLE};
      grant usage, select on all sequences in schema public to ${APP_ROLE};
      -- ALTER TABLE locks the table exclusively, so it runs only where RLS is still off: run on
      -- every start, it would deadlock with the queries of another process on the same database.
      for t in
        select c.relname, c.relrowsecurity from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        where n.nspname = 'public' and c.relkind = 'r'
      loop
        if not t.relrowsecurity then
          execute format('alter table public.%I enable row level security', t.relname);
        end if;
        if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = t.relname and policyname = 'tenant_isolation') then
          execute format(
            'create policy tenant_isolation on public.%I to ${APP_ROLE} using (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) with check (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
            t.relname);
        end if;
      end loop;
      -- The tenants table is keyed by id, not tenant_id.
      if not (select relrowsecurity from pg_class where oid = 'public.tenants'::regclass) then
        alter table public.tenants enable row level security;
      end if;
      if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'tenants' and policyname = 'tenant_isolation') then
        create policy tenant_isolation on public.tenants to ${APP_ROLE}
          using (id = nullif(current_setting('app.tenant_id', true), '')::uuid);
      end if;
    end $$;
  `);
}
