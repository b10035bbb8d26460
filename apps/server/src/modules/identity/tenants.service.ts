import type { Tx } from '../../db/client.js';
import { AppError, staleVersion } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { recordChange } from '../platform/change-log.repository.js';
import { type Actor, authorize, systemActor } from './actor.js';
import * as repo from './identity.repository.js';
import { publicTenant, publicUser } from './identity.mappers.js';
import { checkNewPassword, hashPassword } from './passwords.js';
import { BUILTIN_ROLES, type BuiltinRoleKey, PERMISSIONS } from './permissions.js';

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type NewTenant = {
  organisationName: string;
  slug?: string;
  admin: { name: string; email: string; password: string; locale?: Locale };
};

/** Tenants (the companies using this installation) and their first administrator. */
export class TenantsService {
  constructor(private readonly deps: ServiceDeps) {}

  /** True until the first organisation exists: the UI then shows its set-up page. */
  async setupNeeded(): Promise<boolean> {
    return (await this.deps.database.system((tx) => repo.countTenants(tx))) === 0;
  }

  /**
   * First-run set-up: only while no tenant exists. The check and the insert share one
   * transaction under an advisory lock, so two browsers racing through set-up make one tenant.
   */
  async setup(input: NewTenant) {
    return this.deps.database.system(async (tx) => {
      await repo.lockTenantCreation(tx);
      if ((await repo.countTenants(tx)) > 0)
        throw new AppError('conflict', 'Rapport is already set up; sign in instead.', { reason: 'already_set_up' });
      return this.createInTx(tx, input);
    });
  }

  /** Adds another tenant (PostgreSQL installations that host several companies). */
  async create(input: NewTenant) {
    return this.deps.database.system((tx) => this.createInTx(tx, input));
  }

  private async createInTx(tx: Tx, input: NewTenant) {
    checkNewPassword('password', input.admin.password, input.admin.email);
    const now = this.deps.clock.now();
    const slug = input.slug ?? slugify(input.organisationName);
    if (await repo.findTenantBySlug(tx, slug))
      throw new AppError('conflict', `An organisation with the short name "${slug}" exists.`, {
        reason: 'tenant_slug_taken',
        params: { slug },
      });
    const tenantId = newId();
    const tenant = await repo.insertTenant(tx, {
      id: tenantId,
      slug,
      name: input.organisationName.trim(),
      defaultLocale: input.admin.locale ?? 'zh-CN',
      createdAt: now,
      updatedAt: now,
    });
    const roleIds = {} as Record<BuiltinRoleKey, string>;
    for (const [key, role] of Object.entries(BUILTIN_ROLES) as [BuiltinRoleKey, (typeof BUILTIN_ROLES)[BuiltinRoleKey]][]) {
      roleIds[key] = newId();
      await repo.insertRole(tx, {
        tenantId,
        id: roleIds[key],
        key,
        name: role.name,
        permissions: [...role.permissions],
        createdAt: now,
        updatedAt: now,
      });
    }
    const companyId = newId();
    await repo.insertOrgUnit(tx, {
      tenantId,
      id: companyId,
      kind: 'company',
      name: input.organisationName.trim(),
      createdAt: now,
      updatedAt: now,
    });
    const user = await repo.insertUser(tx, {
      tenantId,
      id: newId(),
      email: input.admin.email.trim().toLowerCase(),
      name: input.admin.name.trim(),
      passwordHash: await hashPassword(input.admin.password),
      locale: input.admin.locale ?? null,
      orgUnitId: companyId,
      createdAt: now,
      updatedAt: now,
      passwordChangedAt: now,
    });
    if (!tenant || !user) throw new Error('insert returned nothing');
    await repo.setUserRoles(tx, tenantId, user.id, [roleIds.admin]);
    await recordChange(
      tx,
      tenantId,
      null,
      { entityType: 'tenant', entityId: tenantId, action: 'created', after: publicTenant(tenant) },
      now,
    );
    await recordChange(
      tx,
      tenantId,
      null,
      { entityType: 'user', entityId: user.id, action: 'created', after: publicUser(user, [roleIds.admin]) },
      now,
    );
    return { tenant, user };
  }

  async list() {
    return (await this.deps.database.system((tx) => repo.listTenants(tx))).map(publicTenant);
  }

  /**
   * An actor with every permission, acting as the tenant's first administrator: for the CLI and
   * jobs, whose changes then show in the audit log under that name and `label`.
   */
  async adminActor(tenantId: string, label: string): Promise<Actor> {
    const adminId = await this.deps.database.withTenant(tenantId, (tx) => repo.findFirstAdmin(tx, tenantId));
    if (!adminId) throw new AppError('not_found', 'This organisation has no administrator.', { reason: 'no_administrator' });
    return systemActor(tenantId, adminId, Object.keys(PERMISSIONS), label);
  }

  /** Whether the tenant's webhooks may call addresses on its own network (see platform/url-guard.ts). */
  async allowsPrivateWebhookUrls(tenantId: string): Promise<boolean> {
    const tenant = await this.deps.database.withTenant(tenantId, (tx) => repo.findTenant(tx, tenantId));
    return tenant?.allowPrivateWebhookUrls ?? false;
  }

  async findBySlug(slug: string) {
    return this.deps.database.system((tx) => repo.findTenantBySlug(tx, slug));
  }

  async get(actor: Actor) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const t = await repo.findTenant(tx, actor.tenantId);
      if (!t) throw new AppError('not_found', undefined, { reason: 'record_not_found' });
      return publicTenant(t);
    });
  }

  async update(
    actor: Actor,
    patch: { name?: string; defaultLocale?: Locale; allowPrivateWebhookUrls?: boolean; defaultPhoneRegion?: string; timeZone?: string },
    version?: number,
  ) {
    authorize(actor, 'admin.settings');
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const before = await repo.findTenant(tx, actor.tenantId);
      if (!before) throw new AppError('not_found', undefined, { reason: 'record_not_found' });
      const after = await repo.updateTenant(tx, actor.tenantId, version ?? before.version, patch);
      if (!after) throw staleVersion('The organisation settings');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'tenant', entityId: actor.tenantId, action: 'updated', before: publicTenant(before), after: publicTenant(after) },
        this.deps.clock.now(),
      );
      return publicTenant(after);
    });
  }
}

export function slugify(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return ascii.length >= 2 ? ascii : `org-${newId().slice(-8)}`;
}
