import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { deletedAt, id, tenantId, timestamps, tstz, version } from '../../db/columns.js';

export type RolePermission = { permission: string; scope: 'own' | 'team' | 'branch' | 'all' };

/** A company using Rapport. Embedded installations have exactly one. */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  defaultLocale: text('default_locale').notNull().default('zh-CN'),
  allowPrivateWebhookUrls: boolean('allow_private_webhook_urls').notNull().default(false),
  /** Where phone numbers without a country code are from (ISO 3166-1 alpha-2): CN, TW, HK, MO… */
  defaultPhoneRegion: text('default_phone_region').notNull().default('CN'),
  /** IANA time zone of the tenant's business day: due dates, “today”, recurring tasks, daily reminders. */
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  ...timestamps(),
  version: version(),
});

export const orgUnits = pgTable(
  'org_units',
  {
    tenantId: tenantId(),
    id: id(),
    parentId: uuid('parent_id'),
    kind: text('kind').notNull().$type<'company' | 'branch' | 'outlet' | 'department' | 'team'>(),
    name: text('name').notNull(),
    code: text('code'),
    managerId: uuid('manager_id'),
    ...timestamps(),
    version: version(),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
    index('org_units_parent_idx').on(t.tenantId, t.parentId),
  ],
);

export const roles = pgTable(
  'roles',
  {
    tenantId: tenantId(),
    id: id(),
    /** Built-in roles carry a key (admin, manager, sales_rep, service_agent, marketing). */
    key: text('key'),
    name: text('name').notNull(),
    description: text('description'),
    permissions: jsonb('permissions').$type<RolePermission[]>().notNull().default([]),
    requireMfa: boolean('require_mfa').notNull().default(false),
    ...timestamps(),
    version: version(),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex('roles_key_uq').on(t.tenantId, t.key),
  ],
);

export const users = pgTable(
  'users',
  {
    tenantId: tenantId(),
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    status: text('status').notNull().$type<'active' | 'disabled'>().default('active'),
    locale: text('locale'),
    orgUnitId: uuid('org_unit_id'),
    managerId: uuid('manager_id'),
    phone: text('phone'),
    extension: text('extension'),
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    /** Last accepted TOTP time step, so a code cannot be replayed within its window. */
    totpLastStep: integer('totp_last_step'),
    passwordChangedAt: tstz('password_changed_at').notNull().defaultNow(),
    lastLoginAt: tstz('last_login_at'),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnits.tenantId, orgUnits.id] }),
    foreignKey({ columns: [t.tenantId, t.managerId], foreignColumns: [t.tenantId, t.id] }),
    uniqueIndex('users_email_uq').on(t.tenantId, sql`lower(${t.email})`),
    index('users_email_idx').on(sql`lower(${t.email})`),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    tenantId: tenantId(),
    userId: uuid('user_id').notNull(),
    roleId: uuid('role_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.roleId] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.roleId], foreignColumns: [roles.tenantId, roles.id] }),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    /** SHA-256 of the cookie value; the cookie itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    csrfToken: text('csrf_token').notNull(),
    /** 'active', or waiting for the second factor ('mfa'), or for its enrolment ('mfa_setup'). */
    state: text('state').notNull().$type<'active' | 'mfa' | 'mfa_setup'>(),
    userAgent: text('user_agent'),
    ip: text('ip'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    uniqueIndex('sessions_token_uq').on(t.tokenHash),
    index('sessions_user_idx').on(t.tenantId, t.userId),
  ],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    roleId: uuid('role_id').notNull(),
    /** The token acts as this user for ownership and audit. */
    createdBy: uuid('created_by').notNull(),
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at'),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.roleId], foreignColumns: [roles.tenantId, roles.id] }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
    uniqueIndex('api_tokens_hash_uq').on(t.tokenHash),
  ],
);

/**
 * Failed sign-ins per (email, client address). Not tenant-owned: it is consulted before we know
 * the tenant, and keying on the pair means a stranger cannot lock the real user out.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: tstz('window_start').notNull().defaultNow(),
  lockedUntil: tstz('locked_until'),
});
