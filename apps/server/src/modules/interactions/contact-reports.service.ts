import type { Tx } from '../../db/client.js';
import { fieldError } from '../../http/errors.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import type { ServiceDeps } from '../../services.js';
import { customersOfTier, type MergeHookRegistry, visibilityFor } from '../customers/index.js';
import { type Actor, findTenant, namesByIds } from '../identity/index.js';
import * as repo from './interactions.repository.js';
import type { ActivityQuery, NotContactedQuery } from './interactions.schemas.js';
import { SUGGESTED_INTERVAL_DAYS, usersCovered } from './tasks.service.js';

/** Customers read per step of the not-contacted report, and at most per request (then it answers a cursor to go on). */
const SCAN_STEP = 1000;
const SCAN_LIMIT = 20_000;
const DAY_MS = 86_400_000;

/**
 * Contact reports (INT-3, INT-5): activity per user, branch, channel or day, and the customers of a
 * tier nobody has contacted for too long. Readers see what their interactions scope covers.
 */
export class ContactReportsService {
  constructor(
    private readonly deps: ServiceDeps,
    collaborators: { mergeHooks: MergeHookRegistry },
  ) {
    // Last contacts are derived from interactions: a merge (and its undo) works them out again for both customers.
    collaborators.mergeHooks.register({
      name: 'last-contacts',
      move: async (tx, tenantId, fromId, toId) => {
        await repo.refreshLastContacts(tx, tenantId, [fromId, toId]);
        return [fromId, toId];
      },
      moveBack: (tx, tenantId, ids) => repo.refreshLastContacts(tx, tenantId, ids),
    });
  }

  private tx<T>(actor: Actor, work: (tx: Tx) => Promise<T>) {
    return this.deps.database.withTenant(actor.tenantId, work);
  }

  async activity(actor: Actor, q: ActivityQuery) {
    return this.tx(actor, async (tx) => {
      const covered = await usersCovered(tx, actor, 'interactions.read');
      if (q.userId && covered && !covered.includes(q.userId))
        throw fieldError('userId', 'user_out_of_scope', 'You may not see that user’s contacts.', { code: 'forbidden' });
      const from = new Date(q.from);
      const to = new Date(q.to);
      if (to <= from) throw fieldError('to', 'value_rule_broken', 'The period must end after it starts.');
      const timeZone = (await findTenant(tx, actor.tenantId))?.timeZone ?? 'UTC';
      const rows = await repo.contactActivity(
        tx,
        actor.tenantId,
        { from, to, userIds: q.userId ? [q.userId] : covered, channels: q.channel?.split(',').filter(Boolean), branchId: q.branchId },
        q.groupBy,
        timeZone,
      );
      const named = q.groupBy === 'user' || q.groupBy === 'branch';
      const names = named
        ? await namesByIds(
            tx,
            actor.tenantId,
            rows.map((r) => r.key).filter((k): k is string => k !== null),
          )
        : new Map<string, string>();
      return {
        data: rows.map((r) => ({
          key: r.key,
          label: named && r.key ? (names.get(r.key) ?? null) : r.key,
          count: r.count,
          durationSeconds: r.duration_seconds,
          inbound: r.inbound,
          outbound: r.outbound,
        })),
      };
    });
  }

  /**
   * Customers of a tier last contacted more than `days` ago (the tier's follow-up plan interval by
   * default), or never, in id order. A request reads at most SCAN_LIMIT customers of the tier, so a
   * page may come back short with a cursor to read on.
   */
  async notContacted(actor: Actor, q: NotContactedQuery) {
    return this.tx(actor, async (tx) => {
      const scope = await visibilityFor(tx, actor, 'interactions.read');
      const plan = await repo.findFollowUpPlan(tx, actor.tenantId, q.tier);
      const days = q.days ?? plan?.intervalDays ?? SUGGESTED_INTERVAL_DAYS[q.tier];
      const cutoff = new Date(this.deps.clock.now().getTime() - days * DAY_MS);
      let [afterId] = (decodeCursor(q.cursor, 1) ?? []) as [string?];
      const found: (Awaited<ReturnType<typeof customersOfTier>>[number] & { lastContactAt: Date | null })[] = [];
      let scanned = 0;
      let more = true;
      while (found.length < q.limit && scanned < SCAN_LIMIT) {
        const page = await customersOfTier(tx, actor.tenantId, scope, q.tier, afterId, SCAN_STEP);
        const last = await repo.lastContacts(
          tx,
          actor.tenantId,
          page.map((c) => c.id),
        );
        let read = 0;
        for (; read < page.length && found.length < q.limit; read++) {
          const c = page[read]!;
          afterId = c.id;
          const at = last.get(c.id) ?? null;
          if (!at || at < cutoff) found.push({ ...c, lastContactAt: at });
        }
        scanned += read;
        if (page.length < SCAN_STEP && read === page.length) {
          more = false;
          break;
        }
      }
      const names = await namesByIds(tx, actor.tenantId, [
        ...new Set(found.map((c) => c.ownerId).filter((id): id is string => id !== null)),
      ]);
      return {
        days,
        data: found.map((c) => ({
          id: c.id,
          code: c.code,
          name: c.name,
          tier: c.tier,
          ownerId: c.ownerId,
          ownerName: c.ownerId ? (names.get(c.ownerId) ?? null) : null,
          lastContactAt: c.lastContactAt?.toISOString() ?? null,
        })),
        nextCursor: more && afterId ? encodeCursor([afterId]) : null,
      };
    });
  }
}
