import type { Tx } from '../../db/client.js';
import { AppError, fieldError, staleVersion } from '../../http/errors.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { contactIdsOf, covers, customerRefs, type CustomersService, type MergeHookRegistry, visibilityFor } from '../customers/index.js';
import { type Actor, authorize, branchesOf, findUser, namesByIds, userActor } from '../identity/index.js';
import {
  type NotificationDraft,
  type NotificationRow,
  type NotificationsService,
  recordChange,
  type TimelineRef,
  type TrashRegistry,
} from '../platform/index.js';
import * as repo from './interactions.repository.js';
import type { InteractionInput, InteractionListQuery, InteractionPatch } from './interactions.schemas.js';
import { type TasksService, usersCovered } from './tasks.service.js';
import type { TimelineService } from './timeline.service.js';

const ENTITY = 'interaction';
const notFound = () => new AppError('not_found', 'No such interaction.', { reason: 'record_not_found' });

/** What the audit log and events keep of an interaction. */
const historyOf = (r: repo.InteractionRow) => {
  const { tenantId: _t, createdAt: _c, updatedAt: _u, version: _v, ...rest } = r;
  return rest as Record<string, unknown>;
};

/** How an interaction shows on its customer's timeline: one entry, following its edits. */
const timelineRef = (r: repo.InteractionRow): TimelineRef => ({
  customerIds: [r.customerId],
  record: true,
  occurredAt: r.occurredAt,
  title: r.subject,
  summary: r.summary,
  channel: r.channel,
  direction: r.direction,
  userId: r.userId,
  branchId: r.branchId,
  contactIds: r.contactIds,
  data: {
    durationSeconds: r.durationSeconds,
    outcome: r.outcome,
    nextStep: r.nextStep,
    location: r.location,
    followUpTaskId: r.followUpTaskId,
  },
  hidden: r.deletedAt !== null,
});

/**
 * The contact log (INT-1): every call, visit, mail… with a customer, logged by people on the
 * customer page, by integrations through the API (with their own ids, so a message delivered twice
 * is logged once), and in bulk. Reaching a customer's interactions takes the interactions
 * permissions with a scope that covers the customer.
 */
export class InteractionsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly collaborators: {
      customers: CustomersService;
      tasks: TasksService;
      timeline: TimelineService;
      trash: TrashRegistry;
      mergeHooks: MergeHookRegistry;
      notifications: NotificationsService;
    },
  ) {
    collaborators.mergeHooks.register(repo.followsItsCustomer('interactions'));
    collaborators.trash.register({
      entityType: ENTITY,
      permission: 'interactions.delete',
      listDeleted: async (tx, tenantId) =>
        (await repo.listDeletedInteractions(tx, tenantId)).map((r) => ({
          id: r.id,
          label: [r.subject ?? r.channel, r.occurredAt.toISOString().slice(0, 16).replace('T', ' ')].join(' · '),
          deletedAt: r.deletedAt!,
        })),
      restore: async (tx, tenantId, id) => {
        const row = await repo.findInteraction(tx, tenantId, id);
        if (!row?.deletedAt) return undefined;
        const restored = (await repo.updateInteraction(tx, tenantId, id, undefined, { deletedAt: null }))!;
        await this.collaborators.timeline.refresh(tx, tenantId, ENTITY, id, timelineRef(restored));
        return historyOf(restored);
      },
      purge: async (tx, before) => (await repo.purgeInteractions(tx, before)).length,
    });
  }

  private get now() {
    return this.deps.clock.now();
  }

  private tx<T>(actor: Actor, work: (tx: Tx) => Promise<T>) {
    return this.deps.database.withTenant(actor.tenantId, work);
  }

  /** Audits the change and writes its timeline entry in the same transaction. */
  private async record(tx: Tx, actor: Actor, action: string, before: repo.InteractionRow | null, after: repo.InteractionRow) {
    const events = await recordChange(
      tx,
      actor.tenantId,
      actor,
      {
        entityType: ENTITY,
        entityId: after.id,
        action,
        before: before && historyOf(before),
        after: action === 'deleted' ? null : historyOf(after),
        timeline: timelineRef(after),
      },
      this.now,
    );
    // Its customer was read (live) by the caller in this transaction.
    await this.collaborators.timeline.project(tx, actor.tenantId, events, [after.customerId]);
  }

  private async interactionRow(tx: Tx, actor: Actor, id: string, permission: string) {
    const row = await repo.findInteraction(tx, actor.tenantId, id);
    if (!row || row.deletedAt) throw notFound();
    await this.collaborators.customers.getRow(tx, actor, row.customerId, permission).catch(() => {
      throw notFound();
    });
    return row;
  }

  private async checkContacts(tx: Tx, tenantId: string, customerId: string, contactIds: string[] | undefined) {
    if (!contactIds?.length) return [];
    const unique = [...new Set(contactIds)];
    const found = new Set(await contactIdsOf(tx, tenantId, customerId, unique));
    const stranger = unique.findIndex((id) => !found.has(id));
    if (stranger >= 0)
      throw fieldError(`contactIds.${stranger}`, 'contact_not_of_customer', 'That contact does not belong to this customer.');
    return unique;
  }

  /**
   * Logs an interaction. With an `externalId` already logged on the channel, answers that one
   * (`created: false`) instead of logging it twice.
   */
  async create(actor: Actor, input: InteractionInput) {
    return this.tx(actor, async (tx) => {
      const { created, row, notifications } = await this.createIn(tx, actor, input);
      return { created, notifications, interaction: (await this.present(tx, actor, [row]))[0]! };
    }).then(({ notifications, ...result }) => {
      this.collaborators.notifications.push(notifications);
      return result;
    });
  }

  /**
   * Notifies the colleagues mentioned in an interaction, each only if they may see its customer:
   * a mention must not show a customer to someone outside its owners' reach.
   */
  private async notifyMentioned(tx: Tx, actor: Actor, row: repo.InteractionRow, customerName: string): Promise<NotificationRow[]> {
    const drafts: NotificationDraft[] = [];
    for (const userId of row.mentionedUserIds) {
      if (userId === actor.userId) continue;
      const colleague = await userActor(tx, actor.tenantId, userId);
      const reaches =
        colleague &&
        (await this.collaborators.customers.getRow(tx, colleague, row.customerId, 'interactions.read').then(
          () => true,
          () => false,
        ));
      if (!reaches) continue;
      drafts.push({
        userId,
        kind: 'mention',
        title: customerName,
        body: row.summary ?? row.subject,
        link: `/customers/${row.customerId}?interaction=${row.id}`,
        entityType: ENTITY,
        entityId: row.id,
        data: { by: actor.label, byUserId: actor.userId, customerId: row.customerId, channel: row.channel },
      });
    }
    return this.collaborators.notifications.insert(tx, actor.tenantId, drafts);
  }

  /** Logs an interaction in the caller's transaction (a call the PBX reports ended). */
  async createIn(
    tx: Tx,
    actor: Actor,
    input: InteractionInput,
  ): Promise<{ created: boolean; row: repo.InteractionRow; notifications: NotificationRow[] }> {
    authorize(actor, 'interactions.create');
    const customer = await this.collaborators.customers.getRow(tx, actor, input.customerId, 'interactions.create');
    if (input.externalId) {
      const existing = await repo.findInteractionByExternalId(tx, actor.tenantId, input.channel, input.externalId);
      if (existing) return { created: false, row: existing, notifications: [] };
    }
    const userId = input.userId ?? actor.userId;
    if (userId !== actor.userId) {
      const covered = await usersCovered(tx, actor, 'interactions.create');
      if ((covered && !covered.includes(userId)) || !(await findUser(tx, actor.tenantId, userId)))
        throw fieldError('userId', 'user_out_of_scope', 'You may not log interactions for that user.', { code: 'forbidden' });
    }
    const contactIds = await this.checkContacts(tx, actor.tenantId, input.customerId, input.contactIds);
    const now = this.now;
    const id = newId();
    const assigned: NotificationRow[] = [];
    const followUp = input.followUp
      ? await this.collaborators.tasks.createIn(
          tx,
          actor,
          { title: input.followUp.title, dueAt: input.followUp.dueAt, ownerId: input.followUp.ownerId, customerId: input.customerId },
          { kind: ENTITY, id },
          assigned,
        )
      : undefined;
    const row = await repo.insertInteraction(tx, {
      tenantId: actor.tenantId,
      id,
      customerId: input.customerId,
      contactIds,
      channel: input.channel,
      direction: input.channel === 'note' ? null : (input.direction ?? null),
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : now,
      durationSeconds: input.durationSeconds ?? null,
      subject: input.subject ?? null,
      summary: input.summary ?? null,
      outcome: input.outcome ?? null,
      nextStep: input.nextStep ?? null,
      location: input.location ?? null,
      externalId: input.externalId ?? null,
      userId,
      branchId: (await branchesOf(tx, actor.tenantId, [userId])).get(userId) ?? null,
      followUpTaskId: followUp?.id ?? null,
      mentionedUserIds: [...new Set(input.mentions ?? [])],
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    if (!row) {
      // Another request logged the same external id meanwhile: this transaction's follow-up must not stay.
      throw new AppError('conflict', 'This interaction is being logged by another request; try again.', { reason: 'concurrent_change' });
    }
    await this.record(tx, actor, 'created', null, row);
    // A note is not a contact with the customer: it neither counts as one nor resets the follow-up plan.
    if (row.channel !== 'note') {
      await repo.touchCustomer(tx, actor.tenantId, row.customerId, row.occurredAt);
      await this.collaborators.tasks.planFollowUp(tx, actor, customer, row.occurredAt, userId);
    }
    const mentioned = await this.notifyMentioned(tx, actor, row, customer.name);
    return { created: true, row, notifications: [...assigned, ...mentioned] };
  }

  async get(actor: Actor, id: string) {
    return this.tx(
      actor,
      async (tx) => (await this.present(tx, actor, [await this.interactionRow(tx, actor, id, 'interactions.read')]))[0]!,
    );
  }

  async update(actor: Actor, id: string, patch: InteractionPatch, version?: number) {
    return this.tx(actor, async (tx) => {
      const before = await this.interactionRow(tx, actor, id, 'interactions.update');
      const contactIds =
        patch.contactIds === undefined ? undefined : await this.checkContacts(tx, actor.tenantId, before.customerId, patch.contactIds);
      const channel = patch.channel ?? before.channel;
      const after = await repo.updateInteraction(tx, actor.tenantId, id, version, {
        ...(contactIds !== undefined && { contactIds }),
        ...(patch.channel !== undefined && { channel: patch.channel }),
        ...((patch.direction !== undefined || channel === 'note') && { direction: channel === 'note' ? null : (patch.direction ?? null) }),
        ...(patch.occurredAt !== undefined && { occurredAt: new Date(patch.occurredAt) }),
        ...(patch.durationSeconds !== undefined && { durationSeconds: patch.durationSeconds }),
        ...(patch.subject !== undefined && { subject: patch.subject }),
        ...(patch.summary !== undefined && { summary: patch.summary }),
        ...(patch.outcome !== undefined && { outcome: patch.outcome }),
        ...(patch.nextStep !== undefined && { nextStep: patch.nextStep }),
        ...(patch.location !== undefined && { location: patch.location }),
      });
      if (!after) throw staleVersion('The interaction');
      await this.record(tx, actor, 'updated', before, after);
      return (await this.present(tx, actor, [after]))[0]!;
    });
  }

  async delete(actor: Actor, id: string) {
    await this.tx(actor, async (tx) => {
      const before = await this.interactionRow(tx, actor, id, 'interactions.delete');
      const after = (await repo.updateInteraction(tx, actor.tenantId, id, undefined, { deletedAt: this.now }))!;
      await this.record(tx, actor, 'deleted', before, after);
    });
  }

  /**
   * Interactions newest first: one customer's, or across customers (by user, branch, channel,
   * period) showing only those whose customer the actor may read — so a page may hold fewer than
   * `limit` while more follow.
   */
  async list(actor: Actor, q: InteractionListQuery) {
    return this.tx(actor, async (tx) => {
      const visibility = await visibilityFor(tx, actor, 'interactions.read');
      if (q.customerId) await this.collaborators.customers.getRow(tx, actor, q.customerId, 'interactions.read');
      const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
      const rows = await repo.listInteractions(
        tx,
        actor.tenantId,
        {
          customerId: q.customerId,
          channels: q.channel?.split(',').filter(Boolean),
          userId: q.userId,
          branchId: q.branchId,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
        },
        after,
        q.limit,
      );
      const page = toPage(rows, q.limit, (r) => [r.occurredAt.toISOString(), r.id]);
      let visible = page.data;
      if (!q.customerId && !visibility.all) {
        const reachable = new Set(
          (await customerRefs(tx, actor.tenantId, [...new Set(visible.map((r) => r.customerId))]))
            .filter((c) => covers(visibility, c))
            .map((c) => c.id),
        );
        visible = visible.filter((r) => reachable.has(r.customerId));
      }
      return { data: await this.present(tx, actor, visible), nextCursor: page.nextCursor };
    });
  }

  async present(tx: Tx, actor: Actor, rows: repo.InteractionRow[]) {
    const names = await namesByIds(tx, actor.tenantId, [
      ...new Set(rows.flatMap((r) => [r.userId, r.branchId]).filter((id): id is string => id !== null)),
    ]);
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customerId,
      contactIds: r.contactIds,
      channel: r.channel,
      direction: r.direction,
      occurredAt: r.occurredAt.toISOString(),
      durationSeconds: r.durationSeconds,
      subject: r.subject,
      summary: r.summary,
      outcome: r.outcome,
      nextStep: r.nextStep,
      location: r.location,
      externalId: r.externalId,
      userId: r.userId,
      userName: r.userId ? (names.get(r.userId) ?? null) : null,
      branchId: r.branchId,
      branchName: r.branchId ? (names.get(r.branchId) ?? null) : null,
      followUpTaskId: r.followUpTaskId,
      mentions: r.mentionedUserIds,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      version: r.version,
    }));
  }
}
