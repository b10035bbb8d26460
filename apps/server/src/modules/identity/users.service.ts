import type { Tx } from '../../db/client.js';
import { AppError, fieldError, staleVersion } from '../../http/errors.js';
import { decodeCursor, toPage, type PageQuery } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { recordChange } from '../platform/change-log.repository.js';
import { type Actor, authorize } from './actor.js';
import * as repo from './identity.repository.js';
import { publicUser, type PublicUser } from './identity.mappers.js';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords.js';
import type { Locale } from './tenants.service.js';
import { matchTotp, newTotpSecret, totpUri } from './totp.js';

export type CreateUserInput = {
  email: string;
  name: string;
  password: string;
  roleIds: string[];
  orgUnitId?: string | null;
  managerId?: string | null;
  locale?: Locale | null;
  phone?: string | null;
  extension?: string | null;
};
export type UpdateUserInput = Partial<Omit<CreateUserInput, 'password'>> & { status?: 'active' | 'disabled' };
export type Reauth = { currentPassword: string; code?: string };

const emailTaken = () => fieldError('email', 'email_taken', 'A user with this email exists.', { code: 'conflict' });

/** Users of a tenant: administration by admins, and each user's own account. */
export class UsersService {
  constructor(private readonly deps: ServiceDeps) {}

  private get now() {
    return this.deps.clock.now();
  }

  private async withRoles(tx: Tx, tenantId: string, rows: repo.UserRow[]): Promise<PublicUser[]> {
    const links = await repo.userRoleIds(
      tx,
      tenantId,
      rows.map((r) => r.id),
    );
    return rows.map((u) =>
      publicUser(
        u,
        links.filter((l) => l.userId === u.id).map((l) => l.roleId),
      ),
    );
  }

  async list(actor: Actor, filter: { q?: string; status?: 'active' | 'disabled'; orgUnitId?: string; roleId?: string } & PageQuery) {
    authorize(actor, 'admin.users');
    const [afterId] = (decodeCursor(filter.cursor, 1) ?? []) as [string?];
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const rows = await repo.listUsers(tx, actor.tenantId, { ...filter, afterId });
      const page = toPage(rows, filter.limit, (u) => [u.id]);
      return { data: await this.withRoles(tx, actor.tenantId, page.data), nextCursor: page.nextCursor };
    });
  }

  /**
   * Colleagues by name or email, for choosing an owner or a hand-over target: every signed-in user
   * may look people up, and sees only names and units — never roles, emails or status.
   */
  async directory(actor: Actor, filter: { q?: string } & PageQuery) {
    const [afterId] = (decodeCursor(filter.cursor, 1) ?? []) as [string?];
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const rows = await repo.listUsers(tx, actor.tenantId, { q: filter.q, status: 'active', afterId, limit: filter.limit });
      const page = toPage(rows, filter.limit, (u) => [u.id]);
      return { data: page.data.map((u) => ({ id: u.id, name: u.name, orgUnitId: u.orgUnitId })), nextCursor: page.nextCursor };
    });
  }

  async get(actor: Actor, id: string): Promise<PublicUser> {
    if (id !== actor.userId) authorize(actor, 'admin.users');
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const user = await repo.findUser(tx, actor.tenantId, id);
      if (!user) throw new AppError('not_found', 'No such user.', { reason: 'record_not_found' });
      const [result] = await this.withRoles(tx, actor.tenantId, [user]);
      return result!;
    });
  }

  /** Checks that referenced roles, org unit and manager exist in this tenant. */
  private async checkReferences(tx: Tx, tenantId: string, input: UpdateUserInput, selfId?: string) {
    if (input.roleIds) {
      const found = await repo.findRolesByIds(tx, tenantId, input.roleIds);
      const live = new Set(found.filter((r) => !r.deletedAt).map((r) => r.id));
      const missing = input.roleIds.findIndex((id) => !live.has(id));
      if (missing >= 0) throw fieldError(`roleIds.${missing}`, 'record_not_found', 'No such role.');
    }
    if (input.orgUnitId) {
      const unit = await repo.findOrgUnit(tx, tenantId, input.orgUnitId);
      if (!unit || unit.deletedAt) throw fieldError('orgUnitId', 'record_not_found', 'No such organisation unit.');
    }
    if (input.managerId) {
      if (input.managerId === selfId) throw fieldError('managerId', 'own_manager', 'A user cannot be their own manager.');
      if (!(await repo.findUser(tx, tenantId, input.managerId))) throw fieldError('managerId', 'record_not_found', 'No such user.');
      if (selfId && (await repo.managerChain(tx, tenantId, input.managerId)).includes(selfId)) {
        throw fieldError('managerId', 'manager_loop', 'This manager reports to the user already; the chain would loop.');
      }
    }
  }

  async create(actor: Actor, input: CreateUserInput): Promise<PublicUser> {
    authorize(actor, 'admin.users');
    checkNewPassword('password', input.password, input.email);
    const passwordHash = await hashPassword(input.password);
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      await this.checkReferences(tx, actor.tenantId, input);
      if (await repo.findUserByEmail(tx, actor.tenantId, input.email)) throw emailTaken();
      const now = this.now;
      const user = await repo.insertUser(tx, {
        tenantId: actor.tenantId,
        id: newId(),
        email: input.email.trim().toLowerCase(),
        name: input.name.trim(),
        passwordHash,
        locale: input.locale ?? null,
        orgUnitId: input.orgUnitId ?? null,
        managerId: input.managerId ?? null,
        phone: input.phone ?? null,
        extension: input.extension ?? null,
        createdAt: now,
        updatedAt: now,
        passwordChangedAt: now,
      });
      if (!user) throw new Error('insert returned nothing');
      await repo.setUserRoles(tx, actor.tenantId, user.id, [...new Set(input.roleIds)]);
      const result = publicUser(user, [...new Set(input.roleIds)]);
      await recordChange(tx, actor.tenantId, actor, { entityType: 'user', entityId: user.id, action: 'created', after: result }, now);
      return result;
    });
  }

  async update(actor: Actor, id: string, input: UpdateUserInput, version?: number): Promise<PublicUser> {
    authorize(actor, 'admin.users');
    if (id === actor.userId && input.status === 'disabled')
      throw new AppError('unprocessable', 'You cannot disable your own account.', { reason: 'cannot_disable_self' });
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const before = await repo.findUser(tx, actor.tenantId, id);
      if (!before) throw new AppError('not_found', 'No such user.', { reason: 'record_not_found' });
      await this.checkReferences(tx, actor.tenantId, input, id);
      if (input.email && input.email.toLowerCase() !== before.email && (await repo.findUserByEmail(tx, actor.tenantId, input.email))) {
        throw emailTaken();
      }
      const [beforePublic] = await this.withRoles(tx, actor.tenantId, [before]);
      const { roleIds, ...fields } = input;
      if (fields.email) fields.email = fields.email.trim().toLowerCase();
      const after = await repo.updateUser(tx, actor.tenantId, id, version ?? before.version, fields);
      if (!after) throw staleVersion('This user');
      if (roleIds) await repo.setUserRoles(tx, actor.tenantId, id, [...new Set(roleIds)]);
      const now = this.now;
      // Disabling ends every session at once; the next request of that user is refused.
      if (input.status === 'disabled' && before.status !== 'disabled') await repo.revokeSessionsOfUser(tx, actor.tenantId, id, now);
      const afterPublic = publicUser(after, roleIds ? [...new Set(roleIds)] : beforePublic!.roleIds);
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'user', entityId: id, action: 'updated', before: beforePublic, after: afterPublic },
        now,
      );
      return afterPublic;
    });
  }

  async resetPassword(actor: Actor, id: string, newPassword: string): Promise<void> {
    authorize(actor, 'admin.users');
    await this.setPassword(actor, id, newPassword);
  }

  private async setPassword(actor: Actor, id: string, newPassword: string) {
    const user = await this.deps.database.withTenant(actor.tenantId, (tx) => repo.findUser(tx, actor.tenantId, id));
    if (!user) throw new AppError('not_found', 'No such user.', { reason: 'record_not_found' });
    checkNewPassword('newPassword', newPassword, user.email);
    const passwordHash = await hashPassword(newPassword);
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const now = this.now;
      await repo.updateUser(tx, actor.tenantId, id, undefined, { passwordHash, passwordChangedAt: now });
      // A new password ends the other sessions: whoever knew the old one is signed out.
      await repo.revokeSessionsOfUser(tx, actor.tenantId, id, now, id === actor.userId ? actor.sessionId : undefined);
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'user', entityId: id, action: 'password_changed', before: { password: 1 }, after: { password: 2 }, redact: true },
        now,
      );
    });
  }

  // --- the signed-in user's own account ---------------------------------------------------

  async updateMe(actor: Actor, input: { name?: string; locale?: Locale | null }, version?: number) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const before = await repo.findUser(tx, actor.tenantId, actor.userId);
      if (!before) throw new AppError('not_found', undefined, { reason: 'record_not_found' });
      const after = await repo.updateUser(tx, actor.tenantId, actor.userId, version ?? before.version, {
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
      });
      if (!after) throw staleVersion('Your account');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'user', entityId: actor.userId, action: 'updated', before: publicUser(before, []), after: publicUser(after, []) },
        this.now,
      );
    });
  }

  /**
   * Re-authentication before sensitive changes: the current password, and the current code when
   * two-factor sign-in is on. A stolen session alone cannot take the account over.
   */
  private async reauthenticate(actor: Actor, reauth: Reauth): Promise<repo.UserRow> {
    if (actor.kind !== 'user' || !actor.sessionId)
      throw new AppError('forbidden', 'Only the user, signed in, can change this.', { reason: 'session_required' });
    const user = await this.deps.database.withTenant(actor.tenantId, (tx) => repo.findUser(tx, actor.tenantId, actor.userId));
    if (!user) throw new AppError('not_found', undefined, { reason: 'record_not_found' });
    if (!(await verifyPassword(user.passwordHash, reauth.currentPassword))) {
      throw fieldError('currentPassword', 'wrong_current_password', 'The current password is not correct.', { code: 'forbidden' });
    }
    if (user.totpEnabled && user.totpSecret) {
      const step = reauth.code ? matchTotp(user.totpSecret, reauth.code, this.now) : undefined;
      if (step === undefined)
        throw fieldError('code', 'mfa_invalid', 'Enter the current code from your authenticator app.', { code: 'forbidden' });
    }
    return user;
  }

  async changeMyPassword(actor: Actor, reauth: Reauth, newPassword: string): Promise<void> {
    await this.reauthenticate(actor, reauth);
    await this.setPassword(actor, actor.userId, newPassword);
  }

  async changeMyEmail(actor: Actor, reauth: Reauth, email: string): Promise<void> {
    await this.reauthenticate(actor, reauth);
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const before = await repo.findUser(tx, actor.tenantId, actor.userId);
      if (!before) throw new AppError('not_found', undefined, { reason: 'record_not_found' });
      const clash = await repo.findUserByEmail(tx, actor.tenantId, email);
      if (clash && clash.id !== actor.userId) throw emailTaken();
      const after = await repo.updateUser(tx, actor.tenantId, actor.userId, undefined, { email: email.trim().toLowerCase() });
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'user', entityId: actor.userId, action: 'updated', before: { email: before.email }, after: { email: after?.email } },
        this.now,
      );
    });
  }

  /** Starts two-factor enrolment: a new secret, not yet active until a code from it is confirmed. */
  async startMfaSetup(actor: Actor, reauth: Reauth): Promise<{ secret: string; otpauthUrl: string }> {
    const user = await this.reauthenticate(actor, reauth);
    if (user.totpEnabled)
      throw new AppError('conflict', 'Two-factor sign-in is already on; turn it off first to change the device.', {
        reason: 'mfa_already_on',
      });
    const secret = newTotpSecret();
    await this.deps.database.withTenant(actor.tenantId, (tx) =>
      repo.updateUser(tx, actor.tenantId, actor.userId, undefined, { totpSecret: secret, totpLastStep: null }),
    );
    return { secret, otpauthUrl: totpUri(user.email, secret) };
  }

  /** Confirms enrolment with a first code; a session waiting for forced enrolment becomes active. */
  async enableMfa(actor: Actor, code: string): Promise<void> {
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const user = await repo.findUser(tx, actor.tenantId, actor.userId);
      if (!user?.totpSecret) throw new AppError('conflict', 'Start two-factor set-up first.', { reason: 'mfa_setup_not_started' });
      if (user.totpEnabled) throw new AppError('conflict', 'Two-factor sign-in is already on.', { reason: 'mfa_already_on' });
      const step = matchTotp(user.totpSecret, code, this.now);
      if (step === undefined) throw fieldError('code', 'mfa_invalid', 'The code is not correct; check the time on your phone.');
      await repo.updateUser(tx, actor.tenantId, actor.userId, undefined, { totpEnabled: true, totpLastStep: step });
      if (actor.sessionId) await repo.updateSession(tx, actor.tenantId, actor.sessionId, { state: 'active' });
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'user', entityId: actor.userId, action: 'updated', before: { mfaEnabled: false }, after: { mfaEnabled: true } },
        this.now,
      );
    });
  }

  async disableMfa(actor: Actor, reauth: Reauth): Promise<void> {
    const user = await this.reauthenticate(actor, reauth);
    if (!user.totpEnabled) throw new AppError('conflict', 'Two-factor sign-in is not on.', { reason: 'mfa_not_on' });
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const roles = await repo.rolesOfUser(tx, actor.tenantId, actor.userId);
      if (roles.some((r) => r.requireMfa))
        throw new AppError('unprocessable', 'Your role requires two-factor sign-in; it cannot be turned off.', {
          reason: 'mfa_required_by_role',
        });
      await repo.updateUser(tx, actor.tenantId, actor.userId, undefined, { totpEnabled: false, totpSecret: null, totpLastStep: null });
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'user', entityId: actor.userId, action: 'updated', before: { mfaEnabled: true }, after: { mfaEnabled: false } },
        this.now,
      );
    });
  }

  /** The escalation chain of a user, nearest manager first (SVC-4 walks it). */
  async managerChain(tenantId: string, userId: string): Promise<string[]> {
    return this.deps.database.withTenant(tenantId, (tx) => repo.managerChain(tx, tenantId, userId));
  }
}
