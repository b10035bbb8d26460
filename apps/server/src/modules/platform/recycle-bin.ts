import type { Tx } from '../../db/client.js';

/** One kind of record that goes to the recycle bin when deleted. Modules register theirs. */
export type TrashProvider = {
  entityType: string;
  /** The permission needed to see and restore this kind. */
  permission: string;
  listDeleted(tx: Tx, tenantId: string): Promise<{ id: string; label: string; deletedAt: Date }[]>;
  restore(tx: Tx, tenantId: string, id: string): Promise<Record<string, unknown> | undefined>;
  /** Deletes for good what was deleted before `before`, in all tenants; returns how many. */
  purge(tx: Tx, before: Date): Promise<number>;
};

export class TrashRegistry {
  private readonly providers = new Map<string, TrashProvider>();
  register(provider: TrashProvider): void {
    this.providers.set(provider.entityType, provider);
  }
  get(entityType: string): TrashProvider | undefined {
    return this.providers.get(entityType);
  }
  all(): TrashProvider[] {
    return [...this.providers.values()];
  }
}
