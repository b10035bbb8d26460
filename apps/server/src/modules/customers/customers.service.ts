import type { Tx } from '../../db/client.js';
import { AppError, fieldError, staleVersion } from '../../http/errors.js';
import { decodeCursor, encodeCursor, type PageQuery } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { type Actor, authorize, can, findOrgUnit, findUser, namesByIds } from '../identity/index.js';
import { listAudit, recordChange, recordChanges, type SearchRegistry, takeNumbers, type TrashRegistry } from '../platform/index.js';
import { covers, customerNotFound, optionalVisibility, recordContext, visibilityFor } from './customer-access.js';
import { type ExportLocale, exportHeader, exportValue, fieldCatalogue } from './customer-fields.js';
import { customerCode, customerValues, phoneTailsOf, searchTextOf, withSearchColumns } from './customer-record.js';
import * as repo from './customers.repository.js';
import type { CustomerWithNames, FilterSpec, SortKey, Visibility } from './customers.repository.js';
import type { BulkBody, CustomerFilter, CustomerInput, CustomerPatch, DuplicateReason } from './customers.schemas.js';
import { PROFILE_KEYS } from './customers.tables.js';
import { BLOCK_LIMIT, duplicateReasons, duplicateScore } from './duplicate-rules.js';
import type { MergeHookRegistry } from './merge-hooks.js';
import { nameKeys, normaliseEmail, normaliseText, phoneQueryDigits, toSimplified } from './normalise.js';

/** Fields only holders of customers.sensitive see or change (DESIGN §5). */
export const SENSITIVE_FIELDS = ['bankAccount', 'creditLimit', 'paymentRecord'] as const;
/** Bulk actions and exports over "all matches" stop here; larger jobs belong to the CLI. */
export const MAX_BULK = 100_000;
const ENTITY = 'customer';
/** What a new customer holds where its values say nothing: the table's defaults, written out. */
const NEW_CUSTOMER: Omit<
  repo.CustomerRow,
  'tenantId' | 'id' | 'code' | 'kind' | 'name' | 'nameEntered' | 'nameKey' | 'createdAt' | 'updatedAt'
> = {
  namePinyin: '',
  nameInitials: '',
  gender: null,
  birthday: null,
  website: null,
  phones: [],
  emails: [],
  phoneNumbers: [],
  emailAddresses: [],
  address: null,
  deliveryAddress: null,
  invoiceAddress: null,
  country: null,
  province: null,
  city: null,
  externalCodes: {},
  externalKeys: [],
  industry: null,
  customerType: null,
  source: null,
  purchaseClass: null,
  tier: null,
  tags: [],
  ownerId: null,
  branchId: null,
  currency: null,
  paymentTerms: null,
  discountTerms: null,
  taxRule: null,
  commissionCode: null,
  quotationNotes: null,
  bankAccount: null,
  creditLimit: null,
  paymentRecord: null,
  profile: {},
  custom: {},
  notes: null,
  searchText: '',
  phoneTails: [],
  mergedInto: null,
  importId: null,
  createdBy: null,
  version: 1,
  deletedAt: null,
};
const EXPORT_PAGE = 1000;

const emptyProfile = () => Object.fromEntries(PROFILE_KEYS.map((k) => [k, null])) as Record<(typeof PROFILE_KEYS)[number], null>;

/** A customer as the API shows it; sensitive fields are absent unless `sensitive`. */
export function publicCustomer(r: CustomerWithNames, sensitive: boolean) {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    name: r.name,
    nameEntered: r.nameEntered,
    gender: r.gender,
    birthday: r.birthday,
    website: r.website,
    phones: r.phones,
    emails: r.emails,
    address: r.address,
    deliveryAddress: r.deliveryAddress,
    invoiceAddress: r.invoiceAddress,
    externalCodes: r.externalCodes,
    industry: r.industry,
    customerType: r.customerType,
    source: r.source,
    purchaseClass: r.purchaseClass,
    tier: r.tier,
    tags: r.tags,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    branchId: r.branchId,
    branchName: r.branchName,
    currency: r.currency,
    paymentTerms: r.paymentTerms,
    discountTerms: r.discountTerms,
    taxRule: r.taxRule,
    commissionCode: r.commissionCode,
    quotationNotes: r.quotationNotes,
    ...(sensitive ? { bankAccount: r.bankAccount, creditLimit: r.creditLimit, paymentRecord: r.paymentRecord } : {}),
    profile: { ...emptyProfile(), ...r.profile },
    custom: r.custom,
    notes: r.notes,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}
export type PublicCustomer = ReturnType<typeof publicCustomer>;

/** What the audit log and events keep of a customer: its user-facing fields, not the derived columns. */
export function historyOf(r: repo.CustomerRow) {
  const {
    searchText: _s,
    phoneTails: _t,
    nameKey: _k,
    namePinyin: _p,
    nameInitials: _i,
    phoneNumbers: _pn,
    emailAddresses: _e,
    externalKeys: _x,
    ...rest
  } = r;
  const {
    ownerName: _o,
    branchName: _b,
    sortKey: _sk,
    ...plain
  } = rest as typeof rest & { ownerName?: unknown; branchName?: unknown; sortKey?: unknown };
  return plain as Record<string, unknown>;
}

const summary = (r: CustomerWithNames) => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  phones: r.phones,
  emails: r.emails,
  city: r.city,
  ownerName: r.ownerName,
});

/** The customer master file (CUST-1 … CUST-8): records, search, lists, hand-overs and bulk work. */
export class CustomersService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly collaborators: { trash: TrashRegistry; search: SearchRegistry; mergeHooks: MergeHookRegistry },
  ) {
    collaborators.search.register({
      type: ENTITY,
      search: async (actor, q, limit) => {
        if (!can(actor, 'customers.read')) return [];
        const rows = await this.searchRows(actor, q, limit);
        return rows.map((r) => ({
          type: ENTITY,
          id: r.id,
          title: r.name,
          subtitle: [r.code, r.city ?? r.province].filter(Boolean).join(' · '),
          phone: r.phones[0] && { number: r.phones[0].number, entered: r.phones[0].entered, valid: r.phones[0].valid },
          url: `/customers/${r.id}`,
          score: r.score,
        }));
      },
    });
    collaborators.trash.register({
      entityType: ENTITY,
      permission: 'customers.delete',
      listDeleted: async (tx, tenantId) =>
        (await repo.listDeletedCustomers(tx, tenantId)).map((c) => ({ id: c.id, label: `${c.code} ${c.name}`, deletedAt: c.deletedAt! })),
      restore: async (tx, tenantId, id) => {
        const row = await repo.findCustomer(tx, tenantId, id);
        if (!row?.deletedAt || row.mergedInto) return undefined;
        const restored = await repo.updateCustomer(tx, tenantId, id, undefined, { deletedAt: null });
        return restored ? historyOf(restored) : undefined;
      },
      purge: async (tx, before) => (await repo.purgeCustomers(tx, before)).length,
    });
    collaborators.mergeHooks.register({
      name: 'contacts',
      move: (tx, tenantId, fromId, toId) => repo.moveContacts(tx, tenantId, [fromId], toId),
      moveBack: (tx, tenantId, ids, toId) => repo.setContactsCustomer(tx, tenantId, ids, toId),
    });
  }

  private get now() {
    return this.deps.clock.now();
  }

  private tx<T>(actor: Actor, work: (tx: Tx) => Promise<T>) {
    return this.deps.database.withTenant(actor.tenantId, work);
  }

  /** Searches and filtered lists: index-backed reads, filtered by tenant in every query (see Database.readTenant). */
  private read<T>(actor: Actor, work: (tx: Tx) => Promise<T>) {
    return this.deps.database.readTenant(actor.tenantId, work);
  }

  private async canSeeSensitive(tx: Tx, actor: Actor) {
    return optionalVisibility(tx, actor, 'customers.sensitive');
  }

  // --- reading -----------------------------------------------------------------------------

  /** A customer the actor may read; 404 (not 403) otherwise, so ids of others' customers tell nothing. */
  async getRow(tx: Tx, actor: Actor, id: string, permission = 'customers.read') {
    const visibility = await visibilityFor(tx, actor, permission);
    const row = await repo.findCustomer(tx, actor.tenantId, id);
    if (!row || row.deletedAt || row.mergedInto || !covers(visibility, row)) throw customerNotFound();
    return row;
  }

  async get(actor: Actor, id: string) {
    return this.tx(actor, async (tx) => {
      const row = await this.getRow(tx, actor, id);
      return publicCustomer(row, covers(await this.canSeeSensitive(tx, actor), row));
    });
  }

  /** Turns the query's filters into conditions, resolving `me` and custom fields. */
  async filterSpec(tx: Tx, actor: Actor, f: Partial<CustomerFilter>, ids?: string[]): Promise<FilterSpec> {
    const custom: FilterSpec['custom'] = [];
    // The custom-field definitions are read only when a filter names one: most lists do not.
    const ctx = Object.keys(f).some((k) => k.startsWith('cf.')) ? await recordContext(tx, actor.tenantId) : { customFields: [] };
    for (const [key, value] of Object.entries(f)) {
      if (!key.startsWith('cf.') || typeof value !== 'string' || !value) continue;
      const field = ctx.customFields.find((c) => c.key === key.slice(3));
      if (!field)
        throw fieldError(key, 'custom_field_invalid', `There is no custom field "${key.slice(3)}".`, { params: { field: key.slice(3) } });
      custom.push({ key: field.key, type: field.type, value });
    }
    const date = (v: string | undefined) => (v ? new Date(v) : undefined);
    return {
      kind: f.kind,
      tiers: f.tier,
      purchaseClasses: f.purchaseClass,
      industry: f.industry,
      customerType: f.customerType,
      source: f.source,
      country: f.country,
      province: f.province,
      city: f.city,
      ownerId: f.ownerId === 'me' ? actor.userId : f.ownerId === 'none' ? null : f.ownerId,
      branchId: f.branchId,
      tags: f.tag,
      createdFrom: date(f.createdFrom),
      createdTo: date(f.createdTo),
      updatedFrom: date(f.updatedFrom),
      updatedTo: date(f.updatedTo),
      custom,
      ids,
    };
  }

  async list(actor: Actor, filter: CustomerFilter & { sort?: string }, page: PageQuery) {
    return this.read(actor, async (tx) => {
      const visibility = await visibilityFor(tx, actor, 'customers.read');
      const sensitive = await this.canSeeSensitive(tx, actor);
      const spec = await this.filterSpec(tx, actor, filter);
      const where = [repo.visibleTo(visibility), ...repo.filterConditions(spec)];
      if (filter.q?.trim()) {
        // Search answers the best matches, ranked; more pages of "best" would only repeat weaker ones.
        const rows = await repo.searchCustomers(tx, actor.tenantId, searchTerms(filter.q), page.limit, where);
        return { data: rows.map((r) => publicCustomer(r, covers(sensitive, r))), nextCursor: null };
      }
      const sortText = filter.sort ?? '-updatedAt';
      const descending = sortText.startsWith('-');
      const sort = sortText.replace(/^-/, '') as SortKey;
      const after = decodeCursor(page.cursor, 2) as [string | null, string] | undefined;
      const rows = await repo.listCustomers(tx, actor.tenantId, { where, sort, descending, after, limit: page.limit });
      const more = rows.length > page.limit;
      const data = more ? rows.slice(0, page.limit) : rows;
      const last = data.at(-1);
      return {
        data: data.map((r) => publicCustomer(r, covers(sensitive, r))),
        nextCursor: more && last ? encodeCursor([last.sortKey, last.id]) : null,
      };
    });
  }

  private async searchRows(actor: Actor, q: string, limit: number) {
    return this.read(actor, async (tx) => {
      const visibility = await visibilityFor(tx, actor, 'customers.read');
      return repo.searchCustomers(tx, actor.tenantId, searchTerms(q), limit, [repo.visibleTo(visibility)]);
    });
  }

  /** The customer's field history from the audit log (CUST-7); sensitive values masked without the permission. */
  async history(actor: Actor, id: string, page: PageQuery) {
    return this.tx(actor, async (tx) => {
      const row = await this.getRow(tx, actor, id);
      const sensitive = covers(await this.canSeeSensitive(tx, actor), row);
      const [beforeId] = (decodeCursor(page.cursor, 1) ?? []) as [string?];
      const rows = await listAudit(tx, actor.tenantId, { entityType: ENTITY, entityId: id, beforeId, limit: page.limit });
      const more = rows.length > page.limit;
      const data = more ? rows.slice(0, page.limit) : rows;
      // Owners and branches are stored as ids; readers who may not list users still see their names.
      const idsOf = (changes: Record<string, { old: unknown; new: unknown }>) =>
        ['ownerId', 'branchId'].flatMap((f) => [changes[f]?.old, changes[f]?.new]).filter((v): v is string => typeof v === 'string');
      const names = await namesByIds(tx, actor.tenantId, [...new Set(data.flatMap((r) => idsOf(r.changes)))]);
      return {
        data: data.map((r) => ({
          names: Object.fromEntries(idsOf(r.changes).map((id) => [id, names.get(id) ?? id])),
          id: r.id,
          at: r.at.toISOString(),
          actorLabel: r.actorLabel,
          action: r.action,
          changes: sensitive
            ? r.changes
            : Object.fromEntries(
                Object.entries(r.changes).map(([k, c]) => [
                  k,
                  (SENSITIVE_FIELDS as readonly string[]).includes(k) ? { old: '***', new: '***' } : c,
                ]),
              ),
        })),
        nextCursor: more && data.at(-1) ? encodeCursor([data.at(-1)!.id]) : null,
      };
    });
  }

  async handovers(actor: Actor, id: string) {
    return this.tx(actor, async (tx) => {
      await this.getRow(tx, actor, id);
      const rows = await repo.listHandovers(tx, actor.tenantId, id);
      return {
        data: rows.map((h) => ({
          id: h.id,
          at: new Date(h.at).toISOString(),
          actorLabel: h.actor_label,
          fromOwnerName: h.from_owner,
          toOwnerName: h.to_owner,
          fromBranchName: h.from_branch,
          toBranchName: h.to_branch,
          reason: h.reason,
        })),
      };
    });
  }

  // --- duplicates on save ------------------------------------------------------------------

  /** Customers that look like the one being saved (CUST-5): shown before saving, best first. */
  async findLikelyDuplicates(tx: Tx, actor: Actor, values: repo.CustomerRow | Partial<repo.CustomerRow>, excludeId?: string) {
    const probe = {
      name: values.name ?? '',
      nameKey: values.nameKey ?? '',
      city: values.city ?? null,
      province: values.province ?? null,
      phoneNumbers: values.phoneNumbers ?? [],
      emailAddresses: values.emailAddresses ?? [],
      externalKeys: values.externalKeys ?? [],
    };
    const exact = await repo.findMatching(tx, actor.tenantId, {
      phones: probe.phoneNumbers,
      emails: probe.emailAddresses,
      externalKeys: probe.externalKeys,
      nameKey: probe.nameKey || undefined,
      excludeId,
    });
    const similar =
      probe.nameKey && probe.city ? await repo.findSimilarNames(tx, actor.tenantId, probe.nameKey, probe.city, excludeId) : [];
    const street = values.address?.street;
    const neighbours = probe.city && street ? await repo.findAtAddress(tx, actor.tenantId, probe.city, street, excludeId, BLOCK_LIMIT) : [];
    // An address shared by more customers than the scan compares (an office tower) says nothing, here as there.
    const atAddress = neighbours.length + 1 > BLOCK_LIMIT ? [] : neighbours;
    const sameAddress = new Set(atAddress.map((row) => row.id));
    const seen = new Map<string, { row: CustomerWithNames; reasons: DuplicateReason[] }>();
    const judge = (row: CustomerWithNames, similarity?: number) => {
      if (!seen.has(row.id))
        seen.set(row.id, { row, reasons: duplicateReasons(probe, row, { similarity, sameAddress: sameAddress.has(row.id) }) });
    };
    for (const row of exact) judge(row);
    for (const row of similar) judge(row, 0.5);
    for (const row of atAddress) judge(row);
    // Everyone may learn that a duplicate exists (or they would create it), but not see whose it is.
    const visibility = await optionalVisibility(tx, actor, 'customers.read');
    return [...seen.values()]
      .filter((c) => c.reasons.length > 0)
      .map((c) => ({
        customer: covers(visibility, c.row) ? summary(c.row) : { ...summary(c.row), phones: [], emails: [], ownerName: null },
        score: duplicateScore(c.reasons),
        reasons: c.reasons,
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
  }

  async duplicateCheck(actor: Actor, input: CustomerPatch & { excludeId?: string }) {
    authorize(actor, 'customers.read');
    const { excludeId, ...patch } = input;
    return this.read(actor, async (tx) => {
      const ctx = await recordContext(tx, actor.tenantId);
      const values = customerValues({ ...patch, custom: undefined }, { ...ctx, customFields: [] });
      if (values.custom) delete values.custom;
      return { data: await this.findLikelyDuplicates(tx, actor, values, excludeId) };
    });
  }

  // --- writing -------------------------------------------------------------------------------

  private assertSensitiveAllowed(actor: Actor, input: CustomerPatch, sensitive: Visibility | undefined, row?: repo.CustomerRow) {
    const touched = SENSITIVE_FIELDS.filter((f) => input[f] !== undefined);
    if (touched.length === 0) return;
    const allowed = row ? covers(sensitive, row) : sensitive !== undefined;
    if (!allowed) {
      throw new AppError('forbidden', `Changing ${touched.join(', ')} needs the permission customers.sensitive.`, {
        reason: 'sensitive_field_forbidden',
        params: { field: touched[0]! },
      });
    }
  }

  /** Owner and branch must exist; without wider scope, a rep's new customer is their own. */
  private async checkAssignment(tx: Tx, actor: Actor, values: repo.CustomerValues) {
    if (values.ownerId) {
      const owner = await findUser(tx, actor.tenantId, values.ownerId);
      if (!owner) throw fieldError('ownerId', 'owner_not_found', 'No such user to own the customer.', { code: 'unprocessable' });
    }
    if (values.branchId) {
      const unit = await findOrgUnit(tx, actor.tenantId, values.branchId);
      if (!unit || unit.deletedAt) throw fieldError('branchId', 'branch_not_found', 'No such branch or unit.', { code: 'unprocessable' });
    }
  }

  async create(actor: Actor, input: CustomerInput, options: { force?: boolean } = {}) {
    // Checked in a read transaction first, where the phone, email and name indexes serve the duplicate probe.
    const { values, sensitive } = await this.read(actor, async (tx) => {
      const create = await visibilityFor(tx, actor, 'customers.create');
      const sensitive = await this.canSeeSensitive(tx, actor);
      this.assertSensitiveAllowed(actor, input, sensitive);
      const ctx = await recordContext(tx, actor.tenantId);
      const values = customerValues(input, ctx);
      if (values.ownerId === undefined) values.ownerId = actor.userId;
      if (values.branchId === undefined && actor.orgUnitId) values.branchId = actor.orgUnitId;
      await this.checkAssignment(tx, actor, values);
      // A rep limited to their own customers cannot create one for somebody else and lose sight of it.
      if (!covers(create, { ownerId: values.ownerId ?? null, branchId: values.branchId ?? null })) {
        throw fieldError('ownerId', 'permission_denied', 'You may only create customers you will be able to see.', {
          code: 'forbidden',
          params: { permission: 'customers.create' },
        });
      }
      if (!options.force) {
        const duplicates = await this.findLikelyDuplicates(tx, actor, values);
        if (duplicates.some((d) => d.score >= 55)) {
          throw new AppError('conflict', 'This customer looks like one that exists already. Open it, or save with ?force=true.', {
            reason: 'likely_duplicates',
            duplicates,
          });
        }
      }
      return { values, sensitive };
    });
    return this.tx(actor, async (tx) => {
      const [row] = await this.insertMany(tx, actor, [values]);
      return publicCustomer({ ...row!, ...(await this.names(tx, actor.tenantId, row!)) }, covers(sensitive, row!));
    });
  }

  private async names(tx: Tx, tenantId: string, row: repo.CustomerRow) {
    const full = await repo.findCustomer(tx, tenantId, row.id);
    return { ownerName: full?.ownerName ?? null, branchName: full?.branchName ?? null };
  }

  /**
   * Inserts normalised customers with fresh codes, their audit entries and events, in the caller's
   * transaction (used by create, imports and demo data).
   */
  async insertMany(tx: Tx, actor: Actor, list: repo.CustomerValues[], extra: { importId?: string } = {}) {
    if (list.length === 0) return [];
    const first = await takeNumbers(tx, actor.tenantId, 'customer', list.length);
    const now = this.now;
    const rows = list.map((values, i): repo.CustomerRow => {
      const code = customerCode(first + i);
      const row: repo.CustomerRow = {
        ...NEW_CUSTOMER,
        ...(values as Partial<repo.CustomerRow>),
        tenantId: actor.tenantId,
        id: newId(),
        code,
        kind: values.kind!,
        name: values.name!,
        nameEntered: values.nameEntered!,
        nameKey: values.nameKey!,
        importId: extra.importId ?? null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
        version: 1,
        deletedAt: null,
        mergedInto: null,
      };
      row.searchText = searchTextOf(row);
      row.phoneTails = phoneTailsOf(row.phoneNumbers);
      return row;
    });
    await repo.insertCustomers(tx, rows);
    const inserted = rows;
    await recordChanges(
      tx,
      actor.tenantId,
      actor,
      inserted.map((r) => ({ entityType: ENTITY, entityId: r.id, action: 'created', after: historyOf(r) })),
      now,
    );
    return inserted;
  }

  async update(actor: Actor, id: string, patch: CustomerPatch, version?: number) {
    return this.tx(actor, async (tx) => {
      const before = await this.getRow(tx, actor, id, 'customers.update');
      const sensitive = await this.canSeeSensitive(tx, actor);
      this.assertSensitiveAllowed(actor, patch, sensitive, before);
      const ctx = await recordContext(tx, actor.tenantId);
      const values = customerValues(patch, ctx, before);
      await this.checkAssignment(tx, actor, values);
      const after = await this.applyUpdate(tx, actor, before, values, version);
      if (values.ownerId !== undefined || values.branchId !== undefined) await this.noteHandover(tx, actor, before, after, null);
      return publicCustomer({ ...after, ...(await this.names(tx, actor.tenantId, after)) }, covers(sensitive, after));
    });
  }

  /** Writes new values of a customer with its audit entry; 412 when `version` is stale. */
  async applyUpdate(tx: Tx, actor: Actor, before: repo.CustomerRow, values: repo.CustomerValues, version?: number, action = 'updated') {
    const after = await repo.updateCustomer(tx, actor.tenantId, before.id, version, withSearchColumns(values, before));
    if (!after) throw staleVersion('customer');
    await recordChange(
      tx,
      actor.tenantId,
      actor,
      { entityType: ENTITY, entityId: before.id, action, before: historyOf(before), after: historyOf(after) },
      this.now,
    );
    return after;
  }

  private async noteHandover(tx: Tx, actor: Actor, before: repo.CustomerRow, after: repo.CustomerRow, reason: string | null) {
    if (before.ownerId === after.ownerId && before.branchId === after.branchId) return;
    await repo.insertHandovers(tx, [
      {
        tenantId: actor.tenantId,
        id: newId(),
        customerId: before.id,
        fromOwnerId: before.ownerId,
        toOwnerId: after.ownerId,
        fromBranchId: before.branchId,
        toBranchId: after.branchId,
        reason,
        actorId: actor.userId,
        actorLabel: actor.label,
        at: this.now,
      },
    ]);
  }

  /** Hands a customer to another owner and/or branch, with a reason, on its hand-over history. */
  async handover(actor: Actor, id: string, body: { ownerId?: string | null; branchId?: string | null; reason?: string | null }) {
    return this.tx(actor, async (tx) => {
      const before = await this.getRow(tx, actor, id, 'customers.update');
      const values: repo.CustomerValues = {};
      if (body.ownerId !== undefined) values.ownerId = body.ownerId;
      if (body.branchId !== undefined) values.branchId = body.branchId;
      await this.checkAssignment(tx, actor, values);
      const sensitive = await this.canSeeSensitive(tx, actor);
      const unchanged =
        (values.ownerId === undefined || values.ownerId === before.ownerId) &&
        (values.branchId === undefined || values.branchId === before.branchId);
      if (unchanged) return publicCustomer(before, covers(sensitive, before));
      const after = await this.applyUpdate(tx, actor, before, values, undefined, 'handed_over');
      await this.noteHandover(tx, actor, before, after, body.reason ?? null);
      return publicCustomer({ ...after, ...(await this.names(tx, actor.tenantId, after)) }, covers(sensitive, after));
    });
  }

  async delete(actor: Actor, id: string, version?: number) {
    await this.tx(actor, async (tx) => {
      const before = await this.getRow(tx, actor, id, 'customers.delete');
      const after = await repo.updateCustomer(tx, actor.tenantId, id, version, { deletedAt: this.now });
      if (!after) throw staleVersion('customer');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: ENTITY, entityId: id, action: 'deleted', before: historyOf(before) },
        this.now,
      );
    });
  }

  // --- bulk ------------------------------------------------------------------------------------

  /** One action on a selection (ids) or on every customer matching a list filter. */
  async bulk(actor: Actor, body: BulkBody, filter?: CustomerFilter) {
    const permission = body.action === 'delete' ? 'customers.delete' : 'customers.update';
    if (!body.ids && !filter)
      throw new AppError('bad_request', 'Name the customers: ids, or a filter for all matches.', { reason: 'bulk_needs_selection' });
    return this.tx(actor, async (tx) => {
      const visibility = await visibilityFor(tx, actor, permission);
      const spec = await this.filterSpec(tx, actor, filter ?? {}, body.ids);
      const where = [repo.visibleTo(visibility), ...repo.filterConditions(spec)];
      if (filter?.q?.trim()) {
        const hits = await repo.searchCustomers(tx, actor.tenantId, searchTerms(filter.q), 200, where);
        where.push(repo.filterConditions({ custom: [], ids: hits.map((h) => h.id) })[0]);
      }
      const ids = await repo.matchingIds(tx, actor.tenantId, where, undefined, MAX_BULK + 1);
      if (ids.length > MAX_BULK) {
        throw new AppError('unprocessable', `At most ${MAX_BULK} customers at once; narrow the filter.`, {
          reason: 'too_many_rows',
          params: { max: MAX_BULK },
        });
      }
      const rows = await repo.findCustomersByIds(tx, actor.tenantId, ids);
      const now = this.now;
      if (body.action === 'assign') {
        const check: repo.CustomerValues = {};
        if (body.ownerId !== undefined) check.ownerId = body.ownerId;
        if (body.branchId !== undefined) check.branchId = body.branchId;
        await this.checkAssignment(tx, actor, check);
      }
      for (const before of rows) {
        const values: repo.CustomerValues = {};
        switch (body.action) {
          case 'assign':
            if (body.ownerId !== undefined) values.ownerId = body.ownerId;
            if (body.branchId !== undefined) values.branchId = body.branchId;
            break;
          case 'add_tags':
            values.tags = [...new Set([...before.tags, ...(body.tags ?? []).map(normaliseText)])];
            break;
          case 'remove_tags':
            values.tags = before.tags.filter((t) => !(body.tags ?? []).includes(t));
            break;
          case 'set_tier':
            values.tier = body.tier ?? null;
            break;
          case 'delete':
            values.deletedAt = now;
            break;
        }
        const after = await repo.updateCustomer(tx, actor.tenantId, before.id, undefined, withSearchColumns(values, before));
        if (!after) continue;
        await recordChange(
          tx,
          actor.tenantId,
          actor,
          {
            entityType: ENTITY,
            entityId: before.id,
            action: body.action === 'delete' ? 'deleted' : 'updated',
            before: historyOf(before),
            after: body.action === 'delete' ? undefined : historyOf(after),
          },
          now,
        );
        if (body.action === 'assign') await this.noteHandover(tx, actor, before, after, body.reason ?? null);
      }
      return { affected: rows.length };
    });
  }

  // --- fields and exports ------------------------------------------------------------------------

  /** The columns a user may list and export; sensitive ones only with their permission. */
  /** Export column headers in the reader's language; custom fields by their label. */
  async exportHeaders(actor: Actor, keys: string[], locale: ExportLocale) {
    return this.tx(actor, async (tx) => {
      const { customFields } = await recordContext(tx, actor.tenantId);
      return keys.map((key) => ({ key, header: exportHeader(key, locale, customFields) }));
    });
  }

  async fields(actor: Actor) {
    authorize(actor, 'customers.read');
    return this.tx(actor, async (tx) => {
      const { customFields } = await recordContext(tx, actor.tenantId);
      const sensitive = can(actor, 'customers.sensitive');
      return { data: fieldCatalogue(customFields).filter((f) => sensitive || !f.sensitive) };
    });
  }

  /**
   * Every customer of a filter or selection, as export rows, streamed in pages, each read in a
   * transaction of its own so that a long download never holds the database (CUST-6).
   */
  async *exportRows(
    actor: Actor,
    filter: CustomerFilter,
    ids: string[] | undefined,
    columns: string[],
    locale: ExportLocale = 'zh-CN',
  ): AsyncGenerator<Record<string, unknown>> {
    authorize(actor, 'customers.export');
    const catalogue = (await this.fields(actor)).data.map((f) => f.key);
    const unknown = columns.filter((c) => !catalogue.includes(c));
    if (unknown.length) throw fieldError('columns', 'invalid_values', `Unknown or forbidden columns: ${unknown.join(', ')}.`);
    let afterId: string | undefined;
    for (;;) {
      const page = await this.read(actor, async (tx) => {
        const visibility = await visibilityFor(tx, actor, 'customers.export');
        const sensitive = await this.canSeeSensitive(tx, actor);
        const spec = await this.filterSpec(tx, actor, filter, ids);
        const where = [repo.visibleTo(visibility), ...repo.filterConditions(spec)];
        if (filter.q?.trim()) {
          const hits = await repo.searchCustomers(tx, actor.tenantId, searchTerms(filter.q), 200, where);
          where.push(repo.filterConditions({ custom: [], ids: hits.map((h) => h.id) })[0]);
        }
        const pageIds = await repo.matchingIds(tx, actor.tenantId, where, afterId, EXPORT_PAGE);
        const rows = await repo.findCustomersByIds(tx, actor.tenantId, pageIds);
        rows.sort((a, b) => (a.id < b.id ? -1 : 1));
        return rows.map((r) => publicCustomer(r, covers(sensitive, r)));
      });
      for (const c of page) yield Object.fromEntries(columns.map((key) => [key, exportValue(c, key, locale)]));
      if (page.length < EXPORT_PAGE) return;
      afterId = page.at(-1)!.id;
    }
  }
}

/** How a search box's text is tried: as a code, a name (any script), pinyin or initials, phone digits, email. */
export function searchTerms(q: string): repo.SearchTerms {
  const text = normaliseText(q);
  const upper = text.toUpperCase();
  const key = nameKeys(text).key;
  const latin = /^[a-z\s']+$/i.test(text) ? text.toLowerCase().replace(/[\s']/g, '') : undefined;
  const email = text.includes('@') ? normaliseEmail(text).address : undefined;
  return {
    raw: text,
    code: /^C\d{1,}$/.test(upper) ? upper : undefined,
    key: key ? toSimplified(key) : undefined,
    latin,
    digits: phoneQueryDigits(text) ?? undefined,
    email,
  };
}
