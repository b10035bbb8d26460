import { and, asc, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { updateVersioned } from '../../db/versioned.js';
import { toTextArray } from './customers.repository.js';
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

/** Newest first; ids are UUIDv7, so id order is creation order. */
export const listImports = (tx: Tx, tenantId: string, beforeId: string | undefined, limit: number) =>
  tx
    .select()
    .from(customerImports)
    .where(and(eq(customerImports.tenantId, tenantId), beforeId ? lt(customerImports.id, beforeId) : undefined))
    .orderBy(desc(customerImports.id))
    .limit(limit + 1);

export const updateImport = (tx: Tx, tenantId: string, id: string, version: number | undefined, patch: Partial<typeof customerImports.$inferInsert>) =>
  updateVersioned(tx, customerImports, tenantId, id, version, patch);

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

const RULE_CONDITIONS: Record<MatchRule, (keys: string[]) => SQL> = {
  code: (keys) => inArray(customers.code, keys),
  // The array-overlap operator is what the GIN indexes on these columns serve.
  external_code: (keys) => sql`${customers.externalKeys} && ${toTextArray(keys)}`,
  phone: (keys) => sql`${customers.phoneNumbers} && ${toTextArray(keys)}`,
  email: (keys) => sql`${customers.emailAddresses} && ${toTextArray(keys)}`,
};

/** Live customers that one match rule finds for any of `keys`: one indexed query per rule and batch. */
export async function findCandidates(tx: Tx, tenantId: string, rule: MatchRule, keys: string[]): Promise<MatchCandidate[]> {
  const found: MatchCandidate[] = [];
  for (let i = 0; i < keys.length; i += MAX_PARAMETERS) {
    const rows = await tx
      .select({
        id: customers.id,
        code: customers.code,
        ownerId: customers.ownerId,
        branchId: customers.branchId,
        phoneNumbers: customers.phoneNumbers,
        emailAddresses: customers.emailAddresses,
        externalKeys: customers.externalKeys,
      })
      .from(customers)
      .where(
        and(
          eq(customers.tenantId, tenantId),
          isNull(customers.deletedAt),
          isNull(customers.mergedInto),
          RULE_CONDITIONS[rule](keys.slice(i, i + MAX_PARAMETERS)),
        ),
      );
    found.push(...rows);
  }
  return found;
}
