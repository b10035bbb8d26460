import type { Tx } from '../../db/client.js';
import { AppError, fieldError, staleVersion } from '../../http/errors.js';
import { decodeCursor, encodeCursor, type PageQuery } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { type Actor, authorize } from '../identity/index.js';
import { type Change, recordChanges } from '../platform/index.js';
import { covers, optionalVisibility, visibilityFor } from './customer-access.js';
import { withSearchColumns } from './customer-record.js';
import { type CustomerRow, type CustomerValues, findCustomersByIds, updateCustomer } from './customers.repository.js';
import { type CustomersService, historyOf, SENSITIVE_FIELDS } from './customers.service.js';
import * as repo from './duplicates.repository.js';
import type { MergeHookRegistry } from './merge-hooks.js';

/** The fields a merge takes from one record or another, with the stored columns each carries (its derived ones too). */
export const MERGE_FIELDS = {
  kind: ['kind'],
  name: ['name', 'nameEntered', 'nameKey', 'namePinyin', 'nameInitials'],
  gender: ['gender'],
  birthday: ['birthday'],
  website: ['website'],
  phones: ['phones', 'phoneNumbers'],
  emails: ['emails', 'emailAddresses'],
  address: ['address', 'country', 'province', 'city'],
  deliveryAddress: ['deliveryAddress'],
  invoiceAddress: ['invoiceAddress'],
  externalCodes: ['externalCodes', 'externalKeys'],
  industry: ['industry'],
  customerType: ['customerType'],
  source: ['source'],
  purchaseClass: ['purchaseClass'],
  tier: ['tier'],
  tags: ['tags'],
  ownerId: ['ownerId'],
  branchId: ['branchId'],
  currency: ['currency'],
  paymentTerms: ['paymentTerms'],
  discountTerms: ['discountTerms'],
  taxRule: ['taxRule'],
  commissionCode: ['commissionCode'],
  quotationNotes: ['quotationNotes'],
  bankAccount: ['bankAccount'],
  creditLimit: ['creditLimit'],
  paymentRecord: ['paymentRecord'],
  profile: ['profile'],
  custom: ['custom'],
  notes: ['notes'],
} as const satisfies Record<string, readonly (keyof CustomerRow)[]>;
export type MergeField = keyof typeof MERGE_FIELDS;
export const MERGE_FIELD_NAMES = Object.keys(MERGE_FIELDS) as [MergeField, ...MergeField[]];
/** Fields that may take the value `'all'`: the union of every merged record's values instead of one record's. */
export const UNION_FIELDS = ['phones', 'emails', 'tags', 'externalCodes'] as const satisfies readonly MergeField[];
export const UNION = 'all';

export type MergeInput = {
  survivorId: string;
  mergedIds: string[];
  /** Per field, the customer whose value the survivor keeps, or `'all'` for a union field; unnamed fields keep the survivor's. */
  fields: Partial<Record<MergeField, string>>;
  /** The version of every customer involved as the caller saw it. */
  versions: Record<string, number>;
};

/** The survivor's merge columns before the merge, and its version then: the merge bumps it by exactly one. */
type SurvivorBefore = CustomerValues & { version: number };

const unique = <T>(values: T[]) => [...new Set(values)];
function uniqueBy<T>(values: T[], key: (v: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => !seen.has(key(v)) && !!seen.add(key(v)));
}

function columnsOf(row: CustomerRow, field: MergeField): CustomerValues {
  return Object.fromEntries(MERGE_FIELDS[field].map((column) => [column, row[column]]));
}

/**
 * Every record's values of a union field, the survivor's first. External codes stay matchable: a
 * second code of the same system is kept under `<system>_2`, rather than one code winning.
 */
function unionOf(field: (typeof UNION_FIELDS)[number], records: CustomerRow[]): CustomerValues {
  switch (field) {
    case 'phones':
      return {
        phones: uniqueBy(
          records.flatMap((r) => r.phones),
          (p) => p.number,
        ),
        phoneNumbers: unique(records.flatMap((r) => r.phoneNumbers)),
      };
    case 'emails':
      return {
        emails: uniqueBy(
          records.flatMap((r) => r.emails),
          (e) => e.address,
        ),
        emailAddresses: unique(records.flatMap((r) => r.emailAddresses)),
      };
    case 'tags':
      return { tags: unique(records.flatMap((r) => r.tags)) };
    case 'externalCodes': {
      const codes: Record<string, string> = {};
      for (const [system, code] of records.flatMap((r) => Object.entries(r.externalCodes))) {
        if (Object.values(codes).includes(code)) continue;
        let key = system;
        for (let n = 2; key in codes; n++) key = `${system}_${n}`;
        codes[key] = code;
      }
      return { externalCodes: codes, externalKeys: unique(Object.values(codes)) };
    }
  }
}

const isUnionField = (field: MergeField): field is (typeof UNION_FIELDS)[number] => (UNION_FIELDS as readonly string[]).includes(field);

export function publicMerge(m: repo.MergeRow) {
  return {
    id: m.id,
    survivorId: m.survivorId,
    mergedIds: m.mergedIds,
    at: m.at.toISOString(),
    actorLabel: m.actorLabel,
    undoneAt: m.undoneAt?.toISOString() ?? null,
    moved: Object.fromEntries(Object.entries(m.moved).map(([hook, byCustomer]) => [hook, Object.values(byCustomer).flat().length])),
  };
}

const mergeNotFound = () => new AppError('not_found', 'No such merge.', { reason: 'record_not_found' });
const ENTITY = 'customer';

/**
 * Merging duplicates into one survivor, field by field, and undoing it (CUST-5). The merged records
 * stay, hidden, with `merged_into` set; every merge hook moves its records to the survivor and the
 * ids moved are kept, so undo moves exactly those back.
 */
export class MergesService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly collaborators: { customers: CustomersService; mergeHooks: MergeHookRegistry },
  ) {}

  private get now() {
    return this.deps.clock.now();
  }

  private tx<T>(actor: Actor, work: (tx: Tx) => Promise<T>) {
    return this.deps.database.withTenant(actor.tenantId, work);
  }

  async merge(actor: Actor, input: MergeInput) {
    authorize(actor, 'customers.merge');
    const ids = [input.survivorId, ...input.mergedIds];
    if (input.mergedIds.length === 0 || new Set(ids).size !== ids.length) {
      throw new AppError('bad_request', 'Name a survivor and at least one other, different customer to merge into it.', {
        reason: 'merge_needs_two',
      });
    }
    return this.tx(actor, async (tx) => {
      const scope = await visibilityFor(tx, actor, 'customers.merge');
      const readable = await optionalVisibility(tx, actor, 'customers.read');
      const rows = new Map((await findCustomersByIds(tx, actor.tenantId, ids)).map((r) => [r.id, r]));
      for (const id of ids) {
        const row = rows.get(id);
        // A customer the actor cannot see is "missing", so that ids of others' customers tell nothing.
        if (!row || row.deletedAt || row.mergedInto || !(covers(readable, row) || covers(scope, row))) {
          throw new AppError('not_found', `Customer ${id} does not exist or is not yours to merge.`, {
            reason: 'merge_customer_missing',
            params: { id },
          });
        }
        if (!covers(scope, row)) {
          throw new AppError('forbidden', `Merging ${row.code} needs the permission customers.merge for it.`, {
            reason: 'permission_denied',
            params: { permission: 'customers.merge' },
          });
        }
        if (input.versions[id] === undefined)
          throw fieldError(`versions.${id}`, 'invalid_values', `Send the version of ${row.code} as you saw it.`);
        if (input.versions[id] !== row.version) throw staleVersion('customer');
      }
      const survivor = rows.get(input.survivorId)!;
      const merged = input.mergedIds.map((id) => rows.get(id)!);
      const values = await this.chosenValues(tx, actor, input, survivor, merged);

      const now = this.now;
      const mergeId = newId();
      const after = await updateCustomer(tx, actor.tenantId, survivor.id, input.versions[survivor.id], withSearchColumns(values, survivor));
      if (!after) throw staleVersion('customer');
      const changes: Change[] = [
        {
          entityType: ENTITY,
          entityId: survivor.id,
          action: 'merged',
          before: { ...historyOf(survivor), mergedIds: null },
          after: { ...historyOf(after), mergedIds: input.mergedIds },
          payload: { mergeId, mergedIds: input.mergedIds },
        },
      ];
      // Always in id order, so two merges over the same customers lock them in the same order.
      for (const row of [...merged].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const folded = await updateCustomer(tx, actor.tenantId, row.id, input.versions[row.id], { mergedInto: survivor.id });
        if (!folded) throw staleVersion('customer');
        changes.push({
          entityType: ENTITY,
          entityId: row.id,
          action: 'merged_into',
          before: historyOf(row),
          after: historyOf(folded),
          payload: { mergeId, survivorId: survivor.id },
        });
      }
      const moved: Record<string, Record<string, string[]>> = {};
      for (const hook of this.collaborators.mergeHooks.all()) {
        moved[hook.name] = {};
        for (const row of merged) {
          const ids = await hook.move(tx, actor.tenantId, row.id, survivor.id);
          if (ids.length) moved[hook.name]![row.id] = ids;
        }
      }
      const before: SurvivorBefore = { version: survivor.version };
      for (const field of Object.keys(MERGE_FIELDS) as MergeField[]) Object.assign(before, columnsOf(survivor, field));
      const closedGroupIds = await repo.closeMergedGroups(tx, actor.tenantId, input.mergedIds);
      const record = await repo.insertMerge(tx, {
        tenantId: actor.tenantId,
        id: mergeId,
        survivorId: survivor.id,
        mergedIds: input.mergedIds,
        survivorBefore: before,
        moved,
        closedGroupIds,
        actorId: actor.userId,
        actorLabel: actor.label,
        at: now,
      });
      await recordChanges(tx, actor.tenantId, actor, changes, now);
      return publicMerge(record);
    });
  }

  /** The survivor's new values: per field, the chosen record's (or the union); a sensitive value from another record needs customers.sensitive. */
  private async chosenValues(tx: Tx, actor: Actor, input: MergeInput, survivor: CustomerRow, merged: CustomerRow[]) {
    const all = [survivor, ...merged];
    const values: CustomerValues = {};
    let sensitive: Awaited<ReturnType<typeof optionalVisibility>> | null = null;
    for (const [field, choice] of Object.entries(input.fields) as [MergeField, string][]) {
      if (choice === survivor.id) continue;
      if (choice === UNION) {
        if (!isUnionField(field)) {
          throw fieldError(`fields.${field}`, 'invalid_values', `Only ${UNION_FIELDS.join(', ')} can take the values of all records.`);
        }
        Object.assign(values, unionOf(field, all));
        continue;
      }
      const source = merged.find((r) => r.id === choice);
      if (!source)
        throw fieldError(`fields.${field}`, 'invalid_values', `Choose the value of one of the customers being merged, or "${UNION}".`);
      if ((SENSITIVE_FIELDS as readonly string[]).includes(field)) {
        sensitive ??= await optionalVisibility(tx, actor, 'customers.sensitive');
        if (!covers(sensitive, survivor) || !covers(sensitive, source)) {
          throw new AppError('forbidden', `Taking ${field} from another customer needs the permission customers.sensitive.`, {
            reason: 'sensitive_field_forbidden',
            params: { field },
          });
        }
      }
      Object.assign(values, columnsOf(source, field));
    }
    return values;
  }

  /**
   * Undoes a merge: the survivor gets its fields back, the merged customers reappear, every hook's
   * records go back, and the duplicate groups the merge closed are open again. Refused when the
   * survivor changed after the merge (that change would be lost) unless `force`.
   */
  async undo(actor: Actor, id: string, options: { force?: boolean } = {}) {
    return this.tx(actor, async (tx) => {
      const scope = await visibilityFor(tx, actor, 'customers.merge');
      const merge = await repo.findMerge(tx, actor.tenantId, id);
      if (!merge) throw mergeNotFound();
      const rows = new Map((await findCustomersByIds(tx, actor.tenantId, [merge.survivorId, ...merge.mergedIds])).map((r) => [r.id, r]));
      const survivor = rows.get(merge.survivorId);
      if (!survivor || [...rows.values()].some((r) => !covers(scope, r))) throw mergeNotFound();
      if (merge.undoneAt) throw new AppError('conflict', 'This merge has been undone already.', { reason: 'merge_already_undone' });
      const { version: versionBefore, ...restore } = merge.survivorBefore as SurvivorBefore;
      if (survivor.version !== versionBefore + 1 && !options.force) {
        throw new AppError(
          'conflict',
          `${survivor.code} changed after the merge; undoing it would lose those changes. Undo with ?force=true to restore it as it was before the merge anyway.`,
          { reason: 'merge_survivor_changed', params: { code: survivor.code } },
        );
      }
      const now = this.now;
      const restored = await updateCustomer(tx, actor.tenantId, survivor.id, survivor.version, withSearchColumns(restore, survivor));
      if (!restored) throw staleVersion('customer');
      const changes: Change[] = [
        {
          entityType: ENTITY,
          entityId: survivor.id,
          action: 'unmerged',
          before: { ...historyOf(survivor), mergedIds: merge.mergedIds },
          after: { ...historyOf(restored), mergedIds: null },
          payload: { mergeId: merge.id, mergedIds: merge.mergedIds },
        },
      ];
      for (const mergedId of [...merge.mergedIds].sort()) {
        const row = rows.get(mergedId)!;
        const back = await updateCustomer(tx, actor.tenantId, mergedId, row.version, { mergedInto: null });
        if (!back) throw staleVersion('customer');
        changes.push({
          entityType: ENTITY,
          entityId: mergedId,
          action: 'unmerged',
          before: historyOf(row),
          after: historyOf(back),
          payload: { mergeId: merge.id, survivorId: survivor.id },
        });
      }
      for (const [name, byCustomer] of Object.entries(merge.moved)) {
        // A merge hook that has gone away would leave its records with the survivor: refuse rather than undo half.
        const hook = this.collaborators.mergeHooks.get(name);
        if (!hook) throw new Error(`The merge hook "${name}" that moved records in this merge is not registered.`);
        for (const [customerId, movedIds] of Object.entries(byCustomer)) await hook.moveBack(tx, actor.tenantId, movedIds, customerId);
      }
      // The merged customers are back, so the groups that offered them are again a question to answer.
      await repo.reopenMergedGroups(tx, actor.tenantId, merge.closedGroupIds);
      await recordChanges(tx, actor.tenantId, actor, changes, now);
      const undone = await repo.markMergeUndone(tx, actor.tenantId, merge.id, now);
      if (!undone) throw new AppError('conflict', 'This merge has been undone already.', { reason: 'merge_already_undone' });
      return publicMerge(undone);
    });
  }

  /** Merges newest first: of one customer (which the actor may read), or all those whose survivor the actor may merge. */
  async list(actor: Actor, filter: { customerId?: string }, page: PageQuery) {
    return this.tx(actor, async (tx) => {
      const scope = filter.customerId
        ? (await this.collaborators.customers.getRow(tx, actor, filter.customerId), { all: true as const })
        : await visibilityFor(tx, actor, 'customers.merge');
      const [beforeId] = (decodeCursor(page.cursor, 1) ?? []) as [string?];
      const rows = await repo.listMerges(tx, actor.tenantId, { customerId: filter.customerId, scope }, beforeId, page.limit);
      const more = rows.length > page.limit;
      const data = more ? rows.slice(0, page.limit) : rows;
      return { data: data.map(publicMerge), nextCursor: more && data.at(-1) ? encodeCursor([data.at(-1)!.id]) : null };
    });
  }
}
