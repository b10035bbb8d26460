import { bigint, integer, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Column helpers shared by every module's tables, so that the data rules of DESIGN.md §3
 * (tenant first, UUIDv7 ids made by the application, timestamptz, optimistic versions)
 * are written once.
 */
export const tenantId = () => uuid('tenant_id').notNull();
export const id = () => uuid('id').notNull();
export const timestamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
export const version = () => integer('version').notNull().default(1);
export const deletedAt = () => timestamp('deleted_at', { withTimezone: true, mode: 'date' });
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const bigSeq = (name: string) => bigint(name, { mode: 'number' });
