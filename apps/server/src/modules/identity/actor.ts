import { AppError } from '../../http/errors.js';
import { type Permission, type Scope, scopeCovers } from './permissions.js';

/** Who is making a call: a signed-in user or an API token, always inside one tenant. */
export type Actor = {
  kind: 'user' | 'token';
  tenantId: string;
  /** The user acting, or for a token the user who created it (for ownership and audit). */
  userId: string;
  tokenId?: string;
  sessionId?: string;
  label: string;
  orgUnitId: string | null;
  permissions: ReadonlyMap<Permission, Scope>;
};

export function scopeOf(actor: Actor, permission: Permission): Scope | undefined {
  return actor.permissions.get(permission);
}

export function can(actor: Actor, permission: Permission, needed: Scope = 'own'): boolean {
  const granted = actor.permissions.get(permission);
  return granted !== undefined && scopeCovers(granted, needed);
}

/** Throws 403 unless the actor holds `permission` with at least `needed` scope. */
export function authorize(actor: Actor, permission: Permission, needed: Scope = 'own'): Scope {
  const granted = actor.permissions.get(permission);
  if (granted === undefined || !scopeCovers(granted, needed)) {
    throw new AppError('forbidden', `You do not have the permission "${permission}" needed for this.`, {
      reason: 'permission_denied',
      params: { permission },
    });
  }
  return granted;
}

/** An actor for system work (jobs, CLI) inside one tenant, with every permission. */
export function systemActor(tenantId: string, userId: string, allPermissions: Iterable<Permission>, label = 'system'): Actor {
  return {
    kind: 'user',
    tenantId,
    userId,
    label,
    orgUnitId: null,
    permissions: new Map([...allPermissions].map((p) => [p, 'all'])),
  };
}
