import { REPEATABLE_FIELDS, REQUIRED_FOR_CREATE } from './import-fields';
import type { ColumnMapping, ImportSettings, MatchRule, SavedMapping } from './import-types';

/** The fields whose columns a match rule compares against the customers already there. */
const MATCH_FIELDS: Record<MatchRule, (field: string) => boolean> = {
  code: (field) => field === 'code',
  external_code: (field) => field.startsWith('externalCodes.'),
  phone: (field) => field === 'phone' || field === 'mobile',
  email: (field) => field === 'email',
};

export type MappingProblems = {
  /** Fields that only one column may fill but several do. */
  repeated: Set<string>;
  /** New customers need a name, and no column gives one. */
  missingName: boolean;
  /** Match rules ticked without any column to compare. */
  idleRules: MatchRule[];
  /** "Update only" with nothing to find existing customers by. */
  noWayToMatch: boolean;
};

export function mappingProblems(settings: ImportSettings): MappingProblems {
  const fields = Object.values(settings.mapping).filter((field): field is string => field !== null);
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const field of fields) {
    if (seen.has(field) && !REPEATABLE_FIELDS.has(field)) repeated.add(field);
    seen.add(field);
  }
  const idleRules = settings.matchBy.filter((rule) => !fields.some(MATCH_FIELDS[rule]));
  return {
    repeated,
    missingName: settings.mode !== 'update_only' && !seen.has(REQUIRED_FOR_CREATE),
    idleRules,
    noWayToMatch: settings.mode === 'update_only' && settings.matchBy.length === idleRules.length,
  };
}

/** Whether the import may start: what it would do is well defined. Idle match rules only warn. */
export const canStart = (problems: MappingProblems) => problems.repeated.size === 0 && !problems.missingName && !problems.noWayToMatch;

const sameHeader = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * A saved mapping applied to this file's columns, matched by header text rather than position:
 * the same export from an ERP may have gained or reordered columns since it was saved. Columns the
 * saved mapping does not know keep what they had.
 */
export function applySavedMapping(headers: string[], current: ColumnMapping, saved: SavedMapping): ColumnMapping {
  const next: ColumnMapping = { ...current };
  headers.forEach((header, index) => {
    const savedIndex = saved.headers.findIndex((h) => sameHeader(h, header));
    if (savedIndex >= 0) next[String(index)] = saved.mapping[String(savedIndex)] ?? null;
  });
  return next;
}

/** A saved mapping fits this file when every one of its headers is here. */
export const fitsHeaders = (headers: string[], saved: SavedMapping) => saved.headers.every((h) => headers.some((x) => sameHeader(x, h)));
