import { AppError, fieldError, staleVersion } from '../../http/errors.js';
import { decodeCursor, type PageQuery, toPage } from '../../http/pagination.js';
import { newId, randomToken, sha256 } from '../../ids.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { ServiceDeps } from '../../services.js';
import { type Actor, authorize } from '../identity/actor.js';
import type { TenantsService } from '../identity/tenants.service.js';
import { recordChange } from './change-log.repository.js';
import { type DomainEvent, type EventDispatcher, matchesEventType } from './events.js';
import { type EventRow, findEvent } from './events.repository.js';
import type { TrashRegistry } from './recycle-bin.js';
import { UrlRefusedError, vetUrl } from './url-guard.js';
import { WEBHOOK_DELIVERY_JOB, type WebhookDeliveryJob } from './webhooks.jobs.js';
import * as repo from './webhooks.repository.js';
import { DELIVERY_TIMEOUT_MS, MAX_REDIRECTS, sendWebhook, type SendOutcome } from './webhooks.sender.js';

export type WebhookInput = { name: string; url: string; eventTypes: string[]; active?: boolean };

/** What `sendTest` publishes: it goes to the tested webhook alone, whatever event types it asked for. */
const TEST_EVENT_TYPE = 'webhook.test';
/** After the first failed attempt, the next comes this much later; after the last, the delivery has failed. */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 3_600_000, 21_600_000];
/** Long enough for an attempt and its redirects; an attempt whose worker died is taken up again after it. */
const ATTEMPT_LEASE_MS = (MAX_REDIRECTS + 1) * DELIVERY_TIMEOUT_MS + 20_000;

const publicWebhook = (w: repo.WebhookRow) => ({
  id: w.id,
  name: w.name,
  url: w.url,
  eventTypes: w.eventTypes,
  active: w.active,
  createdAt: w.createdAt.toISOString(),
  version: w.version,
});
type PublicWebhook = ReturnType<typeof publicWebhook>;

/**
 * Webhook URLs often carry a credential in their path or query (chat apps' hooks do), and the
 * audit log and events are read by more people than webhooks are: they keep only the origin and a
 * fingerprint that still shows when the URL changed.
 */
const forHistory = (w: PublicWebhook) => ({ ...w, url: `${new URL(w.url).origin}/… #${sha256(w.url).slice(0, 8)}` });

const publicDelivery = (d: repo.DeliveryRow) => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  responseStatus: d.responseStatus,
  error: d.error,
  createdAt: d.createdAt.toISOString(),
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
});

/** What a receiver gets: the event, with its payload (the changed fields and more) as `data`. */
const webhookBody = (e: EventRow) =>
  JSON.stringify({
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt.toISOString(),
    tenantId: e.tenantId,
    entityType: e.entityType,
    entityId: e.entityId,
    data: e.payload,
  });

/** Where a delivery stands after an attempt: done, to be retried after its backoff, or given up. */
function afterAttempt(outcome: SendOutcome, attempts: number, now: Date) {
  if (outcome.kind === 'delivered')
    return { status: 'succeeded' as const, responseStatus: outcome.status, error: null, nextAttemptAt: null };
  const responseStatus = outcome.kind === 'rejected' ? outcome.status : null;
  const delay = outcome.kind === 'refused' ? undefined : RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined
    ? { status: 'failed' as const, responseStatus, error: outcome.error, nextAttemptAt: null }
    : { status: 'retrying' as const, responseStatus, error: outcome.error, nextAttemptAt: new Date(now.getTime() + delay) };
}

const notFound = () => new AppError('not_found', 'No such webhook.', { reason: 'record_not_found' });

/**
 * Webhooks (PLAT-4): admins choose a URL and event types; every matching event of the tenant is
 * POSTed there, signed with the webhook's secret, and retried with backoff until it is accepted.
 */
export class WebhooksService {
  private readonly tenants: TenantsService;
  private readonly jobQueue: JobQueue;

  constructor(
    private readonly deps: ServiceDeps,
    collaborators: { events: EventDispatcher; tenants: TenantsService; trash: TrashRegistry; jobQueue: JobQueue },
  ) {
    this.tenants = collaborators.tenants;
    this.jobQueue = collaborators.jobQueue;
    collaborators.events.subscribeBatch('*', (events) => this.fanOut(events));
    collaborators.trash.register({
      entityType: 'webhook',
      permission: 'admin.webhooks',
      listDeleted: async (tx, tenantId) =>
        (await repo.listDeletedWebhooks(tx, tenantId)).map((w) => ({ id: w.id, label: w.name, deletedAt: w.deletedAt! })),
      restore: async (tx, tenantId, id) => {
        const webhook = await repo.findWebhook(tx, tenantId, id);
        return webhook?.deletedAt ? repo.updateWebhook(tx, tenantId, id, undefined, { deletedAt: null }) : undefined;
      },
      purge: async (tx, before) => (await repo.purgeWebhooks(tx, before)).length,
    });
  }

  private get now() {
    return this.deps.clock.now();
  }

  async list(actor: Actor, page: PageQuery) {
    authorize(actor, 'admin.webhooks');
    const [afterId] = (decodeCursor(page.cursor, 1) ?? []) as [string?];
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const rows = await repo.listWebhooks(tx, actor.tenantId, { afterId, limit: page.limit });
      const result = toPage(rows, page.limit, (w) => [w.id]);
      return { data: result.data.map(publicWebhook), nextCursor: result.nextCursor };
    });
  }

  async get(actor: Actor, id: string) {
    authorize(actor, 'admin.webhooks');
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const webhook = await repo.findWebhook(tx, actor.tenantId, id);
      if (!webhook || webhook.deletedAt) throw notFound();
      return publicWebhook(webhook);
    });
  }

  /** Answers the signing secret this once; the receiver needs it to check signatures. */
  async create(actor: Actor, input: WebhookInput) {
    authorize(actor, 'admin.webhooks');
    const url = await this.checkUrl(actor.tenantId, input.url);
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const now = this.now;
      const secret = `whsec_${randomToken(24)}`;
      const row = await repo.insertWebhook(tx, {
        tenantId: actor.tenantId,
        id: newId(),
        name: input.name.trim(),
        url,
        eventTypes: [...new Set(input.eventTypes)],
        secret,
        active: input.active ?? true,
        createdAt: now,
        updatedAt: now,
      });
      const result = publicWebhook(row!);
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'webhook', entityId: result.id, action: 'created', after: forHistory(result) },
        now,
      );
      return { ...result, secret };
    });
  }

  async update(actor: Actor, id: string, patch: Partial<WebhookInput>, version?: number) {
    authorize(actor, 'admin.webhooks');
    const url = patch.url === undefined ? undefined : await this.checkUrl(actor.tenantId, patch.url);
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const before = await repo.findWebhook(tx, actor.tenantId, id);
      if (!before || before.deletedAt) throw notFound();
      const after = await repo.updateWebhook(tx, actor.tenantId, id, version ?? before.version, {
        name: patch.name?.trim(),
        url,
        eventTypes: patch.eventTypes && [...new Set(patch.eventTypes)],
        active: patch.active,
      });
      if (!after) throw staleVersion('This webhook');
      const result = publicWebhook(after);
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'webhook', entityId: id, action: 'updated', before: forHistory(publicWebhook(before)), after: forHistory(result) },
        this.now,
      );
      return result;
    });
  }

  /** To the recycle bin: nothing more is sent to it, and it can be restored from there. */
  async delete(actor: Actor, id: string, version?: number) {
    authorize(actor, 'admin.webhooks');
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const before = await repo.findWebhook(tx, actor.tenantId, id);
      if (!before || before.deletedAt) throw notFound();
      const now = this.now;
      const after = await repo.updateWebhook(tx, actor.tenantId, id, version ?? before.version, { deletedAt: now });
      if (!after) throw staleVersion('This webhook');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        { entityType: 'webhook', entityId: id, action: 'deleted', before: forHistory(publicWebhook(before)) },
        now,
      );
    });
  }

  async listDeliveries(actor: Actor, id: string, page: PageQuery) {
    authorize(actor, 'admin.webhooks');
    const [beforeId] = (decodeCursor(page.cursor, 1) ?? []) as [string?];
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const webhook = await repo.findWebhook(tx, actor.tenantId, id);
      if (!webhook || webhook.deletedAt) throw notFound();
      const rows = await repo.listDeliveries(tx, actor.tenantId, id, { beforeId, limit: page.limit });
      const result = toPage(rows, page.limit, (d) => [d.id]);
      return { data: result.data.map(publicDelivery), nextCursor: result.nextCursor };
    });
  }

  /** Publishes a `webhook.test` event; it reaches this webhook through the outbox like any other. */
  async sendTest(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'admin.webhooks');
    await this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const webhook = await repo.findWebhook(tx, actor.tenantId, id);
      if (!webhook || webhook.deletedAt) throw notFound();
      if (!webhook.active)
        throw new AppError('unprocessable', 'This webhook is inactive; activate it to send it a test event.', {
          reason: 'webhook_inactive',
        });
      // The event type is `webhook.test`: entity type and action.
      await recordChange(tx, actor.tenantId, actor, { entityType: 'webhook', entityId: id, action: 'test' }, this.now);
    });
  }

  /**
   * One attempt at one delivery (the `webhook.deliver` job). It queues its own next attempt when
   * the backoff says, and does nothing to a delivery that is finished or not yet due.
   */
  async deliver(tenantId: string, deliveryId: string): Promise<void> {
    const startedAt = this.now;
    const claimed = await this.deps.database.withTenant(tenantId, async (tx) => {
      const delivery = await repo.claimDelivery(tx, tenantId, deliveryId, startedAt, new Date(startedAt.getTime() + ATTEMPT_LEASE_MS));
      if (!delivery) return undefined;
      return {
        delivery,
        webhook: (await repo.findWebhook(tx, tenantId, delivery.webhookId))!,
        event: (await findEvent(tx, tenantId, delivery.eventId))!,
      };
    });
    if (!claimed) {
      // Not due yet, or another worker holds it: make sure an attempt is queued for when it is due.
      const open = await this.deps.database.withTenant(tenantId, (tx) => repo.findOpenDelivery(tx, tenantId, deliveryId));
      if (open) await this.queueAttempt(tenantId, deliveryId, open.nextAttemptAt ?? startedAt);
      return;
    }
    const { delivery, webhook, event } = claimed;
    const outcome: SendOutcome =
      webhook.active && !webhook.deletedAt
        ? await sendWebhook({
            url: webhook.url,
            secret: webhook.secret,
            deliveryId,
            eventType: event.type,
            body: webhookBody(event),
            timestamp: Math.floor(startedAt.getTime() / 1000),
            allowPrivate: await this.tenants.allowsPrivateWebhookUrls(tenantId),
          })
        : { kind: 'refused', error: 'The webhook was deactivated or deleted before this was sent.' };
    const result = afterAttempt(outcome, delivery.attempts, this.now);
    await this.deps.database.withTenant(tenantId, (tx) => repo.recordAttempt(tx, tenantId, deliveryId, result));
    if (result.nextAttemptAt) await this.queueAttempt(tenantId, deliveryId, result.nextAttemptAt);
  }

  /**
   * The `*` subscriber: one delivery per active webhook that wants an event, each attempted by a
   * job. One transaction per batch of one tenant's events, so a tenant without webhooks pays one
   * lookup per hundred events.
   */
  private async fanOut(events: DomainEvent[]): Promise<void> {
    const now = this.now;
    const tenantId = events[0]!.tenantId;
    const wants = (w: repo.WebhookRow, event: DomainEvent) =>
      event.type === TEST_EVENT_TYPE ? w.id === event.entityId : w.eventTypes.some((p) => matchesEventType(p, event.type));
    const deliveries = await this.deps.database.withTenant(tenantId, async (tx) => {
      const hooks = await repo.listActiveWebhooks(tx, tenantId);
      const wanted = events.flatMap((event) => hooks.filter((w) => wants(w, event)).map((w) => ({ event, webhook: w })));
      if (wanted.length === 0) return [];
      await repo.insertDeliveries(
        tx,
        wanted.map(({ event, webhook }) => ({
          tenantId,
          id: newId(),
          webhookId: webhook.id,
          eventId: event.id,
          eventType: event.type,
          status: 'pending' as const,
          createdAt: now,
        })),
      );
      return repo.unattemptedDeliveriesOf(tx, tenantId, [...new Set(wanted.map((w) => w.event.id))]);
    });
    for (const { id } of deliveries) await this.queueAttempt(tenantId, id, now);
  }

  private queueAttempt(tenantId: string, deliveryId: string, at: Date): Promise<void> {
    const job: WebhookDeliveryJob = { tenantId, deliveryId };
    return this.jobQueue.send(WEBHOOK_DELIVERY_JOB, job, { startAfter: at, singletonKey: deliveryId });
  }

  /** The URL as the guard normalised it, or 422 naming the `url` field. */
  private async checkUrl(tenantId: string, url: string): Promise<string> {
    try {
      return (await vetUrl(url, { allowPrivate: await this.tenants.allowsPrivateWebhookUrls(tenantId) })).url.href;
    } catch (err) {
      if (err instanceof UrlRefusedError) throw fieldError('url', err.reason, err.message, { code: 'unprocessable', params: err.params });
      throw err;
    }
  }
}
