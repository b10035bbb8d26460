import type { ApiTokenRow, OrgUnitRow, RoleRow, SessionRow, TenantRow, UserRow } from './identity.repository.js';

/** Public shapes of identity records: what the API answers and the audit log records. */
export const publicUser = (u: UserRow, roleIds: string[]) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  status: u.status,
  locale: u.locale,
  orgUnitId: u.orgUnitId,
  managerId: u.managerId,
  phone: u.phone,
  extension: u.extension,
  mfaEnabled: u.totpEnabled,
  roleIds,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
  version: u.version,
});
export type PublicUser = ReturnType<typeof publicUser>;

export const publicRole = (r: RoleRow) => ({
  id: r.id,
  key: r.key,
  name: r.name,
  description: r.description,
  permissions: r.permissions,
  requireMfa: r.requireMfa,
  builtin: r.key !== null,
  version: r.version,
});

export const publicOrgUnit = (o: OrgUnitRow) => ({
  id: o.id,
  parentId: o.parentId,
  kind: o.kind,
  name: o.name,
  code: o.code,
  managerId: o.managerId,
  version: o.version,
});

export const publicTenant = (t: TenantRow) => ({
  id: t.id,
  name: t.name,
  slug: t.slug,
  defaultLocale: t.defaultLocale,
  allowPrivateWebhookUrls: t.allowPrivateWebhookUrls,
  defaultPhoneRegion: t.defaultPhoneRegion,
  timeZone: t.timeZone,
  version: t.version,
});

export const publicApiToken = (t: ApiTokenRow) => ({
  id: t.id,
  name: t.name,
  roleId: t.roleId,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export const publicSession = (s: SessionRow, currentId: string | undefined) => ({
  id: s.id,
  current: s.id === currentId,
  createdAt: s.createdAt.toISOString(),
  lastSeenAt: s.lastSeenAt.toISOString(),
  expiresAt: s.expiresAt.toISOString(),
  userAgent: s.userAgent,
  ip: s.ip,
});
