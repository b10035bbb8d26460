import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { AppError } from '../http/errors.js';
import { openDatabase, type Database } from './client.js';
import { copyDatabase, dependencyOrder } from './copy.js';
import { populateDataDir, tableContents, tempDir } from './data-dir-testing.js';
import { migrateDatabase } from './migrate.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';

describe('the order db copy fills tables in', () => {
  it('puts every table after the tables it references, and a cycle after the rest', () => {
    const order = dependencyOrder(
      ['a_cycle', 'b_cycle', 'sessions', 'tenants', 'users'],
      [
        { child: 'users', parent: 'tenants' },
        { child: 'users', parent: 'users' },
        { child: 'sessions', parent: 'users' },
        { child: 'a_cycle', parent: 'b_cycle' },
        { child: 'b_cycle', parent: 'a_cycle' },
      ],
    );
    expect(order).toEqual(['tenants', 'users', 'sessions', 'a_cycle', 'b_cycle']);
  });
});

const serverUrl = loadConfig().testDatabaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scratch = await createScratchDatabase(serverUrl, 'rapport_copy').catch((e: unknown) => {
  console.warn(`Skipping the db copy tests: no PostgreSQL answers at ${serverUrl} (${(e as Error).message}).`);
  return undefined;
});

describe.skipIf(!scratch)('rapport db copy to PostgreSQL', () => {
  let work: string;
  let source: Database;
  let target: Database;
  const others: ScratchDatabase[] = [];

  beforeAll(async () => {
    work = tempDir('copy');
    const dataDir = path.join(work, 'data');
    await populateDataDir(dataDir);
    source = await openDatabase({ dataDir });
    target = await openDatabase({ databaseUrl: scratch!.url, poolSize: 2 });
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    for (const db of [scratch!, ...others]) await db.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('copies every row, checks counts and checksums, and continues the sequences', async () => {
    // An earlier attempt that failed leaves the target migrated and empty: that is accepted.
    await migrateDatabase(target);
    const progress: string[] = [];
    // One row per batch: a row referencing a row of its own table that comes later must still go in.
    const copied = await copyDatabase(source, target, {
      batchRows: 1,
      onProgress: (table, rows, done) => done && progress.push(`${table}:${rows}`),
    });

    const expected = await tableContents(source);
    expect(await tableContents(target)).toEqual(expected);
    expect(copied.map((t) => t.table).sort()).toEqual(Object.keys(expected).sort());
    for (const t of copied) expect(t.rows).toBe(expected[t.table]!.length);
    expect(progress).toContain(`users:3`);
    const order = copied.map((t) => t.table);
    expect(order.indexOf('tenants')).toBeLessThan(order.indexOf('users'));
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('api_tokens'));

    const [{ max }] = (await source.query<{ max: string }>('select max(seq)::text as max from events')) as [{ max: string }];
    const [{ next }] = (await target.query<{ next: string }>(`select nextval(pg_get_serial_sequence('events', 'seq'))::text as next`)) as [
      { next: string },
    ];
    expect(Number(next)).toBeGreaterThan(Number(max));
    // The foreign keys deferred for the copy are back to how the migrations made them.
    expect(await target.query(`select conname from pg_constraint where contype = 'f' and condeferrable`)).toEqual([]);
  });

  it('refuses a target that already holds data, and leaves it as it was', async () => {
    const before = await tableContents(target);
    const error = await copyDatabase(source, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    expect((error as AppError).message).toMatch(/already holds data \(in .*users.*\)/);
    expect(await tableContents(target)).toEqual(before);
  });

  async function otherTarget(fn: (database: Database) => Promise<void>) {
    const other = await createScratchDatabase(serverUrl, 'rapport_copy');
    others.push(other);
    const database = await openDatabase({ databaseUrl: other.url, poolSize: 1 });
    try {
      await migrateDatabase(database);
      await fn(database);
    } finally {
      await database.close();
    }
  }

  it('refuses a target migrated by another version of Rapport', async () => {
    await otherTarget(async (database) => {
      await database.query(`delete from drizzle.__drizzle_migrations`);
      await expect(copyDatabase(source, database)).rejects.toThrow(/already has Rapport tables .* from another version/);
    });
  });

  it('commits nothing when a table does not arrive as it left', async () => {
    await otherTarget(async (database) => {
      // Something on the target (here a trigger) changes rows on their way in.
      await database.exec(`
        create function shout() returns trigger language plpgsql as $$ begin new.name := upper(new.name); return new; end $$;
        create trigger shout before insert on users for each row execute function shout();`);
      await expect(copyDatabase(source, database)).rejects.toThrow(/Verification failed for users: .* Nothing was committed/);
      const counts = await database.query<{ n: number }>('select (select count(*) from tenants) + (select count(*) from users) as n');
      expect(Number(counts[0]!.n)).toBe(0);
    });
  });
});
