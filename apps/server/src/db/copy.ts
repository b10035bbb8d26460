import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../http/errors.js';
import { queryRows, type Database, type Tx } from './client.js';
import { migrateDatabase } from './migrate.js';

/**
 * Copies every table of the public schema from one database into another that holds no data yet:
 * how an embedded installation moves to PostgreSQL when it outgrows one process. The target is
 * written in one transaction that commits only once every table's row count and checksum match
 * the source, so a failed copy leaves it migrated and empty, ready for another attempt.
 */

export type TableCopy = { table: string; rows: number; checksum: string };
export type CopyOptions = { batchRows?: number; onProgress?: (table: string, rowsCopied: number, done: boolean) => void };

type ForeignKey = { name: string; child: string; parent: string; deferrable: boolean };
type Fingerprint = { rows: number; checksum: string };

export async function copyDatabase(source: Database, target: Database, opts: CopyOptions = {}): Promise<TableCopy[]> {
  const batchRows = opts.batchRows ?? 1000;
  await prepareTarget(source, target);
  return source.system(async (src) => {
    await useStableTextOutput(src);
    const tables = await listTables(src);
    return target.system(async (dst) => {
      await useStableTextOutput(dst);
      // The target was migrated by this code, like the source: the same tables and keys.
      const foreignKeys = await listForeignKeys(dst);
      const order = dependencyOrder(tables, foreignKeys);
      const deferred = await deferBackwardReferences(dst, foreignKeys, order);
      for (const table of order) {
        const columns = await insertableColumns(dst, table);
        let copied = 0;
        await src.execute(sql`declare copy_rows no scroll cursor for select to_json(t)::text as json from ${qualified(table)} t`);
        for (;;) {
          const batch = await queryRows<{ json: string }>(src, sql`fetch forward ${sql.raw(String(batchRows))} from copy_rows`);
          if (batch.length === 0) break;
          // json_populate_recordset casts each field to its column's type, the way the source wrote it.
          await dst.execute(
            sql`insert into ${qualified(table)} (${columns}) overriding system value select ${columns} from json_populate_recordset(null::${qualified(table)}, ${`[${batch.map((r) => r.json).join(',')}]`}::json)`,
          );
          copied += batch.length;
          opts.onProgress?.(table, copied, false);
        }
        await src.execute(sql`close copy_rows`);
        opts.onProgress?.(table, copied, true);
      }
      await restoreImmediateChecks(dst, deferred);
      await copySequences(src, dst);
      return verify(src, dst, order);
    });
  });
}

/**
 * Refuses a target that already holds Rapport tables, unless they are exactly what migrating
 * gives (same migrations, no rows): what an earlier, failed copy leaves. Then migrates it.
 */
async function prepareTarget(source: Database, target: Database): Promise<void> {
  const sourceTables = await source.system(listTables);
  const present = (await target.system(listTables)).filter((t) => sourceTables.includes(t));
  if (present.length > 0) {
    const [sourceMigrations, targetMigrations] = await Promise.all([source.system(migrationHashes), target.system(migrationHashes)]);
    if (sourceMigrations.join() !== targetMigrations.join()) {
      throw new AppError(
        'conflict',
        `The target database already has Rapport tables (${present.join(', ')}) from another version. Copy into a new, empty database.`,
      );
    }
    const filled = await target.system(async (tx) => {
      const found: string[] = [];
      for (const table of present) {
        const [row] = await queryRows<{ filled: boolean }>(tx, sql`select exists (select from ${qualified(table)}) as filled`);
        if (row?.filled) found.push(table);
      }
      return found;
    });
    if (filled.length > 0)
      throw new AppError('conflict', `The target database already holds data (in ${filled.join(', ')}). Copy into a new, empty database.`);
  }
  await migrateDatabase(target);
}

async function migrationHashes(tx: Tx): Promise<string[]> {
  const [table] = await queryRows<{ name: string | null }>(tx, sql`select to_regclass('drizzle.__drizzle_migrations')::text as name`);
  if (!table?.name) return [];
  return (await queryRows<{ hash: string }>(tx, sql`select hash from drizzle.__drizzle_migrations order by created_at, id`)).map(
    (r) => r.hash,
  );
}

const qualified = (table: string) => sql`${sql.identifier('public')}.${sql.identifier(table)}`;

async function listTables(tx: Tx): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    tx,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`,
  );
  return rows.map((r) => r.name);
}

async function listForeignKeys(tx: Tx): Promise<ForeignKey[]> {
  return queryRows<ForeignKey>(
    tx,
    sql`select c.conname as name, child.relname as child, parent.relname as parent, c.condeferrable as deferrable
        from pg_constraint c
        join pg_class child on child.oid = c.conrelid
        join pg_class parent on parent.oid = c.confrelid
        join pg_namespace n on n.oid = child.relnamespace
        where c.contype = 'f' and n.nspname = 'public'
        order by c.conname`,
  );
}

/** Parents before children (Kahn's algorithm); tables in a cycle follow the rest, by name. */
export function dependencyOrder(tables: string[], foreignKeys: Pick<ForeignKey, 'child' | 'parent'>[]): string[] {
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const fk of foreignKeys) if (fk.child !== fk.parent) parents.get(fk.child)?.add(fk.parent);
  const order: string[] = [];
  const placed = new Set<string>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const table of tables) {
      if (placed.has(table) || ![...parents.get(table)!].every((p) => placed.has(p) || !parents.has(p))) continue;
      order.push(table);
      placed.add(table);
      progress = true;
    }
  }
  return [...order, ...tables.filter((t) => !placed.has(t))];
}

/**
 * A row may reference a row of its own table (a user's manager) that a later batch brings, or a
 * table of a cycle that comes later. Such foreign keys are checked at the end of the copy instead
 * of per statement; the ones already deferrable are left alone.
 */
async function deferBackwardReferences(dst: Tx, foreignKeys: ForeignKey[], order: string[]): Promise<ForeignKey[]> {
  const position = new Map(order.map((t, i) => [t, i]));
  const deferred = foreignKeys.filter((fk) => !fk.deferrable && position.get(fk.parent)! >= position.get(fk.child)!);
  for (const fk of deferred)
    await dst.execute(sql`alter table ${qualified(fk.child)} alter constraint ${sql.identifier(fk.name)} deferrable initially deferred`);
  return deferred;
}

/** Checks the deferred foreign keys now, then makes them as they were. */
async function restoreImmediateChecks(dst: Tx, deferred: ForeignKey[]): Promise<void> {
  await dst.execute(sql`set constraints all immediate`);
  for (const fk of deferred)
    await dst.execute(sql`alter table ${qualified(fk.child)} alter constraint ${sql.identifier(fk.name)} not deferrable`);
}

/** Generated columns compute themselves; everything else is copied. */
async function insertableColumns(dst: Tx, table: string): Promise<SQL> {
  const rows = await queryRows<{ name: string }>(
    dst,
    sql`select a.attname as name from pg_attribute a
        where a.attrelid = format('public.%I', ${table}::text)::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        order by a.attnum`,
  );
  return sql.join(
    rows.map((r) => sql.identifier(r.name)),
    sql`, `,
  );
}

/** Sequences carry on where the source's stopped (events.seq), whatever rows were deleted since. */
async function copySequences(src: Tx, dst: Tx): Promise<void> {
  const sequences = await queryRows<{ name: string }>(
    src,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'S' order by c.relname`,
  );
  for (const { name } of sequences) {
    const [state] = await queryRows<{ last: string; called: boolean }>(
      src,
      sql`select last_value::text as last, is_called as called from ${qualified(name)}`,
    );
    await dst.execute(sql`select setval(format('public.%I', ${name}::text)::regclass, ${state!.last}::bigint, ${state!.called})`);
  }
}

/** Both sides print values identically, so a row's text is the same wherever it lives. */
async function useStableTextOutput(tx: Tx): Promise<void> {
  await tx.execute(sql`set local timezone = 'UTC'`);
  await tx.execute(sql`set local datestyle = 'ISO, YMD'`);
  await tx.execute(sql`set local intervalstyle = 'postgres'`);
  await tx.execute(sql`set local extra_float_digits = 1`);
  await tx.execute(sql`set local bytea_output = 'hex'`);
}

/**
 * Row count and checksum of a table. The checksum adds up a hash of each row's text, so it does
 * not depend on row order (which collations could change) and needs no memory per row.
 */
async function fingerprint(tx: Tx, table: string): Promise<Fingerprint> {
  const [row] = await queryRows<{ rows: string; checksum: string }>(
    tx,
    sql`select count(*)::text as rows, coalesce(sum(('x' || left(md5(t::text), 15))::bit(60)::bigint), 0)::text as checksum from ${qualified(table)} t`,
  );
  return { rows: Number(row!.rows), checksum: row!.checksum };
}

async function verify(src: Tx, dst: Tx, tables: string[]): Promise<TableCopy[]> {
  const report: TableCopy[] = [];
  for (const table of tables) {
    const [expected, actual] = [await fingerprint(src, table), await fingerprint(dst, table)];
    if (expected.rows !== actual.rows || expected.checksum !== actual.checksum) {
      throw new Error(
        `Verification failed for ${table}: the source has ${expected.rows} rows (checksum ${expected.checksum}), the copy ${actual.rows} (checksum ${actual.checksum}). Nothing was committed.`,
      );
    }
    report.push({ table, ...actual });
  }
  return report;
}
