import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Tx } from './client.js';

/** A tenant-owned table with the optimistic-concurrency columns of DESIGN.md §3. */
type VersionedTable = PgTable & { tenantId: PgColumn; id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * Updates one row and bumps its version, but only if it still has `version` (when given): the
 * If-Match check and the write are one statement, so two editors cannot both win. Answers the
 * new row, or undefined when the row is missing or was changed meanwhile.
 */
export async function updateVersioned<T extends VersionedTable>(
  tx: Tx,
  table: T,
  tenantId: string,
  id: string,
  version: number | undefined,
  patch: Partial<T['$inferInsert']>,
): Promise<T['$inferSelect'] | undefined> {
  const set = { ...patch, version: sql`${table.version} + 1`, updatedAt: sql`now()` } as PgUpdateSetSource<T>;
  const rows = (await tx
    .update(table)
    .set(set)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, id), version === undefined ? undefined : eq(table.version, version)))
    .returning()) as T['$inferSelect'][];
  return rows[0];
}
