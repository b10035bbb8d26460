import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../../api/client';
import { fetchAll } from '../../api/lists';
import type { OrgUnit, OrgUnitKind, PermissionInfo, Role } from '../../api/types';

/** Whole lists that pages use to fill selects and to turn ids into names. */
export function useRoles() {
  const query = useQuery({ queryKey: ['roles'], queryFn: ({ signal }) => fetchAll<Role>('/v1/roles', signal) });
  return { ...query, rows: query.data ?? [] };
}

export function useOrgUnits() {
  const query = useQuery({ queryKey: ['org-units'], queryFn: ({ signal }) => fetchAll<OrgUnit>('/v1/org-units', signal) });
  return { ...query, rows: query.data ?? [] };
}

/** Which kinds of unit may sit under which: the server's placement rule, fetched rather than copied. */
export function useOrgUnitKindRules() {
  return useQuery({
    queryKey: ['org-unit-kinds'],
    queryFn: ({ signal }) => api.get<{ data: { kind: OrgUnitKind; parents: OrgUnitKind[] }[] }>('/v1/org-unit-kinds', undefined, signal),
    staleTime: Infinity,
  });
}

export function usePermissionCatalogue() {
  return useQuery({
    queryKey: ['permissions'],
    queryFn: ({ signal }) => api.get<{ data: PermissionInfo[] }>('/v1/permissions', undefined, signal),
    staleTime: Infinity,
  });
}

/** Built-in roles read in the user's language; roles an admin made keep the name they were given. */
export function roleLabel(t: TFunction, role: Pick<Role, 'key' | 'name'>): string {
  return role.key ? t(`roles.builtinNames.${role.key}`, { defaultValue: role.name }) : role.name;
}

export type OrgTreeNode = { unit: OrgUnit; children: OrgTreeNode[] };

const KIND_ORDER: Record<OrgUnit['kind'], number> = { company: 0, branch: 1, outlet: 2, department: 3, team: 4 };

/** Units nested under their parents; a unit whose parent is missing (deleted) shows at the top. */
export function buildOrgTree(units: OrgUnit[]): OrgTreeNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { unit, children: [] as OrgTreeNode[] }]));
  const roots: OrgTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: OrgTreeNode[]) => {
    list.sort((a, b) => KIND_ORDER[a.unit.kind] - KIND_ORDER[b.unit.kind] || a.unit.name.localeCompare(b.unit.name));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** The ids of a unit and everything under it: where it cannot be moved to. */
export function subtreeIds(units: OrgUnit[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId && ids.has(unit.parentId) && !ids.has(unit.id)) {
        ids.add(unit.id);
        grew = true;
      }
    }
  }
  return ids;
}
