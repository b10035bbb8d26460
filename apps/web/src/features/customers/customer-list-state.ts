import { currentLocale } from '../../i18n';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The list's filters as the list query names them (`tier`, `ownerId`, `cf.<key>`…), with
 * comma-separated values for the multi-value ones. They live in the page's URL, so a filtered list
 * survives a reload, the back button and a shared link, and the same object feeds the list, the
 * export link, bulk actions on all matches, and saved views.
 */
export type CustomerFilters = Record<string, string>;

/** URL parameters of the list page that are not filters. */
const SORT_PARAM = 'sort';

export const SORTABLE_FIELDS = ['name', 'code', 'createdAt', 'updatedAt', 'tier'] as const;

export function isSortable(key: string): boolean {
  return (SORTABLE_FIELDS as readonly string[]).includes(key);
}

/** A custom field's filter parameter: `cf.<key>`. */
export const customFilterKey = (key: string) => `cf.${key}`;

export function splitList(value: string | undefined): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

export function joinList(values: string[] | undefined): string | undefined {
  return values?.length ? values.join(',') : undefined;
}

export function useCustomerListState() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const result: CustomerFilters = {};
    for (const [key, value] of params) if (key !== SORT_PARAM && value) result[key] = value;
    return result;
  }, [params]);
  const sort = params.get(SORT_PARAM);

  /** Sets several filters in one navigation; undefined removes a filter. */
  const setFilters = useCallback(
    (changes: Record<string, string | undefined>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        // Typing a filter must not pile up history entries, one per key: back leaves the list.
        { replace: true },
      ),
    [setParams],
  );

  const setSort = useCallback(
    (value: string | null) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(SORT_PARAM, value);
        else next.delete(SORT_PARAM);
        return next;
      }),
    [setParams],
  );

  /** Replaces every filter and the sort at once, as applying a saved view does. */
  const replaceAll = useCallback(
    (nextFilters: CustomerFilters, nextSort: string | null) => {
      const next = new URLSearchParams(nextFilters);
      if (nextSort) next.set(SORT_PARAM, nextSort);
      setParams(next);
    },
    [setParams],
  );

  return { filters, sort, setFilters, setSort, replaceAll };
}

/** Whether anything narrows the list, which tells an empty base from an empty search. */
export function hasFilters(filters: CustomerFilters): boolean {
  return Object.keys(filters).length > 0;
}

/** The export download: the current filters (or a selection) and the chosen columns. */
/** The export's download link; its column headers come in the reader's language. */
export function exportHref(format: 'csv' | 'xlsx', columns: string[], filters: CustomerFilters, ids?: string[]): string {
  const query = new URLSearchParams({ ...filters, format, columns: columns.join(','), lang: currentLocale() });
  if (ids) query.set('ids', ids.join(','));
  return `/api/v1/customers/export?${query.toString()}`;
}

const COLUMNS_STORAGE = 'rapport.customers.columns';

function readStoredColumns(): string[] | null {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(COLUMNS_STORAGE) ?? 'null');
    return Array.isArray(stored) && stored.every((c) => typeof c === 'string') ? stored : null;
  } catch {
    // Storage may be off (private mode) or hold something else; the default columns will do.
    return null;
  }
}

/** The columns the person chose, remembered on this device; null means the default ones. */
export function useChosenColumns() {
  const [columns, setColumns] = useState<string[] | null>(readStoredColumns);
  const choose = useCallback((next: string[] | null) => {
    setColumns(next);
    try {
      if (next) localStorage.setItem(COLUMNS_STORAGE, JSON.stringify(next));
      else localStorage.removeItem(COLUMNS_STORAGE);
    } catch {
      // Not remembered beyond this page; nothing else depends on it.
    }
  }, []);
  return [columns, choose] as const;
}
