import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { auditLog } from './platform.tables.js';

export type AuditFilter = {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeId?: string;
  limit: number;
};

/** Newest first; ids are UUIDv7, so id order is time order and makes a stable cursor. */
export function listAudit(tx: Tx, tenantId: string, f: AuditFilter) {
  const where: (SQL | undefined)[] = [eq(auditLog.tenantId, tenantId)];
  if (f.entityType) where.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) where.push(eq(auditLog.entityId, f.entityId));
  if (f.actorId) where.push(eq(auditLog.actorUserId, f.actorId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lte(auditLog.at, f.to));
  if (f.beforeId) where.push(lt(auditLog.id, f.beforeId));
  return tx
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit + 1);
}
