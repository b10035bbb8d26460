import { and, asc, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { updateVersioned } from '../../db/versioned.js';
import { apiTokens, loginThrottle, orgUnits, roles, sessions, tenants, userRoles, users } from './identity.tables.js';

export type TenantRow = typeof tenants.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type RoleRow = typeof roles.$inferSelect;
export type OrgUnitRow = typeof orgUnits.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

const one = <T>(rows: T[]): T | undefined => rows[0];

// --- tenants -------------------------------------------------------------------------------

/** Serialises first-run set-up so that two racing requests make one tenant. */
export const lockTenantCreation = (tx: Tx) => tx.execute(sql`select pg_advisory_xact_lock(72616171)`);
export const countTenants = async (tx: Tx) =>
  Number((await queryRows<{ n: string }>(tx, sql`select count(*) as n from tenants`))[0]?.n ?? 0);
export const insertTenant = (tx: Tx, row: typeof tenants.$inferInsert) => tx.insert(tenants).values(row).returning().then(one);
export const findTenant = (tx: Tx, id: string) => tx.select().from(tenants).where(eq(tenants.id, id)).then(one);
export const findTenantBySlug = (tx: Tx, slug: string) => tx.select().from(tenants).where(eq(tenants.slug, slug)).then(one);
export const listTenants = (tx: Tx) => tx.select().from(tenants).orderBy(asc(tenants.createdAt));
export const updateTenant = (tx: Tx, id: string, version: number, patch: Partial<typeof tenants.$inferInsert>) =>
  tx
    .update(tenants)
    .set({ ...patch, version: sql`${tenants.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(tenants.id, id), eq(tenants.version, version)))
    .returning()
    .then(one);

// --- users ---------------------------------------------------------------------------------

/** Across tenants: sign-in does not yet know the tenant. */
export const findUsersByEmail = (tx: Tx, email: string) =>
  tx
    .select({ user: users, tenantSlug: tenants.slug })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(sql`lower(${users.email}) = lower(${email})`);

export const findUser = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .then(one);

/** A user with their tenant and org unit, in one round trip (every page load asks for it). */
export const findUserProfile = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select({ user: users, tenant: tenants, orgUnit: orgUnits })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .leftJoin(orgUnits, and(eq(orgUnits.tenantId, users.tenantId), eq(orgUnits.id, users.orgUnitId)))
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .then(one);

/** An active user by their phone extension (a PBX names agents by extension). */
export const findUserByExtension = (tx: Tx, tenantId: string, extension: string) =>
  tx
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.extension, extension), eq(users.status, 'active')))
    .then(one);

export const findUserByEmail = (tx: Tx, tenantId: string, email: string) =>
  tx
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), sql`lower(${users.email}) = lower(${email})`))
    .then(one);

export const countUsers = async (tx: Tx) => Number((await queryRows<{ n: string }>(tx, sql`select count(*) as n from users`))[0]?.n ?? 0);

export type UserFilter = {
  q?: string;
  status?: 'active' | 'disabled';
  orgUnitId?: string;
  roleId?: string;
  afterId?: string;
  limit: number;
};

export function listUsers(tx: Tx, tenantId: string, f: UserFilter) {
  const where: (SQL | undefined)[] = [eq(users.tenantId, tenantId)];
  if (f.q) where.push(or(ilike(users.name, `%${escapeLike(f.q)}%`), ilike(users.email, `%${escapeLike(f.q)}%`)));
  if (f.status) where.push(eq(users.status, f.status));
  if (f.orgUnitId) where.push(eq(users.orgUnitId, f.orgUnitId));
  if (f.roleId) {
    where.push(
      sql`exists (select 1 from ${userRoles} ur where ur.tenant_id = ${users.tenantId} and ur.user_id = ${users.id} and ur.role_id = ${f.roleId})`,
    );
  }
  if (f.afterId) where.push(gt(users.id, f.afterId));
  return tx
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.id))
    .limit(f.limit + 1);
}

export const insertUser = (tx: Tx, row: typeof users.$inferInsert) => tx.insert(users).values(row).returning().then(one);

export const updateUser = (tx: Tx, tenantId: string, id: string, version: number | undefined, patch: Partial<typeof users.$inferInsert>) =>
  updateVersioned(tx, users, tenantId, id, version, patch);

export async function findFirstAdmin(tx: Tx, tenantId: string): Promise<string | undefined> {
  const r = await queryRows<{ id: string }>(
    tx,
    sql`
    select u.id from users u
      join user_roles ur on ur.tenant_id = u.tenant_id and ur.user_id = u.id
      join roles r on r.tenant_id = ur.tenant_id and r.id = ur.role_id and r.key = 'admin'
     where u.tenant_id = ${tenantId} and u.status = 'active'
     order by u.id limit 1`,
  );
  return r[0]?.id;
}

/** Sign-in bookkeeping; not an edit of the user, so the version (and an editor's ETag) stays. */
export const recordSignIn = (
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Pick<typeof users.$inferInsert, 'lastLoginAt' | 'totpLastStep'>,
) =>
  tx
    .update(users)
    .set(patch)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));

export const userRoleIds = async (tx: Tx, tenantId: string, userIds: string[]) =>
  userIds.length === 0
    ? []
    : tx
        .select({ userId: userRoles.userId, roleId: userRoles.roleId })
        .from(userRoles)
        .where(and(eq(userRoles.tenantId, tenantId), inArray(userRoles.userId, userIds)));

export async function setUserRoles(tx: Tx, tenantId: string, userId: string, roleIds: string[]) {
  await tx.delete(userRoles).where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.userId, userId)));
  if (roleIds.length) await tx.insert(userRoles).values(roleIds.map((roleId) => ({ tenantId, userId, roleId })));
}

/** The roles that give a user their permissions (deleted roles give none). */
export const rolesOfUser = (tx: Tx, tenantId: string, userId: string) =>
  tx
    .select({ id: roles.id, key: roles.key, name: roles.name, permissions: roles.permissions, requireMfa: roles.requireMfa })
    .from(userRoles)
    .innerJoin(roles, and(eq(roles.tenantId, userRoles.tenantId), eq(roles.id, userRoles.roleId)))
    .where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.userId, userId), isNull(roles.deletedAt)));

/**
 * The user's managers, nearest first: their own manager, else the manager of their org unit or
 * the nearest ancestor unit that has one; then the same for that manager. Escalations walk it.
 */
export async function managerChain(tx: Tx, tenantId: string, userId: string, maxDepth = 10): Promise<string[]> {
  const chain: string[] = [];
  let current = userId;
  for (let depth = 0; depth < maxDepth; depth++) {
    const result = await queryRows<{ manager_id: string | null }>(
      tx,
      sql`
      with recursive up as (
        select ou.id, ou.parent_id, ou.manager_id, 0 as depth
          from users u join org_units ou on ou.tenant_id = u.tenant_id and ou.id = u.org_unit_id
         where u.tenant_id = ${tenantId} and u.id = ${current}
        union all
        select p.id, p.parent_id, p.manager_id, up.depth + 1
          from org_units p join up on p.id = up.parent_id
         where p.tenant_id = ${tenantId} and up.depth < 20
      )
      select coalesce(
        (select manager_id from users where tenant_id = ${tenantId} and id = ${current}),
        (select manager_id from up where manager_id is not null and manager_id <> ${current} order by depth limit 1)
      ) as manager_id`,
    );
    const next = result[0]?.manager_id;
    if (!next || next === current || chain.includes(next)) break;
    chain.push(next);
    current = next;
  }
  return chain;
}

/** The org units of a user's branch: the nearest branch or outlet above them and every unit under it. */
export async function branchUnitIds(tx: Tx, tenantId: string, userId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`
      with recursive up as (
        select ou.id, ou.parent_id, ou.kind, 0 as depth from users u
          join org_units ou on ou.tenant_id = u.tenant_id and ou.id = u.org_unit_id
         where u.tenant_id = ${tenantId} and u.id = ${userId}
        union all
        select p.id, p.parent_id, p.kind, up.depth + 1 from org_units p join up on p.id = up.parent_id
         where p.tenant_id = ${tenantId} and up.depth < 20
      ),
      branch as (select id from up where kind in ('branch', 'outlet') order by depth limit 1),
      down as (
        select id from branch
        union all
        select c.id from org_units c join down on c.parent_id = down.id where c.tenant_id = ${tenantId}
      )
      select id from down`,
  );
  return rows.map((r) => r.id);
}

/** Each user's branch: the nearest branch or outlet above their org unit (absent when there is none). */
export async function branchesOf(tx: Tx, tenantId: string, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await queryRows<{ user_id: string; id: string }>(
    tx,
    sql`
      with recursive up as (
        select u.id as user_id, ou.id, ou.parent_id, ou.kind, 0 as depth from users u
          join org_units ou on ou.tenant_id = u.tenant_id and ou.id = u.org_unit_id
         where u.tenant_id = ${tenantId} and u.id = any(${`{${userIds.join(',')}}`}::uuid[])
        union all
        select up.user_id, p.id, p.parent_id, p.kind, up.depth + 1 from org_units p join up on p.id = up.parent_id
         where p.tenant_id = ${tenantId} and up.depth < 20
      )
      select distinct on (user_id) user_id, id from up where kind in ('branch', 'outlet') order by user_id, depth`,
  );
  return new Map(rows.map((r) => [r.user_id, r.id]));
}

/**
 * Users whose records fall within a scope for `userId`: their team (same org unit) or their
 * branch (every unit under the nearest branch or outlet above them).
 */
export async function usersInScope(tx: Tx, tenantId: string, userId: string, scope: 'team' | 'branch'): Promise<string[]> {
  let ids: string[];
  if (scope === 'team') {
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`select u2.id from users u1 join users u2 on u2.tenant_id = u1.tenant_id and u2.org_unit_id = u1.org_unit_id
           where u1.tenant_id = ${tenantId} and u1.id = ${userId}`,
    );
    ids = rows.map((r) => r.id);
  } else {
    const units = await branchUnitIds(tx, tenantId, userId);
    ids = units.length
      ? (
          await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.tenantId, tenantId), inArray(users.orgUnitId, units)))
        ).map((r) => r.id)
      : [];
  }
  return ids.includes(userId) ? ids : [userId, ...ids];
}

// --- roles ---------------------------------------------------------------------------------

export const listRoles = (tx: Tx, tenantId: string, deleted = false) =>
  tx
    .select()
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), deleted ? sql`${roles.deletedAt} is not null` : isNull(roles.deletedAt)))
    .orderBy(asc(roles.createdAt), asc(roles.id));
export const findRole = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), eq(roles.id, id)))
    .then(one);
export const findRoleByKey = (tx: Tx, tenantId: string, key: string) =>
  tx
    .select()
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), eq(roles.key, key), isNull(roles.deletedAt)))
    .then(one);
export const findRolesByIds = (tx: Tx, tenantId: string, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : tx
        .select()
        .from(roles)
        .where(and(eq(roles.tenantId, tenantId), inArray(roles.id, ids)));
export const insertRole = (tx: Tx, row: typeof roles.$inferInsert) => tx.insert(roles).values(row).returning().then(one);
export const updateRole = (tx: Tx, tenantId: string, id: string, version: number | undefined, patch: Partial<typeof roles.$inferInsert>) =>
  updateVersioned(tx, roles, tenantId, id, version, patch);
export const countRoleHolders = async (tx: Tx, tenantId: string, roleId: string) =>
  Number(
    (await queryRows<{ n: string }>(tx, sql`select count(*) as n from user_roles where tenant_id = ${tenantId} and role_id = ${roleId}`))[0]
      ?.n ?? 0,
  );
export const purgeRoles = (tx: Tx, before: Date) =>
  tx
    .delete(roles)
    .where(
      sql`${roles.deletedAt} < ${before} and not exists (select 1 from user_roles ur where ur.tenant_id = ${roles.tenantId} and ur.role_id = ${roles.id}) and not exists (select 1 from api_tokens t where t.tenant_id = ${roles.tenantId} and t.role_id = ${roles.id})`,
    )
    .returning({ id: roles.id });

// --- org units -----------------------------------------------------------------------------

export const listOrgUnits = (tx: Tx, tenantId: string, deleted = false) =>
  tx
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), deleted ? sql`${orgUnits.deletedAt} is not null` : isNull(orgUnits.deletedAt)))
    .orderBy(asc(orgUnits.name), asc(orgUnits.id));
export const findOrgUnit = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), eq(orgUnits.id, id)))
    .then(one);
export const insertOrgUnit = (tx: Tx, row: typeof orgUnits.$inferInsert) => tx.insert(orgUnits).values(row).returning().then(one);
export const updateOrgUnit = (
  tx: Tx,
  tenantId: string,
  id: string,
  version: number | undefined,
  patch: Partial<typeof orgUnits.$inferInsert>,
) => updateVersioned(tx, orgUnits, tenantId, id, version, patch);
export const countOrgUnitDependants = async (tx: Tx, tenantId: string, id: string) =>
  Number(
    (
      await queryRows<{ n: string }>(
        tx,
        sql`
        select (select count(*) from org_units where tenant_id = ${tenantId} and parent_id = ${id} and deleted_at is null)
             + (select count(*) from users where tenant_id = ${tenantId} and org_unit_id = ${id}) as n`,
      )
    )[0]?.n ?? 0,
  );
/** The ids of `id` and all its ancestors, to refuse a parent that would make a cycle. */
export async function orgUnitAncestors(tx: Tx, tenantId: string, id: string): Promise<string[]> {
  const r = await queryRows<{ id: string }>(
    tx,
    sql`
    with recursive up as (
      select id, parent_id, 0 as depth from org_units where tenant_id = ${tenantId} and id = ${id}
      union all
      select p.id, p.parent_id, up.depth + 1 from org_units p join up on p.id = up.parent_id where p.tenant_id = ${tenantId} and up.depth < 50
    ) select id from up`,
  );
  return r.map((x) => x.id);
}
export const purgeOrgUnits = (tx: Tx, before: Date) =>
  tx
    .delete(orgUnits)
    .where(
      sql`${orgUnits.deletedAt} < ${before}
        and not exists (select 1 from org_units c where c.tenant_id = ${orgUnits.tenantId} and c.parent_id = ${orgUnits.id})
        and not exists (select 1 from users u where u.tenant_id = ${orgUnits.tenantId} and u.org_unit_id = ${orgUnits.id})`,
    )
    .returning({ id: orgUnits.id });

// --- sessions ------------------------------------------------------------------------------

export const insertSession = (tx: Tx, row: typeof sessions.$inferInsert) => tx.insert(sessions).values(row).returning().then(one);

/** Across tenants: a cookie arrives before we know whose it is. */
export const findSessionByTokenHash = (tx: Tx, tokenHash: string) =>
  tx
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.id, sessions.userId)))
    .where(eq(sessions.tokenHash, tokenHash))
    .then(one);

export const updateSession = (tx: Tx, tenantId: string, id: string, patch: Partial<typeof sessions.$inferInsert>) =>
  tx
    .update(sessions)
    .set(patch)
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.id, id)))
    .returning()
    .then(one);

export const listActiveSessions = (tx: Tx, tenantId: string, userId: string, now: Date) =>
  tx
    .select()
    .from(sessions)
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(sql`${sessions.lastSeenAt} desc`);

export const revokeSessionsOfUser = (tx: Tx, tenantId: string, userId: string, now: Date, exceptId?: string) =>
  tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(sessions.tenantId, tenantId),
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptId ? sql`${sessions.id} <> ${exceptId}` : undefined,
      ),
    )
    .returning({ id: sessions.id });

export const deleteExpiredSessions = (tx: Tx, before: Date) =>
  tx.delete(sessions).where(or(sql`${sessions.expiresAt} < ${before}`, sql`${sessions.revokedAt} < ${before}`));

// --- API tokens ----------------------------------------------------------------------------

export const insertApiToken = (tx: Tx, row: typeof apiTokens.$inferInsert) => tx.insert(apiTokens).values(row).returning().then(one);
export const findApiTokenByHash = (tx: Tx, tokenHash: string) =>
  tx
    .select({ token: apiTokens, role: roles, creator: users })
    .from(apiTokens)
    .innerJoin(roles, and(eq(roles.tenantId, apiTokens.tenantId), eq(roles.id, apiTokens.roleId)))
    .innerJoin(users, and(eq(users.tenantId, apiTokens.tenantId), eq(users.id, apiTokens.createdBy)))
    .where(eq(apiTokens.tokenHash, tokenHash))
    .then(one);
export const listApiTokens = (tx: Tx, tenantId: string) =>
  tx
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.tenantId, tenantId))
    .orderBy(sql`${apiTokens.createdAt} desc`);
export const findApiToken = (tx: Tx, tenantId: string, id: string) =>
  tx
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tenantId, tenantId), eq(apiTokens.id, id)))
    .then(one);
export const updateApiToken = (tx: Tx, tenantId: string, id: string, patch: Partial<typeof apiTokens.$inferInsert>) =>
  tx
    .update(apiTokens)
    .set(patch)
    .where(and(eq(apiTokens.tenantId, tenantId), eq(apiTokens.id, id)))
    .returning()
    .then(one);

// --- sign-in throttling --------------------------------------------------------------------

export const findThrottle = (tx: Tx, key: string) => tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).then(one);
export const saveThrottle = (tx: Tx, row: typeof loginThrottle.$inferInsert) =>
  tx.insert(loginThrottle).values(row).onConflictDoUpdate({ target: loginThrottle.key, set: row });
export const clearThrottle = (tx: Tx, key: string) => tx.delete(loginThrottle).where(eq(loginThrottle.key, key));
export const deleteStaleThrottles = (tx: Tx, before: Date) =>
  tx
    .delete(loginThrottle)
    .where(
      and(
        sql`${loginThrottle.windowStart} < ${before}`,
        or(isNull(loginThrottle.lockedUntil), sql`${loginThrottle.lockedUntil} < ${before}`),
      ),
    );

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** Names of users and org units by id, for showing ids in history as people know them. */
export async function namesByIds(tx: Tx, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const list = sql`${`{${ids.join(',')}}`}::uuid[]`;
  const rows = await queryRows<{ id: string; name: string }>(
    tx,
    sql`select id, name from ${users} where ${users.tenantId} = ${tenantId} and ${users.id} = any(${list})
        union all
        select id, name from ${orgUnits} where ${orgUnits.tenantId} = ${tenantId} and ${orgUnits.id} = any(${list})`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
