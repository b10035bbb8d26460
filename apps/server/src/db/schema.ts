/** Every module's tables, gathered for Drizzle and drizzle-kit. */
export * from '../modules/identity/identity.tables.js';
export * from '../modules/platform/platform.tables.js';
export * from '../modules/customers/customers.tables.js';
export * from '../modules/interactions/interactions.tables.js';
