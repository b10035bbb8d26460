import { PassThrough, Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { actorOf } from '../../http/app-env.js';
import { ifMatchVersion, withEtag } from '../../http/etag.js';
import { createRouter, IdParam, json, jsonBody, noContent, problemResponses } from '../../http/openapi.js';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { DEFAULT_EXPORT_COLUMNS, EXPORT_LOCALES } from './customer-fields.js';
import { EXPORT_CONTENT_TYPES, writeExport } from './export-file.js';
import * as s from './customers.schemas.js';

const ListQuery = s.CustomerFilter.extend(PageQuery.shape).extend({ sort: z.enum(s.SORTS).optional() });
const ExportQuery = s.CustomerFilter.extend({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  columns: z
    .string()
    .max(4000)
    .optional()
    .openapi({ description: 'Comma-separated field keys (GET /customer-fields); a sensible set by default' }),
  ids: z.string().max(40_000).optional().openapi({ description: 'Comma-separated ids: export this selection only' }),
  lang: z.enum(EXPORT_LOCALES).default('zh-CN').openapi({ description: 'Language of the column headers' }),
});
const CreateQuery = z.object({
  force: z.enum(['true', 'false']).optional().openapi({ description: 'Save even if likely duplicates exist' }),
});
const CustomerIdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

/** Strips paging and sorting from a list query, leaving the filter (for bulk actions on all matches). */
const filterOf = (q: Record<string, string>) => s.CustomerFilter.parse(q);

/** Customers, contacts, custom fields and saved views. */
export function customerRoutes() {
  const app = createRouter();
  const tags = ['customers'];

  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers',
      tags,
      summary: 'List customers: search (q), filters on every field (custom ones as cf.<key>), sort, cursor pages',
      request: { query: ListQuery },
      responses: { 200: json(pageSchema(s.Customer)), ...problemResponses },
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      return c.json(await c.get('services').customers.list(actorOf(c), filter, { limit, cursor }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/customers',
      tags,
      summary: 'Create a customer; 409 likely_duplicates lists look-alikes unless ?force=true',
      request: { query: CreateQuery, ...jsonBody(s.CustomerInput) },
      responses: { 201: json(s.Customer, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const customer = await c
        .get('services')
        .customers.create(actorOf(c), c.req.valid('json'), { force: c.req.valid('query').force === 'true' });
      c.header('Location', `/api/v1/customers/${customer.id}`);
      return c.json(withEtag(c, customer), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/customers/duplicate-check',
      tags,
      summary: 'Likely duplicates of a customer about to be saved',
      request: jsonBody(s.DuplicateCheckBody),
      responses: { 200: json(z.object({ data: z.array(s.DuplicateCandidate) })), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').customers.duplicateCheck(actorOf(c), c.req.valid('json')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/customers/bulk',
      tags,
      summary: 'Assign, tag, change tier or delete a selection (ids) or all customers matching a filter',
      request: jsonBody(s.BulkBody),
      responses: { 200: json(z.object({ affected: z.number().int() })), ...problemResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await c.get('services').customers.bulk(actorOf(c), body, body.filter ? filterOf(body.filter) : undefined), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers/export',
      tags,
      summary: 'Download customers (a filter or a selection) as CSV (UTF-8 with BOM) or Excel',
      request: { query: ExportQuery },
      responses: {
        200: {
          description: 'The file',
          content: {
            'text/csv': { schema: z.string() },
            [EXPORT_CONTENT_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { format, columns, ids, lang, ...filter } = c.req.valid('query');
      const keys = columns ? columns.split(',').filter(Boolean) : DEFAULT_EXPORT_COLUMNS;
      const idList = ids ? ids.split(',').filter(Boolean) : undefined;
      const actor = actorOf(c);
      const rows = c.get('services').customers.exportRows(actor, filter, idList, keys, lang);
      // The first page is read before answering, so a refusal (permission, bad column) is a problem, not a broken file.
      const first = await rows.next();
      async function* all() {
        if (!first.done) yield first.value;
        yield* rows;
      }
      const headers = await c.get('services').customers.exportHeaders(actor, keys, lang);
      const out = new PassThrough();
      void writeExport(all(), headers, format, out).catch((err: unknown) => out.destroy(err as Error));
      const stamp = new Date().toISOString().slice(0, 10);
      return new Response(Readable.toWeb(out) as ReadableStream, {
        status: 200,
        headers: {
          'Content-Type': EXPORT_CONTENT_TYPES[format],
          'Content-Disposition': `attachment; filename="customers-${stamp}.${format}"`,
          'Cache-Control': 'no-store',
        },
      });
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customer-fields',
      tags,
      summary: 'The fields of a customer: for columns, exports and import mappings',
      responses: { 200: json(z.object({ data: z.array(s.FieldInfo) })), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').customers.fields(actorOf(c)), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers/{id}',
      tags,
      summary: 'A customer',
      request: { params: IdParam },
      responses: { 200: json(s.Customer), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').customers.get(actorOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/customers/{id}',
      tags,
      summary: 'Change a customer (If-Match)',
      request: { params: IdParam, ...jsonBody(s.CustomerPatch) },
      responses: { 200: json(s.Customer), ...problemResponses },
    }),
    async (c) =>
      c.json(
        withEtag(c, await c.get('services').customers.update(actorOf(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c))),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/customers/{id}',
      tags,
      summary: 'Delete a customer (to the recycle bin)',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').customers.delete(actorOf(c), c.req.valid('param').id, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers/{id}/history',
      tags,
      summary: 'Field history of a customer, newest first (CUST-7)',
      request: { params: IdParam, query: PageQuery },
      responses: { 200: json(pageSchema(s.HistoryEntry)), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').customers.history(actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers/{id}/handovers',
      tags,
      summary: 'Who owned the customer before, and why it changed hands',
      request: { params: IdParam },
      responses: { 200: json(z.object({ data: z.array(s.Handover) })), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').customers.handovers(actorOf(c), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/customers/{id}/handover',
      tags,
      summary: 'Hand a customer over to another owner or branch, with a reason',
      request: { params: IdParam, ...jsonBody(s.HandoverBody) },
      responses: { 200: json(s.Customer), ...problemResponses },
    }),
    async (c) =>
      c.json(withEtag(c, await c.get('services').customers.handover(actorOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );

  // --- contacts ----------------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers/{id}/contacts',
      tags: ['contacts'],
      summary: "A customer's contacts, primary first",
      request: { params: CustomerIdParam },
      responses: { 200: json(pageSchema(s.Contact)), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').contacts.list(actorOf(c), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/customers/{id}/contacts',
      tags: ['contacts'],
      summary: 'Add a contact to a customer',
      request: { params: CustomerIdParam, ...jsonBody(s.ContactInput) },
      responses: { 201: json(s.Contact, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const contact = await c.get('services').contacts.create(actorOf(c), c.req.valid('param').id, c.req.valid('json'));
      c.header('Location', `/api/v1/contacts/${contact.id}`);
      return c.json(withEtag(c, contact), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}',
      tags: ['contacts'],
      summary: 'A contact',
      request: { params: IdParam },
      responses: { 200: json(s.Contact), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').contacts.get(actorOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/contacts/{id}',
      tags: ['contacts'],
      summary: 'Change a contact (If-Match)',
      request: { params: IdParam, ...jsonBody(s.ContactPatch) },
      responses: { 200: json(s.Contact), ...problemResponses },
    }),
    async (c) =>
      c.json(
        withEtag(c, await c.get('services').contacts.update(actorOf(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c))),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/contacts/{id}',
      tags: ['contacts'],
      summary: 'Delete a contact (to the recycle bin)',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').contacts.delete(actorOf(c), c.req.valid('param').id, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );

  // --- custom fields -----------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/custom-fields',
      tags: ['custom-fields'],
      summary: 'User-defined customer fields',
      responses: { 200: json(z.object({ data: z.array(s.CustomField) })), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').customFields.list(actorOf(c)), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/custom-fields',
      tags: ['custom-fields'],
      summary: 'Add a customer field (admin.settings)',
      request: jsonBody(s.CustomFieldInput),
      responses: { 201: json(s.CustomField, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').customFields.create(actorOf(c), c.req.valid('json'))), 201),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/custom-fields/{id}',
      tags: ['custom-fields'],
      summary: 'Change a custom field: label, options, required, position',
      request: { params: IdParam, ...jsonBody(s.CustomFieldPatch) },
      responses: { 200: json(s.CustomField), ...problemResponses },
    }),
    async (c) =>
      c.json(
        withEtag(
          c,
          await c.get('services').customFields.update(actorOf(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c)),
        ),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/custom-fields/{id}',
      tags: ['custom-fields'],
      summary: 'Delete a custom field (to the recycle bin; values are kept)',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').customFields.delete(actorOf(c), c.req.valid('param').id, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );

  // --- saved views ---------------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customer-views',
      tags: ['customer-views'],
      summary: 'My saved customer list views and the shared ones',
      responses: { 200: json(z.object({ data: z.array(s.CustomerView) })), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').customerViews.list(actorOf(c)), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/customer-views',
      tags: ['customer-views'],
      summary: 'Save a list view (filters, sort, columns), private or shared',
      request: jsonBody(s.CustomerViewInput),
      responses: { 201: json(s.CustomerView, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').customerViews.create(actorOf(c), c.req.valid('json'))), 201),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/customer-views/{id}',
      tags: ['customer-views'],
      summary: 'Change one of my views',
      request: { params: IdParam, ...jsonBody(s.CustomerViewPatch) },
      responses: { 200: json(s.CustomerView), ...problemResponses },
    }),
    async (c) =>
      c.json(
        withEtag(
          c,
          await c.get('services').customerViews.update(actorOf(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c)),
        ),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/customer-views/{id}',
      tags: ['customer-views'],
      summary: 'Delete one of my views',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').customerViews.delete(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  return app;
}
