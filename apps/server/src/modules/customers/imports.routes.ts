import { PassThrough, Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { actorOf } from '../../http/app-env.js';
import { ifMatchVersion, withEtag } from '../../http/etag.js';
import { createRouter, IdParam, json, jsonBody, Problem, problemResponses, Timestamp } from '../../http/openapi.js';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { EXPORT_CONTENT_TYPES, writeExport } from './export-file.js';
import { MATCH_RULES } from './imports.service.js';

/** The upload route streams its body to disk under its own limit, so the app's JSON body limit must let it pass. */
export const IMPORT_UPLOAD_PATH = '/api/v1/imports';

const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'big5'] as const;
const IMPORT_MODES = ['create_and_update', 'create_only', 'update_only'] as const;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Mapping = z.record(z.string(), z.string().max(100).nullable()).openapi({
  description: 'Column index (as a string) → field key (name, phone, externalCodes.erp, custom.vip_level…) or null to skip it',
});

export const Import = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.string().nullable(),
    detectedEncoding: z.string().nullable(),
    status: z.enum(['uploaded', 'queued', 'running', 'completed', 'failed', 'cancelled']),
    headers: z.array(z.string()),
    mapping: Mapping,
    matchBy: z.array(z.enum(MATCH_RULES)),
    mode: z.enum(IMPORT_MODES),
    dryRun: z.boolean(),
    totalRows: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Data rows, estimated until the import completes; null for Excel files' }),
    processedRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    failed: z.number().int(),
    rate: z.number().nullable().openapi({ description: 'Rows per second over the run' }),
    etaSeconds: z.number().int().nullable(),
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    error: z.string().nullable().openapi({ description: 'Why a failed import stopped, in English' }),
    createdAt: Timestamp,
    version: z.number().int(),
  })
  .openapi('Import');

const ImportSettings = z
  .object({
    encoding: z.enum(TEXT_ENCODINGS).nullable().optional().openapi({ description: 'null: the detected one' }),
    mapping: Mapping.optional(),
    matchBy: z
      .array(z.enum(MATCH_RULES))
      .max(4)
      .optional()
      .openapi({ description: 'Rules to find existing customers by, tried in this order' }),
    mode: z.enum(IMPORT_MODES).optional(),
    dryRun: z.boolean().optional(),
    saveMappingAs: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Save the mapping under this name for files with the same headers' }),
  })
  .strict()
  .openapi('ImportSettings');

const RowError = z.object({
  column: z.string().nullable().openapi({ description: 'The header of the column, as the file has it' }),
  value: z.string().nullable(),
  reason: z.string().openapi({ description: 'A stable code: invalid_phone, invalid_tier, not_found, …' }),
});
const ImportRowError = RowError.extend({
  rowNumber: z.number().int(),
  message: z.string().openapi({ description: 'The reason in English' }),
}).openapi('ImportRowError');
const ImportPreview = z
  .object({
    headers: z.array(z.string()),
    rows: z.array(
      z.object({
        rowNumber: z.number().int(),
        cells: z.array(z.string()),
        result: z.object({
          action: z.enum(['create', 'update', 'error']),
          customer: z.record(z.string(), z.unknown()).optional(),
          errors: z.array(RowError).optional(),
        }),
      }),
    ),
  })
  .openapi('ImportPreview');
const SavedMapping = z.object({ id: z.uuid(), name: z.string(), headers: z.array(z.string()), mapping: Mapping }).openapi('ImportMapping');

const UploadQuery = z.object({ fileName: z.string().max(500).optional().openapi({ example: 'customers.csv' }) });
const PreviewQuery = z.object({
  encoding: z
    .enum(TEXT_ENCODINGS)
    .or(z.literal(''))
    .optional()
    .openapi({ description: "Read the file in this encoding instead of the import's (not saved)" }),
});
const fileBody = (description: string) => ({ description, schema: z.string().openapi({ format: 'binary' }) });

/** Customer imports (CUST-6): upload, mapping, preview, run, progress and the report of refused rows. */
export function importRoutes() {
  const app = createRouter();
  const tags = ['imports'];

  app.openapi(
    createRoute({
      method: 'post',
      path: '/imports',
      tags,
      summary: 'Upload a CSV or Excel file (the raw body, up to 1 GiB): answers its header and a suggested mapping',
      request: {
        query: UploadQuery,
        body: {
          required: true,
          content: { 'text/csv': fileBody('CSV'), [XLSX_TYPE]: fileBody('Excel'), 'application/octet-stream': fileBody('Either') },
        },
      },
      responses: {
        201: json(Import, 'Uploaded'),
        413: { description: 'Larger than 1 GiB', content: { 'application/problem+json': { schema: Problem } } },
        ...problemResponses,
      },
    }),
    async (c) => {
      const length = c.req.header('content-length');
      const body = c.req.raw.body;
      const created = await c
        .get('services')
        .imports.upload(actorOf(c), c.req.valid('query').fileName ?? 'upload.csv', body, length ? Number(length) : undefined);
      c.header('Location', `/api/v1/imports/${created.id}`);
      return c.json(withEtag(c, created), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/imports',
      tags,
      summary: 'Imports of the organisation, newest first',
      request: { query: PageQuery },
      responses: { 200: json(pageSchema(Import)), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').imports.list(actorOf(c), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/imports/{id}',
      tags,
      summary: 'An import, with its progress (poll it while it runs)',
      request: { params: IdParam },
      responses: { 200: json(Import), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').imports.get(actorOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/imports/{id}',
      tags,
      summary: 'Change encoding, mapping, match rules, mode or dry run before starting (or after a dry run)',
      request: { params: IdParam, ...jsonBody(ImportSettings) },
      responses: { 200: json(Import), ...problemResponses },
    }),
    async (c) =>
      c.json(
        withEtag(c, await c.get('services').imports.update(actorOf(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c))),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/imports/{id}/preview',
      tags,
      summary: 'What the first 20 rows would become with the current mapping: create, update or the errors',
      request: { params: IdParam, query: PreviewQuery },
      responses: { 200: json(ImportPreview), ...problemResponses },
    }),
    async (c) => {
      const { encoding } = c.req.valid('query');
      return c.json(await c.get('services').imports.preview(actorOf(c), c.req.valid('param').id, encoding || undefined), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/imports/{id}/start',
      tags,
      summary: 'Start the import in the background; a failed one resumes after its last committed batch',
      request: { params: IdParam },
      responses: { 202: json(Import, 'Queued'), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').imports.start(actorOf(c), c.req.valid('param').id)), 202),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/imports/{id}/cancel',
      tags,
      summary: 'Stop the import after the batch it is on; the rows already committed stay imported',
      request: { params: IdParam },
      responses: { 200: json(Import), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').imports.cancel(actorOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/imports/{id}/errors',
      tags,
      summary: 'Refused rows in file order: row number, column, cell value and reason',
      request: { params: IdParam, query: PageQuery },
      responses: { 200: json(pageSchema(ImportRowError)), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').imports.errors(actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/imports/{id}/errors.csv',
      tags,
      summary: 'Download the refused rows as CSV (UTF-8 with BOM): row, column, value, reason',
      request: { params: IdParam },
      responses: { 200: { description: 'The report', content: { 'text/csv': { schema: z.string() } } }, ...problemResponses },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const rows = c.get('services').imports.errorReport(actorOf(c), id);
      // The first row is read before answering, so a refusal (permission, unknown import) is a problem, not a broken file.
      const first = await rows.next();
      async function* all() {
        if (!first.done) yield first.value;
        yield* rows;
      }
      const out = new PassThrough();
      const columns = ['row', 'column', 'value', 'reason'].map((key) => ({ key, header: key }));
      void writeExport(all(), columns, 'csv', out).catch((err: unknown) => out.destroy(err as Error));
      return new Response(Readable.toWeb(out) as ReadableStream, {
        status: 200,
        headers: {
          'Content-Type': EXPORT_CONTENT_TYPES.csv,
          'Content-Disposition': `attachment; filename="import-${id}-errors.csv"`,
          'Cache-Control': 'no-store',
        },
      });
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/import-mappings',
      tags,
      summary: 'Saved column mappings, offered again for files with the same headers',
      responses: { 200: json(z.object({ data: z.array(SavedMapping) })), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').imports.mappings(actorOf(c)), 200),
  );
  return app;
}
