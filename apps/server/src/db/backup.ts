import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { AppError } from '../http/errors.js';
import { openDatabase } from './client.js';
import { acquireDataDirLock, lockPath } from './data-dir-lock.js';
import { migrateDatabase } from './migrate.js';

/**
 * Backup and restore of the embedded database: the whole PGlite data directory as one .tar.gz.
 * Both take the data-directory lock, so they never run beside the server or another command.
 */

/** Whether `dir` holds a PostgreSQL data directory, which is what PGlite keeps in RAPPORT_DATA_DIR. */
export function holdsDatabase(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'PG_VERSION'));
}

/** Writes a backup of the database in `dataDir` to `file`; a crash midway leaves any earlier `file` intact. */
export async function backupDataDir(dataDir: string, file: string): Promise<{ bytes: number }> {
  if (!holdsDatabase(dataDir))
    throw new AppError('bad_request', `There is no database in ${dataDir} to back up (RAPPORT_DATA_DIR sets where it is).`);
  const lock = acquireDataDirLock(dataDir, 'backup');
  try {
    const database = await openDatabase({ dataDir });
    try {
      if (database.raw.kind !== 'pglite') throw new Error('openDatabase gave PostgreSQL for a data directory');
      const dump = await database.raw.pglite.dumpDataDir('gzip');
      await writeFileAtomically(file, new Uint8Array(await dump.arrayBuffer()));
      return { bytes: dump.size };
    } finally {
      await database.close();
    }
  } finally {
    lock.release();
  }
}

async function writeFileAtomically(file: string, data: Uint8Array): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  try {
    // Only the owner may read it: a backup holds password hashes and every customer's data.
    const handle = await fs.promises.open(partial, 'w', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(partial, file);
  } catch (e) {
    await fs.promises.rm(partial, { force: true });
    throw e;
  }
}

export type RestoreResult = { migrationsApplied: number; previousDataDir?: string };

/**
 * Replaces the database in `dataDir` with the backup in `file`. The backup is unpacked and
 * migrated in a directory beside `dataDir` and only then swapped in, so an interrupted or refused
 * restore leaves `dataDir` as it was. A database already there needs `force` and is kept as
 * `<dataDir>.bak-<time>`.
 */
export async function restoreDataDir(dataDir: string, file: string, opts: { force?: boolean; now?: Date } = {}): Promise<RestoreResult> {
  const backup = await openBackup(file);
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const previousDataDir = `${dataDir}.bak-${stamp}`;
  const staging = `${dataDir}.restoring-${stamp}`;
  const lock = acquireDataDirLock(dataDir, 'restore');
  try {
    const replacing = holdsDatabase(dataDir);
    if (replacing && !opts.force) {
      throw new AppError(
        'conflict',
        `${dataDir} already holds a database. Add --force to replace it; the current one is then kept as ${previousDataDir}.`,
      );
    }
    if (!replacing && fs.readdirSync(dataDir).some((name) => path.join(dataDir, name) !== lockPath(dataDir))) {
      throw new AppError('conflict', `${dataDir} holds files but no database; restore into an empty or new directory.`);
    }
    const { applied } = await stageBackup(backup, file, staging);
    if (replacing) {
      fs.renameSync(dataDir, previousDataDir);
      // The lock moved away with the old database; nobody holds that copy.
      fs.rmSync(lockPath(previousDataDir), { force: true });
    } else {
      fs.rmSync(dataDir, { recursive: true });
    }
    fs.renameSync(staging, dataDir);
    return { migrationsApplied: applied, ...(replacing ? { previousDataDir } : {}) };
  } finally {
    lock.release();
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];

async function openBackup(file: string): Promise<Blob> {
  let head: Buffer;
  try {
    const handle = await fs.promises.open(file, 'r');
    try {
      ({ buffer: head } = await handle.read(Buffer.alloc(2), 0, 2, 0));
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new AppError('bad_request', `Cannot read ${file}: ${(e as Error).message}`);
  }
  if (!GZIP_MAGIC.every((byte, i) => head[i] === byte))
    throw new AppError('bad_request', `${file} is not a backup made by rapport backup (not a .tar.gz).`);
  return fs.openAsBlob(file);
}

/** Unpacks the backup into `staging` and migrates it there; removes `staging` again if either fails. */
async function stageBackup(backup: Blob, file: string, staging: string): Promise<{ applied: number }> {
  try {
    // This open only unpacks the archive; openDatabase below opens it the way the server does.
    const unpacked = await PGlite.create({ dataDir: `file://${staging}`, loadDataDir: backup }).catch((e: unknown) => {
      throw new AppError('bad_request', `${file} is not a backup made by rapport backup: ${(e as Error).message}`);
    });
    await unpacked.close();
    // The backup was made under the lock of the process that made it; that lock means nothing here.
    fs.rmSync(lockPath(staging), { force: true });
    const database = await openDatabase({ dataDir: staging });
    try {
      return await migrateDatabase(database);
    } finally {
      await database.close();
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
