import { and, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { visibleTo, type Visibility } from './customers.repository.js';
import { addressKey, customerMerges, customers, duplicateGroups, duplicateScans } from './customers.tables.js';

export type ScanRow = typeof duplicateScans.$inferSelect;
export type GroupRow = typeof duplicateGroups.$inferSelect;
export type MergeRow = typeof customerMerges.$inferSelect;

/** Live customers of the tenant inside `scope`: not deleted, not folded into another by a merge. */
const liveIn = (tenantId: string, scope: Visibility) =>
  and(eq(customers.tenantId, tenantId), isNull(customers.deletedAt), isNull(customers.mergedInto), visibleTo(scope));

/** True for a customer row outside `scope` (null owner and branch count as outside). */
const outside = (scope: Visibility): SQL => {
  const visible = visibleTo(scope);
  return visible ? sql`not coalesce(${visible}, false)` : sql`false`;
};

// --- the scan's reads ------------------------------------------------------------------------

export const countScanned = async (tx: Tx, tenantId: string, scope: Visibility) =>
  (await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${customers} where ${liveIn(tenantId, scope)}`))[0]?.n ?? 0;

const SHARED_COLUMNS = { phone: customers.phoneNumbers, email: customers.emailAddresses, external_code: customers.externalKeys } as const;
export type SharedValueKind = keyof typeof SHARED_COLUMNS;

/**
 * Normalised phones, emails or external codes that several customers share: one hash aggregate over
 * the table. The customers are listed only for blocks of at most `limit`; larger ones come with their size.
 */
export const sharedValues = (tx: Tx, tenantId: string, scope: Visibility, kind: SharedValueKind, limit: number) =>
  queryRows<{ value: string; size: number; ids: string[] | null }>(
    tx,
    sql`select v.value, count(*)::int as size, case when count(*) <= ${limit} then array_agg(${customers.id}::text) end as ids
          from ${customers} cross join lateral unnest(${SHARED_COLUMNS[kind]}) as v(value)
         where ${liveIn(tenantId, scope)}
         group by v.value
        having count(*) > 1`,
  );

/** Name keys (simplified script, so 張偉 and 张伟 share one) carried by several customers, with each one's city. */
export const sharedNames = (tx: Tx, tenantId: string, scope: Visibility) =>
  queryRows<{ value: string; ids: string[]; cities: string[] }>(
    tx,
    sql`select ${customers.nameKey} as value, array_agg(${customers.id}::text) as ids, array_agg(coalesce(${customers.city}, '')) as cities
          from ${customers}
         where ${liveIn(tenantId, scope)} and ${customers.nameKey} <> ''
         group by ${customers.nameKey}
        having count(*) > 1`,
  );

/**
 * Addresses (city and street, as `addressKey` reads them) that several customers share: one hash
 * aggregate over the table, like `sharedValues`. A block of more than `limit` (an office tower, a
 * market) comes with its size and a street and city as written instead of its customers.
 */
export const sharedAddresses = (tx: Tx, tenantId: string, scope: Visibility, limit: number) =>
  queryRows<{ city: string; street: string; size: number; ids: string[] | null }>(
    tx,
    sql`select min(k.city) as city, min(k.street) as street, count(*)::int as size,
               case when count(*) <= ${limit} then array_agg(k.id::text) end as ids
          from (select ${customers.id} as id, ${customers.city} as city, ${customers.address} ->> 'street' as street,
                       ${addressKey(customers.city, sql`${customers.address} ->> 'street'`)} as key
                  from ${customers}
                 where ${liveIn(tenantId, scope)}) as k
         where k.key is not null
         group by k.key
        having count(*) > 1`,
  );

/** The customers with a city and a name long enough for a typo to leave it similar, counted per city as stored. */
const fuzzyCandidates = (tenantId: string, scope: Visibility, minLength: number) =>
  and(liveIn(tenantId, scope), sql`${customers.city} is not null`, sql`char_length(${customers.nameKey}) >= ${minLength}`);

export const fuzzyCandidatesPerCity = (tx: Tx, tenantId: string, scope: Visibility, minLength: number) =>
  tx
    .select({ city: sql<string>`${customers.city}`, count: sql<number>`count(*)::int` })
    .from(customers)
    .where(fuzzyCandidates(tenantId, scope, minLength))
    .groupBy(customers.city);

/**
 * A page, in id order, of the fuzzy candidates in `cities` (as stored): what the fuzzy comparison
 * reads. Paging by the primary key keeps each query short.
 */
export const namesInCities = (
  tx: Tx,
  tenantId: string,
  scope: Visibility,
  cities: string[],
  afterId: string | undefined,
  limit: number,
  minLength: number,
) =>
  tx
    .select({ id: customers.id, nameKey: customers.nameKey, city: customers.city, province: customers.province })
    .from(customers)
    .where(
      and(
        fuzzyCandidates(tenantId, scope, minLength),
        inArray(customers.city, cities),
        afterId ? sql`${customers.id} > ${afterId}` : undefined,
      ),
    )
    .orderBy(customers.id)
    .limit(limit);

/** What duplicate rules compare, for the customers of candidate pairs. */
export const comparables = (tx: Tx, tenantId: string, ids: string[]) =>
  tx
    .select({
      id: customers.id,
      name: customers.name,
      nameKey: customers.nameKey,
      city: customers.city,
      province: customers.province,
      phoneNumbers: customers.phoneNumbers,
      emailAddresses: customers.emailAddresses,
      externalKeys: customers.externalKeys,
    })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids)));

export const dismissedSets = (tx: Tx, tenantId: string) =>
  tx
    .select({ customerIds: duplicateGroups.customerIds })
    .from(duplicateGroups)
    .where(and(eq(duplicateGroups.tenantId, tenantId), eq(duplicateGroups.status, 'dismissed')))
    .then((rows) => rows.map((r) => r.customerIds));

// --- groups -----------------------------------------------------------------------------------

export type NewGroup = Pick<GroupRow, 'id' | 'customerIds' | 'score' | 'reasons' | 'capped'>;
const INSERT_CHUNK = 2000;

/**
 * Replaces the open groups that lie wholly inside `scope` by `groups`, under a per-tenant lock so
 * that two scans finishing together cannot both keep theirs. Dismissed and merged groups stay.
 */
export async function replaceOpenGroups(tx: Tx, tenantId: string, scope: Visibility, groups: NewGroup[], now: Date) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`duplicate_groups:${tenantId}`}))`);
  await tx.delete(duplicateGroups).where(
    and(
      eq(duplicateGroups.tenantId, tenantId),
      eq(duplicateGroups.status, 'open'),
      scope.all
        ? undefined
        : sql`not exists (select 1 from ${customers}
                            where ${customers.tenantId} = ${duplicateGroups.tenantId} and ${customers.id} = any(${duplicateGroups.customerIds})
                              and ${outside(scope)})`,
    ),
  );
  for (let i = 0; i < groups.length; i += INSERT_CHUNK) {
    const rows = groups.slice(i, i + INSERT_CHUNK).map((g) => ({ ...g, tenantId, createdAt: now }));
    await tx.insert(duplicateGroups).values(rows);
  }
}
const liveMember = sql`${customers.tenantId} = ${duplicateGroups.tenantId} and ${customers.id} = any(${duplicateGroups.customerIds})
                       and ${customers.deletedAt} is null and ${customers.mergedInto} is null`;

/** Open groups that still hold two live customers and none outside `scope`: those offered for merging. */
const offeredIn = (tenantId: string, scope: Visibility) =>
  and(
    eq(duplicateGroups.tenantId, tenantId),
    eq(duplicateGroups.status, 'open'),
    sql`(select count(*) from ${customers} where ${liveMember}) >= 2`,
    scope.all ? undefined : sql`not exists (select 1 from ${customers} where ${liveMember} and ${outside(scope)})`,
  );

/** The groups offered for merging, best first; each row carries its `score` and `id` for the next cursor. */
export const listOpenGroups = (tx: Tx, tenantId: string, scope: Visibility, after: [number, string] | undefined, limit: number) =>
  tx
    .select()
    .from(duplicateGroups)
    .where(
      and(
        offeredIn(tenantId, scope),
        after ? sql`(${duplicateGroups.score}, ${duplicateGroups.id}) < (${after[0]}::real, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(duplicateGroups.score), desc(duplicateGroups.id))
    .limit(limit + 1);

/** How many groups `listOpenGroups` offers now. */
export const countOpenGroups = async (tx: Tx, tenantId: string, scope: Visibility) =>
  (
    await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(duplicateGroups)
      .where(offeredIn(tenantId, scope))
  )[0]?.n ?? 0;

export const findGroup = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(duplicateGroups)
    .where(and(eq(duplicateGroups.tenantId, tenantId), eq(duplicateGroups.id, id)))
    .then((rows) => rows[0]);

export const setGroupStatus = (tx: Tx, tenantId: string, id: string, status: GroupRow['status']) =>
  tx
    .update(duplicateGroups)
    .set({ status })
    .where(and(eq(duplicateGroups.tenantId, tenantId), eq(duplicateGroups.id, id)));

/** Open groups holding any of `customerIds` become `merged`: a merge settled them. Answers their ids. */
export const closeMergedGroups = (tx: Tx, tenantId: string, customerIds: string[]) =>
  tx
    .update(duplicateGroups)
    .set({ status: 'merged' })
    .where(
      and(
        eq(duplicateGroups.tenantId, tenantId),
        eq(duplicateGroups.status, 'open'),
        sql`${duplicateGroups.customerIds} && ${sql`array[${sql.join(
          customerIds.map((id) => sql`${id}`),
          sql`, `,
        )}]::uuid[]`}`,
      ),
    )
    .returning({ id: duplicateGroups.id })
    .then((rows) => rows.map((r) => r.id));

/** The groups `ids` that a merge closed are open again: its undo unsettled them. */
export async function reopenMergedGroups(tx: Tx, tenantId: string, ids: string[]) {
  if (ids.length === 0) return;
  await tx
    .update(duplicateGroups)
    .set({ status: 'open' })
    .where(and(eq(duplicateGroups.tenantId, tenantId), inArray(duplicateGroups.id, ids), eq(duplicateGroups.status, 'merged')));
}

// --- scans ------------------------------------------------------------------------------------

export const insertScan = (tx: Tx, row: typeof duplicateScans.$inferInsert) =>
  tx
    .insert(duplicateScans)
    .values(row)
    .returning()
    .then((r) => r[0]!);

export const updateScan = (tx: Tx, tenantId: string, id: string, patch: Partial<typeof duplicateScans.$inferInsert>) =>
  tx
    .update(duplicateScans)
    .set(patch)
    .where(and(eq(duplicateScans.tenantId, tenantId), eq(duplicateScans.id, id)));

export const findScan = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(duplicateScans)
    .where(and(eq(duplicateScans.tenantId, tenantId), eq(duplicateScans.id, id)))
    .then((rows) => rows[0]);

export const latestScan = (tx: Tx, tenantId: string) =>
  tx
    .select()
    .from(duplicateScans)
    .where(eq(duplicateScans.tenantId, tenantId))
    .orderBy(desc(duplicateScans.startedAt), desc(duplicateScans.id))
    .limit(1)
    .then((rows) => rows[0]);

// --- merges -----------------------------------------------------------------------------------

export const insertMerge = (tx: Tx, row: typeof customerMerges.$inferInsert) =>
  tx
    .insert(customerMerges)
    .values(row)
    .returning()
    .then((r) => r[0]!);

export const findMerge = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(customerMerges)
    .where(and(eq(customerMerges.tenantId, tenantId), eq(customerMerges.id, id)))
    .then((rows) => rows[0]);

export const markMergeUndone = (tx: Tx, tenantId: string, id: string, at: Date) =>
  tx
    .update(customerMerges)
    .set({ undoneAt: at })
    .where(and(eq(customerMerges.tenantId, tenantId), eq(customerMerges.id, id), isNull(customerMerges.undoneAt)))
    .returning()
    .then((rows) => rows[0]);

/** Merges newest first: those of one customer (as survivor or merged), or all whose survivor is inside `scope`. */
export const listMerges = (
  tx: Tx,
  tenantId: string,
  filter: { customerId?: string; scope: Visibility },
  beforeId: string | undefined,
  limit: number,
) =>
  tx
    .select()
    .from(customerMerges)
    .where(
      and(
        eq(customerMerges.tenantId, tenantId),
        filter.customerId
          ? or(eq(customerMerges.survivorId, filter.customerId), sql`${customerMerges.mergedIds} @> array[${filter.customerId}]::uuid[]`)
          : undefined,
        filter.scope.all
          ? undefined
          : sql`exists (select 1 from ${customers} where ${customers.tenantId} = ${customerMerges.tenantId}
                          and ${customers.id} = ${customerMerges.survivorId} and not ${outside(filter.scope)})`,
        beforeId ? lt(customerMerges.id, beforeId) : undefined,
      ),
    )
    .orderBy(desc(customerMerges.id))
    .limit(limit + 1);
