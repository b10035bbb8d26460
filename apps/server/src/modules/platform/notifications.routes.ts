import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { actorOf } from '../../http/app-env.js';
import { createRouter, json, problemResponses, Timestamp } from '../../http/openapi.js';
import { PageQuery } from '../../http/pagination.js';

/** Browsers and proxies drop a silent connection after a minute or two; a comment line keeps it open. */
const HEARTBEAT_MS = 25_000;

const Notification = z
  .object({
    id: z.uuid(),
    kind: z.string().openapi({ description: 'mention, reminder, screen_pop, call_ended, …' }),
    title: z.string(),
    body: z.string().nullable(),
    link: z.string().nullable().openapi({ description: 'Where the web UI goes on a click, such as /customers/<id>' }),
    entityType: z.string().nullable(),
    entityId: z.uuid().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: Timestamp,
    readAt: Timestamp.nullable(),
  })
  .openapi('Notification');
const Unread = z.object({ unread: z.number().int() });

/** The bell: a user's notifications, read marks, and the stream that pushes new ones. */
export function notificationRoutes() {
  const app = createRouter();
  const tags = ['notifications'];
  app.openapi(
    createRoute({
      method: 'get',
      path: '/notifications',
      tags,
      summary: "The caller's notifications, newest first, with the unread count",
      request: { query: PageQuery.extend({ unread: z.enum(['true', 'false']).optional() }) },
      responses: {
        200: json(z.object({ data: z.array(Notification), nextCursor: z.string().nullable(), unread: z.number().int() })),
        ...problemResponses,
      },
    }),
    async (c) => {
      const { unread, ...page } = c.req.valid('query');
      return c.json(await c.get('services').notifications.list(actorOf(c), { ...page, unread: unread === 'true' }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/notifications/read',
      tags,
      summary: 'Mark notifications read: these ids, or all of them',
      request: { body: { content: { 'application/json': { schema: z.object({ ids: z.array(z.uuid()).max(500).optional() }).strict() } } } },
      responses: { 200: json(Unread), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').notifications.markRead(actorOf(c), c.req.valid('json').ids), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/notifications/stream',
      tags,
      summary: 'Server-sent events: `notification` for each new one (screen pops among them), `ready` with the unread count on connecting',
      responses: { 200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } }, ...problemResponses },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { notifications } = c.get('services');
      const { unread } = await notifications.unreadCount(actor);
      return streamSSE(c, async (stream) => {
        let closed = false;
        const done = new Promise<void>((resolve) => {
          const stop = notifications.listen(actor, {
            send: (n) => void stream.writeSSE({ event: 'notification', id: n.id, data: JSON.stringify(n) }),
            close: () => {
              closed = true;
              resolve();
            },
          });
          stream.onAbort(() => {
            stop();
            resolve();
          });
        });
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ unread }) });
        const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
        try {
          await done;
        } finally {
          clearInterval(heartbeat);
          if (closed) await stream.close();
        }
      });
    },
  );
  return app;
}
