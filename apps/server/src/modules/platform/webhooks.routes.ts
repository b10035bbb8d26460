import { createRoute } from '@hono/zod-openapi';
import { actorOf } from '../../http/app-env.js';
import { ifMatchVersion, withEtag } from '../../http/etag.js';
import { createRouter, IdParam, json, jsonBody, noContent, problemResponses } from '../../http/openapi.js';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import * as s from './webhooks.schemas.js';

/** Webhooks and their delivery log (admin.webhooks). */
export function webhookRoutes() {
  const app = createRouter();
  const tags = ['webhooks'];
  app.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks',
      tags,
      summary: 'List webhooks',
      request: { query: PageQuery },
      responses: { 200: json(pageSchema(s.Webhook)), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').webhooks.list(actorOf(c), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks',
      tags,
      summary: 'Create a webhook (its signing secret is answered once)',
      request: jsonBody(s.CreateWebhookBody),
      responses: { 201: json(s.CreatedWebhook, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const webhook = await c.get('services').webhooks.create(actorOf(c), c.req.valid('json'));
      c.header('Location', `/api/v1/webhooks/${webhook.id}`);
      return c.json(withEtag(c, webhook), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{id}',
      tags,
      summary: 'A webhook',
      request: { params: IdParam },
      responses: { 200: json(s.Webhook), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').webhooks.get(actorOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/webhooks/{id}',
      tags,
      summary: 'Change a webhook: name, URL, event types, active',
      request: { params: IdParam, ...jsonBody(s.UpdateWebhookBody) },
      responses: { 200: json(s.Webhook), ...problemResponses },
    }),
    async (c) =>
      c.json(
        withEtag(c, await c.get('services').webhooks.update(actorOf(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c))),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/webhooks/{id}',
      tags,
      summary: 'Delete a webhook (to the recycle bin)',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').webhooks.delete(actorOf(c), c.req.valid('param').id, ifMatchVersion(c));
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks/{id}/deliveries',
      tags,
      summary: 'Deliveries of a webhook, newest first, with the outcome of their attempts',
      request: { params: IdParam, query: PageQuery },
      responses: { 200: json(pageSchema(s.WebhookDelivery)), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').webhooks.listDeliveries(actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/{id}/test',
      tags,
      summary: 'Send a webhook.test event to this webhook; its delivery shows in the log',
      request: { params: IdParam },
      responses: { 202: { description: 'Queued' }, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').webhooks.sendTest(actorOf(c), c.req.valid('param').id);
      return c.body(null, 202);
    },
  );
  return app;
}
