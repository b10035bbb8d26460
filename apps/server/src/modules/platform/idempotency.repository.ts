import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { idempotencyKeys } from './platform.tables.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;
type Key = { tenantId: string; principalId: string; key: string };
const match = (k: Key) =>
  and(eq(idempotencyKeys.tenantId, k.tenantId), eq(idempotencyKeys.principalId, k.principalId), eq(idempotencyKeys.key, k.key));

/** Claims a key; returns false when it was claimed before. */
export async function claimKey(tx: Tx, k: Key, requestHash: string, now: Date): Promise<boolean> {
  const rows = await tx
    .insert(idempotencyKeys)
    .values({ ...k, requestHash, createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length === 1;
}
export const findKey = (tx: Tx, k: Key) =>
  tx
    .select()
    .from(idempotencyKeys)
    .where(match(k))
    .then((r) => r[0]);
export const completeKey = (tx: Tx, k: Key, status: number, headers: Record<string, string>, body: string) =>
  tx.update(idempotencyKeys).set({ status, headers, body }).where(match(k));
export const releaseKey = (tx: Tx, k: Key) => tx.delete(idempotencyKeys).where(match(k));
export const purgeKeys = (tx: Tx, before: Date) => tx.delete(idempotencyKeys).where(sql`${idempotencyKeys.createdAt} < ${before}`);
