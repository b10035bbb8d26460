import type { Tx } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { newId, randomToken, sha256 } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { recordChange } from '../platform/change-log.repository.js';
import type { Actor } from './actor.js';
import * as repo from './identity.repository.js';
import { publicOrgUnit, publicSession, publicTenant } from './identity.mappers.js';
import { decoyPasswordHash, verifyPassword } from './passwords.js';
import { isPermission, type Permission, type RolePermissionLike, type Scope, widerScope } from './permissions.js';
import { matchTotp } from './totp.js';

/** Sign-in throttling: failures per (email, client address) within the window lock that pair for a while. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_LOCK_MS = 15 * 60_000;
/** A second factor gets this many tries per session before the half-signed-in session is ended. */
export const MFA_MAX_FAILURES = 5;
/** How often a session's last-seen time is written: often enough for the idle timeout, rarely enough to be cheap. */
const TOUCH_INTERVAL_MS = 60_000;

const INVALID_CREDENTIALS = 'The email or password is incorrect.';

export type SessionState = 'active' | 'mfa' | 'mfa_setup';
export type Authenticated = { actor: Actor; sessionState: SessionState; csrfToken?: string };
export type NewSession = { token: string; csrfToken: string; state: SessionState; expiresAt: Date };

export function mergePermissions(roles: { permissions: RolePermissionLike[] }[]): Map<Permission, Scope> {
  const merged = new Map<Permission, Scope>();
  for (const role of roles) {
    for (const { permission, scope } of role.permissions) {
      if (!isPermission(permission)) continue;
      const had = merged.get(permission);
      merged.set(permission, had ? widerScope(had, scope) : scope);
    }
  }
  return merged;
}

/**
 * A user acting as themselves, with their roles' permissions, for work the system does on their
 * behalf (a call routed to an agent: what may the agent see of the caller?). Undefined for a user
 * who is missing or disabled.
 */
export async function userActor(tx: Tx, tenantId: string, userId: string): Promise<Actor | undefined> {
  const user = await repo.findUser(tx, tenantId, userId);
  if (!user || user.status !== 'active') return undefined;
  const roles = await repo.rolesOfUser(tx, tenantId, userId);
  return { kind: 'user', tenantId, userId, label: user.email, orgUnitId: user.orgUnitId, permissions: mergePermissions(roles) };
}

/** Sign-in, sessions, second factor, and turning a cookie or a bearer token into an actor. */
export class AuthService {
  constructor(private readonly deps: ServiceDeps) {}

  private get now() {
    return this.deps.clock.now();
  }

  async login(input: { email: string; password: string; tenant?: string }, client: { ip: string; userAgent?: string }) {
    const { database } = this.deps;
    const now = this.now;
    const throttleKey = `login:${sha256(`${input.email.trim().toLowerCase()}|${client.ip}`)}`;
    const throttle = await database.system((tx) => repo.findThrottle(tx, throttleKey));
    if (throttle?.lockedUntil && throttle.lockedUntil > now) {
      throw new AppError('rate_limited', 'Too many failed sign-ins. Try again later.', {
        reason: 'login_locked',
        retryAfterSeconds: (throttle.lockedUntil.getTime() - now.getTime()) / 1000,
      });
    }
    const candidates = (await database.system((tx) => repo.findUsersByEmail(tx, input.email.trim()))).filter(
      (c) => !input.tenant || c.tenantSlug === input.tenant,
    );
    const matches: typeof candidates = [];
    for (const c of candidates)
      if (c.user.status === 'active' && (await verifyPassword(c.user.passwordHash, input.password))) matches.push(c);
    if (candidates.length === 0) await verifyPassword(await decoyPasswordHash(), input.password);
    if (matches.length === 0) {
      await this.recordFailure(throttleKey, throttle, now);
      throw new AppError('unauthenticated', INVALID_CREDENTIALS, { reason: 'invalid_credentials' });
    }
    // Only someone who knows the password learns that the email is in several organisations.
    if (matches.length > 1) {
      throw new AppError('conflict', 'This account exists in several organisations; choose one.', {
        reason: 'choose_tenant',
        tenants: matches.map((m) => m.tenantSlug),
      });
    }
    const user = matches[0]!.user;
    return database.withTenant(user.tenantId, async (tx) => {
      await repo.clearThrottle(tx, throttleKey);
      const roles = await repo.rolesOfUser(tx, user.tenantId, user.id);
      const state: SessionState = user.totpEnabled ? 'mfa' : roles.some((r) => r.requireMfa) ? 'mfa_setup' : 'active';
      if (state === 'active') {
        await repo.recordSignIn(tx, user.tenantId, user.id, { lastLoginAt: now });
      }
      const session = await this.createSession(tx, user.tenantId, user.id, state, client);
      if (state === 'active') {
        await recordChange(
          tx,
          user.tenantId,
          null,
          { entityType: 'user', entityId: user.id, action: 'signed_in', payload: { ip: client.ip } },
          now,
        );
      }
      return session;
    });
  }

  private async recordFailure(key: string, previous: Awaited<ReturnType<typeof repo.findThrottle>>, now: Date) {
    const inWindow = previous && now.getTime() - previous.windowStart.getTime() < LOGIN_WINDOW_MS;
    const failures = inWindow ? previous.failures + 1 : 1;
    await this.deps.database.system((tx) =>
      repo.saveThrottle(tx, {
        key,
        failures: failures >= LOGIN_MAX_FAILURES ? 0 : failures,
        windowStart: inWindow ? previous.windowStart : now,
        lockedUntil: failures >= LOGIN_MAX_FAILURES ? new Date(now.getTime() + LOGIN_LOCK_MS) : null,
      }),
    );
  }

  /** Creates a session in the caller's transaction (sign-in, set-up). */
  async createSession(
    tx: Parameters<typeof repo.insertSession>[0],
    tenantId: string,
    userId: string,
    state: SessionState,
    client: { ip: string; userAgent?: string },
  ): Promise<NewSession> {
    const now = this.now;
    const token = randomToken();
    const csrfToken = randomToken(24);
    const expiresAt = new Date(now.getTime() + this.deps.config.sessionAbsoluteMs);
    await repo.insertSession(tx, {
      tenantId,
      id: newId(),
      userId,
      tokenHash: sha256(token),
      csrfToken,
      state,
      userAgent: client.userAgent?.slice(0, 400) ?? null,
      ip: client.ip,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    });
    return { token, csrfToken, state, expiresAt };
  }

  /** Resolves a session cookie; undefined for anything unknown, expired, idle, revoked or disabled. */
  async authenticateSession(token: string): Promise<Authenticated | undefined> {
    if (!token || token.length > 200) return undefined;
    const now = this.now;
    const { database, config } = this.deps;
    const found = await database.system((tx) => repo.findSessionByTokenHash(tx, sha256(token)));
    if (!found) return undefined;
    const { session, user } = found;
    const idle = now.getTime() - session.lastSeenAt.getTime() > config.sessionIdleMs;
    if (session.revokedAt || session.expiresAt <= now || idle || user.status !== 'active') return undefined;
    return database.withTenant(user.tenantId, async (tx) => {
      if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await repo.updateSession(tx, user.tenantId, session.id, { lastSeenAt: now });
      }
      const roles = await repo.rolesOfUser(tx, user.tenantId, user.id);
      return {
        actor: {
          kind: 'user',
          tenantId: user.tenantId,
          userId: user.id,
          sessionId: session.id,
          label: user.email,
          orgUnitId: user.orgUnitId,
          permissions: session.state === 'active' ? mergePermissions(roles) : new Map(),
        },
        sessionState: session.state,
        csrfToken: session.csrfToken,
      };
    });
  }

  /** Resolves an `Authorization: Bearer` API token. */
  async authenticateToken(token: string): Promise<Authenticated | undefined> {
    if (!/^rap_[A-Za-z0-9_-]{10,120}$/.test(token)) return undefined;
    const now = this.now;
    const found = await this.deps.database.system((tx) => repo.findApiTokenByHash(tx, sha256(token)));
    if (!found) return undefined;
    const { token: row, role } = found;
    if (row.revokedAt || (row.expiresAt && row.expiresAt <= now) || role.deletedAt) return undefined;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.deps.database.withTenant(row.tenantId, (tx) => repo.updateApiToken(tx, row.tenantId, row.id, { lastUsedAt: now }));
    }
    return {
      actor: {
        kind: 'token',
        tenantId: row.tenantId,
        userId: row.createdBy,
        tokenId: row.id,
        label: `token:${row.name}`,
        orgUnitId: found.creator.orgUnitId,
        permissions: mergePermissions([role]),
      },
      sessionState: 'active',
    };
  }

  /** Completes a sign-in that waits for the second factor; the session gets a fresh token. */
  async verifyMfa(actor: Actor, code: string, client: { ip: string; userAgent?: string }): Promise<NewSession> {
    const now = this.now;
    const sessionId = actor.sessionId;
    if (!sessionId) throw new AppError('bad_request', 'Only a browser sign-in has a second factor step.', { reason: 'mfa_not_browser' });
    const throttleKey = `mfa:${sessionId}`;
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const user = await repo.findUser(tx, actor.tenantId, actor.userId);
      if (!user?.totpSecret || !user.totpEnabled)
        throw new AppError('bad_request', 'Two-factor sign-in is not set up for this account.', {
          reason: 'mfa_not_set_up',
        });
      const step = matchTotp(user.totpSecret, code, now);
      if (step === undefined || (user.totpLastStep !== null && step <= user.totpLastStep)) {
        const throttle = await repo.findThrottle(tx, throttleKey);
        const failures = (throttle?.failures ?? 0) + 1;
        if (failures >= MFA_MAX_FAILURES) {
          await repo.updateSession(tx, actor.tenantId, sessionId, { revokedAt: now });
          await repo.clearThrottle(tx, throttleKey);
        } else {
          await repo.saveThrottle(tx, { key: throttleKey, failures, windowStart: throttle?.windowStart ?? now, lockedUntil: null });
        }
        throw new AppError('unauthenticated', 'The code is not correct.', { reason: 'mfa_invalid' });
      }
      await repo.clearThrottle(tx, throttleKey);
      await repo.recordSignIn(tx, actor.tenantId, user.id, { totpLastStep: step, lastLoginAt: now });
      await repo.updateSession(tx, actor.tenantId, sessionId, { revokedAt: now });
      const session = await this.createSession(tx, actor.tenantId, user.id, 'active', client);
      await recordChange(
        tx,
        actor.tenantId,
        null,
        { entityType: 'user', entityId: user.id, action: 'signed_in', payload: { ip: client.ip, mfa: true } },
        now,
      );
      return session;
    });
  }

  async logout(actor: Actor): Promise<void> {
    if (!actor.sessionId) return;
    await this.deps.database.withTenant(actor.tenantId, (tx) =>
      repo.updateSession(tx, actor.tenantId, actor.sessionId!, { revokedAt: this.now }),
    );
  }

  async me(actor: Actor) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const profile = await repo.findUserProfile(tx, actor.tenantId, actor.userId);
      if (!profile) throw new AppError('not_found', undefined, { reason: 'record_not_found' });
      const { user, tenant, orgUnit } = profile;
      const roles = await repo.rolesOfUser(tx, actor.tenantId, actor.userId);
      const { id, name, slug, defaultLocale, defaultPhoneRegion, timeZone } = publicTenant(tenant);
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        locale: user.locale,
        status: user.status,
        orgUnitId: user.orgUnitId,
        orgUnit: orgUnit ? publicOrgUnit(orgUnit) : null,
        managerId: user.managerId,
        mfaEnabled: user.totpEnabled,
        version: user.version,
        tenant: { id, name, slug, defaultLocale, defaultPhoneRegion, timeZone },
        roles: roles.map((r) => ({ id: r.id, key: r.key, name: r.name })),
        permissions: Object.fromEntries(actor.permissions),
        actingAs: actor.kind,
      };
    });
  }

  async listSessions(actor: Actor) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) =>
      (await repo.listActiveSessions(tx, actor.tenantId, actor.userId, this.now)).map((s) => publicSession(s, actor.sessionId)),
    );
  }

  async endSession(actor: Actor, sessionId: string): Promise<void> {
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const sessions = await repo.listActiveSessions(tx, actor.tenantId, actor.userId, this.now);
      if (!sessions.some((s) => s.id === sessionId))
        throw new AppError('not_found', 'No such session of yours.', { reason: 'record_not_found' });
      await repo.updateSession(tx, actor.tenantId, sessionId, { revokedAt: this.now });
    });
  }

  async endOtherSessions(actor: Actor): Promise<void> {
    await this.deps.database.withTenant(actor.tenantId, (tx) =>
      repo.revokeSessionsOfUser(tx, actor.tenantId, actor.userId, this.now, actor.sessionId),
    );
  }

  /** Housekeeping job: forgets expired sessions and stale throttles. */
  async purgeExpired(): Promise<void> {
    const cutoff = new Date(this.now.getTime() - 24 * 3_600_000);
    await this.deps.database.system(async (tx) => {
      await repo.deleteExpiredSessions(tx, cutoff);
      await repo.deleteStaleThrottles(tx, cutoff);
    });
  }
}
