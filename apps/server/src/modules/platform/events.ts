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

/**
 * Handles several events of one tenant, in the order written, at once: for subscribers whose cost
 * is per call (a transaction, a lookup) rather than per event, such as the webhook fan-out after an
 * import of a million customers. Throwing makes all of them be retried later.
 */
export type BatchEventHandler = (events: DomainEvent[]) => Promise<void>;

/** Event type patterns: `user.updated` exactly, `user.*` for every `user.` type, or `*` for all. */
export const EVENT_TYPE_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

export function matchesEventType(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/**
 * Events per claim. Every claim walks the pending index past the entries of events dispatched since
 * the last vacuum, so after an import of a million customers fewer, larger claims cost less.
 */
const BATCH_SIZE = 500;
/** Longer than any subscriber should take; a claimed event comes back after it if its dispatcher died. */
export const EVENT_LEASE_MS = 60_000;
/** After this many failed attempts an event is parked (about an hour and a half of retries). */
export const MAX_EVENT_ATTEMPTS = 10;
const POLL_INTERVAL_MS = 250;
/** How long an event may take from taking its `seq` to committing before it waits for a sweep; and how often one runs. */
const SWEEP_INTERVAL_MS = 10_000;

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
  private readonly subscribers: { pattern: string; handle: BatchEventHandler | EventHandler; batch: boolean }[] = [];

  /**
   * Per dispatch scope: where claims start. Claims walk the pending index from its start, past the
   * entries of every event dispatched since the table was last vacuumed (after an import of a
   * million customers, 15 ms a claim before autovacuum comes). So most claims start after the
   * highest `seq` this dispatcher saw one sweep interval ago, and once an interval a claim sweeps
   * from the start, for retries that came due and for events of transactions that committed late.
   */
  private readonly floors = new Map<string, { floor: number; seenAtLastSweep: number; maxSeen: number; lastSweepAt: number }>();

  constructor(private readonly deps: ServiceDeps) {}

  subscribe(pattern: string, handler: EventHandler): void {
    this.add(pattern, handler, false);
  }

  subscribeBatch(pattern: string, handler: BatchEventHandler): void {
    this.add(pattern, handler, true);
  }

  private add(pattern: string, handle: BatchEventHandler | EventHandler, batch: boolean) {
    if (!EVENT_TYPE_PATTERN.test(pattern)) throw new Error(`Not an event type pattern: "${pattern}"`);
    this.subscribers.push({ pattern, handle, batch });
  }

  /** Dispatches one batch of due events; `claimed` is how many it took. */
  async dispatchPending(scope: DispatchScope = {}): Promise<{ claimed: number; dispatched: number; failed: number }> {
    const now = this.deps.clock.now();
    const key = scope.tenantId ?? '*';
    const state = this.floors.get(key) ?? { floor: 0, seenAtLastSweep: 0, maxSeen: 0, lastSweepAt: -Infinity };
    this.floors.set(key, state);
    const sweep = now.getTime() - state.lastSweepAt >= SWEEP_INTERVAL_MS;
    if (sweep) Object.assign(state, { floor: state.seenAtLastSweep, seenAtLastSweep: state.maxSeen, lastSweepAt: now.getTime() });
    const claimed = await this.deps.database.system((tx) =>
      repo.claimDueEvents(tx, {
        now,
        leaseUntil: new Date(now.getTime() + EVENT_LEASE_MS),
        limit: BATCH_SIZE,
        tenantId: scope.tenantId,
        afterSeq: sweep ? 0 : state.floor,
      }),
    );
    for (const row of claimed) state.maxSeen = Math.max(state.maxSeen, row.seq);
    // Each tenant's events go one after another, in the order they were written; tenants go side by side.
    const byTenant = new Map<string, repo.EventRow[]>();
    for (const row of claimed.sort((a, b) => a.seq - b.seq)) {
      const rows = byTenant.get(row.tenantId);
      if (rows) rows.push(row);
      else byTenant.set(row.tenantId, [row]);
    }
    const outcomes = await Promise.all([...byTenant.values()].map((rows) => this.dispatchTenant(rows)));
    const dispatched = outcomes.reduce((sum, n) => sum + n, 0);
    return { claimed: claimed.length, dispatched, failed: claimed.length - dispatched };
  }

  /**
   * Hands one tenant's claimed events to every matching subscriber, then marks those that every
   * subscriber took as dispatched, in one statement. Answers how many that was.
   */
  private async dispatchTenant(rows: repo.EventRow[]): Promise<number> {
    const events = rows.map((row): DomainEvent => ({
      id: row.id,
      tenantId: row.tenantId,
      type: row.type,
      entityType: row.entityType,
      entityId: row.entityId,
      actorUserId: row.actorUserId,
      payload: row.payload as Record<string, unknown>,
      occurredAt: row.occurredAt,
    }));
    /** Event id → what its failing subscribers said. */
    const errors = new Map<string, string[]>();
    const failed = (event: DomainEvent, pattern: string, err: unknown) => {
      const said = `${pattern}: ${err instanceof Error ? err.message : String(err)}`;
      errors.set(event.id, [...(errors.get(event.id) ?? []), said]);
    };
    // Every matching subscriber runs even when one fails, so one broken subscriber does not starve the others.
    for (const { pattern, handle, batch } of this.subscribers) {
      const wanted = events.filter((e) => matchesEventType(pattern, e.type));
      if (wanted.length === 0) continue;
      if (batch) {
        await (handle as BatchEventHandler)(wanted).catch((err: unknown) => wanted.forEach((e) => failed(e, pattern, err)));
        continue;
      }
      for (const event of wanted) {
        try {
          await (handle as EventHandler)(event);
        } catch (err) {
          failed(event, pattern, err);
        }
      }
    }
    const now = this.deps.clock.now();
    const tenantId = rows[0]!.tenantId;
    const done = rows.filter((row) => !errors.has(row.id)).map((row) => row.id);
    if (done.length) await this.deps.database.system((tx) => repo.markDispatched(tx, tenantId, done, now));
    for (const row of rows.filter((r) => errors.has(r.id))) {
      const lastError = errors.get(row.id)!.join('; ').slice(0, 2000);
      const park = row.attempts >= MAX_EVENT_ATTEMPTS;
      await this.deps.database.system((tx) =>
        repo.markFailed(tx, row.tenantId, row.id, {
          lastError,
          nextAttemptAt: park ? null : new Date(now.getTime() + eventRetryDelayMs(row.attempts)),
          parkedAt: park ? now : null,
        }),
      );
      if (park) console.error(`[events] parked event ${row.id} (${row.type}) after ${row.attempts} attempts: ${lastError}`);
    }
    return done.length;
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
