import { AppError } from '../../http/errors.js';
import { decodeCursor, type PageQuery, toPage } from '../../http/pagination.js';
import type { ServiceDeps } from '../../services.js';
import { type Actor, authorize, can } from '../identity/actor.js';
import { listAudit, type AuditFilter } from './audit.repository.js';
import { recordChange } from './change-log.repository.js';
import { purgeKeys } from './idempotency.repository.js';
import type { TrashRegistry } from './recycle-bin.js';

/** The audit log and the recycle bin, as users see them. */
export class PlatformService {
  constructor(
    private readonly deps: ServiceDeps,
    readonly trash: TrashRegistry,
  ) {}

  async listAudit(actor: Actor, filter: Omit<AuditFilter, 'beforeId' | 'limit'> & PageQuery) {
    authorize(actor, 'admin.audit');
    const [beforeId] = (decodeCursor(filter.cursor, 1) ?? []) as [string?];
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const rows = await listAudit(tx, actor.tenantId, { ...filter, beforeId });
      const page = toPage(rows, filter.limit, (r) => [r.id]);
      return {
        data: page.data.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actorUserId: r.actorUserId,
          actorTokenId: r.actorTokenId,
          actorLabel: r.actorLabel,
          entityType: r.entityType,
          entityId: r.entityId,
          action: r.action,
          changes: r.changes,
        })),
        nextCursor: page.nextCursor,
      };
    });
  }

  /** Deleted records of every kind the actor may manage, newest deletion first. */
  async listTrash(actor: Actor, entityType?: string) {
    const providers = this.trash.all().filter((p) => (!entityType || p.entityType === entityType) && can(actor, p.permission));
    if (providers.length === 0) authorize(actor, 'admin.recycle_bin');
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const items = [];
      for (const p of providers) {
        for (const row of await p.listDeleted(tx, actor.tenantId)) {
          items.push({ entityType: p.entityType, id: row.id, label: row.label, deletedAt: row.deletedAt.toISOString() });
        }
      }
      return items.sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
    });
  }

  async restore(actor: Actor, entityType: string, id: string): Promise<void> {
    const provider = this.trash.get(entityType);
    if (!provider)
      throw new AppError('not_found', `Nothing of type "${entityType}" goes to the recycle bin.`, {
        reason: 'trash_type_unknown',
        params: { entityType },
      });
    authorize(actor, provider.permission);
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const restored = await provider.restore(tx, actor.tenantId, id);
      if (!restored) throw new AppError('not_found', 'No such deleted record.', { reason: 'record_not_found' });
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType, entityId: id, action: 'restored', before: { deletedAt: 'deleted' }, after: { deletedAt: null } },
        this.deps.clock.now(),
      );
    });
  }

  /** Forgets `Idempotency-Key` answers after a day. */
  async purgeExpiredKeys(): Promise<void> {
    const before = new Date(this.deps.clock.now().getTime() - 86_400_000);
    await this.deps.database.system((tx) => purgeKeys(tx, before));
  }

  /** Deletes for good what has been in the recycle bin longer than the retention period. */
  async purgeTrash(): Promise<Record<string, number>> {
    const before = new Date(this.deps.clock.now().getTime() - this.deps.config.trashRetentionDays * 86_400_000);
    const purged: Record<string, number> = {};
    for (const p of this.trash.all()) purged[p.entityType] = await this.deps.database.system((tx) => p.purge(tx, before));
    return purged;
  }
}
