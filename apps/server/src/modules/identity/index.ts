/**
 * What other modules may use of identity: who is acting, what they may do, and whose records a
 * scope covers. Everything else in this folder is identity's own.
 */
export { type Actor, authorize, can, scopeOf, systemActor } from './actor.js';
export { PERMISSIONS, type Permission, type Scope, scopeCovers } from './permissions.js';
export { branchesOf, branchUnitIds, usersInScope } from './identity.repository.js';
export {
  findOrgUnit,
  findTenant,
  findUser,
  findUserByEmail,
  findUserByExtension,
  findFirstAdmin,
  namesByIds,
} from './identity.repository.js';
export { userActor } from './auth.service.js';
export type { TenantsService } from './tenants.service.js';
