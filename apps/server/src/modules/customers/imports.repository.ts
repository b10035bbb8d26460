import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { updateVersioned } from '../../db/versioned.js';
import { customerImportErrors, customerImports, customers, importMappings, type MatchRule } from './customers.tables.js';

export type ImportRow = typeof customerImports.$inferSelect;
export type ImportErrorRow = typeof customerImportErrors.$inferSelect;
export type ImportMappingRow = typeof importMappings.$inferSelect;

const one = <T>(rows: T[]): T | undefined => rows[0];
/** PostgreSQL takes at most 65,535 parameters per statement; stay well below with every chunk. */
const MAX_PARAMETERS = 30_000;

export const insertImport = (tx: Tx, row: typeof customerImports.$inferInsert) =>
  tx
    .insert(customerImports)
    .values(row)
    .returning()
    .then((rows) => rows[0]!);

export const findImport = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(customerImports)
    .where(and(eq(customerImports.tenantId, tenantId), eq(customerImports.id, id)))
    .then(one);

/** The import row, locked until the transaction ends: batches of one import commit one after another. */
export const lockImport = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(customerImports)
    .where(and(eq(customerImports.tenantId, tenantId), eq(customerImports.id, id)))
    .for('update')
    .then(one);

/** Brings the planner's statistics up to date after an import changed many rows (autovacuum comes later). */
export const refreshStatistics = (tx: Tx) => tx.execute(sql`analyze customers, contacts`);

/** Newest first; ids are UUIDv7, so id order is creation order. */
export const listImports = (tx: Tx, tenantId: string, beforeId: string | undefined, limit: number) =>
  tx
    .select()
    .from(customerImports)
    .where(and(eq(customerImports.tenantId, tenantId), beforeId ? lt(customerImports.id, beforeId) : undefined))
    .orderBy(desc(customerImports.id))
    .limit(limit + 1);

export const updateImport = (
  tx: Tx,
  tenantId: string,
  id: string,
  version: number | undefined,
  patch: Partial<typeof customerImports.$inferInsert>,
) => updateVersioned(tx, customerImports, tenantId, id, version, patch);

export type BatchProgress = { committedRow: number; processed: number; created: number; updated: number; failed: number };

/** Adds a committed batch to the import's counters, in the batch's own transaction. */
export const recordProgress = (tx: Tx, tenantId: string, id: string, p: BatchProgress, at: Date) =>
  tx
    .update(customerImports)
    .set({
      committedRow: p.committedRow,
      processedRows: sql`${customerImports.processedRows} + ${p.processed}`,
      created: sql`${customerImports.created} + ${p.created}`,
      updated: sql`${customerImports.updated} + ${p.updated}`,
      failed: sql`${customerImports.failed} + ${p.failed}`,
      updatedAt: at,
      version: sql`${customerImports.version} + 1`,
    })
    .where(and(eq(customerImports.tenantId, tenantId), eq(customerImports.id, id)));

/** Imports that say they are queued or running but have not moved since `before`: their worker is gone. */
export const findStalledImports = (tx: Tx, before: Date) =>
  tx
    .select({ tenantId: customerImports.tenantId, id: customerImports.id })
    .from(customerImports)
    .where(and(inArray(customerImports.status, ['queued', 'running']), lt(customerImports.updatedAt, before)));

// --- row errors --------------------------------------------------------------------------------

export async function insertImportErrors(tx: Tx, rows: (typeof customerImportErrors.$inferInsert)[]) {
  const perStatement = Math.floor(MAX_PARAMETERS / 7);
  for (let i = 0; i < rows.length; i += perStatement) await tx.insert(customerImportErrors).values(rows.slice(i, i + perStatement));
}

export const deleteImportErrors = (tx: Tx, tenantId: string, importId: string) =>
  tx.delete(customerImportErrors).where(and(eq(customerImportErrors.tenantId, tenantId), eq(customerImportErrors.importId, importId)));

/** Errors in file order, after the (row, seq) of the previous page. */
export const listImportErrors = (tx: Tx, tenantId: string, importId: string, after: [number, number] | undefined, limit: number) =>
  tx
    .select()
    .from(customerImportErrors)
    .where(
      and(
        eq(customerImportErrors.tenantId, tenantId),
        eq(customerImportErrors.importId, importId),
        after ? sql`(${customerImportErrors.rowNumber}, ${customerImportErrors.seq}) > (${after[0]}, ${after[1]})` : undefined,
      ),
    )
    .orderBy(asc(customerImportErrors.rowNumber), asc(customerImportErrors.seq))
    .limit(limit + 1);

// --- saved mappings ------------------------------------------------------------------------------

export const listMappings = (tx: Tx, tenantId: string) =>
  tx.select().from(importMappings).where(eq(importMappings.tenantId, tenantId)).orderBy(asc(importMappings.name));

/** The most recently saved mapping made for exactly these headers. */
export const findMappingForHeaders = (tx: Tx, tenantId: string, headers: string[]) =>
  tx
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.tenantId, tenantId), sql`${importMappings.headers} = ${JSON.stringify(headers)}::jsonb`))
    .orderBy(desc(importMappings.updatedAt))
    .limit(1)
    .then(one);

/** Saves a mapping by name, replacing one of the same name. */
export const saveMapping = (tx: Tx, row: typeof importMappings.$inferInsert) =>
  tx
    .insert(importMappings)
    .values(row)
    .onConflictDoUpdate({
      target: [importMappings.tenantId, importMappings.name],
      set: { headers: row.headers, mapping: row.mapping, updatedAt: row.updatedAt, version: sql`${importMappings.version} + 1` },
    });

// --- matching ------------------------------------------------------------------------------------

export type MatchCandidate = Pick<
  typeof customers.$inferSelect,
  'id' | 'code' | 'ownerId' | 'branchId' | 'phoneNumbers' | 'emailAddresses' | 'externalKeys'
>;

/** Keys as one text[] parameter (an array literal), however many there are. */
const textArray = (values: string[]) => sql`${`{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`}::text[]`;

const ARRAY_COLUMNS: Record<Exclude<MatchRule, 'code'>, string> = {
  external_code: 'external_keys',
  phone: 'phone_numbers',
  email: 'email_addresses',
};

/**
 * Live customers that one match rule finds for any of `keys`: one query per rule and batch. Each
 * key is its own containment probe of the array column's GIN index: one overlap test against
 * a thousand keys is estimated to match most rows, and the planner would then read them all.
 */
export async function findCandidates(tx: Tx, tenantId: string, rule: MatchRule, keys: string[]): Promise<MatchCandidate[]> {
  const live = sql`m.tenant_id = ${tenantId} and m.deleted_at is null and m.merged_into is null`;
  // `offset 0` keeps the tenant condition out of the probe, so that no estimate of the tenant's size
  // (stale while an import grows the table) can turn the probe into a walk of the tenant's rows.
  const probe =
    rule === 'code'
      ? sql`select * from customers where code = any(${textArray(keys)})`
      : sql`select c.* from unnest(${textArray(keys)}) as k(key)
              cross join lateral (select * from customers c where c.${sql.raw(ARRAY_COLUMNS[rule])} @> array[k.key] offset 0) c`;
  const rows = await queryRows<{
    id: string;
    code: string;
    owner_id: string | null;
    branch_id: string | null;
    phone_numbers: string[];
    email_addresses: string[];
    external_keys: string[];
  }>(
    tx,
    sql`select distinct m.id, m.code, m.owner_id, m.branch_id, m.phone_numbers, m.email_addresses, m.external_keys from (${probe}) m where ${live}`,
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    ownerId: r.owner_id,
    branchId: r.branch_id,
    phoneNumbers: r.phone_numbers,
    emailAddresses: r.email_addresses,
    externalKeys: r.external_keys,
  }));
}
