/**
 * What other modules may use of customers: reading who a customer is and whether the actor may
 * reach it, and taking part in merges. Everything else in this folder is the module's own.
 */
export {
  type Visibility,
  type CustomerRef,
  customerRefs,
  customersOfTier,
  contactIdsOf,
  findByPhoneDigits,
} from './customers.repository.js';
export { normalisePhone } from './normalise.js';
export { covers, customerNotFound, visibilityFor } from './customer-access.js';
export type { CustomersService } from './customers.service.js';
export { SENSITIVE_FIELDS } from './customers.service.js';
export type { MergeHook, MergeHookRegistry } from './merge-hooks.js';
export { TIERS, type Tier } from './customers.tables.js';
