import { createRoute, z } from '@hono/zod-openapi';
import { actorOf } from '../../http/app-env.js';
import { createRouter, IdParam, json, jsonBody, noContent, problemResponses, Timestamp } from '../../http/openapi.js';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { Customer, DuplicateReason } from './customers.schemas.js';
import { MAX_GROUP } from './duplicates.service.js';
import { MERGE_FIELD_NAMES, UNION, UNION_FIELDS } from './merges.service.js';

const DuplicateScan = z
  .object({
    id: z.uuid().nullable(),
    status: z.enum(['idle', 'running', 'done', 'failed']),
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    groups: z.number().int().openapi({ description: 'Groups the scan found' }),
    openGroups: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Groups open now, after the merges and dismissals since the scan; null while a scan runs' }),
    progress: z.number().openapi({ description: '0 … 1' }),
    customers: z.number().int().openapi({ description: 'Customers compared' }),
    skippedBlocks: z
      .array(z.object({ reason: z.string(), value: z.string(), size: z.number().int() }))
      .openapi({ description: 'Values shared by too many customers to compare (a switchboard number), largest first' }),
    error: z.string().nullable(),
  })
  .openapi('DuplicateScan');
const ScanQuery = z.object({
  minScore: z.coerce.number().int().min(0).max(100).optional().openapi({ description: 'Leave out pairs scoring less' }),
});
const DuplicateGroup = z
  .object({
    id: z.uuid(),
    score: z.number(),
    reasons: z.array(DuplicateReason),
    capped: z.boolean().openapi({ description: `More customers are linked to this group than the ${MAX_GROUP} it lists` }),
    customers: z.array(Customer),
  })
  .openapi('DuplicateGroup');

const MergeBody = z
  .object({
    survivorId: z.uuid(),
    mergedIds: z
      .array(z.uuid())
      .min(1)
      .max(MAX_GROUP - 1),
    fields: z
      .partialRecord(z.enum(MERGE_FIELD_NAMES), z.union([z.uuid(), z.literal(UNION)]))
      .default({})
      .openapi({
        description: `Per field, the customer whose value the survivor keeps; "${UNION}" joins every record's values (${UNION_FIELDS.join(', ')} only). Fields not named keep the survivor's value.`,
      }),
    versions: z.record(z.uuid(), z.number().int().min(1)).openapi({ description: 'The version of every customer involved, as last seen' }),
  })
  .strict()
  .openapi('MergeBody');
const Merge = z
  .object({
    id: z.uuid(),
    survivorId: z.uuid(),
    mergedIds: z.array(z.uuid()),
    at: Timestamp,
    actorLabel: z.string(),
    undoneAt: Timestamp.nullable(),
    moved: z.record(z.string(), z.number().int()).openapi({ description: 'Records moved to the survivor, per kind (contacts, …)' }),
  })
  .openapi('Merge');
const MergeListQuery = PageQuery.extend({ customerId: z.uuid().optional() });
const UndoQuery = z.object({
  force: z.enum(['true', 'false']).optional().openapi({ description: 'Undo even though the survivor changed after the merge' }),
});

/** Duplicate scans and groups, merges and their undoing (CUST-5). */
export function duplicateRoutes() {
  const app = createRouter();
  const tags = ['duplicates'];

  app.openapi(
    createRoute({
      method: 'post',
      path: '/duplicates/scan',
      tags,
      summary: 'Scan all customers for likely duplicates in the background; answers the running scan if there is one',
      request: { query: ScanQuery },
      responses: { 202: json(z.object({ scanId: z.uuid() }), 'Started'), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').duplicates.startScan(actorOf(c), c.req.valid('query')), 202),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/duplicates/scan',
      tags,
      summary: 'The latest duplicate scan: its progress, or what it found',
      responses: { 200: json(DuplicateScan), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').duplicates.scanStatus(actorOf(c)), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/duplicates',
      tags,
      summary: 'Groups of likely duplicates from the last scan, best first',
      request: { query: PageQuery },
      responses: { 200: json(pageSchema(DuplicateGroup)), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').duplicates.list(actorOf(c), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/duplicates/{id}/dismiss',
      tags,
      summary: 'Not duplicates: close the group; later scans do not offer these customers together again',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').duplicates.dismiss(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/merges',
      tags: ['merges'],
      summary: 'Merge customers into a survivor, choosing each field; moves their contacts and other records (412 if any changed)',
      request: jsonBody(MergeBody),
      responses: { 201: json(Merge, 'Merged'), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').merges.merge(actorOf(c), c.req.valid('json')), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/merges',
      tags: ['merges'],
      summary: "Merges, newest first: one customer's, or all",
      request: { query: MergeListQuery },
      responses: { 200: json(pageSchema(Merge)), ...problemResponses },
    }),
    async (c) => {
      const { customerId, ...page } = c.req.valid('query');
      return c.json(await c.get('services').merges.list(actorOf(c), { customerId }, page), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/merges/{id}/undo',
      tags: ['merges'],
      summary: 'Undo a merge; 409 merge_survivor_changed if the survivor changed since, unless ?force=true',
      request: { params: IdParam, query: UndoQuery },
      responses: { 200: json(Merge), ...problemResponses },
    }),
    async (c) =>
      c.json(
        await c.get('services').merges.undo(actorOf(c), c.req.valid('param').id, { force: c.req.valid('query').force === 'true' }),
        200,
      ),
  );
  return app;
}
