import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.js';
import { EVENT_TYPE_PATTERN } from './events.js';

const EventTypePattern = z
  .string()
  .max(100)
  .regex(EVENT_TYPE_PATTERN, 'An event type (customer.updated), a prefix (customer.*) or *')
  .openapi({ example: 'customer.*' });

export const Webhook = z
  .object({
    id: z.uuid(),
    name: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    active: z.boolean(),
    createdAt: Timestamp,
    version: z.number().int(),
  })
  .openapi('Webhook');
export const CreatedWebhook = Webhook.extend({
  secret: z.string().openapi({ description: 'The signing secret, shown once; store it now' }),
}).openapi('CreatedWebhook');

export const CreateWebhookBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    // Any string: the URL guard judges it, and answers 422 on the `url` field.
    url: z.string().trim().min(1).max(2000).openapi({ format: 'uri', example: 'https://erp.example.com/rapport-events' }),
    eventTypes: z.array(EventTypePattern).min(1).max(50),
    active: z.boolean().optional(),
  })
  .strict()
  .openapi('CreateWebhookBody');
export const UpdateWebhookBody = CreateWebhookBody.partial().strict().openapi('UpdateWebhookBody');

export const WebhookDelivery = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    eventType: z.string(),
    status: z.enum(['pending', 'retrying', 'succeeded', 'failed']),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    error: z.string().nullable(),
    createdAt: Timestamp,
    lastAttemptAt: Timestamp.nullable(),
    nextAttemptAt: Timestamp.nullable(),
  })
  .openapi('WebhookDelivery');
