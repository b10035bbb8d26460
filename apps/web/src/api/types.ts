/** The shapes the server answers, as its API contract describes them. */

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const SCOPES = ['own', 'team', 'branch', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export type Tenant = {
  id: string;
  name: string;
  slug: string;
  defaultLocale: string;
  allowPrivateWebhookUrls: boolean;
  version: number;
};

export type Me = {
  id: string;
  email: string;
  name: string;
  locale: string | null;
  status: string;
  orgUnitId: string | null;
  managerId: string | null;
  mfaEnabled: boolean;
  version: number;
  tenant: Pick<Tenant, 'id' | 'name' | 'slug' | 'defaultLocale'>;
  roles: { id: string; key: string | null; name: string }[];
  permissions: Record<string, Scope>;
};

/** Sign-in answers with the user, or with the second-factor step that must come first. */
export type LoginAnswer = { user?: Me; mfaRequired?: boolean; mfaSetupRequired?: boolean };

export type Session = {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
};

export type UserStatus = 'active' | 'disabled';

export type User = {
  id: string;
  email: string;
  name: string;
  status: UserStatus;
  locale: string | null;
  orgUnitId: string | null;
  managerId: string | null;
  phone: string | null;
  extension: string | null;
  mfaEnabled: boolean;
  roleIds: string[];
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export type PermissionInfo = {
  permission: string;
  module: string;
  action: string;
  scoped: boolean;
  sensitive: boolean;
};

export type Grant = { permission: string; scope: Scope };

export type Role = {
  id: string;
  key: string | null;
  name: string;
  description: string | null;
  permissions: Grant[];
  requireMfa: boolean;
  builtin: boolean;
  version: number;
};

export const ORG_UNIT_KINDS = ['company', 'branch', 'outlet', 'department', 'team'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

export type OrgUnit = {
  id: string;
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  code: string | null;
  managerId: string | null;
  version: number;
};

export type ApiToken = {
  id: string;
  name: string;
  roleId: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type Webhook = {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
  version: number;
};

export type WebhookDelivery = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
};

export type AuditEntry = {
  id: string;
  at: string;
  actorUserId: string | null;
  actorLabel: string | null;
  entityType: string;
  entityId: string;
  action: string;
  changes: Record<string, { old: unknown; new: unknown }> | null;
};

export type TrashItem = { entityType: string; id: string; label: string; deletedAt: string };

export type SearchHit = { type: string; id: string; title: string; subtitle: string | null; url: string };

export type Health = { status: string; database: 'pglite' | 'postgres'; version: string };
