import { z } from '@hono/zod-openapi';
import { isTimeZone } from '../../clock.js';
import { Locale, Timestamp } from '../../http/openapi.js';
import { PASSWORD_MAX } from './passwords.js';
import { SCOPES } from './permissions.js';

const Email = z.email().max(254).openapi({ example: 'li.wei@example.com' });
const Name = z.string().trim().min(1).max(200);
const Password = z.string().min(1).max(PASSWORD_MAX);
const TotpCode = z
  .string()
  .regex(/^\d{6}$/, 'Six digits')
  .openapi({ example: '123456' });
const Scope = z.enum(SCOPES);

const PhoneRegion = z.string().regex(/^[A-Z]{2}$/, 'A two-letter country code such as CN, TW, HK');
const TimeZone = z.string().max(60).refine(isTimeZone, 'An IANA time zone such as Asia/Shanghai').openapi({ example: 'Asia/Taipei' });

export const Tenant = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    defaultLocale: z.string(),
    allowPrivateWebhookUrls: z.boolean(),
    defaultPhoneRegion: z.string().openapi({ description: 'Where phone numbers without a country code are from (ISO 3166-1 alpha-2)' }),
    timeZone: z.string().openapi({ description: 'IANA time zone of the business day (due dates, “today”, reminders)' }),
    version: z.number().int(),
  })
  .openapi('Tenant');
export const UpdateTenantBody = z
  .object({
    name: Name.optional(),
    defaultLocale: Locale.optional(),
    allowPrivateWebhookUrls: z.boolean().optional(),
    defaultPhoneRegion: PhoneRegion.optional(),
    timeZone: TimeZone.optional(),
  })
  .strict();

export const Me = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    locale: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
    orgUnitId: z.uuid().nullable(),
    orgUnit: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }).passthrough().nullable(),
    managerId: z.uuid().nullable(),
    mfaEnabled: z.boolean(),
    version: z.number().int(),
    tenant: z.object({
      id: z.uuid(),
      name: z.string(),
      slug: z.string(),
      defaultLocale: z.string(),
      defaultPhoneRegion: z.string(),
      timeZone: z.string(),
    }),
    roles: z.array(z.object({ id: z.uuid(), key: z.string().nullable(), name: z.string() })),
    permissions: z.record(z.string(), Scope),
    actingAs: z.enum(['user', 'token']),
  })
  .openapi('Me');

export const SetupBody = z
  .object({ organisationName: Name, name: Name, email: Email, password: Password, locale: Locale.optional() })
  .strict()
  .openapi('SetupBody');
export const LoginBody = z
  .object({ email: z.string().trim().min(1).max(254), password: Password, tenant: z.string().max(60).optional() })
  .strict()
  .openapi('LoginBody');
export const LoginResult = z
  .object({ user: Me.optional(), mfaRequired: z.boolean().optional(), mfaSetupRequired: z.boolean().optional() })
  .openapi('LoginResult');
export const MfaBody = z.object({ code: TotpCode }).strict();

export const UpdateMeBody = z.object({ name: Name.optional(), locale: Locale.nullable().optional() }).strict();
export const Reauth = { currentPassword: Password, code: TotpCode.optional() };
export const ChangePasswordBody = z.object({ ...Reauth, newPassword: Password }).strict();
export const ChangeEmailBody = z.object({ ...Reauth, email: Email }).strict();
export const ReauthBody = z.object(Reauth).strict();
export const MfaSetup = z.object({ secret: z.string(), otpauthUrl: z.string() }).openapi('MfaSetup');

export const Session = z
  .object({
    id: z.uuid(),
    current: z.boolean(),
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
    expiresAt: Timestamp,
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .openapi('Session');

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    status: z.enum(['active', 'disabled']),
    locale: z.string().nullable(),
    orgUnitId: z.uuid().nullable(),
    managerId: z.uuid().nullable(),
    phone: z.string().nullable(),
    extension: z.string().nullable(),
    mfaEnabled: z.boolean(),
    roleIds: z.array(z.uuid()),
    lastLoginAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .openapi('User');
const UserFields = {
  email: Email,
  name: Name,
  roleIds: z.array(z.uuid()).max(20),
  orgUnitId: z.uuid().nullable().optional(),
  managerId: z.uuid().nullable().optional(),
  locale: Locale.nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  extension: z.string().trim().max(20).nullable().optional(),
};
export const CreateUserBody = z
  .object({ ...UserFields, password: Password })
  .strict()
  .openapi('CreateUserBody');
export const UpdateUserBody = z
  .object({
    ...UserFields,
    email: Email.optional(),
    name: Name.optional(),
    roleIds: UserFields.roleIds.optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .strict()
  .openapi('UpdateUserBody');
export const ResetPasswordBody = z.object({ newPassword: Password }).strict();
export const UserListQuery = z.object({
  q: z.string().max(100).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  orgUnitId: z.uuid().optional(),
  roleId: z.uuid().optional(),
});

export const PermissionEntry = z
  .object({ permission: z.string(), module: z.string(), action: z.string(), scoped: z.boolean(), sensitive: z.boolean() })
  .openapi('PermissionEntry');
const RolePermission = z.object({ permission: z.string().max(60), scope: Scope });
export const Role = z
  .object({
    id: z.uuid(),
    key: z.string().nullable(),
    name: z.string(),
    description: z.string().nullable(),
    permissions: z.array(RolePermission),
    requireMfa: z.boolean(),
    builtin: z.boolean(),
    version: z.number().int(),
  })
  .openapi('Role');
export const CreateRoleBody = z
  .object({
    name: Name,
    description: z.string().max(1000).nullable().optional(),
    permissions: z.array(RolePermission).max(200),
    requireMfa: z.boolean().optional(),
  })
  .strict()
  .openapi('CreateRoleBody');
export const UpdateRoleBody = CreateRoleBody.partial().strict().openapi('UpdateRoleBody');

const OrgUnitKind = z.enum(['company', 'branch', 'outlet', 'department', 'team']);
export const OrgUnitKindRule = z
  .object({ kind: OrgUnitKind, parents: z.array(OrgUnitKind).openapi({ description: 'The kinds of unit this kind may sit under' }) })
  .openapi('OrgUnitKindRule');
export const OrgUnit = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    kind: OrgUnitKind,
    name: z.string(),
    code: z.string().nullable(),
    managerId: z.uuid().nullable(),
    version: z.number().int(),
  })
  .openapi('OrgUnit');
export const CreateOrgUnitBody = z
  .object({
    name: Name,
    kind: OrgUnitKind,
    parentId: z.uuid().nullable(),
    code: z.string().trim().max(40).nullable().optional(),
    managerId: z.uuid().nullable().optional(),
  })
  .strict()
  .openapi('CreateOrgUnitBody');
export const UpdateOrgUnitBody = CreateOrgUnitBody.partial().strict().openapi('UpdateOrgUnitBody');

export const ApiToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    roleId: z.uuid(),
    prefix: z.string(),
    createdAt: Timestamp,
    expiresAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
  })
  .openapi('ApiToken');
export const CreatedApiToken = ApiToken.extend({ token: z.string().openapi({ description: 'Shown once; store it now' }) }).openapi(
  'CreatedApiToken',
);
export const CreateApiTokenBody = z
  .object({ name: Name, roleId: z.uuid(), expiresAt: z.iso.datetime({ offset: true }).nullable().optional() })
  .strict()
  .openapi('CreateApiTokenBody');
