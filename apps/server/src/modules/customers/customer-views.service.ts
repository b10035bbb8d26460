import type { Tx } from '../../db/client.js';
import { AppError, staleVersion } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { type Actor, authorize } from '../identity/index.js';
import * as repo from './customers.repository.js';
import type { CustomerViewInput } from './customers.schemas.js';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findView>>>;
const publicView = (v: Row, actor: Actor) => ({
  id: v.id,
  name: v.name,
  shared: v.shared,
  ownerId: v.ownerId,
  mine: v.ownerId === actor.userId,
  definition: v.definition,
  version: v.version,
});
const notFound = () => new AppError('not_found', 'No such view.', { reason: 'record_not_found' });

/** Saved list views: a user's own, and those shared with the tenant. Only the owner changes one. */
export class CustomerViewsService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor) {
    authorize(actor, 'customers.read');
    return this.deps.database.withTenant(actor.tenantId, async (tx) => ({
      data: (await repo.listViews(tx, actor.tenantId, actor.userId)).map((v) => publicView(v, actor)),
    }));
  }

  async create(actor: Actor, input: CustomerViewInput) {
    authorize(actor, 'customers.read');
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const now = this.deps.clock.now();
      const row = await repo.insertView(tx, {
        tenantId: actor.tenantId,
        id: newId(),
        ownerId: actor.userId,
        name: input.name,
        shared: input.shared ?? false,
        definition: input.definition,
        createdAt: now,
        updatedAt: now,
      });
      return publicView(row!, actor);
    });
  }

  /** The actor's own view; a shared view of somebody else is readable but not theirs to change. */
  private async ownView(tx: Tx, actor: Actor, id: string) {
    authorize(actor, 'customers.read');
    const row = await repo.findView(tx, actor.tenantId, id);
    if (!row || (row.ownerId !== actor.userId && !row.shared)) throw notFound();
    if (row.ownerId !== actor.userId)
      throw new AppError('forbidden', 'Only the owner of a view may change it.', { reason: 'view_not_yours' });
    return row;
  }

  async update(actor: Actor, id: string, patch: Partial<CustomerViewInput>, version?: number) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      await this.ownView(tx, actor, id);
      const after = await repo.updateView(tx, actor.tenantId, id, version, patch);
      if (!after) throw staleVersion('view');
      return publicView(after, actor);
    });
  }

  async delete(actor: Actor, id: string) {
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      await this.ownView(tx, actor, id);
      await repo.deleteView(tx, actor.tenantId, id);
    });
  }
}
