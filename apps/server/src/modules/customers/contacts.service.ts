import type { Tx } from '../../db/client.js';
import { AppError, staleVersion } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import type { Actor } from '../identity/index.js';
import { recordChange, type TrashRegistry } from '../platform/index.js';
import { recordContext } from './customer-access.js';
import { contactValues } from './customer-record.js';
import * as repo from './customers.repository.js';
import type { ContactInput } from './customers.schemas.js';
import type { CustomersService } from './customers.service.js';

const ENTITY = 'contact';

export const publicContact = (c: repo.ContactRow) => ({
  id: c.id,
  customerId: c.customerId,
  name: c.name,
  title: c.title,
  role: c.role,
  influence: c.influence,
  phones: c.phones,
  emails: c.emails,
  isPrimary: c.isPrimary,
  birthday: c.birthday,
  notes: c.notes,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
  version: c.version,
});
const historyOf = (c: repo.ContactRow) => {
  const { nameKey: _k, namePinyin: _p, phoneNumbers: _n, emailAddresses: _e, ...rest } = c;
  return rest as Record<string, unknown>;
};
const notFound = () => new AppError('not_found', 'No such contact.', { reason: 'record_not_found' });

/** Contacts (CUST-2): the people at a customer, readable and writable with the customer's own permissions. */
export class ContactsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly customers: CustomersService,
    trash: TrashRegistry,
  ) {
    trash.register({
      entityType: ENTITY,
      permission: 'customers.delete',
      listDeleted: async (tx, tenantId) =>
        (await repo.listDeletedContacts(tx, tenantId)).map((c) => ({ id: c.id, label: c.name, deletedAt: c.deletedAt! })),
      restore: async (tx, tenantId, id) => {
        const row = await repo.findContact(tx, tenantId, id);
        if (!row?.deletedAt) return undefined;
        const restored = await repo.updateContact(tx, tenantId, id, undefined, { deletedAt: null });
        return restored ? historyOf(restored) : undefined;
      },
      purge: async (tx, before) => (await repo.purgeContacts(tx, before)).length,
    });
  }

  private tx<T>(actor: Actor, work: (tx: Tx) => Promise<T>) {
    return this.deps.database.withTenant(actor.tenantId, work);
  }

  /** A contact whose customer the actor may reach with `permission`. */
  private async contactRow(tx: Tx, actor: Actor, id: string, permission: string) {
    const contact = await repo.findContact(tx, actor.tenantId, id);
    if (!contact || contact.deletedAt) throw notFound();
    await this.customers.getRow(tx, actor, contact.customerId, permission).catch(() => {
      throw notFound();
    });
    return contact;
  }

  async list(actor: Actor, customerId: string) {
    return this.tx(actor, async (tx) => {
      await this.customers.getRow(tx, actor, customerId);
      const rows = await repo.listContacts(tx, actor.tenantId, [customerId]);
      return { data: rows.map(publicContact), nextCursor: null };
    });
  }

  async get(actor: Actor, id: string) {
    return this.tx(actor, async (tx) => publicContact(await this.contactRow(tx, actor, id, 'customers.read')));
  }

  async create(actor: Actor, customerId: string, input: ContactInput) {
    return this.tx(actor, async (tx) => {
      await this.customers.getRow(tx, actor, customerId, 'customers.update');
      const { region } = await recordContext(tx, actor.tenantId);
      const now = this.deps.clock.now();
      const values = contactValues(input, region);
      const [row] = await repo.insertContacts(tx, [
        {
          ...(values as object),
          tenantId: actor.tenantId,
          id: newId(),
          customerId,
          name: '',
          nameKey: '',
          createdAt: now,
          updatedAt: now,
          ...values,
        },
      ]);
      if (row!.isPrimary) await repo.clearPrimaryContact(tx, actor.tenantId, customerId, row!.id);
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: ENTITY, entityId: row!.id, action: 'created', after: historyOf(row!), payload: { customerId, title: row!.name } },
        now,
      );
      return publicContact(row!);
    });
  }

  async update(actor: Actor, id: string, patch: Partial<ContactInput>, version?: number) {
    return this.tx(actor, async (tx) => {
      const before = await this.contactRow(tx, actor, id, 'customers.update');
      const { region } = await recordContext(tx, actor.tenantId);
      const after = await repo.updateContact(tx, actor.tenantId, id, version, contactValues(patch, region));
      if (!after) throw staleVersion('contact');
      if (after.isPrimary && !before.isPrimary) await repo.clearPrimaryContact(tx, actor.tenantId, after.customerId, id);
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        {
          entityType: ENTITY,
          entityId: id,
          action: 'updated',
          before: historyOf(before),
          after: historyOf(after),
          payload: { customerId: after.customerId, title: after.name },
        },
        this.deps.clock.now(),
      );
      return publicContact(after);
    });
  }

  async delete(actor: Actor, id: string, version?: number) {
    await this.tx(actor, async (tx) => {
      const before = await this.contactRow(tx, actor, id, 'customers.update');
      const now = this.deps.clock.now();
      const after = await repo.updateContact(tx, actor.tenantId, id, version, { deletedAt: now });
      if (!after) throw staleVersion('contact');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        {
          entityType: ENTITY,
          entityId: id,
          action: 'deleted',
          before: historyOf(before),
          payload: { customerId: before.customerId, title: before.name },
        },
        now,
      );
    });
  }
}
