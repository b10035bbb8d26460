import type { Command } from 'commander';
import { backupDataDir, holdsDatabase, restoreDataDir } from '../db/backup.js';
import { openDatabase } from '../db/client.js';
import { copyDatabase, type TableCopy } from '../db/copy.js';
import { CliError, cliConfig, withRuntime } from './cli-support.js';

/** backup, restore and db copy: moving the embedded database's data around. */
export function registerDataCommands(program: Command): void {
  program
    .command('backup')
    .description('Back up the embedded database to FILE (.tar.gz); with PostgreSQL, use pg_dump')
    .argument('<file>', 'where to write the backup, e.g. rapport-backup.tar.gz')
    .action(async (file: string) => {
      const config = embeddedOnly('backup', 'pg_dump -Fc "$DATABASE_URL" > FILE');
      const { bytes } = await backupDataDir(config.dataDir, file);
      console.log(`Backed up ${config.dataDir} to ${file} (${formatBytes(bytes)}).`);
    });

  program
    .command('restore')
    .description('Replace the embedded database with a backup made by `rapport backup`; with PostgreSQL, use pg_restore')
    .argument('<file>', 'the backup (.tar.gz)')
    .option('--force', 'replace an existing database (it is kept beside it as <data dir>.bak-<time>)')
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = embeddedOnly('restore', 'pg_restore --clean --if-exists -d "$DATABASE_URL" FILE');
      const { migrationsApplied, previousDataDir } = await restoreDataDir(config.dataDir, file, { force: opts.force });
      console.log(`Restored ${file} into ${config.dataDir}.`);
      if (migrationsApplied > 0)
        console.log(`The backup was from an older version; ${migrationsApplied} migrations brought it up to date.`);
      if (previousDataDir) console.log(`The database it replaced is kept in ${previousDataDir}; delete it when you no longer need it.`);
    });

  const db = program.command('db').description('Database maintenance');
  db.command('copy')
    .description('Copy the embedded database into an empty PostgreSQL database, to run Rapport on PostgreSQL from then on')
    .requiredOption('--to <url>', 'the PostgreSQL database to fill, postgres://user:password@host:5432/name')
    .action(async (opts: { to: string }) => {
      const where = redactedPostgresUrl(opts.to);
      const config = cliConfig();
      if (config.databaseUrl)
        throw new CliError(
          'DATABASE_URL is set, so this installation already runs on PostgreSQL. db copy reads the embedded database in RAPPORT_DATA_DIR; unset DATABASE_URL to run it.',
        );
      if (!holdsDatabase(config.dataDir))
        throw new CliError(`There is no database in ${config.dataDir} to copy (RAPPORT_DATA_DIR sets where it is).`);
      await withRuntime(
        'db copy',
        async ({ database: source }) => {
          const target = await openDatabase({ databaseUrl: opts.to, poolSize: 1 }).catch((e: unknown) => {
            throw new CliError(`Cannot connect to ${where}: ${(e as Error).message}`);
          });
          try {
            const copied = await copyDatabase(source, target, {
              onProgress: (table, rows, done) => {
                // A terminal shows a counter that moves; a log gets one line per table.
                if (process.stderr.isTTY) process.stderr.write(`\rcopying ${table}: ${rows} rows${done ? '\n' : ''}`);
                else if (done) process.stderr.write(`copied ${table}: ${rows} rows\n`);
              },
            });
            printCopyReport(copied, where);
          } finally {
            await target.close();
          }
        },
        { config },
      );
    });
}

/** The configuration, when the installation uses the embedded database; otherwise says what to use instead. */
function embeddedOnly(command: string, instead: string) {
  const config = cliConfig();
  if (config.databaseUrl)
    throw new CliError(
      `DATABASE_URL is set: ${command} works on the embedded database only. With PostgreSQL, use its own tools:\n  ${instead}`,
    );
  return config;
}

function printCopyReport(copied: TableCopy[], where: string): void {
  const width = Math.max(...copied.map((t) => t.table.length), 'table'.length);
  console.log(`${'table'.padEnd(width)}  ${'rows'.padStart(10)}`);
  for (const { table, rows } of copied) console.log(`${table.padEnd(width)}  ${String(rows).padStart(10)}`);
  const total = copied.reduce((sum, t) => sum + t.rows, 0);
  console.log(`\nCopied ${total} rows in ${copied.length} tables to ${where}; row counts and checksums match on both sides.`);
  console.log('Not copied: the job queue (pg-boss schema). Jobs are transient; the server makes its schedules again when it starts.');
  console.log(`Next: set DATABASE_URL=${where} (with its password) and start Rapport. The embedded database is left as it was.`);
}

/** The URL as it may be printed; refuses anything but a PostgreSQL URL. */
function redactedPostgresUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || !['postgres:', 'postgresql:'].includes(parsed.protocol)) {
    throw new CliError(`--to takes a PostgreSQL URL (postgres://user:password@host:5432/name), not "${url}".`);
  }
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
