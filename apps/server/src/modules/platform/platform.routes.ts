import { createRoute, z } from '@hono/zod-openapi';
import { actorOf } from '../../http/app-env.js';
import { createRouter, json, noContent, problemResponses, Timestamp } from '../../http/openapi.js';
import { PageQuery, pageSchema } from '../../http/pagination.js';

const AuditEntry = z
  .object({
    id: z.uuid(),
    at: Timestamp,
    actorUserId: z.uuid().nullable(),
    actorTokenId: z.uuid().nullable(),
    actorLabel: z.string().nullable(),
    entityType: z.string(),
    entityId: z.uuid(),
    action: z.string(),
    changes: z.record(z.string(), z.object({ old: z.unknown(), new: z.unknown() })),
  })
  .openapi('AuditEntry');
const AuditQuery = z.object({
  entityType: z.string().max(60).optional(),
  entityId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(60).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
const TrashItem = z.object({ entityType: z.string(), id: z.uuid(), label: z.string(), deletedAt: Timestamp }).openapi('TrashItem');
const SearchHit = z
  .object({
    type: z.string(),
    id: z.string(),
    title: z.string(),
    subtitle: z.string().optional(),
    phone: z
      .object({ number: z.string(), entered: z.string(), valid: z.boolean() })
      .optional()
      .openapi({ description: "The record's first phone: number is E.164 (with ;ext=) when valid, entered is as typed" }),
    url: z.string(),
  })
  .openapi('SearchHit');

/** Audit log, recycle bin and global search. */
export function platformRoutes() {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit-log',
      tags: ['audit'],
      summary: 'Who changed which fields of which record',
      request: { query: AuditQuery.extend(PageQuery.shape) },
      responses: { 200: json(pageSchema(AuditEntry)), ...problemResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const result = await c
        .get('services')
        .platform.listAudit(actorOf(c), { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
      return c.json(result, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/recycle-bin',
      tags: ['recycle-bin'],
      summary: 'Deleted records that can be restored',
      request: { query: z.object({ entityType: z.string().max(60).optional() }) },
      responses: { 200: json(z.object({ data: z.array(TrashItem) })), ...problemResponses },
    }),
    async (c) => c.json({ data: await c.get('services').platform.listTrash(actorOf(c), c.req.valid('query').entityType) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/recycle-bin/{entityType}/{id}/restore',
      tags: ['recycle-bin'],
      summary: 'Restore a deleted record',
      request: { params: z.object({ entityType: z.string().max(60), id: z.uuid() }) },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      const { entityType, id } = c.req.valid('param');
      await c.get('services').platform.restore(actorOf(c), entityType, id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/search',
      tags: ['search'],
      summary: 'Global search across modules',
      request: { query: z.object({ q: z.string().max(200).default(''), limit: z.coerce.number().int().min(1).max(50).default(20) }) },
      responses: { 200: json(z.object({ data: z.array(SearchHit) })), ...problemResponses },
    }),
    async (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json({ data: await c.get('services').search.search(actorOf(c), q, limit) }, 200);
    },
  );
  return app;
}
