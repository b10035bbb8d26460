import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './client.js';

/**
 * Inserts many rows in one statement with one parameter: the rows as a JSON array, spread into
 * the table's row type by `json_populate_recordset`. Imports write thousands of rows per batch;
 * binding every value separately costs more than the insert itself (and PostgreSQL allows at most
 * 65,535 parameters). Columns no row gives take their defaults; a row without a value of a listed
 * column gets NULL there, so callers fill defaults themselves when rows differ. `onConflict` is
 * the statement's `on conflict …` clause, if it has one.
 */
export async function bulkInsert<T extends PgTable>(tx: Tx, table: T, rows: T['$inferInsert'][], onConflict?: SQL): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(columns).filter((key) => rows.some((row) => (row as Record<string, unknown>)[key] !== undefined));
  const records = rows.map((row) =>
    Object.fromEntries(keys.map((key) => [columns[key]!.name, (row as Record<string, unknown>)[key] ?? null])),
  );
  const names = sql.join(
    keys.map((key) => sql.identifier(columns[key]!.name)),
    sql`, `,
  );
  await tx.execute(
    sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${JSON.stringify(records)}::json) ${onConflict ?? sql``}`,
  );
}
