import type { Tx } from '../../db/client.js';

/**
 * A module's part in a customer merge (CUST-5): it moves its records of the merged customers to
 * the survivor and says which it moved, and on undo it moves exactly those back. Later modules
 * (interactions, sales, support, marketing) register theirs, so the customers module never reads
 * their tables.
 */
export type MergeHook = {
  name: string;
  /** Moves records of `fromId` to `toId`; answers the ids moved. */
  move(tx: Tx, tenantId: string, fromId: string, toId: string): Promise<string[]>;
  /** Moves the records `ids` back to `toId` (their customer before the merge). */
  moveBack(tx: Tx, tenantId: string, ids: string[], toId: string): Promise<void>;
};

export class MergeHookRegistry {
  private readonly hooks = new Map<string, MergeHook>();
  register(hook: MergeHook): void {
    this.hooks.set(hook.name, hook);
  }
  get(name: string): MergeHook | undefined {
    return this.hooks.get(name);
  }
  all(): MergeHook[] {
    return [...this.hooks.values()];
  }
}
