import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.js';
import { backupDataDir, holdsDatabase, restoreDataDir } from './backup.js';
import { openDatabase } from './client.js';
import { DataDirBusyError, lockPath } from './data-dir-lock.js';
import { populateDataDir, tableContents, tempDir } from './data-dir-testing.js';
import { DatabaseNewerThanCodeError } from './migrate.js';

let work: string;
let original: string;
let backup: string;
let originalContents: Awaited<ReturnType<typeof tableContents>>;

async function contentsOf(dataDir: string) {
  const database = await openDatabase({ dataDir });
  try {
    return await tableContents(database);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  work = tempDir('backup');
  original = path.join(work, 'data');
  await populateDataDir(original);
  originalContents = await contentsOf(original);
  backup = path.join(work, 'rapport.tar.gz');
  await backupDataDir(original, backup);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('rapport backup and restore', () => {
  it('restores a backup into a new data directory with every row as it was', async () => {
    const restored = path.join(work, 'restored');
    const result = await restoreDataDir(restored, backup);
    expect(result).toEqual({ migrationsApplied: 0 });
    expect(originalContents.users).toHaveLength(3);
    expect(originalContents.api_tokens).toHaveLength(1);
    expect(await contentsOf(restored)).toEqual(originalContents);
    // Neither the backup's lock nor our own is left behind, and nothing beside it either.
    expect(fs.existsSync(lockPath(restored))).toBe(false);
    expect(fs.readdirSync(work).sort()).toEqual(['data', 'rapport.tar.gz', 'restored']);
  });

  it('writes the backup readable by its owner only and leaves no partial file', () => {
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(work).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('refuses to replace an existing database without --force, and changes nothing', async () => {
    const error = await restoreDataDir(original, backup).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    expect((error as AppError).message).toMatch(/already holds a database.*--force/);
    expect(await contentsOf(original)).toEqual(originalContents);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('data.'))).toEqual([]);
  });

  it('with --force, replaces the database and keeps the previous one as data.bak-<time>', async () => {
    const target = path.join(work, 'forced');
    fs.cpSync(original, target, { recursive: true });
    const now = new Date('2030-01-02T03:04:05.678Z');
    const result = await restoreDataDir(target, backup, { force: true, now });
    expect(result.previousDataDir).toBe(`${target}.bak-2030-01-02T03-04-05-678Z`);
    expect(holdsDatabase(result.previousDataDir!)).toBe(true);
    expect(fs.existsSync(lockPath(result.previousDataDir!))).toBe(false);
    expect(await contentsOf(target)).toEqual(originalContents);
  });

  it('refuses a backup made by a newer version of Rapport and leaves the data directory untouched', async () => {
    const newer = path.join(work, 'newer');
    fs.cpSync(original, newer, { recursive: true });
    const database = await openDatabase({ dataDir: newer });
    await database.query(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', $1)`, [
      Date.now() + 365 * 86_400_000,
    ]);
    await database.close();
    const newerBackup = path.join(work, 'newer.tar.gz');
    await backupDataDir(newer, newerBackup);

    const target = path.join(work, 'keep');
    fs.mkdirSync(target);
    await expect(restoreDataDir(target, newerBackup)).rejects.toBeInstanceOf(DatabaseNewerThanCodeError);
    expect(fs.readdirSync(target)).toEqual([]);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('keep.'))).toEqual([]);
  });

  it('refuses a file that is not a backup, with a readable message', async () => {
    const notBackup = path.join(work, 'notes.txt');
    fs.writeFileSync(notBackup, 'not a backup');
    await expect(restoreDataDir(path.join(work, 'x'), notBackup)).rejects.toThrow(/not a backup made by rapport backup/);
    await expect(restoreDataDir(path.join(work, 'x'), path.join(work, 'missing.tar.gz'))).rejects.toThrow(/Cannot read/);
  });

  it('refuses to back up a directory without a database', async () => {
    const error = await backupDataDir(path.join(work, 'empty'), path.join(work, 'empty.tar.gz')).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('bad_request');
    expect(fs.existsSync(path.join(work, 'empty.tar.gz'))).toBe(false);
  });

  it('fails at once, without touching anything, while another process has the database open', async () => {
    // A lock file naming another live process (this test runner's parent) as the server.
    fs.writeFileSync(
      lockPath(original),
      JSON.stringify({ pid: process.ppid, command: 'serve', url: 'http://127.0.0.1:3000', startedAt: new Date().toISOString() }),
    );
    try {
      await expect(backupDataDir(original, path.join(work, 'busy.tar.gz'))).rejects.toBeInstanceOf(DataDirBusyError);
      await expect(restoreDataDir(original, backup, { force: true })).rejects.toBeInstanceOf(DataDirBusyError);
      expect(fs.existsSync(path.join(work, 'busy.tar.gz'))).toBe(false);
      expect(await contentsOf(original)).toEqual(originalContents);
    } finally {
      fs.rmSync(lockPath(original), { force: true });
    }
  });
});
