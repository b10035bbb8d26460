import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk-insert.js';
import { queryRows, type Tx } from '../../db/client.js';
import { notifications } from './platform.tables.js';

export type NotificationRow = typeof notifications.$inferSelect;

export const insertNotifications = (tx: Tx, rows: NotificationRow[]) => bulkInsert(tx, notifications, rows);

export const listNotifications = (
  tx: Tx,
  tenantId: string,
  userId: string,
  unreadOnly: boolean,
  after: [string, string] | undefined,
  limit: number,
) =>
  tx
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.tenantId, tenantId),
        eq(notifications.userId, userId),
        unreadOnly ? isNull(notifications.readAt) : undefined,
        after ? sql`(${notifications.createdAt}, ${notifications.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1);

export const countUnread = async (tx: Tx, tenantId: string, userId: string) =>
  (
    await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from ${notifications}
           where ${notifications.tenantId} = ${tenantId} and ${notifications.userId} = ${userId} and ${notifications.readAt} is null`,
    )
  )[0]?.n ?? 0;

/** Marks the user's notifications read: these ids, or all when none are given. Answers how many changed. */
export const markRead = async (tx: Tx, tenantId: string, userId: string, ids: string[] | undefined, at: Date) =>
  (
    await tx
      .update(notifications)
      .set({ readAt: at })
      .where(
        and(
          eq(notifications.tenantId, tenantId),
          eq(notifications.userId, userId),
          isNull(notifications.readAt),
          ids ? inArray(notifications.id, ids) : undefined,
        ),
      )
      .returning({ id: notifications.id })
  ).length;
