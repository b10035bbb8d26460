/**
 * The permission catalogue: one entry per module and action. Record permissions carry a scope
 * (own, team, branch, all); administrative ones are all-or-nothing. Later modules add their
 * entries here so that roles, the UI's role editor and the checks share one list.
 */
export const SCOPES = ['own', 'team', 'branch', 'all'] as const;
export type Scope = (typeof SCOPES)[number];
export type RolePermissionLike = { permission: string; scope: Scope };

type Entry = { module: string; action: string; scoped: boolean; sensitive?: boolean };

const RECORD_ACTIONS = ['read', 'create', 'update', 'delete', 'export'] as const;
const recordModule = (module: string): [string, Entry][] =>
  RECORD_ACTIONS.map((action) => [`${module}.${action}`, { module, action, scoped: true }]);

export const PERMISSIONS = Object.fromEntries<Entry>([
  ...recordModule('customers'),
  ['customers.sensitive', { module: 'customers', action: 'sensitive', scoped: true, sensitive: true }],
  ['customers.merge', { module: 'customers', action: 'merge', scoped: true }],
  ['customers.import', { module: 'customers', action: 'import', scoped: false }],
  ...recordModule('interactions'),
  ...recordModule('sales'),
  ['sales.cost', { module: 'sales', action: 'cost', scoped: true, sensitive: true }],
  ...recordModule('support'),
  ...recordModule('marketing'),
  ...recordModule('loyalty'),
  ['analytics.read', { module: 'analytics', action: 'read', scoped: true }],
  ['analytics.manage', { module: 'analytics', action: 'manage', scoped: false }],
  ['admin.users', { module: 'admin', action: 'users', scoped: false }],
  ['admin.roles', { module: 'admin', action: 'roles', scoped: false }],
  ['admin.org', { module: 'admin', action: 'org', scoped: false }],
  ['admin.tokens', { module: 'admin', action: 'tokens', scoped: false }],
  ['admin.webhooks', { module: 'admin', action: 'webhooks', scoped: false }],
  ['admin.audit', { module: 'admin', action: 'audit', scoped: false }],
  ['admin.settings', { module: 'admin', action: 'settings', scoped: false }],
  ['admin.recycle_bin', { module: 'admin', action: 'recycle_bin', scoped: false }],
]);

/** A key of PERMISSIONS, such as `customers.read`; checked at run time, since roles are data. */
export type Permission = string;

export function isPermission(p: string): boolean {
  return Object.hasOwn(PERMISSIONS, p);
}

const SCOPE_RANK: Record<Scope, number> = { own: 0, team: 1, branch: 2, all: 3 };
export function widerScope(a: Scope, b: Scope): Scope {
  return SCOPE_RANK[a] >= SCOPE_RANK[b] ? a : b;
}
export function scopeCovers(granted: Scope, needed: Scope): boolean {
  return SCOPE_RANK[granted] >= SCOPE_RANK[needed];
}

const all = (perms: string[]): RolePermissionLike[] => perms.map((permission) => ({ permission, scope: 'all' }));
const scoped = (scope: Scope, perms: string[]): RolePermissionLike[] => perms.map((permission) => ({ permission, scope }));
const actions = (module: string, acts: readonly string[]) => acts.map((a) => `${module}.${a}`);

/** The built-in roles every tenant starts with. Admins may add their own. */
export const BUILTIN_ROLES = {
  admin: { name: 'Administrator', permissions: all(Object.keys(PERMISSIONS)) },
  manager: {
    name: 'Manager',
    permissions: [
      ...scoped('branch', [
        ...actions('customers', [...RECORD_ACTIONS, 'sensitive', 'merge']),
        ...actions('interactions', RECORD_ACTIONS),
        ...actions('sales', [...RECORD_ACTIONS, 'cost']),
        ...actions('support', RECORD_ACTIONS),
        ...actions('marketing', ['read']),
        ...actions('loyalty', ['read']),
        'analytics.read',
      ]),
      ...all(['customers.import', 'admin.audit']),
    ],
  },
  sales_rep: {
    name: 'Sales rep',
    permissions: [
      ...scoped('own', [
        ...actions('customers', ['read', 'create', 'update', 'export']),
        ...actions('interactions', ['read', 'create', 'update']),
        ...actions('sales', ['read', 'create', 'update']),
        ...actions('support', ['read', 'create']),
        ...actions('loyalty', ['read']),
      ]),
    ],
  },
  service_agent: {
    name: 'Service agent',
    permissions: [
      ...scoped('all', ['customers.read', 'interactions.read', 'interactions.create', 'sales.read', 'loyalty.read']),
      ...scoped('team', actions('support', ['read', 'create', 'update'])),
    ],
  },
  marketing: {
    name: 'Marketing',
    permissions: [
      ...scoped('all', ['customers.read', 'customers.export', 'analytics.read', 'interactions.read']),
      ...scoped('all', actions('marketing', RECORD_ACTIONS)),
      ...scoped('all', actions('loyalty', RECORD_ACTIONS)),
    ],
  },
} as const satisfies Record<string, { name: string; permissions: { permission: string; scope: Scope }[] }>;

export type BuiltinRoleKey = keyof typeof BUILTIN_ROLES;
