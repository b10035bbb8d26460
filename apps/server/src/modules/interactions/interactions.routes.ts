import { createRoute, z } from '@hono/zod-openapi';
import { actorOf } from '../../http/app-env.js';
import { ifMatchVersion, withEtag } from '../../http/etag.js';
import { createRouter, IdParam, json, jsonBody, noContent, problemResponses } from '../../http/openapi.js';
import { pageSchema } from '../../http/pagination.js';
import * as s from './interactions.schemas.js';

/** Interactions (the contact log), customers' timelines and tasks. */
export function interactionRoutes() {
  const app = createRouter();
  const tags = ['interactions'];

  app.openapi(
    createRoute({
      method: 'get',
      path: '/interactions',
      tags,
      summary: 'List interactions, newest first: of one customer, or by user, branch, channel and period',
      request: { query: s.InteractionListQuery },
      responses: { 200: json(pageSchema(s.Interaction)), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').interactions.list(actorOf(c), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/interactions',
      tags,
      summary: 'Log an interaction (a call, visit, mail…); an externalId already logged answers the first with 200',
      request: jsonBody(s.InteractionInput),
      responses: { 200: json(s.Interaction, 'Logged before'), 201: json(s.Interaction, 'Logged'), ...problemResponses },
    }),
    async (c) => {
      const { created, interaction } = await c.get('services').interactions.create(actorOf(c), c.req.valid('json'));
      c.header('Location', `/api/v1/interactions/${interaction.id}`);
      return created ? c.json(withEtag(c, interaction), 201) : c.json(withEtag(c, interaction), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/interactions/{id}',
      tags,
      summary: 'An interaction',
      request: { params: IdParam },
      responses: { 200: json(s.Interaction), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').interactions.get(actorOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/interactions/{id}',
      tags,
      summary: 'Change an interaction (If-Match)',
      request: { params: IdParam, ...jsonBody(s.InteractionPatch) },
      responses: { 200: json(s.Interaction), ...problemResponses },
    }),
    async (c) =>
      c.json(
        withEtag(
          c,
          await c.get('services').interactions.update(actorOf(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c)),
        ),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/interactions/{id}',
      tags,
      summary: 'Delete an interaction (to the recycle bin)',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').interactions.delete(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers/{id}/timeline',
      tags,
      summary: "A customer's timeline (INT-2): interactions, tasks, changes and every module's events, newest first",
      request: { params: IdParam, query: s.TimelineQuery },
      responses: { 200: json(pageSchema(s.TimelineEntry)), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').timeline.list(actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
  );

  const taskTags = ['tasks'];
  app.openapi(
    createRoute({
      method: 'get',
      path: '/tasks',
      tags: taskTags,
      summary: 'Tasks by due date: mine, my team’s or a colleague’s; open, done or cancelled; overdue, today, this week',
      request: { query: s.TaskListQuery },
      responses: { 200: json(pageSchema(s.Task)), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').tasks.list(actorOf(c), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/tasks',
      tags: taskTags,
      summary: 'Create a task (a follow-up, a reminder, a recurring visit)',
      request: jsonBody(s.TaskInput),
      responses: { 201: json(s.Task, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const task = await c.get('services').tasks.create(actorOf(c), c.req.valid('json'));
      c.header('Location', `/api/v1/tasks/${task.id}`);
      return c.json(withEtag(c, task), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/tasks/{id}',
      tags: taskTags,
      summary: 'A task',
      request: { params: IdParam },
      responses: { 200: json(s.Task), ...problemResponses },
    }),
    async (c) => c.json(withEtag(c, await c.get('services').tasks.get(actorOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/tasks/{id}',
      tags: taskTags,
      summary: 'Change a task (If-Match)',
      request: { params: IdParam, ...jsonBody(s.TaskPatch) },
      responses: { 200: json(s.Task), ...problemResponses },
    }),
    async (c) =>
      c.json(
        withEtag(c, await c.get('services').tasks.update(actorOf(c), c.req.valid('param').id, c.req.valid('json'), ifMatchVersion(c))),
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{id}/complete',
      tags: taskTags,
      summary: 'Mark a task done; a recurring task answers its next occurrence too',
      request: { params: IdParam },
      responses: { 200: json(z.object({ task: s.Task, next: s.Task.nullable() })), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').tasks.complete(actorOf(c), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/tasks/{id}',
      tags: taskTags,
      summary: 'Delete a task (to the recycle bin)',
      request: { params: IdParam },
      responses: { 204: noContent, ...problemResponses },
    }),
    async (c) => {
      await c.get('services').tasks.delete(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/follow-up-plans',
      tags: taskTags,
      summary: 'Follow-up plans per value tier (定期回访): how often each tier is to be contacted',
      responses: { 200: json(z.object({ data: z.array(s.FollowUpPlan) })), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').tasks.listPlans(actorOf(c)), 200),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/follow-up-plans',
      tags: taskTags,
      summary:
        'Set the follow-up plans (administrators): each contact with a customer of an active plan’s tier moves its next planned follow-up',
      request: jsonBody(s.FollowUpPlansBody),
      responses: { 200: json(z.object({ data: z.array(s.FollowUpPlan) })), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').tasks.replacePlans(actorOf(c), c.req.valid('json')), 200),
  );
  const reportTags = ['reports'];
  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/contact-activity',
      tags: reportTags,
      summary: 'Interactions counted and timed per user, branch, channel or day over a period',
      request: { query: s.ActivityQuery },
      responses: { 200: json(z.object({ data: z.array(s.ActivityRow) })), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').contactReports.activity(actorOf(c), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/not-contacted',
      tags: reportTags,
      summary: 'Customers of a tier not contacted for N days (default: the tier’s follow-up plan), or never',
      request: { query: s.NotContactedQuery },
      responses: {
        200: json(z.object({ days: z.number().int(), data: z.array(s.NotContactedRow), nextCursor: z.string().nullable() })),
        ...problemResponses,
      },
    }),
    async (c) => c.json(await c.get('services').contactReports.notContacted(actorOf(c), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/cti/events',
      tags: ['call centre'],
      summary: 'A PBX reports a call event (ringing, answered, ended): screen pop for the agent, the call on the timeline when it ends',
      request: jsonBody(s.CtiEventInput),
      responses: { 200: json(s.CtiEventResult), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').cti.handle(actorOf(c), c.req.valid('json')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/cti/dial',
      tags: ['call centre'],
      summary: 'Click-to-dial: publishes call.dial_requested (number, the user’s extension, customer) for the PBX’s webhook',
      request: jsonBody(s.DialInput),
      responses: { 202: json(s.DialResult, 'Requested'), ...problemResponses },
    }),
    async (c) => c.json(await c.get('services').cti.dial(actorOf(c), c.req.valid('json')), 202),
  );
  return app;
}
