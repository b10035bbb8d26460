import type { JobDefinition } from '../../jobs/jobs.js';

export const WEBHOOK_DELIVERY_JOB = 'webhook.deliver';
export type WebhookDeliveryJob = { tenantId: string; deliveryId: string };

/**
 * One attempt at one webhook delivery. The service queues the next attempt itself, at the time
 * its backoff says; `stately` keeps one waiting job per delivery however often it is queued.
 */
export const webhookDeliveryJob: JobDefinition<WebhookDeliveryJob> = {
  name: WEBHOOK_DELIVERY_JOB,
  policy: 'stately',
  // Receivers may take up to the timeout to answer; a few workers keep one slow receiver from holding up the rest.
  workers: 4,
  handler: (job, services) => services.webhooks.deliver(job.tenantId, job.deliveryId),
};
