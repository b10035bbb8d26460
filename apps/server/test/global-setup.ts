import pg from 'pg';

/**
 * Before a PostgreSQL run, empties the test database so that every run migrates from nothing
 * (and a run of older code never meets a newer schema). PGlite runs start empty anyway.
 */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop schema if exists public cascade; drop schema if exists drizzle cascade; drop schema if exists pgboss cascade; create schema public;');
  } finally {
    await client.end();
  }
}
