import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import { queryRows } from '../../db/client.js';
import { updateVersioned } from '../../db/versioned.js';
import { orgUnits, users } from '../identity/identity.tables.js';
import { isPhoneTail } from './customer-record.js';
import { addressKey, contacts, customerHandovers, customers, customerViews, customFields } from './customers.tables.js';

export type CustomerRow = typeof customers.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;
export type CustomerValues = Partial<typeof customers.$inferInsert>;
export type CustomerWithNames = CustomerRow & { ownerName: string | null; branchName: string | null };

/** Which customers an actor may see: all of them, or those owned by some users or placed in some units. */
export type Visibility = { all: true } | { all: false; ownerIds: string[]; unitIds: string[] };

const one = <T>(rows: T[]): T | undefined => rows[0];
/** `like` patterns from user text: %, _ and \ match themselves. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export function visibleTo(v: Visibility): SQL | undefined {
  if (v.all) return undefined;
  const conditions = [
    v.ownerIds.length ? inArray(customers.ownerId, v.ownerIds) : undefined,
    v.unitIds.length ? inArray(customers.branchId, v.unitIds) : undefined,
  ].filter((c) => c !== undefined);
  return conditions.length ? or(...conditions) : sql`false`;
}

/** Live customers: not deleted and not folded into another by a merge. */
const live = () => and(isNull(customers.deletedAt), isNull(customers.mergedInto));

const ownerUser = alias(users, 'owner_user');
const branchUnit = alias(orgUnits, 'branch_unit');
const withNames = () => ({ customer: customers, ownerName: ownerUser.name, branchName: branchUnit.name }) as const;
const flatten = (r: { customer: CustomerRow; ownerName: string | null; branchName: string | null }): CustomerWithNames => ({
  ...r.customer,
  ownerName: r.ownerName,
  branchName: r.branchName,
});

function selectWithNames(tx: Tx) {
  return tx
    .select(withNames())
    .from(customers)
    .leftJoin(ownerUser, and(eq(ownerUser.tenantId, customers.tenantId), eq(ownerUser.id, customers.ownerId)))
    .leftJoin(branchUnit, and(eq(branchUnit.tenantId, customers.tenantId), eq(branchUnit.id, customers.branchId)));
}

export const findCustomer = (tx: Tx, tenantId: string, id: string) =>
  selectWithNames(tx)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)))
    .then((rows) => rows.map(flatten)[0]);

export const findCustomersByIds = (tx: Tx, tenantId: string, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : selectWithNames(tx)
        .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids)))
        .then((rows) => rows.map(flatten));

/** Inserts complete rows (every default filled by the caller) without reading them back. */
export const insertCustomers = (tx: Tx, rows: CustomerRow[]) => bulkInsert(tx, customers, rows);

export const updateCustomer = (
  tx: Tx,
  tenantId: string,
  id: string,
  version: number | undefined,
  patch: Partial<typeof customers.$inferInsert>,
) => updateVersioned(tx, customers, tenantId, id, version, patch);

// --- lists ---------------------------------------------------------------------------------

export type SortKey = 'name' | 'code' | 'createdAt' | 'updatedAt' | 'tier';
export type ListSpec = {
  where: (SQL | undefined)[];
  sort: SortKey;
  descending: boolean;
  /** The sort value and id of the last row of the previous page. */
  after?: [string | null, string];
  limit: number;
};

const utcText = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** What each sort orders by; timestamps by their indexed column, and their cursor keeps microseconds. */
const SORTS: Record<SortKey, { order: SQL; key: SQL; typed: (v: string | null) => SQL }> = {
  name: { order: sql`${customers.nameKey}`, key: sql`${customers.nameKey}`, typed: (v) => sql`${v}` },
  code: { order: sql`${customers.code}`, key: sql`${customers.code}`, typed: (v) => sql`${v}` },
  createdAt: { order: sql`${customers.createdAt}`, key: utcText(sql`${customers.createdAt}`), typed: (v) => sql`${v}::timestamptz` },
  updatedAt: { order: sql`${customers.updatedAt}`, key: utcText(sql`${customers.updatedAt}`), typed: (v) => sql`${v}::timestamptz` },
  tier: {
    order: sql`case ${customers.tier} when 'key' then '1' when 'strategic' then '2' when 'general' then '3' else '4' end`,
    key: sql`case ${customers.tier} when 'key' then '1' when 'strategic' then '2' when 'general' then '3' else '4' end`,
    typed: (v) => sql`${v}`,
  },
};

/** A page of customers in the chosen order; each row carries its `sortKey` for the next cursor. */
export function listCustomers(tx: Tx, tenantId: string, spec: ListSpec) {
  const sort = SORTS[spec.sort];
  const cmp = spec.descending ? sql`<` : sql`>`;
  const afterCondition = spec.after
    ? sql`(${sort.order}, ${customers.id}) ${cmp} (${sort.typed(spec.after[0])}, ${spec.after[1]})`
    : undefined;
  const direction = spec.descending ? desc : asc;
  return tx
    .select({ ...withNames(), sortKey: sql<string | null>`${sort.key}` })
    .from(customers)
    .leftJoin(ownerUser, and(eq(ownerUser.tenantId, customers.tenantId), eq(ownerUser.id, customers.ownerId)))
    .leftJoin(branchUnit, and(eq(branchUnit.tenantId, customers.tenantId), eq(branchUnit.id, customers.branchId)))
    .where(and(eq(customers.tenantId, tenantId), live(), ...spec.where, afterCondition))
    .orderBy(direction(sort.order), direction(customers.id))
    .limit(spec.limit + 1)
    .then((rows) => rows.map((r) => ({ ...flatten(r), sortKey: r.sortKey })));
}

/** Ids of every matching customer, in id order, for bulk actions and exports on "all matches". */
export const matchingIds = (tx: Tx, tenantId: string, where: (SQL | undefined)[], afterId: string | undefined, limit: number) =>
  tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), live(), ...where, afterId ? gt(customers.id, afterId) : undefined))
    .orderBy(asc(customers.id))
    .limit(limit)
    .then((rows) => rows.map((r) => r.id));

export type SearchTerms = { code?: string; key?: string; latin?: string; digits?: string; email?: string; raw: string };
export type SearchRow = CustomerWithNames & { score: number };

/**
 * Search as you type: each way of matching is a separately limited, index-backed probe (exact
 * code, name prefix, pinyin and initials prefix, phone digits, email, external code, then any
 * fragment by trigram), so a common fragment cannot make one query walk a million rows.
 */
export async function searchCustomers(tx: Tx, tenantId: string, t: SearchTerms, limit: number, where: (SQL | undefined)[]) {
  const base = and(eq(customers.tenantId, tenantId), live(), ...where);
  /** `exactCode`: a hit ends the search. `fragment`: a trigram probe, run only when the page is still short. */
  const probes: { score: number; where: SQL | undefined; exactCode?: boolean; fragment?: boolean }[] = [];
  let codeFound = false;
  if (t.code) probes.push({ score: 100, where: eq(customers.code, t.code), exactCode: true });
  if (t.raw) probes.push({ score: 95, where: sql`${customers.externalKeys} @> array[${t.raw}]::text[]` });
  if (t.email) probes.push({ score: 95, where: sql`${customers.emailAddresses} @> array[${t.email}]::text[]` });
  if (t.key) {
    probes.push({ score: 90, where: eq(customers.nameKey, t.key) });
    probes.push({ score: 80, where: sql`${customers.nameKey} like ${likeEscape(t.key) + '%'}` });
  }
  if (t.latin) {
    probes.push({ score: 75, where: sql`${customers.nameInitials} like ${likeEscape(t.latin) + '%'}` });
    probes.push({ score: 70, where: sql`${customers.namePinyin} like ${likeEscape(t.latin) + '%'}` });
  }
  if (t.digits && isPhoneTail(t.digits)) {
    probes.push({ score: 65, where: sql`${customers.phoneTails} @> array[${t.digits}]::text[]` });
  } else if (t.digits) {
    probes.push({ score: 65, where: sql`${customers.searchText} like ${'%' + likeEscape(t.digits) + '%'}`, fragment: true });
  }
  const fragment = t.key ?? t.latin;
  if (fragment && [...fragment].length >= 3) {
    probes.push({ score: 50, where: sql`${customers.searchText} like ${'%' + likeEscape(fragment) + '%'}`, fragment: true });
  }
  const found = new Map<string, number>();
  for (const probe of probes) {
    // A fragment probe reads every row that has the fragment's trigrams, which for a common one is
    // much of the base: it runs only when the exact and prefix probes have not filled the page,
    // and never after an exact code.
    if (probe.fragment && (found.size >= limit || codeFound)) break;
    if (found.size >= limit * 2) break;
    const rows = await tx.select({ id: customers.id }).from(customers).where(and(base, probe.where)).limit(limit);
    for (const r of rows) if (!found.has(r.id)) found.set(r.id, probe.score);
    if (probe.exactCode && rows.length) codeFound = true;
  }
  const rows = await findCustomersByIds(tx, tenantId, [...found.keys()]);
  return rows
    .map((r): SearchRow => ({ ...r, score: found.get(r.id) ?? 0 }))
    .sort((a, b) => b.score - a.score || a.name.length - b.name.length || a.code.localeCompare(b.code))
    .slice(0, limit);
}

// --- matching (duplicates on save, imports) ------------------------------------------------

/** Live customers sharing any of these normalised phones, emails or external codes, or this name key. */
export function findMatching(
  tx: Tx,
  tenantId: string,
  m: { phones: string[]; emails: string[]; externalKeys: string[]; nameKey?: string; excludeId?: string },
  limit = 20,
) {
  const any = [
    m.phones.length ? sql`${customers.phoneNumbers} && ${toTextArray(m.phones)}` : undefined,
    m.emails.length ? sql`${customers.emailAddresses} && ${toTextArray(m.emails)}` : undefined,
    m.externalKeys.length ? sql`${customers.externalKeys} && ${toTextArray(m.externalKeys)}` : undefined,
    m.nameKey ? eq(customers.nameKey, m.nameKey) : undefined,
  ].filter((c) => c !== undefined);
  if (any.length === 0) return Promise.resolve([]);
  return selectWithNames(tx)
    .where(and(eq(customers.tenantId, tenantId), live(), or(...any), m.excludeId ? sql`${customers.id} <> ${m.excludeId}` : undefined))
    .limit(limit)
    .then((rows) => rows.map(flatten));
}

/** Customers whose name is similar (trigram) to `nameKey`, optionally in one city. */
export const findSimilarNames = (
  tx: Tx,
  tenantId: string,
  nameKey: string,
  city: string | null,
  excludeId: string | undefined,
  limit = 10,
) =>
  selectWithNames(tx)
    .where(
      and(
        eq(customers.tenantId, tenantId),
        live(),
        sql`${customers.searchText} % ${nameKey}`,
        sql`similarity(${customers.nameKey}, ${nameKey}) >= 0.5`,
        city ? eq(customers.city, city) : undefined,
        excludeId ? sql`${customers.id} <> ${excludeId}` : undefined,
      ),
    )
    .limit(limit)
    .then((rows) => rows.map(flatten));

/** Live customers at the address of `city` and `street`, as `addressKey` reads them (its index answers). */
export const findAtAddress = (tx: Tx, tenantId: string, city: string, street: string, excludeId: string | undefined, limit: number) =>
  selectWithNames(tx)
    .where(
      and(
        eq(customers.tenantId, tenantId),
        sql`${addressKey(customers.city, sql`${customers.address} ->> 'street'`)} = ${addressKey(sql`${city}::text`, sql`${street}::text`)}`,
        live(),
        excludeId ? sql`${customers.id} <> ${excludeId}` : undefined,
      ),
    )
    .limit(limit)
    .then((rows) => rows.map(flatten));

export const toTextArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

// --- recycle bin -----------------------------------------------------------------------------

/** The newest deletions only: a bin of a million rows is not a list anyone reads. */
export const listDeletedCustomers = (tx: Tx, tenantId: string, limit = 500) =>
  tx
    .select({ id: customers.id, code: customers.code, name: customers.name, deletedAt: customers.deletedAt })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), isNotNull(customers.deletedAt), isNull(customers.mergedInto)))
    .orderBy(desc(customers.deletedAt))
    .limit(limit);

/** Deletes for good what was deleted before `before`, with the records once merged into it (kept only for undo). */
export async function purgeCustomers(tx: Tx, before: Date) {
  const purged = await tx
    .delete(customers)
    .where(and(lt(customers.deletedAt, before), isNull(customers.mergedInto)))
    .returning({ tenantId: customers.tenantId, id: customers.id });
  for (const p of purged) {
    await tx.delete(customers).where(and(eq(customers.tenantId, p.tenantId), eq(customers.mergedInto, p.id)));
  }
  return purged;
}

// --- contacts --------------------------------------------------------------------------------

export const listContacts = (tx: Tx, tenantId: string, customerIds: string[]) =>
  customerIds.length === 0
    ? Promise.resolve([])
    : tx
        .select()
        .from(contacts)
        .where(and(eq(contacts.tenantId, tenantId), inArray(contacts.customerId, customerIds), isNull(contacts.deletedAt)))
        .orderBy(desc(contacts.isPrimary), asc(contacts.id));
export const findContact = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, id)))
    .then(one);
export const insertContacts = (tx: Tx, rows: (typeof contacts.$inferInsert)[]) => tx.insert(contacts).values(rows).returning();
export const updateContact = (
  tx: Tx,
  tenantId: string,
  id: string,
  version: number | undefined,
  patch: Partial<typeof contacts.$inferInsert>,
) => updateVersioned(tx, contacts, tenantId, id, version, patch);
/** Only one primary contact per customer. */
export const clearPrimaryContact = (tx: Tx, tenantId: string, customerId: string, exceptId: string) =>
  tx
    .update(contacts)
    .set({ isPrimary: false })
    .where(
      and(
        eq(contacts.tenantId, tenantId),
        eq(contacts.customerId, customerId),
        eq(contacts.isPrimary, true),
        sql`${contacts.id} <> ${exceptId}`,
      ),
    );
export const listDeletedContacts = (tx: Tx, tenantId: string, limit = 500) =>
  tx
    .select({ id: contacts.id, name: contacts.name, deletedAt: contacts.deletedAt })
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), isNotNull(contacts.deletedAt)))
    .orderBy(desc(contacts.deletedAt))
    .limit(limit);
export const purgeContacts = (tx: Tx, before: Date) =>
  tx.delete(contacts).where(lt(contacts.deletedAt, before)).returning({ id: contacts.id });
/** Moves contacts between customers (merges); answers the ids moved. */
export const moveContacts = (tx: Tx, tenantId: string, fromIds: string[], toId: string) =>
  tx
    .update(contacts)
    .set({ customerId: toId })
    .where(and(eq(contacts.tenantId, tenantId), inArray(contacts.customerId, fromIds)))
    .returning({ id: contacts.id })
    .then((rows) => rows.map((r) => r.id));
export const setContactsCustomer = async (tx: Tx, tenantId: string, ids: string[], customerId: string) => {
  if (ids.length)
    await tx
      .update(contacts)
      .set({ customerId })
      .where(and(eq(contacts.tenantId, tenantId), inArray(contacts.id, ids)));
};

// --- hand-overs --------------------------------------------------------------------------------

export const insertHandovers = (tx: Tx, rows: (typeof customerHandovers.$inferInsert)[]) =>
  rows.length ? tx.insert(customerHandovers).values(rows) : Promise.resolve();

export function listHandovers(tx: Tx, tenantId: string, customerId: string) {
  return queryRows<{
    id: string;
    at: string | Date;
    actor_label: string;
    reason: string | null;
    from_owner: string | null;
    to_owner: string | null;
    from_branch: string | null;
    to_branch: string | null;
  }>(
    tx,
    sql`select h.id, h.at, h.actor_label, h.reason, fo.name as from_owner, tow.name as to_owner, fb.name as from_branch, tb.name as to_branch
          from customer_handovers h
          left join users fo on fo.tenant_id = h.tenant_id and fo.id = h.from_owner_id
          left join users tow on tow.tenant_id = h.tenant_id and tow.id = h.to_owner_id
          left join org_units fb on fb.tenant_id = h.tenant_id and fb.id = h.from_branch_id
          left join org_units tb on tb.tenant_id = h.tenant_id and tb.id = h.to_branch_id
         where h.tenant_id = ${tenantId} and h.customer_id = ${customerId}
         order by h.at desc, h.id desc limit 200`,
  );
}

// --- custom fields -----------------------------------------------------------------------------

export const listCustomFields = (tx: Tx, tenantId: string) =>
  tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.tenantId, tenantId), isNull(customFields.deletedAt)))
    .orderBy(asc(customFields.position), asc(customFields.id));
export const findCustomField = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.tenantId, tenantId), eq(customFields.id, id)))
    .then(one);
export const findCustomFieldByKey = (tx: Tx, tenantId: string, key: string) =>
  tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.tenantId, tenantId), eq(customFields.key, key)))
    .then(one);
export const insertCustomField = (tx: Tx, row: typeof customFields.$inferInsert) =>
  tx.insert(customFields).values(row).returning().then(one);
export const updateCustomField = (
  tx: Tx,
  tenantId: string,
  id: string,
  version: number | undefined,
  patch: Partial<typeof customFields.$inferInsert>,
) => updateVersioned(tx, customFields, tenantId, id, version, patch);
export const listDeletedCustomFields = (tx: Tx, tenantId: string) =>
  tx
    .select()
    .from(customFields)
    .where(and(eq(customFields.tenantId, tenantId), isNotNull(customFields.deletedAt)));
export const purgeCustomFields = (tx: Tx, before: Date) =>
  tx.delete(customFields).where(lt(customFields.deletedAt, before)).returning({ id: customFields.id });

// --- views ---------------------------------------------------------------------------------------

export const listViews = (tx: Tx, tenantId: string, userId: string) =>
  tx
    .select()
    .from(customerViews)
    .where(and(eq(customerViews.tenantId, tenantId), or(eq(customerViews.ownerId, userId), eq(customerViews.shared, true))))
    .orderBy(asc(customerViews.name));
export const findView = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(customerViews)
    .where(and(eq(customerViews.tenantId, tenantId), eq(customerViews.id, id)))
    .then(one);
export const insertView = (tx: Tx, row: typeof customerViews.$inferInsert) => tx.insert(customerViews).values(row).returning().then(one);
export const updateView = (
  tx: Tx,
  tenantId: string,
  id: string,
  version: number | undefined,
  patch: Partial<typeof customerViews.$inferInsert>,
) => updateVersioned(tx, customerViews, tenantId, id, version, patch);
export const deleteView = (tx: Tx, tenantId: string, id: string) =>
  tx.delete(customerViews).where(and(eq(customerViews.tenantId, tenantId), eq(customerViews.id, id)));

// --- filters -------------------------------------------------------------------------------------

export type CustomFilter = { key: string; type: 'text' | 'number' | 'date' | 'choice' | 'multi_choice'; value: string };
export type FilterSpec = {
  kind?: string;
  tiers?: string[];
  purchaseClasses?: string[];
  industry?: string;
  customerType?: string;
  source?: string;
  country?: string;
  province?: string;
  city?: string;
  /** null: customers without an owner. */
  ownerId?: string | null;
  branchId?: string;
  tags?: string[];
  createdFrom?: Date;
  createdTo?: Date;
  updatedFrom?: Date;
  updatedTo?: Date;
  custom: CustomFilter[];
  ids?: string[];
};

/** The where-conditions of a list filter; every one is served by an index or narrows one that is. */
export function filterConditions(f: FilterSpec): (SQL | undefined)[] {
  const where: (SQL | undefined)[] = [];
  if (f.kind) where.push(eq(customers.kind, f.kind as CustomerRow['kind']));
  if (f.tiers?.length) where.push(inArray(customers.tier, f.tiers as NonNullable<CustomerRow['tier']>[]));
  if (f.purchaseClasses?.length)
    where.push(inArray(customers.purchaseClass, f.purchaseClasses as NonNullable<CustomerRow['purchaseClass']>[]));
  if (f.industry) where.push(eq(customers.industry, f.industry));
  if (f.customerType) where.push(eq(customers.customerType, f.customerType));
  if (f.source) where.push(eq(customers.source, f.source));
  if (f.country) where.push(eq(customers.country, f.country.toUpperCase()));
  if (f.province) where.push(eq(customers.province, f.province));
  if (f.city) where.push(eq(customers.city, f.city));
  if (f.ownerId !== undefined) where.push(f.ownerId === null ? isNull(customers.ownerId) : eq(customers.ownerId, f.ownerId));
  if (f.branchId) where.push(eq(customers.branchId, f.branchId));
  if (f.tags?.length) where.push(sql`${customers.tags} && ${toTextArray(f.tags)}`);
  if (f.createdFrom) where.push(sql`${customers.createdAt} >= ${f.createdFrom.toISOString()}::timestamptz`);
  if (f.createdTo) where.push(sql`${customers.createdAt} < ${f.createdTo.toISOString()}::timestamptz`);
  if (f.updatedFrom) where.push(sql`${customers.updatedAt} >= ${f.updatedFrom.toISOString()}::timestamptz`);
  if (f.updatedTo) where.push(sql`${customers.updatedAt} < ${f.updatedTo.toISOString()}::timestamptz`);
  if (f.ids) where.push(f.ids.length ? inArray(customers.id, f.ids) : sql`false`);
  for (const c of f.custom) {
    switch (c.type) {
      case 'text':
        where.push(sql`${customers.custom} ->> ${c.key} ilike ${'%' + likeEscape(c.value) + '%'}`);
        break;
      case 'number':
        where.push(sql`${customers.custom} @> ${JSON.stringify({ [c.key]: Number(c.value) })}::jsonb`);
        break;
      case 'date':
      case 'choice':
        where.push(sql`${customers.custom} @> ${JSON.stringify({ [c.key]: c.value })}::jsonb`);
        break;
      case 'multi_choice':
        where.push(sql`${customers.custom} @> ${JSON.stringify({ [c.key]: [c.value] })}::jsonb`);
        break;
    }
  }
  return where;
}

/** What other modules need to show and guard a customer they hold the id of: name, code, ownership, whether it lives on. */
export const customerRefs = (tx: Tx, tenantId: string, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : tx
        .select({
          id: customers.id,
          code: customers.code,
          name: customers.name,
          ownerId: customers.ownerId,
          branchId: customers.branchId,
          tier: customers.tier,
          mergedInto: customers.mergedInto,
          deletedAt: customers.deletedAt,
        })
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids)));
export type CustomerRef = Awaited<ReturnType<typeof customerRefs>>[number];

/** Which of `ids` are live contacts of the customer. */
export const contactIdsOf = async (tx: Tx, tenantId: string, customerId: string, ids: string[]) =>
  ids.length === 0
    ? []
    : (
        await tx
          .select({ id: contacts.id })
          .from(contacts)
          .where(
            and(
              eq(contacts.tenantId, tenantId),
              eq(contacts.customerId, customerId),
              inArray(contacts.id, ids),
              isNull(contacts.deletedAt),
            ),
          )
      ).map((r) => r.id);

/** Live customers with this phone (its digits, as stored), on their own record or one of their contacts'. */
export async function findByPhoneDigits(tx: Tx, tenantId: string, digits: string, limit = 5) {
  const direct = await tx
    .select({ customerId: customers.id })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), live(), sql`${customers.phoneNumbers} && ${toTextArray([digits])}`))
    .limit(limit);
  const viaContacts = await tx
    .select({ customerId: contacts.customerId, contactId: contacts.id })
    .from(contacts)
    .innerJoin(customers, and(eq(customers.tenantId, contacts.tenantId), eq(customers.id, contacts.customerId)))
    .where(
      and(eq(contacts.tenantId, tenantId), isNull(contacts.deletedAt), live(), sql`${contacts.phoneNumbers} && ${toTextArray([digits])}`),
    )
    .limit(limit);
  return [...direct.map((r) => ({ ...r, contactId: null as string | null })), ...viaContacts].slice(0, limit);
}

/** A page, in id order, of the live customers of a tier within `scope` (reports that walk a tier). */
export const customersOfTier = (tx: Tx, tenantId: string, scope: Visibility, tier: string, afterId: string | undefined, limit: number) =>
  tx
    .select({
      id: customers.id,
      code: customers.code,
      name: customers.name,
      tier: customers.tier,
      ownerId: customers.ownerId,
      branchId: customers.branchId,
    })
    .from(customers)
    .where(
      and(
        eq(customers.tenantId, tenantId),
        live(),
        eq(customers.tier, tier as never),
        visibleTo(scope),
        afterId ? gt(customers.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(customers.id))
    .limit(limit);
