import { AppError, fieldError, staleVersion } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { recordChange } from '../platform/change-log.repository.js';
import type { TrashRegistry } from '../platform/recycle-bin.js';
import { type Actor, authorize } from './actor.js';
import * as repo from './identity.repository.js';
import { publicOrgUnit, publicRole } from './identity.mappers.js';
import { isPermission, PERMISSIONS, type RolePermissionLike } from './permissions.js';

type OrgUnitKind = repo.OrgUnitRow['kind'];
export type OrgUnitInput = { name: string; kind: OrgUnitKind; parentId: string | null; code?: string | null; managerId?: string | null };
export type RoleInput = { name: string; description?: string | null; permissions: RolePermissionLike[]; requireMfa?: boolean };

/**
 * Which kinds of unit may sit under which: company → branches/outlets → departments/teams.
 * Served at GET /api/v1/org-unit-kinds, so forms offer only what this accepts.
 */
export const ALLOWED_PARENTS: Record<OrgUnitKind, OrgUnitKind[]> = {
  company: [],
  branch: ['company', 'branch'],
  outlet: ['company', 'branch'],
  department: ['company', 'branch', 'outlet', 'department'],
  team: ['company', 'branch', 'outlet', 'department', 'team'],
};

export function checkRolePermissions(permissions: RolePermissionLike[]): void {
  permissions.forEach((p, i) => {
    if (!isPermission(p.permission))
      throw fieldError(`permissions.${i}.permission`, 'unknown_permission', `Unknown permission "${p.permission}".`, {
        params: { permission: p.permission },
      });
    if (!PERMISSIONS[p.permission]!.scoped && p.scope !== 'all')
      throw fieldError(`permissions.${i}.scope`, 'permission_not_scoped', `"${p.permission}" has no scope; use "all".`, {
        params: { permission: p.permission },
      });
  });
}

/** The organisation: its units (company, branches, outlets, departments, teams) and its roles. */
export class OrganisationService {
  constructor(
    private readonly deps: ServiceDeps,
    trash: TrashRegistry,
  ) {
    trash.register({
      entityType: 'org_unit',
      permission: 'admin.org',
      listDeleted: async (tx, tenantId) =>
        (await repo.listOrgUnits(tx, tenantId, true)).map((u) => ({ id: u.id, label: u.name, deletedAt: u.deletedAt! })),
      restore: async (tx, tenantId, id) => {
        const unit = await repo.findOrgUnit(tx, tenantId, id);
        if (!unit?.deletedAt) return undefined;
        if (unit.parentId && (await repo.findOrgUnit(tx, tenantId, unit.parentId))?.deletedAt) {
          throw new AppError('conflict', 'Restore the unit above this one first.', { reason: 'parent_unit_deleted' });
        }
        return repo.updateOrgUnit(tx, tenantId, id, undefined, { deletedAt: null });
      },
      purge: async (tx, before) => (await repo.purgeOrgUnits(tx, before)).length,
    });
    trash.register({
      entityType: 'role',
      permission: 'admin.roles',
      listDeleted: async (tx, tenantId) =>
        (await repo.listRoles(tx, tenantId, true)).map((r) => ({ id: r.id, label: r.name, deletedAt: r.deletedAt! })),
      restore: async (tx, tenantId, id) => {
        const role = await repo.findRole(tx, tenantId, id);
        return role?.deletedAt ? repo.updateRole(tx, tenantId, id, undefined, { deletedAt: null }) : undefined;
      },
      purge: async (tx, before) => (await repo.purgeRoles(tx, before)).length,
    });
  }

  private get now() {
    return this.deps.clock.now();
  }

  // --- org units ---------------------------------------------------------------------------

  async listOrgUnits(actor: Actor) {
    // Every signed-in user sees the organisation chart: assignment screens need it.
    return this.deps.database.withTenant(actor.tenantId, async (tx) => (await repo.listOrgUnits(tx, actor.tenantId)).map(publicOrgUnit));
  }

  async getOrgUnit(actor: Actor, id: string) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const unit = await repo.findOrgUnit(tx, actor.tenantId, id);
      if (!unit || unit.deletedAt) throw new AppError('not_found', 'No such organisation unit.', { reason: 'record_not_found' });
      return publicOrgUnit(unit);
    });
  }

  private async checkPlacement(
    tx: Parameters<typeof repo.findOrgUnit>[0],
    tenantId: string,
    kind: OrgUnitKind,
    parentId: string | null,
    selfId?: string,
  ) {
    if (kind === 'company') {
      if (parentId) throw fieldError('parentId', 'company_has_no_parent', 'The company is the top of the organisation.');
      const companies = (await repo.listOrgUnits(tx, tenantId)).filter((u) => u.kind === 'company' && u.id !== selfId);
      if (companies.length > 0)
        throw fieldError('kind', 'one_company_only', 'There is one company unit; add branches, outlets, departments or teams under it.');
      return;
    }
    if (!parentId) throw fieldError('parentId', 'parent_required', 'Choose the unit this one belongs to.');
    const parent = await repo.findOrgUnit(tx, tenantId, parentId);
    if (!parent || parent.deletedAt) throw fieldError('parentId', 'record_not_found', 'No such organisation unit.');
    if (!ALLOWED_PARENTS[kind].includes(parent.kind))
      throw fieldError('parentId', 'parent_kind_not_allowed', `A ${kind} cannot sit under a ${parent.kind}.`, {
        params: { kind, parentKind: parent.kind },
      });
    if (selfId && (await repo.orgUnitAncestors(tx, tenantId, parentId)).includes(selfId)) {
      throw fieldError('parentId', 'org_unit_cycle', 'A unit cannot be moved under itself or one of its own units.');
    }
  }

  private async checkManager(tx: Parameters<typeof repo.findUser>[0], tenantId: string, managerId: string | null | undefined) {
    if (managerId && !(await repo.findUser(tx, tenantId, managerId))) throw fieldError('managerId', 'record_not_found', 'No such user.');
  }

  async createOrgUnit(actor: Actor, input: OrgUnitInput) {
    authorize(actor, 'admin.org');
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      await this.checkPlacement(tx, actor.tenantId, input.kind, input.parentId);
      await this.checkManager(tx, actor.tenantId, input.managerId);
      const now = this.now;
      const unit = await repo.insertOrgUnit(tx, {
        tenantId: actor.tenantId,
        id: newId(),
        parentId: input.parentId,
        kind: input.kind,
        name: input.name.trim(),
        code: input.code ?? null,
        managerId: input.managerId ?? null,
        createdAt: now,
        updatedAt: now,
      });
      const result = publicOrgUnit(unit!);
      await recordChange(tx, actor.tenantId, actor, { entityType: 'org_unit', entityId: result.id, action: 'created', after: result }, now);
      return result;
    });
  }

  async updateOrgUnit(actor: Actor, id: string, patch: Partial<OrgUnitInput>, version?: number) {
    authorize(actor, 'admin.org');
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const before = await repo.findOrgUnit(tx, actor.tenantId, id);
      if (!before || before.deletedAt) throw new AppError('not_found', 'No such organisation unit.', { reason: 'record_not_found' });
      if (patch.kind !== undefined || patch.parentId !== undefined) {
        await this.checkPlacement(
          tx,
          actor.tenantId,
          patch.kind ?? before.kind,
          patch.parentId !== undefined ? patch.parentId : before.parentId,
          id,
        );
      }
      await this.checkManager(tx, actor.tenantId, patch.managerId);
      const after = await repo.updateOrgUnit(tx, actor.tenantId, id, version ?? before.version, { ...patch, name: patch.name?.trim() });
      if (!after) throw staleVersion('This unit');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'org_unit', entityId: id, action: 'updated', before: publicOrgUnit(before), after: publicOrgUnit(after) },
        this.now,
      );
      return publicOrgUnit(after);
    });
  }

  async deleteOrgUnit(actor: Actor, id: string, version?: number) {
    authorize(actor, 'admin.org');
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const before = await repo.findOrgUnit(tx, actor.tenantId, id);
      if (!before || before.deletedAt) throw new AppError('not_found', 'No such organisation unit.', { reason: 'record_not_found' });
      if (before.kind === 'company')
        throw new AppError('unprocessable', 'The company unit cannot be deleted.', { reason: 'company_unit_undeletable' });
      if ((await repo.countOrgUnitDependants(tx, actor.tenantId, id)) > 0) {
        throw new AppError('conflict', 'This unit still has units or people in it; move them first.', { reason: 'org_unit_not_empty' });
      }
      const now = this.now;
      const after = await repo.updateOrgUnit(tx, actor.tenantId, id, version ?? before.version, { deletedAt: now });
      if (!after) throw staleVersion('This unit');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'org_unit', entityId: id, action: 'deleted', before: publicOrgUnit(before) },
        now,
      );
    });
  }

  // --- roles -------------------------------------------------------------------------------

  async listRoles(actor: Actor) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) => (await repo.listRoles(tx, actor.tenantId)).map(publicRole));
  }

  async getRole(actor: Actor, id: string) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const role = await repo.findRole(tx, actor.tenantId, id);
      if (!role || role.deletedAt) throw new AppError('not_found', 'No such role.', { reason: 'record_not_found' });
      return publicRole(role);
    });
  }

  async createRole(actor: Actor, input: RoleInput) {
    authorize(actor, 'admin.roles');
    checkRolePermissions(input.permissions);
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const now = this.now;
      const role = await repo.insertRole(tx, {
        tenantId: actor.tenantId,
        id: newId(),
        key: null,
        name: input.name.trim(),
        description: input.description ?? null,
        permissions: dedupePermissions(input.permissions),
        requireMfa: input.requireMfa ?? false,
        createdAt: now,
        updatedAt: now,
      });
      const result = publicRole(role!);
      await recordChange(tx, actor.tenantId, actor, { entityType: 'role', entityId: result.id, action: 'created', after: result }, now);
      return result;
    });
  }

  async updateRole(actor: Actor, id: string, patch: Partial<RoleInput>, version?: number) {
    authorize(actor, 'admin.roles');
    if (patch.permissions) checkRolePermissions(patch.permissions);
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const before = await repo.findRole(tx, actor.tenantId, id);
      if (!before || before.deletedAt) throw new AppError('not_found', 'No such role.', { reason: 'record_not_found' });
      // The administrator role keeps every permission, so nobody can lock the tenant out of its own settings.
      if (before.key === 'admin' && patch.permissions)
        throw new AppError('unprocessable', 'The permissions of the Administrator role cannot be changed.', {
          reason: 'admin_role_permissions',
        });
      const after = await repo.updateRole(tx, actor.tenantId, id, version ?? before.version, {
        ...patch,
        name: patch.name?.trim(),
        permissions: patch.permissions ? dedupePermissions(patch.permissions) : undefined,
      });
      if (!after) throw staleVersion('This role');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'role', entityId: id, action: 'updated', before: publicRole(before), after: publicRole(after) },
        this.now,
      );
      return publicRole(after);
    });
  }

  async deleteRole(actor: Actor, id: string, version?: number) {
    authorize(actor, 'admin.roles');
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const before = await repo.findRole(tx, actor.tenantId, id);
      if (!before || before.deletedAt) throw new AppError('not_found', 'No such role.', { reason: 'record_not_found' });
      if (before.key) throw new AppError('unprocessable', 'Built-in roles cannot be deleted.', { reason: 'builtin_role' });
      if ((await repo.countRoleHolders(tx, actor.tenantId, id)) > 0)
        throw new AppError('conflict', 'Users still hold this role; give them another role first.', { reason: 'role_in_use' });
      const now = this.now;
      const after = await repo.updateRole(tx, actor.tenantId, id, version ?? before.version, { deletedAt: now });
      if (!after) throw staleVersion('This role');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'role', entityId: id, action: 'deleted', before: publicRole(before) },
        now,
      );
    });
  }
}

function dedupePermissions(perms: RolePermissionLike[]): RolePermissionLike[] {
  return [...new Map(perms.map((p) => [p.permission, p])).values()];
}
