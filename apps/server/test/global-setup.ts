import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { loadConfig } from '../src/config.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string | undefined;
  }
}

/**
 * For a PostgreSQL run, makes a fresh database for this run on the server of TEST_DATABASE_URL
 * and drops it afterwards: every run migrates from nothing, and runs in parallel (two checkouts,
 * CI beside a developer) never share tables. PGlite runs start from an empty in-memory database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = loadConfig().testDatabaseUrl;
  if (!url) {
    project.provide('databaseUrl', undefined);
    return () => Promise.resolve();
  }
  const name = `rapport_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const runUrl = new URL(url);
  runUrl.pathname = `/${name}`;
  project.provide('databaseUrl', runUrl.toString());
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
}
