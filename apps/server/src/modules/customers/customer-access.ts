import type { CountryCode } from 'libphonenumber-js';
import type { Tx } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { type Actor, authorize, branchUnitIds, findTenant, type Permission, scopeOf, usersInScope } from '../identity/index.js';
import type { RecordContext } from './customer-record.js';
import { listCustomFields, type Visibility } from './customers.repository.js';
import type { CustomerRow } from './customers.repository.js';

/**
 * Which customers a permission lets the actor touch (DESIGN §5): own → the customers they own;
 * team → those owned by their team; branch → those owned by anyone in their branch or placed in
 * one of its units; all → every customer of the tenant. Throws 403 without the permission.
 */
export async function visibilityFor(tx: Tx, actor: Actor, permission: Permission): Promise<Visibility> {
  const scope = authorize(actor, permission);
  switch (scope) {
    case 'all':
      return { all: true };
    case 'own':
      return { all: false, ownerIds: [actor.userId], unitIds: [] };
    case 'team':
      return { all: false, ownerIds: await usersInScope(tx, actor.tenantId, actor.userId, 'team'), unitIds: [] };
    case 'branch':
      return {
        all: false,
        ownerIds: await usersInScope(tx, actor.tenantId, actor.userId, 'branch'),
        unitIds: await branchUnitIds(tx, actor.tenantId, actor.userId),
      };
  }
}

/** Like visibilityFor, but answers undefined instead of throwing when the permission is missing. */
export async function optionalVisibility(tx: Tx, actor: Actor, permission: Permission): Promise<Visibility | undefined> {
  return scopeOf(actor, permission) === undefined ? undefined : visibilityFor(tx, actor, permission);
}

export function covers(v: Visibility | undefined, row: Pick<CustomerRow, 'ownerId' | 'branchId'>): boolean {
  if (!v) return false;
  if (v.all) return true;
  return (row.ownerId !== null && v.ownerIds.includes(row.ownerId)) || (row.branchId !== null && v.unitIds.includes(row.branchId));
}

export const customerNotFound = () => new AppError('not_found', 'No such customer.', { reason: 'customer_not_found' });

/** The tenant's normalisation rules and custom fields, read once per request or import batch. */
export async function recordContext(tx: Tx, tenantId: string): Promise<RecordContext> {
  const tenant = await findTenant(tx, tenantId);
  return { region: (tenant?.defaultPhoneRegion ?? 'CN') as CountryCode, customFields: await listCustomFields(tx, tenantId) };
}
