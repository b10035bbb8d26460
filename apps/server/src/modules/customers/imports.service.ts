import { rename } from 'node:fs/promises';
import path from 'node:path';
import type { Tx } from '../../db/client.js';
import { AppError, staleVersion } from '../../http/errors.js';
import { decodeCursor, encodeCursor, type PageQuery } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { ServiceDeps } from '../../services.js';
// Identity's index offers no way yet to act as a stored user (background work) or to look branches up by name.
import { mergePermissions } from '../identity/auth.service.js';
import { listOrgUnits, rolesOfUser } from '../identity/identity.repository.js';
import { type Actor, authorize, can, findUser, findUserByEmail } from '../identity/index.js';
import { recordChanges, type Change } from '../platform/index.js';
import { publicContact } from './contacts.service.js';
import { covers, optionalVisibility, recordContext } from './customer-access.js';
import { type RecordContext, withSearchColumns } from './customer-record.js';
import * as customersRepo from './customers.repository.js';
import type { CustomerValues, Visibility } from './customers.repository.js';
import { historyOf, type CustomersService } from './customers.service.js';
import type { contacts, customerHandovers, ImportMode, MatchRule } from './customers.tables.js';
import { FileProblem, type FileRow, previewFile, readRows, sniffFile, type TextEncoding } from './import-file.js';
import { suggestMapping } from './import-mapping.js';
import {
  applyChange,
  changedFields,
  compileMapping,
  type CompiledMapping,
  describeRowReason,
  missingRequired,
  type PreparedRow,
  prepareRow,
  type RowError,
  SENSITIVE_IMPORT_FIELDS,
} from './import-rows.js';
import { measureFile, payloadTooLarge, removeUpload, type StoredFile, storeUpload, uploadPath } from './import-storage.js';
import * as repo from './imports.repository.js';
import type { ImportRow } from './imports.repository.js';

export const IMPORT_JOB = 'customers.import';
export type ImportJobData = { tenantId: string; importId: string };

export type ImportLimits = {
  /** Rows per transaction: each batch commits whole or not at all. */
  batchSize: number;
  /** Data rows one import takes; the rest of a longer file is not imported. */
  maxRows: number;
  maxBytes: number;
  /** A queued or running import that has not committed a batch for this long has lost its worker. */
  staleAfterMs: number;
};
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  batchSize: 1000,
  maxRows: 2_000_000,
  // A million rows of a wide export run to a few hundred MB (HubSpot takes 1,048,576 rows per file).
  maxBytes: 1024 * 1024 * 1024,
  staleAfterMs: 2 * 60_000,
};

export const MATCH_RULES: readonly MatchRule[] = ['code', 'external_code', 'phone', 'email'];
const PREVIEW_ROWS = 20;
/** Rows written after which a running import refreshes the planner's statistics, and at its end once this many were. */
const ANALYZE_AFTER_ROWS = 250_000;
const ANALYZE_AT_END_AFTER_ROWS = 5_000;

/** Keys a dry run remembers across batches to count repeats in the file as updates; memory stays bounded beyond it. */
const DRY_RUN_MEMORY = 1_000_000;
/** Customers written per statement: about 60 parameters a row stays under PostgreSQL's 65,535. */
const INSERT_CHUNK = 1000;
const ERROR_REPORT_PAGE = 5000;

export type ImportSettings = {
  encoding?: TextEncoding | null;
  mapping?: Record<string, string | null>;
  matchBy?: MatchRule[];
  mode?: ImportMode;
  dryRun?: boolean;
  saveMappingAs?: string;
};

/** An import as the API shows it, with its speed and time left while it runs. */
export function publicImport(row: ImportRow, now: Date) {
  const end = row.finishedAt ?? (row.status === 'running' ? now : row.updatedAt);
  const seconds = row.startedAt ? (end.getTime() - row.startedAt.getTime()) / 1000 : 0;
  const rate = seconds > 0 && row.processedRows > 0 ? row.processedRows / seconds : null;
  const left = row.totalRows === null ? null : Math.max(0, row.totalRows - row.processedRows);
  return {
    id: row.id,
    fileName: row.fileName,
    format: row.format,
    encoding: row.encoding,
    detectedEncoding: row.detectedEncoding,
    status: row.status,
    headers: row.headers,
    mapping: row.mapping,
    matchBy: row.matchBy,
    mode: row.mode,
    dryRun: row.dryRun,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    created: row.created,
    updated: row.updated,
    failed: row.failed,
    rate: rate === null ? null : Math.round(rate * 10) / 10,
    etaSeconds: row.status === 'running' && rate && left !== null ? Math.ceil(left / rate) : null,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}
export type PublicImport = ReturnType<typeof publicImport>;

const importNotFound = () => new AppError('not_found', 'No such import.', { reason: 'record_not_found' });
const fileProblem = (p: FileProblem) =>
  new AppError('unprocessable', p.message, {
    reason: 'import_file_problem',
    params: { problem: p.reason, ...(p.row ? { row: p.row } : {}) },
  });
const notReady = (message: string) => new AppError('unprocessable', message, { reason: 'import_not_ready' });
const busy = () => new AppError('conflict', 'The import is running; cancel it first, or wait until it ends.', { reason: 'import_running' });
const finished = () =>
  new AppError('conflict', 'The import has ended; what it committed stays. Upload the file again to import it again.', {
    reason: 'import_finished',
  });

/** A stop that is no failure: the import was cancelled or another worker took it over. */
class Stopped extends Error {}
/** Thrown out of a dry run's batch transaction to roll it back, carrying what the batch did. */
class DryRunRollback extends Error {
  constructor(readonly outcome: BatchOutcome) {
    super('dry run');
  }
}

/** Everything one run of an import needs, worked out once. */
type RunState = {
  tenantId: string;
  importId: string;
  fileName: string;
  actor: Actor;
  ctx: RecordContext;
  mapping: CompiledMapping;
  matchBy: MatchRule[];
  mode: ImportMode;
  dryRun: boolean;
  visibility: { create?: Visibility; update?: Visibility; sensitive?: Visibility };
  /** Branch names and codes, lower-cased → unit id. */
  units: Map<string, string>;
  /** Owner emails seen so far → user id, or null for no such active user. */
  owners: Map<string, string | null>;
  /** The last row of the last batch committed, as this run knows it; another value in the database means another worker. */
  committedRow: number;
  /** Customers created or changed since the planner's statistics were last refreshed. */
  writtenSinceAnalyze: number;
  /** Match keys of customers earlier batches of a dry run would have created or changed (dry runs write nothing). */
  dryRunKeys: Set<string>;
};

type Decision =
  | { action: 'error'; errors: RowError[] }
  | { action: 'create' }
  /** Same customer as an earlier row of the file that creates one (`row` is that row's number). */
  | { action: 'merge'; row: number }
  | { action: 'update'; customerId: string; code: string }
  /** Same customer as one a previous batch of this dry run would have written. */
  | { action: 'seen' };

type PlannedRow = { row: PreparedRow; decision: Decision };
/** Live customers a batch's rows may be: by id, and by rule + key (`phone:8613800138000`). */
type Matches = { candidates: Map<string, repo.MatchCandidate>; stored: Map<string, Set<string>> };

/** What a row is matched by, per rule: the keys as stored (normalised). */
const matchKeys = (r: PreparedRow): Record<MatchRule, string[]> => ({
  code: r.code ? [r.code] : [],
  external_code: r.values?.externalKeys ?? [],
  phone: r.values?.phoneNumbers ?? [],
  email: r.values?.emailAddresses ?? [],
});
type BatchOutcome = { created: number; updated: number; failed: number; errors: { rowNumber: number; errors: RowError[] }[] };

/**
 * Customer imports (CUST-6): uploads, column mappings, previews, and the batched run that matches
 * each row to an existing customer or creates one, with every refused row reported. A run commits
 * a batch of rows together with the import's progress, so it can stop anywhere (cancel, crash) and
 * resume after the last batch without doing any row twice.
 */
export class ImportsService {
  readonly limits: ImportLimits = { ...DEFAULT_IMPORT_LIMITS };
  /** Imports this process is running: a job sent again for one of them has nothing to do. */
  private readonly active = new Set<string>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly collaborators: { customers: CustomersService; jobQueue: JobQueue },
  ) {}

  private get now() {
    return this.deps.clock.now();
  }

  private tx<T>(tenantId: string, work: (tx: Tx) => Promise<T>) {
    return this.deps.database.withTenant(tenantId, work);
  }

  private async row(tx: Tx, actor: Actor, id: string) {
    authorize(actor, 'customers.import');
    const row = await repo.findImport(tx, actor.tenantId, id);
    if (!row) throw importNotFound();
    return row;
  }

  // --- files -------------------------------------------------------------------------------------

  /** Receives a file (the raw request body), reads its header and suggests a mapping. Refused files leave nothing behind. */
  async upload(actor: Actor, fileName: string, body: ReadableStream<Uint8Array> | null, declaredBytes?: number) {
    authorize(actor, 'customers.import');
    if (declaredBytes !== undefined && declaredBytes > this.limits.maxBytes) throw payloadTooLarge(this.limits.maxBytes);
    const id = newId();
    const target = uploadPath(this.deps.config.dataDir, actor.tenantId, id, 'upload');
    const stored = await storeUpload(body, target, this.limits.maxBytes);
    try {
      return await this.register(actor, id, fileName, target, stored, true);
    } catch (error) {
      await removeUpload(this.deps.config.dataDir, target);
      throw error;
    }
  }

  /** An import of a file where it lies (the CLI): the file is read, never moved or deleted. */
  async createFromFile(actor: Actor, file: string) {
    authorize(actor, 'customers.import');
    return this.register(actor, newId(), path.basename(file), path.resolve(file), await measureFile(file), false);
  }

  private async register(actor: Actor, id: string, fileName: string, file: string, stored: StoredFile, ours: boolean) {
    let sniffed: Awaited<ReturnType<typeof sniffFile>>;
    let preview: Awaited<ReturnType<typeof previewFile>>;
    try {
      sniffed = await sniffFile(file);
      preview = await previewFile(file, { format: sniffed.format, encoding: sniffed.encoding }, 0);
    } catch (error) {
      throw error instanceof FileProblem ? fileProblem(error) : error;
    }
    // The name the file is kept under says what it is, whatever the person called it.
    let filePath = file;
    if (ours) {
      filePath = uploadPath(this.deps.config.dataDir, actor.tenantId, id, sniffed.format);
      await rename(file, filePath);
    }
    const utf16 = sniffed.encoding === 'utf-16le' || sniffed.encoding === 'utf-16be';
    // Line feeds count CSV rows closely enough for progress; UTF-16 hides them in its byte pairs, so estimate.
    const totalRows = sniffed.format === 'xlsx' ? null : utf16 ? preview.estimatedRows : Math.max(0, stored.lines - 1);
    try {
      const row = await this.tx(actor.tenantId, async (tx) => {
        const { customFields } = await recordContext(tx, actor.tenantId);
        const saved = await repo.findMappingForHeaders(tx, actor.tenantId, preview.headers);
        const now = this.now;
        return repo.insertImport(tx, {
          tenantId: actor.tenantId,
          id,
          fileName: cleanFileName(fileName),
          filePath,
          fileSize: stored.bytes,
          format: sniffed.format,
          encoding: sniffed.encoding,
          detectedEncoding: sniffed.encoding,
          headers: preview.headers,
          mapping: saved?.mapping ?? suggestMapping(preview.headers, customFields),
          totalRows,
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        });
      });
      return publicImport(row, this.now);
    } catch (error) {
      if (ours) await removeUpload(this.deps.config.dataDir, filePath);
      throw error;
    }
  }

  // --- reading -------------------------------------------------------------------------------------

  async get(actor: Actor, id: string) {
    return publicImport(await this.tx(actor.tenantId, (tx) => this.row(tx, actor, id)), this.now);
  }

  async list(actor: Actor, page: PageQuery) {
    authorize(actor, 'customers.import');
    const [beforeId] = (decodeCursor(page.cursor, 1) ?? []) as [string?];
    const rows = await this.tx(actor.tenantId, (tx) => repo.listImports(tx, actor.tenantId, beforeId, page.limit));
    const more = rows.length > page.limit;
    const data = (more ? rows.slice(0, page.limit) : rows).map((r) => publicImport(r, this.now));
    return { data, nextCursor: more ? encodeCursor([data.at(-1)!.id]) : null };
  }

  async mappings(actor: Actor) {
    authorize(actor, 'customers.import');
    const rows = await this.tx(actor.tenantId, (tx) => repo.listMappings(tx, actor.tenantId));
    return { data: rows.map((m) => ({ id: m.id, name: m.name, headers: m.headers, mapping: m.mapping })) };
  }

  async errors(actor: Actor, id: string, page: PageQuery) {
    const after = decodeCursor(page.cursor, 2) as [number, number] | undefined;
    const rows = await this.tx(actor.tenantId, async (tx) => {
      await this.row(tx, actor, id);
      return repo.listImportErrors(tx, actor.tenantId, id, after, page.limit);
    });
    const more = rows.length > page.limit;
    const data = more ? rows.slice(0, page.limit) : rows;
    const last = data.at(-1);
    return {
      data: data.map((e) => ({
        rowNumber: e.rowNumber,
        column: e.column,
        value: e.value,
        reason: e.reason,
        message: describeRowReason(e.reason),
      })),
      nextCursor: more && last ? encodeCursor([last.rowNumber, last.seq]) : null,
    };
  }

  /** Every refused row, in file order, as the error report's rows; read in pages, so any number streams. */
  async *errorReport(actor: Actor, id: string): AsyncGenerator<Record<string, unknown>> {
    let cursor: string | undefined;
    do {
      const page = await this.errors(actor, id, { limit: ERROR_REPORT_PAGE, cursor });
      for (const e of page.data) yield { row: e.rowNumber, column: e.column, value: e.value, reason: e.message };
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** What the first rows would become with the import's mapping (and `encoding`, when given), without writing anything. */
  async preview(actor: Actor, id: string, encoding?: TextEncoding) {
    const row = await this.tx(actor.tenantId, (tx) => this.row(tx, actor, id));
    // A real import that has ended no longer has its file; a running one is past previewing.
    const dryRunEnded = row.dryRun && ['completed', 'failed', 'cancelled'].includes(row.status);
    if (row.status !== 'uploaded' && !dryRunEnded) throw row.status === 'queued' || row.status === 'running' ? busy() : finished();
    let file: Awaited<ReturnType<typeof previewFile>>;
    try {
      file = await previewFile(
        row.filePath,
        { format: row.format, encoding: encoding ?? (row.encoding as TextEncoding | null) },
        PREVIEW_ROWS,
      );
    } catch (error) {
      throw error instanceof FileProblem ? fileProblem(error) : error;
    }
    const mapping = Object.fromEntries(Object.entries(row.mapping).filter(([index]) => Number(index) < file.headers.length));
    const state = await this.tx(actor.tenantId, (tx) => this.runState(tx, actor, { ...row, headers: file.headers, mapping }));
    const prepared = file.rows.map((r) => prepareRow(r, state.mapping, state.ctx));
    const matches = await this.findMatches(state, prepared);
    const planned = await this.tx(actor.tenantId, (tx) => this.plan(tx, state, prepared, matches));
    const byRow = new Map(planned.map((p) => [p.row.rowNumber, p]));
    return {
      headers: file.headers,
      rows: file.rows.map((r: FileRow) => ({ rowNumber: r.rowNumber, cells: r.cells, result: previewResult(byRow.get(r.rowNumber)!) })),
    };
  }

  // --- settings and control ------------------------------------------------------------------------

  /** Changes the settings of an import that has not written anything (a finished dry run starts over). */
  async update(actor: Actor, id: string, settings: ImportSettings, version?: number) {
    const row = await this.tx(actor.tenantId, (tx) => this.row(tx, actor, id));
    const dryRunEnded = row.dryRun && ['completed', 'failed', 'cancelled'].includes(row.status);
    if (row.status !== 'uploaded' && !dryRunEnded) throw row.status === 'queued' || row.status === 'running' ? busy() : finished();
    const patch: Partial<ImportRow> = {};
    let headers = row.headers;
    if (settings.encoding !== undefined && row.format === 'csv') {
      const encoding = settings.encoding ?? (row.detectedEncoding as TextEncoding | null);
      try {
        headers = (await previewFile(row.filePath, { format: 'csv', encoding }, 0)).headers;
      } catch (error) {
        throw error instanceof FileProblem ? fileProblem(error) : error;
      }
      patch.encoding = encoding;
    }
    const saved = await this.tx(actor.tenantId, async (tx) => {
      const { customFields } = await recordContext(tx, actor.tenantId);
      if (settings.mapping !== undefined) {
        compileMapping(headers, settings.mapping, customFields);
        patch.mapping = Object.fromEntries(headers.map((_h, i) => [String(i), settings.mapping![String(i)] ?? null]));
      } else if (JSON.stringify(headers) !== JSON.stringify(row.headers)) {
        // Read in another encoding, the header says something else: the old mapping was made for garbled names.
        patch.mapping = suggestMapping(headers, customFields);
      }
      patch.headers = headers;
      if (settings.matchBy !== undefined) patch.matchBy = MATCH_RULES.filter((r) => settings.matchBy!.includes(r));
      if (settings.mode !== undefined) patch.mode = settings.mode;
      if (settings.dryRun !== undefined) patch.dryRun = settings.dryRun;
      if (dryRunEnded) {
        await repo.deleteImportErrors(tx, actor.tenantId, id);
        Object.assign(patch, freshRun());
      }
      const updated = await repo.updateImport(tx, actor.tenantId, id, version ?? row.version, patch);
      if (!updated) throw staleVersion('The import');
      if (settings.saveMappingAs) {
        const now = this.now;
        await repo.saveMapping(tx, {
          tenantId: actor.tenantId,
          id: newId(),
          name: settings.saveMappingAs.trim(),
          headers: updated.headers,
          mapping: updated.mapping,
          createdAt: now,
          updatedAt: now,
        });
      }
      return updated;
    });
    return publicImport(saved, this.now);
  }

  /**
   * Queues the import for a background worker (or, with `background: false`, for the caller to
   * `run`). A failed import resumes after its last committed batch; a finished dry run starts over
   * for real or dry again, as its settings now say.
   */
  async start(actor: Actor, id: string, options: { background?: boolean } = {}) {
    const row = await this.tx(actor.tenantId, async (tx) => {
      const current = await this.row(tx, actor, id);
      const patch: Partial<ImportRow> = {};
      switch (current.status) {
        case 'queued':
        case 'running':
          throw busy();
        case 'completed':
        case 'cancelled':
          if (!current.dryRun) throw finished();
          await repo.deleteImportErrors(tx, actor.tenantId, id);
          Object.assign(patch, freshRun());
          break;
        case 'failed':
          if (current.dryRun) {
            await repo.deleteImportErrors(tx, actor.tenantId, id);
            Object.assign(patch, freshRun());
          }
          break;
        case 'uploaded':
          break;
      }
      await this.checkReady(tx, actor, current);
      Object.assign(patch, { status: 'queued', error: null, finishedAt: null });
      const queued = await repo.updateImport(tx, actor.tenantId, id, current.version, patch);
      if (!queued) throw staleVersion('The import');
      return queued;
    });
    if (options.background !== false) await this.enqueue(row.tenantId, row.id);
    return publicImport(row, this.now);
  }

  /** Whether the settings say what to do with every row, before any row is read. */
  private async checkReady(tx: Tx, actor: Actor, row: ImportRow) {
    const { customFields } = await recordContext(tx, actor.tenantId);
    const mapping = compileMapping(row.headers, row.mapping, customFields);
    const mapped = (field: (f: string) => boolean) => mapping.columns.some((c) => field(c.field));
    if (row.mode !== 'update_only' && !mapped((f) => f === 'name')) throw notReady('Map a column to the name: new customers need one.');
    const matchable: Record<MatchRule, (f: string) => boolean> = {
      code: (f) => f === 'code',
      external_code: (f) => f.startsWith('externalCodes.'),
      phone: (f) => f === 'phone' || f === 'mobile',
      email: (f) => f === 'email',
    };
    if (row.mode === 'update_only' && !row.matchBy.some((rule) => mapped(matchable[rule]))) {
      throw notReady('Nothing to find existing customers by: map a column that a chosen match rule compares.');
    }
    const sensitive = mapping.columns.find((c) => SENSITIVE_IMPORT_FIELDS.has(c.field));
    if (sensitive && !can(actor, 'customers.sensitive')) {
      throw new AppError('forbidden', `Importing ${sensitive.field} needs the permission customers.sensitive.`, {
        reason: 'sensitive_field_forbidden',
        params: { field: sensitive.field },
      });
    }
    if (row.totalRows !== null && row.totalRows > this.limits.maxRows) {
      throw new AppError('unprocessable', `The file has about ${row.totalRows} rows; an import takes at most ${this.limits.maxRows}.`, {
        reason: 'too_many_rows',
        params: { max: this.limits.maxRows },
      });
    }
  }

  /** Stops the import after the batch it is on; the batches already committed stay imported. */
  async cancel(actor: Actor, id: string) {
    const row = await this.tx(actor.tenantId, async (tx) => {
      const current = await this.row(tx, actor, id);
      if (!['uploaded', 'queued', 'running'].includes(current.status)) throw finished();
      const cancelled = await repo.updateImport(tx, actor.tenantId, id, undefined, { status: 'cancelled', finishedAt: this.now });
      return cancelled!;
    });
    if (!row.dryRun) await removeUpload(this.deps.config.dataDir, row.filePath);
    return publicImport(row, this.now);
  }

  /**
   * Sends the import to a background worker. A process without background jobs (RAPPORT_JOBS=off)
   * cannot queue, so it runs the import itself; the person waits no more either way.
   */
  private async enqueue(tenantId: string, importId: string) {
    const job: ImportJobData = { tenantId, importId };
    try {
      await this.collaborators.jobQueue.send(IMPORT_JOB, job, { singletonKey: importId });
    } catch {
      void this.run(tenantId, importId).catch((error: unknown) => console.error('[imports]', error));
    }
  }

  /** Re-sends the job of every import whose worker stopped without finishing it (the server was stopped or crashed). */
  async resumeStalled(): Promise<number> {
    const stalled = await this.deps.database.system((tx) =>
      repo.findStalledImports(tx, new Date(this.now.getTime() - this.limits.staleAfterMs)),
    );
    let resumed = 0;
    for (const { tenantId, id } of stalled) {
      if (this.active.has(id)) continue;
      // Touched, so that the next sweep gives the job time to start before sending it again.
      await this.tx(tenantId, (tx) => repo.updateImport(tx, tenantId, id, undefined, { updatedAt: this.now }));
      await this.enqueue(tenantId, id);
      resumed++;
    }
    return resumed;
  }

  // --- running -------------------------------------------------------------------------------------

  /**
   * Runs a queued import (or resumes a running one whose worker died) to its end, batch by batch.
   * Safe to call twice: one process runs an import once, and across processes each batch checks,
   * under the import row's lock, that nobody committed it first. `actor` defaults to the user who
   * uploaded the file, with the permissions they have now; `signal` stops between batches, leaving
   * the import running as a crash would.
   */
  async run(
    tenantId: string,
    importId: string,
    options: { actor?: Actor; signal?: AbortSignal; onBatch?: (progress: PublicImport) => void | Promise<void> } = {},
  ): Promise<PublicImport | undefined> {
    if (this.active.has(importId)) return undefined;
    this.active.add(importId);
    try {
      return await this.runImport(tenantId, importId, options);
    } finally {
      this.active.delete(importId);
    }
  }

  private async runImport(
    tenantId: string,
    importId: string,
    options: { actor?: Actor; signal?: AbortSignal; onBatch?: (progress: PublicImport) => void | Promise<void> },
  ) {
    const claimed = await this.tx(tenantId, async (tx) => {
      const row = await repo.lockImport(tx, tenantId, importId);
      if (!row || (row.status !== 'queued' && row.status !== 'running')) return undefined;
      return repo.updateImport(tx, tenantId, importId, undefined, {
        status: 'running',
        startedAt: row.startedAt ?? this.now,
        updatedAt: this.now,
      });
    });
    if (!claimed) return undefined;
    let state: RunState | undefined;
    try {
      const actor = options.actor ?? (await this.actorOfUser(tenantId, claimed.createdBy));
      state = await this.tx(tenantId, (tx) => this.runState(tx, actor, claimed));
      const ended = await this.readAndCommit(state, claimed, options);
      return await this.finish(state, ended === 'too_many_rows' ? 'too_many_rows' : undefined);
    } catch (error) {
      if (error instanceof Stopped || options.signal?.aborted) return undefined;
      return this.fail(tenantId, importId, state?.committedRow ?? claimed.committedRow, error);
    }
  }

  /**
   * Reads the file from after the last committed row and commits it in batches. While one batch
   * is in the database, the next is read and normalised, so the two overlap on PostgreSQL.
   */
  private async readAndCommit(
    state: RunState,
    row: ImportRow,
    options: { signal?: AbortSignal; onBatch?: (progress: PublicImport) => void | Promise<void> },
  ): Promise<'done' | 'too_many_rows'> {
    let pending: Promise<{ error?: Error }> | undefined;
    const settle = async () => {
      const result = await pending;
      pending = undefined;
      if (result?.error) throw result.error;
      if (options.signal?.aborted) throw new Stopped();
    };
    const commit = (rows: PreparedRow[], lastRow: number) => {
      pending = this.commitBatch(state, rows, lastRow).then(
        async (progress) => {
          await options.onBatch?.(progress);
          return {};
        },
        (error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }),
      );
    };
    let taken = row.processedRows;
    let batch: PreparedRow[] = [];
    let lastRow = row.committedRow;
    let overLimit = false;
    const rows = readRows(row.filePath, {
      format: row.format,
      encoding: row.encoding as TextEncoding | null,
      afterRow: row.committedRow,
      signal: options.signal,
    });
    try {
      for await (const event of rows) {
        if (event.kind === 'header') {
          if (JSON.stringify(event.cells) !== JSON.stringify(row.headers)) {
            throw new FileProblem(
              'no_header',
              'The file changed since it was uploaded: its header is not the one the mapping was made for.',
            );
          }
          continue;
        }
        if (taken >= this.limits.maxRows) {
          overLimit = true;
          break;
        }
        batch.push(prepareRow(event, state.mapping, state.ctx));
        lastRow = event.rowNumber;
        taken++;
        if (batch.length >= this.limits.batchSize) {
          await settle();
          commit(batch, lastRow);
          batch = [];
        }
      }
      await settle();
      if (batch.length) {
        commit(batch, lastRow);
        await settle();
      }
    } catch (error) {
      // The batch in flight commits or not before the run reports how it ended, so the report sees its progress.
      await pending;
      throw error;
    }
    return overLimit ? 'too_many_rows' : 'done';
  }

  /** One batch in one transaction: its customers, their audit entries and events, its refused rows and the import's progress. */
  private async commitBatch(state: RunState, rows: PreparedRow[], lastRow: number): Promise<PublicImport> {
    const { tenantId, importId } = state;
    const lockCurrent = async (tx: Tx) => {
      const current = await repo.lockImport(tx, tenantId, importId);
      // Cancelled, or another worker committed this batch first: this one stops without writing.
      if (!current || current.status !== 'running' || current.committedRow !== state.committedRow) throw new Stopped();
    };
    const record = async (tx: Tx, outcome: BatchOutcome) => {
      await repo.insertImportErrors(
        tx,
        outcome.errors.flatMap(({ rowNumber, errors }) =>
          errors.map((e, seq) => ({ tenantId, importId, rowNumber, seq, column: e.column, value: e.value, reason: e.reason })),
        ),
      );
      await repo.recordProgress(
        tx,
        tenantId,
        importId,
        { committedRow: lastRow, processed: rows.length, created: outcome.created, updated: outcome.updated, failed: outcome.failed },
        this.now,
      );
      return repo.findImport(tx, tenantId, importId);
    };
    const matches = await this.findMatches(state, rows);
    let saved: ImportRow | undefined;
    let written = 0;
    if (state.dryRun) {
      const outcome = await this.tx(tenantId, async (tx) => {
        await lockCurrent(tx);
        throw new DryRunRollback(await this.writeBatch(tx, state, rows, matches));
      }).catch((error: unknown) => {
        if (error instanceof DryRunRollback) return error.outcome;
        throw error;
      });
      saved = await this.tx(tenantId, async (tx) => {
        await lockCurrent(tx);
        return record(tx, outcome);
      });
    } else {
      saved = await this.tx(tenantId, async (tx) => {
        await lockCurrent(tx);
        const outcome = await this.writeBatch(tx, state, rows, matches);
        written = outcome.created + outcome.updated;
        return record(tx, outcome);
      });
    }
    state.committedRow = lastRow;
    state.writtenSinceAnalyze += written;
    if (state.writtenSinceAnalyze >= ANALYZE_AFTER_ROWS) await this.refreshStatistics(state);
    return publicImport(saved!, this.now);
  }

  private async finish(state: RunState, stop?: 'too_many_rows') {
    const { tenantId, importId } = state;
    // Before it reads "completed", so that what people do next with the new customers is planned for them.
    if (state.writtenSinceAnalyze >= ANALYZE_AT_END_AFTER_ROWS) await this.refreshStatistics(state);
    const done = await this.tx(tenantId, async (tx) => {
      const current = await repo.lockImport(tx, tenantId, importId);
      if (!current || current.status !== 'running' || current.committedRow !== state.committedRow) return undefined;
      const patch: Partial<ImportRow> = stop
        ? {
            status: 'failed',
            error: `The file has more than ${this.limits.maxRows} rows: rows after row ${current.committedRow} were not imported.`,
            finishedAt: this.now,
          }
        : { status: 'completed', finishedAt: this.now, totalRows: current.processedRows };
      return repo.updateImport(tx, tenantId, importId, undefined, patch);
    });
    if (!done) return undefined;
    if (done.status === 'completed' && !done.dryRun) await removeUpload(this.deps.config.dataDir, done.filePath);
    return publicImport(done, this.now);
  }

  /**
   * ANALYZE after many rows: until autovacuum gets to it, the planner keeps the row counts from
   * before the import and picks plans for a small table (a walk of the tenant's rows instead of the
   * search index), which made searches right after a 50,000-row import ten times slower.
   */
  private async refreshStatistics(state: RunState) {
    await this.deps.database.system((tx) => repo.refreshStatistics(tx));
    state.writtenSinceAnalyze = 0;
  }

  /** Marks the import failed with a reason a person can act on; committed batches stay, and starting it again resumes. */
  private async fail(tenantId: string, importId: string, committedRow: number, error: unknown) {
    const message =
      error instanceof FileProblem || error instanceof AppError
        ? error.message
        : `The import stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    if (!(error instanceof FileProblem || error instanceof AppError)) console.error('[imports]', error);
    const failed = await this.tx(tenantId, async (tx) => {
      const current = await repo.lockImport(tx, tenantId, importId);
      if (!current || current.status !== 'running' || current.committedRow !== committedRow) return undefined;
      return repo.updateImport(tx, tenantId, importId, undefined, { status: 'failed', error: message, finishedAt: this.now });
    });
    return failed ? publicImport(failed, this.now) : undefined;
  }

  /**
   * The actor a background run acts as: the user who uploaded the file, with the permissions
   * their roles give them now (a user disabled since cannot go on importing).
   */
  async actorOfUser(tenantId: string, userId: string): Promise<Actor> {
    return this.tx(tenantId, async (tx) => {
      const user = await findUser(tx, tenantId, userId);
      if (!user || user.status !== 'active') {
        throw new AppError('forbidden', 'The user who started this import is disabled.', {
          reason: 'permission_denied',
          params: { permission: 'customers.import' },
        });
      }
      const actor: Actor = {
        kind: 'user',
        tenantId,
        userId,
        label: user.email,
        orgUnitId: user.orgUnitId,
        permissions: mergePermissions(await rolesOfUser(tx, tenantId, userId)),
      };
      authorize(actor, 'customers.import');
      return actor;
    });
  }

  private async runState(
    tx: Tx,
    actor: Actor,
    row: Pick<ImportRow, 'tenantId' | 'id' | 'fileName' | 'headers' | 'mapping' | 'matchBy' | 'mode' | 'dryRun' | 'committedRow'>,
  ): Promise<RunState> {
    const ctx = await recordContext(tx, row.tenantId);
    const units = new Map<string, string>();
    for (const unit of await listOrgUnits(tx, row.tenantId)) {
      for (const name of [unit.name, unit.code])
        if (name && !units.has(name.trim().toLowerCase())) units.set(name.trim().toLowerCase(), unit.id);
    }
    return {
      tenantId: row.tenantId,
      importId: row.id,
      fileName: row.fileName,
      actor,
      ctx,
      mapping: compileMapping(row.headers, row.mapping, ctx.customFields),
      matchBy: row.matchBy,
      mode: row.mode,
      dryRun: row.dryRun,
      visibility: {
        create: await optionalVisibility(tx, actor, 'customers.create'),
        update: await optionalVisibility(tx, actor, 'customers.update'),
        sensitive: await optionalVisibility(tx, actor, 'customers.sensitive'),
      },
      units,
      owners: new Map(),
      committedRow: row.committedRow,
      writtenSinceAnalyze: 0,
      dryRunKeys: new Set(),
    };
  }

  // --- one batch -----------------------------------------------------------------------------------

  /**
   * Decides what each row does, reading only: resolves owners and branches, matches the rows to
   * live customers by the chosen rules in order (one indexed query per rule for the whole batch)
   * and to earlier rows of the batch, and applies the mode and the actor's permissions.
   */
  private async plan(tx: Tx, state: RunState, rows: PreparedRow[], matches: Matches): Promise<PlannedRow[]> {
    await this.resolveOwners(tx, state, rows);
    const { candidates, stored } = matches;
    const keysOf = matchKeys;
    /** rule + key → the customer an earlier row of this batch creates (`row:<n>`) or changes (its id). */
    const earlier = new Map<string, string>();
    const planned: PlannedRow[] = [];
    for (const row of rows) {
      const decision = row.values
        ? this.decide(state, row, keysOf(row), candidates, stored, earlier)
        : { action: 'error' as const, errors: row.errors };
      planned.push({ row, decision });
      if (decision.action === 'error' || !row.values) continue;
      const ref =
        decision.action === 'create'
          ? `row:${row.rowNumber}`
          : decision.action === 'merge'
            ? `row:${decision.row}`
            : decision.action === 'update'
              ? decision.customerId
              : undefined;
      for (const rule of state.matchBy) {
        for (const key of keysOf(row)[rule]) {
          if (ref && !earlier.has(`${rule}:${key}`)) earlier.set(`${rule}:${key}`, ref);
          if (state.dryRun && state.dryRunKeys.size < DRY_RUN_MEMORY) state.dryRunKeys.add(`${rule}:${key}`);
        }
      }
    }
    return planned;
  }

  private decide(
    state: RunState,
    row: PreparedRow,
    keys: Record<MatchRule, string[]>,
    candidates: Map<string, repo.MatchCandidate>,
    stored: Map<string, Set<string>>,
    earlier: Map<string, string>,
  ): Decision {
    const values = row.values!;
    const errors: RowError[] = [];
    if (row.owner) {
      const ownerId = state.owners.get(row.owner.email);
      if (ownerId) values.ownerId = ownerId;
      else errors.push({ column: row.owner.column, value: row.owner.email, reason: 'owner_not_found' });
    }
    if (row.branch) {
      const branchId = state.units.get(row.branch.name.trim().toLowerCase());
      if (branchId) values.branchId = branchId;
      else errors.push({ column: row.branch.column, value: row.branch.name, reason: 'branch_not_found' });
    }
    if (errors.length) return { action: 'error', errors };

    // Each rule in order: the first that finds anyone names the candidates, later ones only narrow them down.
    let found: Set<string> | undefined;
    let seenInDryRun = false;
    for (const rule of state.matchBy) {
      const hits = new Set<string>();
      for (const key of keys[rule]) {
        for (const id of stored.get(`${rule}:${key}`) ?? []) hits.add(id);
        const ref = earlier.get(`${rule}:${key}`);
        if (ref) hits.add(ref);
        if (state.dryRunKeys.has(`${rule}:${key}`)) seenInDryRun = true;
      }
      if (hits.size === 0) continue;
      if (!found) found = hits;
      else {
        const narrowed = new Set([...found].filter((id) => hits.has(id)));
        if (narrowed.size > 0) found = narrowed;
      }
      if (found.size === 1) break;
    }
    const refuse = (reason: RowError['reason'], column: string | null = null, value: string | null = null): Decision => ({
      action: 'error',
      errors: [{ column, value, reason }],
    });
    if (found && found.size > 1)
      return refuse('ambiguous_match', null, [...found].map((id) => candidates.get(id)?.code ?? 'a row above').join(', '));
    const target = found ? [...found][0] : undefined;
    if (target?.startsWith('row:')) {
      if (state.mode === 'create_only') return refuse('duplicate_in_file', null, `row ${target.slice(4)}`);
      if (row.kindGuessed) delete values.kind;
      return { action: 'merge', row: Number(target.slice(4)) };
    }
    if (target) {
      const existing = candidates.get(target)!;
      if (state.mode === 'create_only') return refuse('already_exists', null, existing.code);
      if (!covers(state.visibility.update, existing)) return refuse('permission_denied', null, existing.code);
      if (row.setsSensitive && !covers(state.visibility.sensitive, existing))
        return refuse('sensitive_field_forbidden', null, existing.code);
      if (row.kindGuessed) delete values.kind;
      return { action: 'update', customerId: target, code: existing.code };
    }
    if (seenInDryRun) return state.mode === 'create_only' ? refuse('duplicate_in_file') : { action: 'seen' };
    if (state.mode === 'update_only') return refuse('not_found');
    if (row.code && state.matchBy.includes('code')) return refuse('unknown_code', state.mapping.columnOf('code')?.header ?? null, row.code);
    if (!values.name) return refuse('name_required', state.mapping.columnOf('name')?.header ?? null);
    const missing = missingRequired(values, state.mapping);
    if (missing.length) return { action: 'error', errors: missing };
    values.ownerId ??= state.actor.userId;
    if (values.branchId === undefined && state.actor.orgUnitId) values.branchId = state.actor.orgUnitId;
    // As for a form: one may only create customers one will be able to see.
    if (!covers(state.visibility.create, { ownerId: values.ownerId ?? null, branchId: values.branchId ?? null }))
      return refuse('permission_denied');
    if (row.setsSensitive && !state.visibility.sensitive) return refuse('sensitive_field_forbidden');
    return { action: 'create' };
  }

  /**
   * The live customers the rows' keys find, rule by rule: one query per rule for the whole batch.
   * Read in a system transaction, outside the batch's tenant transaction and with the tenant named
   * in the query: under row-level security PostgreSQL will not probe a GIN index with the array
   * operators (they are not leakproof) and would read every customer of the tenant per batch.
   * Rows committed by earlier batches are found; a customer saved by someone else in the moment
   * between this read and the batch's commit is not, as with two people saving at once.
   */
  private findMatches(state: RunState, rows: PreparedRow[]): Promise<Matches> {
    const valid = rows.filter((r) => r.values);
    return this.deps.database.system(async (tx) => {
      const candidates = new Map<string, repo.MatchCandidate>();
      const stored = new Map<string, Set<string>>();
      for (const rule of state.matchBy) {
        const keys = [...new Set(valid.flatMap((r) => matchKeys(r)[rule]))];
        if (keys.length === 0) continue;
        for (const c of await repo.findCandidates(tx, state.tenantId, rule, keys)) {
          candidates.set(c.id, c);
          const theirs =
            rule === 'code' ? [c.code] : rule === 'external_code' ? c.externalKeys : rule === 'phone' ? c.phoneNumbers : c.emailAddresses;
          for (const key of theirs) {
            const k = `${rule}:${key}`;
            if (!stored.has(k)) stored.set(k, new Set());
            stored.get(k)!.add(c.id);
          }
        }
      }
      return { candidates, stored };
    });
  }

  /** Owner emails of the batch → user ids, asked once per run and email. */
  private async resolveOwners(tx: Tx, state: RunState, rows: PreparedRow[]) {
    for (const email of new Set(rows.flatMap((r) => (r.owner && r.values ? [r.owner.email] : [])))) {
      if (state.owners.has(email)) continue;
      const user = await findUserByEmail(tx, state.tenantId, email);
      state.owners.set(email, user && user.status === 'active' ? user.id : null);
    }
  }

  /** Plans a batch and writes it: new customers in bulk, changed ones one by one, contacts, audit entries and events. */
  private async writeBatch(tx: Tx, state: RunState, rows: PreparedRow[], matches: Matches): Promise<BatchOutcome> {
    const { actor, tenantId } = state;
    const planned = await this.plan(tx, state, rows, matches);
    const outcome: BatchOutcome = { created: 0, updated: 0, failed: 0, errors: [] };
    /** New customers by the row that creates them, with the rows that repeat them folded in. */
    const creates = new Map<number, { values: CustomerValues; contacts: PreparedRow['contact'][] }>();
    /** Changes per existing customer, in file order. */
    const updates = new Map<string, { values: CustomerValues; contacts: PreparedRow['contact'][] }>();
    for (const { row, decision } of planned) {
      switch (decision.action) {
        case 'error':
          outcome.failed++;
          outcome.errors.push({ rowNumber: row.rowNumber, errors: decision.errors });
          break;
        case 'create':
          outcome.created++;
          creates.set(row.rowNumber, { values: row.values!, contacts: [row.contact] });
          break;
        case 'merge': {
          outcome.updated++;
          const first = creates.get(decision.row)!;
          first.values = applyChange(first.values, row.values!);
          first.contacts.push(row.contact);
          break;
        }
        case 'update': {
          outcome.updated++;
          const change = updates.get(decision.customerId);
          if (change) {
            change.values = applyChange(change.values, row.values!);
            change.contacts.push(row.contact);
          } else updates.set(decision.customerId, { values: row.values!, contacts: [row.contact] });
          break;
        }
        case 'seen':
          outcome.updated++;
          break;
      }
    }
    const audit: Change[] = [];
    const newContacts: (typeof contacts.$inferInsert)[] = [];
    const contactRows = (customerId: string, wanted: PreparedRow['contact'][], existing: { nameKey: string }[]) => {
      const names = new Set(existing.map((c) => c.nameKey));
      for (const contact of wanted) {
        if (!contact || names.has(contact.nameKey)) continue;
        names.add(contact.nameKey);
        const now = this.now;
        newContacts.push({
          ...contact,
          tenantId,
          id: newId(),
          customerId,
          isPrimary: existing.length === 0 && names.size === 1,
          createdAt: now,
          updatedAt: now,
        });
      }
    };

    const toCreate = [...creates.values()];
    for (let i = 0; i < toCreate.length; i += INSERT_CHUNK) {
      const chunk = toCreate.slice(i, i + INSERT_CHUNK);
      const inserted = await this.collaborators.customers.insertMany(
        tx,
        actor,
        chunk.map((c) => c.values),
        { importId: state.importId },
      );
      inserted.forEach((customer, j) => contactRows(customer.id, chunk[j]!.contacts, []));
    }

    if (updates.size) {
      const before = await customersRepo.findCustomersByIds(tx, tenantId, [...updates.keys()]);
      const withContacts = [...updates].filter(([, u]) => u.contacts.some(Boolean)).map(([id]) => id);
      const stored = await customersRepo.listContacts(tx, tenantId, withContacts);
      const handovers: (typeof customerHandovers.$inferInsert)[] = [];
      for (const current of before) {
        const update = updates.get(current.id)!;
        contactRows(
          current.id,
          update.contacts,
          stored.filter((c) => c.customerId === current.id),
        );
        const changed = changedFields(current, pickChanged(applyChange(current, update.values), update.values));
        if (Object.keys(changed).length === 0) continue;
        const after = await customersRepo.updateCustomer(tx, tenantId, current.id, undefined, withSearchColumns(changed, current));
        audit.push({
          entityType: 'customer',
          entityId: current.id,
          action: 'updated',
          before: historyOf(current),
          after: historyOf(after!),
        });
        if (after!.ownerId !== current.ownerId || after!.branchId !== current.branchId) {
          handovers.push({
            tenantId,
            id: newId(),
            customerId: current.id,
            fromOwnerId: current.ownerId,
            toOwnerId: after!.ownerId,
            fromBranchId: current.branchId,
            toBranchId: after!.branchId,
            reason: `Import of ${state.fileName}`,
            actorId: actor.userId,
            actorLabel: actor.label,
            at: this.now,
          });
        }
      }
      await customersRepo.insertHandovers(tx, handovers);
    }

    for (let i = 0; i < newContacts.length; i += INSERT_CHUNK) {
      const inserted = await customersRepo.insertContacts(tx, newContacts.slice(i, i + INSERT_CHUNK));
      for (const c of inserted) audit.push({ entityType: 'contact', entityId: c.id, action: 'created', after: publicContact(c) });
    }
    await recordChanges(tx, tenantId, actor, audit, this.now);
    return outcome;
  }
}

/** Of the merged row, only the fields the change touches (lists merged with what was stored). */
function pickChanged(merged: CustomerValues, change: CustomerValues): CustomerValues {
  return Object.fromEntries(Object.keys(change).map((k) => [k, merged[k as keyof CustomerValues]]));
}

const freshRun = (): Partial<ImportRow> => ({
  status: 'uploaded',
  committedRow: 1,
  processedRows: 0,
  created: 0,
  updated: 0,
  failed: 0,
  startedAt: null,
  finishedAt: null,
  error: null,
});

function cleanFileName(name: string) {
  const base = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/\p{Cc}/gu, '')
    .trim();
  return (base || 'upload').slice(0, 200);
}

/** What the preview shows of a row: what it would do, the customer it would become, or why not. */
function previewResult(p: PlannedRow): { action: 'create' | 'update' | 'error'; customer?: Record<string, unknown>; errors?: RowError[] } {
  if (p.decision.action === 'error') return { action: 'error', errors: p.decision.errors };
  const {
    nameKey: _k,
    namePinyin: _p,
    nameInitials: _i,
    phoneNumbers: _n,
    emailAddresses: _e,
    externalKeys: _x,
    searchText: _s,
    phoneTails: _t,
    ...visible
  } = p.row.values!;
  const customer: Record<string, unknown> = { ...visible };
  if (p.decision.action === 'update') Object.assign(customer, { id: p.decision.customerId, code: p.decision.code });
  return { action: p.decision.action === 'create' ? 'create' : 'update', customer };
}
