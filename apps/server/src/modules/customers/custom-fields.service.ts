import type { Tx } from '../../db/client.js';
import { AppError, fieldError, staleVersion } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { type Actor, authorize } from '../identity/index.js';
import { recordChange, type TrashRegistry } from '../platform/index.js';
import * as repo from './customers.repository.js';
import type { CustomFieldInput } from './customers.schemas.js';

const ENTITY = 'custom_field';
type Row = NonNullable<Awaited<ReturnType<typeof repo.findCustomField>>>;

const publicField = (f: Row) => ({
  id: f.id,
  key: f.key,
  label: f.label,
  type: f.type,
  options: f.options,
  required: f.required,
  position: f.position,
  version: f.version,
});
const notFound = () => new AppError('not_found', 'No such custom field.', { reason: 'record_not_found' });

/** User-defined customer fields (issue 3 item 3): admins define them; everyone who reads customers sees them. */
export class CustomFieldsService {
  constructor(
    private readonly deps: ServiceDeps,
    trash: TrashRegistry,
  ) {
    trash.register({
      entityType: ENTITY,
      permission: 'admin.settings',
      listDeleted: async (tx, tenantId) =>
        (await repo.listDeletedCustomFields(tx, tenantId)).map((f) => ({ id: f.id, label: f.label, deletedAt: f.deletedAt! })),
      restore: async (tx, tenantId, id) => {
        const row = await repo.findCustomField(tx, tenantId, id);
        return row?.deletedAt ? repo.updateCustomField(tx, tenantId, id, undefined, { deletedAt: null }) : undefined;
      },
      purge: async (tx, before) => (await repo.purgeCustomFields(tx, before)).length,
    });
  }

  private tx<T>(actor: Actor, work: (tx: Tx) => Promise<T>) {
    return this.deps.database.withTenant(actor.tenantId, work);
  }

  async list(actor: Actor) {
    authorize(actor, 'customers.read');
    return this.tx(actor, async (tx) => ({ data: (await repo.listCustomFields(tx, actor.tenantId)).map(publicField) }));
  }

  async create(actor: Actor, input: CustomFieldInput) {
    authorize(actor, 'admin.settings');
    return this.tx(actor, async (tx) => {
      if (await repo.findCustomFieldByKey(tx, actor.tenantId, input.key)) {
        throw fieldError('key', 'custom_field_key_taken', `A custom field "${input.key}" exists already (perhaps in the recycle bin).`, {
          code: 'conflict',
          params: { key: input.key },
        });
      }
      checkOptions(input.type, input.options);
      const now = this.deps.clock.now();
      const row = await repo.insertCustomField(tx, {
        tenantId: actor.tenantId,
        id: newId(),
        key: input.key,
        label: input.label,
        type: input.type,
        options: [...new Set(input.options ?? [])],
        required: input.required ?? false,
        position: input.position ?? 0,
        createdAt: now,
        updatedAt: now,
      });
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: ENTITY, entityId: row!.id, action: 'created', after: publicField(row!) },
        now,
      );
      return publicField(row!);
    });
  }

  async update(actor: Actor, id: string, patch: Partial<Omit<CustomFieldInput, 'key' | 'type'>>, version?: number) {
    authorize(actor, 'admin.settings');
    return this.tx(actor, async (tx) => {
      const before = await repo.findCustomField(tx, actor.tenantId, id);
      if (!before || before.deletedAt) throw notFound();
      if (patch.options) checkOptions(before.type, patch.options);
      const after = await repo.updateCustomField(tx, actor.tenantId, id, version, {
        ...patch,
        ...(patch.options ? { options: [...new Set(patch.options)] } : {}),
      });
      if (!after) throw staleVersion('custom field');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: ENTITY, entityId: id, action: 'updated', before: publicField(before), after: publicField(after) },
        this.deps.clock.now(),
      );
      return publicField(after);
    });
  }

  /** To the recycle bin; the values stay on the customers and come back with the field. */
  async delete(actor: Actor, id: string, version?: number) {
    authorize(actor, 'admin.settings');
    await this.tx(actor, async (tx) => {
      const before = await repo.findCustomField(tx, actor.tenantId, id);
      if (!before || before.deletedAt) throw notFound();
      const now = this.deps.clock.now();
      if (!(await repo.updateCustomField(tx, actor.tenantId, id, version, { deletedAt: now }))) throw staleVersion('custom field');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: ENTITY, entityId: id, action: 'deleted', before: publicField(before) },
        now,
      );
    });
  }
}

function checkOptions(type: string, options: string[] | undefined) {
  if ((type === 'choice' || type === 'multi_choice') && !options?.length) {
    throw fieldError('options', 'custom_field_invalid', 'A choice field needs at least one option.', {
      code: 'unprocessable',
      params: { field: 'options' },
    });
  }
}
