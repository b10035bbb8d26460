import type { ServiceDeps } from '../../services.js';
import * as repo from './events.repository.js';

/** An event from the outbox, as subscribers receive it. */
export type DomainEvent = {
  id: string;
  tenantId: string;
  /** `<entityType>.<action>`, e.g. `user.updated`. */
  type: string;
  entityType: string;
  entityId: string;
  actorUserId: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
};

/**
 * Handles one event. Delivery is at least once (after a crash, or when another subscriber of the
 * same event failed, it comes again), so handlers must be idempotent. Throwing makes the event
 * be retried later.
 */
export type EventHandler = (event: DomainEvent) => Promise<void> | void;

/** Event type patterns: `user.updated` exactly, `user.*` for every `user.` type, or `*` for all. */
export const EVENT_TYPE_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

export function matchesEventType(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

const BATCH_SIZE = 100;
/** Longer than any subscriber should take; a claimed event comes back after it if its dispatcher died. */
export const EVENT_LEASE_MS = 60_000;
/** After this many failed attempts an event is parked (about an hour and a half of retries). */
export const MAX_EVENT_ATTEMPTS = 10;
const POLL_INTERVAL_MS = 250;

/** 10 s after the first failure, doubling up to an hour. */
export const eventRetryDelayMs = (attempts: number) => Math.min(10_000 * 2 ** (attempts - 1), 3_600_000);

/** Which events a dispatcher takes: all, or one tenant's (tests sharing a database keep apart so). */
export type DispatchScope = { tenantId?: string };

/**
 * The outbox consumer: subscribers register by event type; the dispatcher claims undispatched
 * events in the order they were written and hands each to every matching subscriber. A failing
 * subscriber leaves its event for a later retry without holding up the events behind it.
 */
export class EventDispatcher {
  private readonly subscribers: { pattern: string; handler: EventHandler }[] = [];

  constructor(private readonly deps: ServiceDeps) {}

  subscribe(pattern: string, handler: EventHandler): void {
    if (!EVENT_TYPE_PATTERN.test(pattern)) throw new Error(`Not an event type pattern: "${pattern}"`);
    this.subscribers.push({ pattern, handler });
  }

  /** Dispatches one batch of due events; `claimed` is how many it took. */
  async dispatchPending(scope: DispatchScope = {}): Promise<{ claimed: number; dispatched: number; failed: number }> {
    const now = this.deps.clock.now();
    const claimed = await this.deps.database.system((tx) =>
      repo.claimDueEvents(tx, { now, leaseUntil: new Date(now.getTime() + EVENT_LEASE_MS), limit: BATCH_SIZE, tenantId: scope.tenantId }),
    );
    // Each tenant's events go one after another, in the order they were written; tenants go side by side.
    const byTenant = new Map<string, repo.EventRow[]>();
    for (const row of claimed.sort((a, b) => a.seq - b.seq)) {
      const rows = byTenant.get(row.tenantId);
      if (rows) rows.push(row);
      else byTenant.set(row.tenantId, [row]);
    }
    const outcomes = await Promise.all(
      [...byTenant.values()].map(async (rows) => {
        const done: boolean[] = [];
        for (const row of rows) done.push(await this.dispatchOne(row));
        return done;
      }),
    );
    const dispatched = outcomes.flat().filter(Boolean).length;
    return { claimed: claimed.length, dispatched, failed: claimed.length - dispatched };
  }

  private async dispatchOne(row: repo.EventRow): Promise<boolean> {
    const event: DomainEvent = {
      id: row.id,
      tenantId: row.tenantId,
      type: row.type,
      entityType: row.entityType,
      entityId: row.entityId,
      actorUserId: row.actorUserId,
      payload: row.payload as Record<string, unknown>,
      occurredAt: row.occurredAt,
    };
    const errors: string[] = [];
    // Every matching subscriber runs even when one fails, so one broken subscriber does not starve the others.
    for (const { pattern, handler } of this.subscribers) {
      if (!matchesEventType(pattern, event.type)) continue;
      try {
        await handler(event);
      } catch (err) {
        errors.push(`${pattern}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const now = this.deps.clock.now();
    if (errors.length === 0) {
      await this.deps.database.system((tx) => repo.markDispatched(tx, row.tenantId, row.id, now));
      return true;
    }
    const lastError = errors.join('; ').slice(0, 2000);
    const park = row.attempts >= MAX_EVENT_ATTEMPTS;
    await this.deps.database.system((tx) =>
      repo.markFailed(tx, row.tenantId, row.id, {
        lastError,
        nextAttemptAt: park ? null : new Date(now.getTime() + eventRetryDelayMs(row.attempts)),
        parkedAt: park ? now : null,
      }),
    );
    if (park) console.error(`[events] parked event ${row.id} (${row.type}) after ${row.attempts} attempts: ${lastError}`);
    return false;
  }

  /** Polls for due events while the server runs; a full batch means more are waiting, so it goes on at once. */
  start(scope: DispatchScope = {}): { stop(): Promise<void> } {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void>;
    const poll = async () => {
      try {
        while (!stopped && (await this.dispatchPending(scope)).claimed === BATCH_SIZE);
      } catch (err) {
        // The database may be restarting; the claimed events come back when their lease ends.
        console.error('[events] dispatch failed', err);
      }
      if (!stopped) {
        timer = setTimeout(() => {
          running = poll();
        }, POLL_INTERVAL_MS);
      }
    };
    running = poll();
    return {
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await running;
      },
    };
  }
}
