import { AppError, fieldError } from '../../http/errors.js';
import { newId, randomToken, sha256 } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { recordChange } from '../platform/change-log.repository.js';
import { type Actor, authorize } from './actor.js';
import * as repo from './identity.repository.js';
import { publicApiToken } from './identity.mappers.js';

/** API tokens for integrations (PLAT-4): named, acting with one role's permissions, stored hashed. */
export class ApiTokensService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor) {
    authorize(actor, 'admin.tokens');
    return this.deps.database.withTenant(actor.tenantId, async (tx) => (await repo.listApiTokens(tx, actor.tenantId)).map(publicApiToken));
  }

  /** Answers the token itself once; afterwards only its prefix is known. */
  async create(actor: Actor, input: { name: string; roleId: string; expiresAt?: Date | null }) {
    authorize(actor, 'admin.tokens');
    const now = this.deps.clock.now();
    if (input.expiresAt && input.expiresAt <= now) {
      throw fieldError('expiresAt', 'expiry_in_past', 'The expiry must be in the future.');
    }
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const role = await repo.findRole(tx, actor.tenantId, input.roleId);
      if (!role || role.deletedAt) throw fieldError('roleId', 'record_not_found', 'No such role.');
      const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
      const token = `rap_${prefix}_${randomToken(32)}`;
      const row = await repo.insertApiToken(tx, {
        tenantId: actor.tenantId,
        id: newId(),
        name: input.name.trim(),
        roleId: role.id,
        createdBy: actor.userId,
        prefix,
        tokenHash: sha256(token),
        createdAt: now,
        expiresAt: input.expiresAt ?? null,
      });
      const result = publicApiToken(row!);
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'api_token', entityId: result.id, action: 'created', after: result },
        now,
      );
      return { ...result, token };
    });
  }

  async revoke(actor: Actor, id: string) {
    authorize(actor, 'admin.tokens');
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const before = await repo.findApiToken(tx, actor.tenantId, id);
      if (!before) throw new AppError('not_found', 'No such API token.', { reason: 'record_not_found' });
      if (before.revokedAt) return;
      const now = this.deps.clock.now();
      const after = await repo.updateApiToken(tx, actor.tenantId, id, { revokedAt: now });
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'api_token', entityId: id, action: 'revoked', before: publicApiToken(before), after: publicApiToken(after!) },
        now,
      );
    });
  }
}
