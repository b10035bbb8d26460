import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../../api/client';
import { isImportActive, type Import, type ImportPreview, type ImportRowError, type SavedMapping } from './import-types';

/** Imports live under one key, so invalidating 'imports' refreshes the list and every open import. */
export const importKey = (id: string) => ['imports', 'one', id] as const;

const POLL_MS = 1000;

/** One import; while the server works on it, asked for again every second for its progress. */
export function useImport(id: string) {
  return useQuery({
    queryKey: importKey(id),
    queryFn: ({ signal }) => api.get<Import>(`/v1/imports/${id}`, undefined, signal),
    refetchInterval: (query) => (query.state.data && isImportActive(query.state.data.status) ? POLL_MS : false),
    // Progress must keep moving while the person reads another tab; the import runs regardless.
    refetchIntervalInBackground: true,
  });
}

/**
 * What the first rows become under the import's saved settings. The version is part of the key:
 * each saved change of mapping, encoding or rules makes a new version and so a fresh preview.
 */
export function useImportPreview(id: string, version: number, encoding: string | null) {
  return useQuery({
    queryKey: [...importKey(id), 'preview', version, encoding],
    queryFn: ({ signal }) => api.get<ImportPreview>(`/v1/imports/${id}/preview`, { encoding }, signal),
    placeholderData: (previous) => previous,
  });
}

export function useSavedMappings() {
  return useQuery({
    queryKey: ['import-mappings'],
    queryFn: ({ signal }) => api.get<{ data: SavedMapping[] }>('/v1/import-mappings', undefined, signal),
    select: (answer) => answer.data,
  });
}

/** How many refused rows the result page lists; the downloadable report has them all. */
export const ERRORS_SHOWN = 100;

export function useImportErrors(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...importKey(id), 'errors'],
    queryFn: ({ signal }) => api.get<Page<ImportRowError>>(`/v1/imports/${id}/errors`, { limit: ERRORS_SHOWN }, signal),
    enabled,
  });
}

export const errorReportUrl = (id: string) => `/api/v1/imports/${id}/errors.csv`;
