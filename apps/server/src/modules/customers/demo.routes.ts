import { createRoute, z } from '@hono/zod-openapi';
import { actorOf } from '../../http/app-env.js';
import { createRouter, json, jsonBody, problemResponses } from '../../http/openapi.js';
import { MAX_DEMO_REQUEST } from './demo.service.js';

const DemoCustomersBody = z
  .object({
    count: z.number().int().min(1).max(MAX_DEMO_REQUEST),
    seed: z.number().int().optional().openapi({ description: 'The same seed makes the same customers; random when omitted' }),
  })
  .strict()
  .openapi('DemoCustomersBody');

/** Demo data for trying Rapport out (admin.settings). */
export function demoRoutes() {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/demo/customers',
      tags: ['demo'],
      summary: `Add up to ${MAX_DEMO_REQUEST} realistic demo customers with contacts (rapport demo makes more)`,
      request: jsonBody(DemoCustomersBody),
      responses: { 200: json(z.object({ created: z.number().int() })), ...problemResponses },
    }),
    async (c) => {
      const { count, seed } = c.req.valid('json');
      return c.json(await c.get('services').demo.createCustomers(actorOf(c), count, { seed }), 200);
    },
  );
  return app;
}
