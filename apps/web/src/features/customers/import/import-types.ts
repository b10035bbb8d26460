/** The shapes of the import API (customers-api contract, "Imports"). */

export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const MATCH_RULES = ['code', 'external_code', 'phone', 'email'] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

export const IMPORT_MODES = ['create_and_update', 'create_only', 'update_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** The encodings a person may force on a text file; the server detects one and they may override it. */
export const TEXT_ENCODINGS = ['utf-8', 'gb18030', 'big5', 'utf-16le'] as const;

/** Column index (as a string) → the field the column fills, or null to leave the column out. */
export type ColumnMapping = Record<string, string | null>;

export type Import = {
  id: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  detectedEncoding: string | null;
  status: ImportStatus;
  headers: string[];
  mapping: ColumnMapping;
  matchBy: MatchRule[];
  mode: ImportMode;
  dryRun: boolean;
  totalRows: number | null;
  processedRows: number;
  created: number;
  updated: number;
  failed: number;
  rate: number | null;
  etaSeconds: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Why a failed import stopped, in English (the server's words). */
  error: string | null;
  createdAt: string;
  version: number;
};

export type ImportSettings = Pick<Import, 'encoding' | 'mapping' | 'matchBy' | 'mode' | 'dryRun'>;

/** Why one cell or row was refused; `reason` is a stable code worded by the UI. */
export type RowError = { column: string | null; value: string | null; reason: string };

export type PreviewRow = {
  rowNumber: number;
  cells: string[];
  result: { action: 'create' | 'update' | 'error'; customer?: Record<string, unknown>; errors?: RowError[] };
};

export type ImportPreview = { headers: string[]; rows: PreviewRow[] };

export type ImportRowError = RowError & { rowNumber: number };

export type SavedMapping = { id: string; name: string; headers: string[]; mapping: ColumnMapping };

/** Whether the server is still working on the import, so its progress is worth polling. */
export const isImportActive = (status: ImportStatus) => status === 'queued' || status === 'running';

/** Whether the import has ended one way or another and has a result to show. */
const isImportFinished = (status: ImportStatus) => status === 'completed' || status === 'failed' || status === 'cancelled';

/**
 * Whether the import's settings may still change: before it starts, and after a dry run, which
 * wrote nothing and may be run again, dry or for real.
 */
export const isImportEditable = (imp: Pick<Import, 'status' | 'dryRun'>) =>
  imp.status === 'uploaded' || (imp.dryRun && isImportFinished(imp.status));
