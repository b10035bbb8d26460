import type { Tx } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { type Actor, authorize } from '../identity/index.js';
import { recordChanges } from '../platform/index.js';
import { recordContext } from './customer-access.js';
import { contactValues, customerValues } from './customer-record.js';
import { type ContactRow, type CustomerValues, insertContacts } from './customers.repository.js';
import type { CustomersService } from './customers.service.js';
import type { contacts } from './customers.tables.js';
import { type DemoContact, type DemoCustomer, demoCustomers } from './demo-data.js';

/** The most demo customers one API request makes; more come from `rapport demo`. */
export const MAX_DEMO_REQUEST = 5000;
/** Customers per insert: what one statement takes well within PostgreSQL's 65,535 parameters. */
export const DEMO_BATCH = 1000;

function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

const contactHistory = (c: ContactRow) => {
  const { nameKey: _k, namePinyin: _p, phoneNumbers: _n, emailAddresses: _e, ...rest } = c;
  return rest as Record<string, unknown>;
};

const isValidationError = (e: unknown) => e instanceof AppError && e.code === 'validation';

/** Demo data: realistic customers with contacts, for trying Rapport out and for benchmarks. */
export class DemoService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly collaborators: { customers: CustomersService },
  ) {}

  /** Up to MAX_DEMO_REQUEST customers with their contacts, in one transaction. */
  async createCustomers(actor: Actor, count: number, options: { seed?: number } = {}) {
    authorize(actor, 'admin.settings');
    if (count > MAX_DEMO_REQUEST) {
      throw new AppError('unprocessable', `At most ${MAX_DEMO_REQUEST} demo customers at once; use rapport demo for more.`, {
        reason: 'too_many_rows',
        params: { max: MAX_DEMO_REQUEST },
      });
    }
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      let created = 0;
      for (const batch of batches(demoCustomers(count, { seed: options.seed ?? Date.now() }), DEMO_BATCH))
        created += await this.insertBatch(tx, actor, batch);
      return { created };
    });
  }

  /** Any number of customers, each batch in a transaction of its own, reporting after each batch (the CLI). */
  async createCustomersInBatches(
    actor: Actor,
    count: number,
    options: { seed?: number; onProgress?: (done: number, created: number) => void } = {},
  ) {
    authorize(actor, 'admin.settings');
    let done = 0;
    let created = 0;
    for (const batch of batches(demoCustomers(count, { seed: options.seed ?? Date.now() }), DEMO_BATCH)) {
      created += await this.deps.database.withTenant(actor.tenantId, (tx) => this.insertBatch(tx, actor, batch));
      done += batch.length;
      options.onProgress?.(done, created);
    }
    return { created, skipped: done - created };
  }

  /**
   * Inserts one batch through the customers service (codes, audit entries, events) and then their
   * contacts. A generated record that the rules refuse is skipped rather than failing the batch.
   */
  private async insertBatch(tx: Tx, actor: Actor, batch: DemoCustomer[]): Promise<number> {
    const ctx = await recordContext(tx, actor.tenantId);
    // Demo customers carry no custom values, so a tenant's required custom fields would refuse every one.
    const demoCtx = { ...ctx, customFields: [] };
    const accepted: { values: CustomerValues; contacts: DemoContact[] }[] = [];
    for (const { contacts: people, duplicateOf: _duplicateOf, ...input } of batch) {
      try {
        const values = customerValues(input, demoCtx);
        values.ownerId = actor.userId;
        if (actor.orgUnitId) values.branchId = actor.orgUnitId;
        accepted.push({ values, contacts: people });
      } catch (e) {
        if (!isValidationError(e)) throw e;
      }
    }
    const rows = await this.collaborators.customers.insertMany(
      tx,
      actor,
      accepted.map((a) => a.values),
    );
    // Codes are handed out in the order of the list, so they pair each row with what it was made from.
    rows.sort((a, b) => Number(a.code.slice(1)) - Number(b.code.slice(1)));
    const now = this.deps.clock.now();
    const contactRows: (typeof contacts.$inferInsert)[] = [];
    rows.forEach((row, i) =>
      accepted[i]!.contacts.forEach((person, position) => {
        try {
          const values = contactValues(person, ctx.region) as Omit<typeof contacts.$inferInsert, 'tenantId' | 'id' | 'customerId'>;
          contactRows.push({
            ...values,
            tenantId: actor.tenantId,
            id: newId(),
            customerId: row.id,
            isPrimary: position === 0,
            createdAt: now,
            updatedAt: now,
          });
        } catch (e) {
          if (!isValidationError(e)) throw e;
        }
      }),
    );
    for (const chunk of batches(contactRows, DEMO_BATCH)) {
      const inserted = await insertContacts(tx, chunk);
      await recordChanges(
        tx,
        actor.tenantId,
        actor,
        inserted.map((c) => ({
          entityType: 'contact',
          entityId: c.id,
          action: 'created',
          after: contactHistory(c),
          payload: { customerId: c.customerId },
        })),
        now,
      );
    }
    return rows.length;
  }
}
