import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addWeeks, addYears, startOfDay, startOfWeek } from 'date-fns';
import { isTimeZone } from '../../clock.js';
import type { Tx } from '../../db/client.js';
import { AppError, fieldError, staleVersion } from '../../http/errors.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { customerRefs, type CustomersService, type MergeHookRegistry, type Tier, TIERS } from '../customers/index.js';
import { type Actor, authorize, findTenant, namesByIds, usersInScope } from '../identity/index.js';
import { type Change, type NotificationRow, type NotificationsService, recordChange, type TrashRegistry } from '../platform/index.js';
import * as repo from './interactions.repository.js';
import type { FollowUpPlansBody, TaskInput, TaskListQuery, TaskPatch } from './interactions.schemas.js';
import type { Recurrence } from './interactions.tables.js';
import type { TimelineService } from './timeline.service.js';

const ENTITY = 'task';
/** What a new tenant is offered for each tier (key customers monthly, strategic every two months, the rest twice a year). */
export const SUGGESTED_INTERVAL_DAYS: Record<Tier, number> = { key: 30, strategic: 60, general: 180 };
/** The title of a planned follow-up, in the organisation's language. */
const PLANNED_TITLE = { 'zh-CN': '定期回访', 'zh-TW': '定期回訪', en: 'Regular follow-up' } as const;
/** Reminders sent per run of the reminder job; a backlog takes a few runs. */
const REMINDER_BATCH = 500;
const notFound = () => new AppError('not_found', 'No such task.', { reason: 'record_not_found' });

/** The users whose tasks (or interactions) `permission` lets the actor touch; undefined for everyone. */
export async function usersCovered(tx: Tx, actor: Actor, permission: string): Promise<string[] | undefined> {
  const scope = authorize(actor, permission);
  if (scope === 'all') return undefined;
  if (scope === 'own') return [actor.userId];
  return usersInScope(tx, actor.tenantId, actor.userId, scope);
}

/** The next due date of a recurring task after `from`, stepped in the tenant's wall-clock time (a monthly task stays on its day). */
export function nextDue(due: Date, recurrence: Recurrence, timeZone: string, after: Date): Date {
  const step = { day: addDays, week: addWeeks, month: addMonths, year: addYears }[recurrence.unit];
  const start = new TZDate(due.getTime(), timeZone);
  // Counted from the first due date, so that 31 Jan monthly gives 28 Feb and then 31 Mar, not 28 Mar.
  for (let n = 1; ; n++) {
    const next = step(start, n * recurrence.every);
    if (next.getTime() > after.getTime()) return new Date(next.getTime());
  }
}

/** The window of a due filter in the given time zone: today, this week (Monday first), or before now. */
function dueWindow(due: TaskListQuery['due'], now: Date, timeZone: string): Pick<repo.TaskFilter, 'dueFrom' | 'dueBefore' | 'noDueDate'> {
  const local = new TZDate(now.getTime(), timeZone);
  switch (due) {
    case undefined:
      return {};
    case 'overdue':
      return { dueBefore: now };
    case 'none':
      return { noDueDate: true };
    case 'today': {
      const start = startOfDay(local);
      return { dueFrom: new Date(start.getTime()), dueBefore: new Date(addDays(start, 1).getTime()) };
    }
    case 'week': {
      const start = startOfWeek(local, { weekStartsOn: 1 });
      return { dueFrom: new Date(start.getTime()), dueBefore: new Date(addWeeks(start, 1).getTime()) };
    }
  }
}

/**
 * Tasks and follow-ups (INT-3). A task belongs to its owner; the interactions permissions' scope
 * says whose tasks one may see and change (own, team, branch, all). A task about a customer needs
 * that customer within reach and shows on its timeline.
 */
export class TasksService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly collaborators: {
      customers: CustomersService;
      timeline: TimelineService;
      trash: TrashRegistry;
      mergeHooks: MergeHookRegistry;
      notifications: NotificationsService;
    },
  ) {
    collaborators.mergeHooks.register(repo.followsItsCustomer('tasks'));
    collaborators.trash.register({
      entityType: ENTITY,
      permission: 'interactions.delete',
      listDeleted: async (tx, tenantId) =>
        (await repo.listDeletedTasks(tx, tenantId)).map((t) => ({ id: t.id, label: t.title, deletedAt: t.deletedAt! })),
      restore: async (tx, tenantId, id) => {
        const row = await repo.findTask(tx, tenantId, id);
        if (!row?.deletedAt) return undefined;
        const restored = await repo.updateTask(tx, tenantId, id, undefined, { deletedAt: null });
        if (restored?.customerId) await this.collaborators.timeline.refresh(tx, tenantId, ENTITY, id, this.timelineRef(restored, false));
        return restored ? { ...restored } : undefined;
      },
      purge: async (tx, before) => (await repo.purgeTasks(tx, before)).length,
    });
  }

  private get now() {
    return this.deps.clock.now();
  }

  private tx<T>(actor: Actor, work: (tx: Tx) => Promise<T>) {
    return this.deps.database.withTenant(actor.tenantId, work);
  }

  /** Audits a task's change and shows it on its customer's timeline at once. */
  private async record(
    tx: Tx,
    actor: Actor,
    change: Omit<Change, 'entityType' | 'timeline'>,
    task: repo.TaskRow,
    shown: Record<string, unknown> = {},
  ) {
    const ref = task.customerId ? this.timelineRef(task, change.action === 'deleted') : undefined;
    const events = await recordChange(
      tx,
      actor.tenantId,
      actor,
      { ...change, entityType: ENTITY, timeline: ref && { ...ref, data: { ...ref.data, ...shown } } },
      this.now,
    );
    // A task's customer is checked (live, within reach) before any change to it.
    await this.collaborators.timeline.project(tx, actor.tenantId, events, task.customerId ? [task.customerId] : []);
  }

  private timelineRef(task: repo.TaskRow, hidden: boolean) {
    return {
      customerIds: [task.customerId!],
      record: true,
      // Open, it sits where it was made; done, where it was done.
      occurredAt: task.completedAt ?? task.createdAt,
      title: task.title,
      summary: task.notes,
      userId: task.ownerId,
      data: { status: task.status, dueAt: task.dueAt?.toISOString() ?? null, priority: task.priority, ownerId: task.ownerId },
      hidden,
    };
  }

  private async checkOwner(tx: Tx, actor: Actor, ownerId: string, permission: string) {
    const covered = await usersCovered(tx, actor, permission);
    if (covered && !covered.includes(ownerId))
      throw fieldError('ownerId', 'user_out_of_scope', 'You may not give tasks to that user.', { code: 'forbidden' });
  }

  /** A task the actor may reach with `permission`: their own, or one whose owner their scope covers. */
  private async taskRow(tx: Tx, actor: Actor, id: string, permission: string) {
    const row = await repo.findTask(tx, actor.tenantId, id);
    if (!row || row.deletedAt) throw notFound();
    const covered = await usersCovered(tx, actor, permission);
    if (covered && !covered.includes(row.ownerId) && row.createdBy !== actor.userId) throw notFound();
    return row;
  }

  /** Creates a task in the caller's transaction: for a follow-up scheduled with an interaction, or on its own. */
  /**
   * Creates a task in the caller's transaction. A task given to someone else notifies them: the
   * notification goes into `notified`, for the caller to push once the transaction has committed.
   */
  async createIn(tx: Tx, actor: Actor, input: TaskInput, source?: { kind: string; id: string }, notified: NotificationRow[] = []) {
    authorize(actor, 'interactions.create');
    const ownerId = input.ownerId ?? actor.userId;
    if (ownerId !== actor.userId) await this.checkOwner(tx, actor, ownerId, 'interactions.create');
    if (input.customerId) await this.collaborators.customers.getRow(tx, actor, input.customerId, 'interactions.create');
    const now = this.now;
    const row = (await repo.insertTask(tx, {
      tenantId: actor.tenantId,
      id: newId(),
      title: input.title,
      notes: input.notes ?? null,
      customerId: input.customerId ?? null,
      ownerId,
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      priority: input.priority ?? 'normal',
      remindAt: input.remindAt ? new Date(input.remindAt) : null,
      recurrence: input.recurrence ?? null,
      source: source?.kind ?? null,
      sourceId: source?.id ?? null,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    }))!;
    await this.record(tx, actor, { entityId: row.id, action: 'created', after: { ...row } }, row);
    if (ownerId !== actor.userId) notified.push(...(await this.notifyOwner(tx, actor, row, null)));
    return row;
  }

  /** Tells a task's new owner that someone gave it to them, and why. */
  private notifyOwner(tx: Tx, actor: Actor, task: repo.TaskRow, reason: string | null) {
    return this.collaborators.notifications.insert(tx, actor.tenantId, [
      {
        userId: task.ownerId,
        kind: 'assignment',
        title: task.title,
        body: reason,
        link: task.customerId ? `/customers/${task.customerId}` : '/tasks',
        entityType: ENTITY,
        entityId: task.id,
        data: {
          by: actor.label,
          byUserId: actor.userId,
          taskId: task.id,
          customerId: task.customerId,
          dueAt: task.dueAt?.toISOString() ?? null,
          reason,
        },
      },
    ]);
  }

  async create(actor: Actor, input: TaskInput) {
    const notified: NotificationRow[] = [];
    const task = await this.tx(
      actor,
      async (tx) => (await this.present(tx, actor, [await this.createIn(tx, actor, input, undefined, notified)]))[0]!,
    );
    this.collaborators.notifications.push(notified);
    return task;
  }

  async get(actor: Actor, id: string) {
    return this.tx(actor, async (tx) => (await this.present(tx, actor, [await this.taskRow(tx, actor, id, 'interactions.read')]))[0]!);
  }

  /** Changes a task; giving it to another owner is a hand-over, with its reason on the timeline and a note to the new owner. */
  async update(actor: Actor, id: string, patch: TaskPatch, version?: number) {
    const notified: NotificationRow[] = [];
    const task = await this.tx(actor, async (tx) => {
      const before = await this.taskRow(tx, actor, id, 'interactions.update');
      const handedOver = patch.ownerId !== undefined && patch.ownerId !== before.ownerId;
      if (handedOver) await this.checkOwner(tx, actor, patch.ownerId!, 'interactions.update');
      if (patch.customerId) await this.collaborators.customers.getRow(tx, actor, patch.customerId, 'interactions.update');
      const statusChanged = patch.status !== undefined && patch.status !== before.status;
      const after = await repo.updateTask(tx, actor.tenantId, id, version, {
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.notes !== undefined && { notes: patch.notes }),
        ...(patch.customerId !== undefined && { customerId: patch.customerId }),
        ...(patch.ownerId !== undefined && { ownerId: patch.ownerId }),
        ...(patch.dueAt !== undefined && { dueAt: patch.dueAt ? new Date(patch.dueAt) : null }),
        ...(patch.priority !== undefined && { priority: patch.priority }),
        // A new reminder time is a new reminder.
        ...(patch.remindAt !== undefined && { remindAt: patch.remindAt ? new Date(patch.remindAt) : null, remindedAt: null }),
        ...(patch.recurrence !== undefined && { recurrence: patch.recurrence }),
        ...(statusChanged && { status: patch.status, completedAt: patch.status === 'done' ? this.now : null }),
      });
      if (!after) throw staleVersion('The task');
      const reason = handedOver ? (patch.handoverReason ?? null) : null;
      await this.record(
        tx,
        actor,
        {
          entityId: id,
          action: handedOver ? 'handed_over' : 'updated',
          before: { ...before },
          after: { ...after },
          ...(handedOver && { payload: { fromOwnerId: before.ownerId, toOwnerId: after.ownerId, reason } }),
        },
        after,
        handedOver ? { handedOverFrom: before.ownerId, reason } : {},
      );
      if (handedOver && after.ownerId !== actor.userId) notified.push(...(await this.notifyOwner(tx, actor, after, reason)));
      return (await this.present(tx, actor, [after]))[0]!;
    });
    this.collaborators.notifications.push(notified);
    return task;
  }

  /** Marks a task done; a recurring one gets its next occurrence, due one period after this one (and after now). */
  async complete(actor: Actor, id: string) {
    return this.tx(actor, async (tx) => {
      const before = await this.taskRow(tx, actor, id, 'interactions.update');
      if (before.status !== 'open') return { task: (await this.present(tx, actor, [before]))[0]!, next: null };
      const after = (await repo.updateTask(tx, actor.tenantId, id, undefined, { status: 'done', completedAt: this.now }))!;
      await this.record(tx, actor, { entityId: id, action: 'completed', before: { ...before }, after: { ...after } }, after);
      let next: repo.TaskRow | undefined;
      if (before.recurrence) {
        const tenant = await findTenant(tx, actor.tenantId);
        const timeZone = tenant?.timeZone ?? 'UTC';
        const dueAt = nextDue(before.dueAt ?? this.now, before.recurrence, timeZone, this.now);
        const remindAt =
          before.remindAt && before.dueAt ? new Date(dueAt.getTime() - (before.dueAt.getTime() - before.remindAt.getTime())) : null;
        next = await this.createIn(
          tx,
          actor,
          {
            title: before.title,
            notes: before.notes,
            customerId: before.customerId,
            ownerId: before.ownerId,
            dueAt: dueAt.toISOString(),
            priority: before.priority,
            remindAt: remindAt?.toISOString() ?? null,
            recurrence: before.recurrence,
          },
          { kind: ENTITY, id: before.id },
        );
      }
      const [task, nextTask] = await this.present(tx, actor, next ? [after, next] : [after]);
      return { task: task!, next: nextTask ?? null };
    });
  }

  async delete(actor: Actor, id: string) {
    await this.tx(actor, async (tx) => {
      const before = await this.taskRow(tx, actor, id, 'interactions.delete');
      const after = (await repo.updateTask(tx, actor.tenantId, id, undefined, { deletedAt: this.now }))!;
      await this.record(tx, actor, { entityId: id, action: 'deleted', before: { ...before } }, after);
    });
  }

  async list(actor: Actor, q: TaskListQuery) {
    return this.tx(actor, async (tx) => {
      const covered = await usersCovered(tx, actor, 'interactions.read');
      const owner = q.owner ?? 'me';
      let ownerIds: string[] | undefined;
      if (owner === 'me') ownerIds = [actor.userId];
      else if (owner === 'team') ownerIds = covered;
      else {
        if (covered && !covered.includes(owner))
          throw fieldError('owner', 'user_out_of_scope', 'You may not see that user’s tasks.', { code: 'forbidden' });
        ownerIds = [owner];
      }
      if (q.customerId) await this.collaborators.customers.getRow(tx, actor, q.customerId, 'interactions.read');
      const timeZone = q.tz ?? (await findTenant(tx, actor.tenantId))?.timeZone ?? 'UTC';
      if (!isTimeZone(timeZone)) throw fieldError('tz', 'value_format', `"${timeZone}" is not a time zone.`);
      const statuses = q.status?.split(',').filter(Boolean) ?? ['open'];
      const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
      const rows = await repo.listTasks(
        tx,
        actor.tenantId,
        { ownerIds, statuses, customerId: q.customerId, ...dueWindow(q.due, this.now, timeZone) },
        after,
        q.limit,
      );
      const page = toPage(rows, q.limit, (r) => [r.dueAt?.toISOString() ?? 'infinity', r.id]);
      return { data: await this.present(tx, actor, page.data), nextCursor: page.nextCursor };
    });
  }

  /** The follow-up plan of each tier: the saved ones, and for the others a suggestion, switched off. */
  async listPlans(actor: Actor) {
    authorize(actor, 'interactions.read');
    return this.tx(actor, async (tx) => {
      const saved = new Map((await repo.listFollowUpPlans(tx, actor.tenantId)).map((p) => [p.tier, p]));
      return {
        data: TIERS.map((tier) => {
          const plan = saved.get(tier);
          return plan
            ? { tier, intervalDays: plan.intervalDays, active: plan.active, title: plan.title }
            : { tier, intervalDays: SUGGESTED_INTERVAL_DAYS[tier], active: false, title: null };
        }),
      };
    });
  }

  async replacePlans(actor: Actor, body: FollowUpPlansBody) {
    authorize(actor, 'admin.settings');
    await this.tx(actor, async (tx) => {
      const before = await repo.listFollowUpPlans(tx, actor.tenantId);
      const now = this.now;
      await repo.replaceFollowUpPlans(
        tx,
        actor.tenantId,
        body.plans.map((p) => ({
          tenantId: actor.tenantId,
          tier: p.tier,
          intervalDays: p.intervalDays,
          active: p.active,
          title: p.title ?? null,
          createdAt: now,
          updatedAt: now,
        })),
      );
      const byTier = (plans: { tier: string; intervalDays: number; active: boolean; title: string | null }[]) =>
        Object.fromEntries(plans.map((p) => [p.tier, { intervalDays: p.intervalDays, active: p.active, title: p.title }]));
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        {
          entityType: 'follow_up_plans',
          entityId: actor.tenantId,
          action: 'updated',
          before: byTier(before),
          after: byTier(body.plans.map((p) => ({ ...p, title: p.title ?? null }))),
        },
        now,
      );
    });
    return this.listPlans(actor);
  }

  /**
   * After a contact with a customer whose tier has an active plan: its next planned follow-up is
   * due the plan's interval after this contact (in the tenant's days), on the open planned task if
   * there is one, or on a new one for the customer's owner.
   */
  async planFollowUp(
    tx: Tx,
    actor: Actor,
    customer: { id: string; tier: string | null; ownerId: string | null },
    contactAt: Date,
    userId: string,
  ) {
    if (!customer.tier) return;
    const plan = await repo.findFollowUpPlan(tx, actor.tenantId, customer.tier);
    if (!plan?.active) return;
    const tenant = await findTenant(tx, actor.tenantId);
    const dueAt = new Date(addDays(new TZDate(contactAt.getTime(), tenant?.timeZone ?? 'UTC'), plan.intervalDays).getTime());
    const open = await repo.findPlannedFollowUp(tx, actor.tenantId, customer.id);
    if (open) {
      // A contact logged late (last week's visit) does not bring the next one forward.
      if (open.dueAt && open.dueAt >= dueAt) return;
      const after = (await repo.updateTask(tx, actor.tenantId, open.id, undefined, { dueAt }))!;
      await this.record(tx, actor, { entityId: open.id, action: 'updated', before: { ...open }, after: { ...after } }, after);
      return;
    }
    const now = this.now;
    const row = (await repo.insertTask(tx, {
      tenantId: actor.tenantId,
      id: newId(),
      title: plan.title ?? PLANNED_TITLE[(tenant?.defaultLocale ?? 'zh-CN') as keyof typeof PLANNED_TITLE] ?? PLANNED_TITLE.en,
      customerId: customer.id,
      ownerId: customer.ownerId ?? userId,
      dueAt,
      source: 'follow_up_plan',
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    }))!;
    await this.record(tx, actor, { entityId: row.id, action: 'created', after: { ...row } }, row);
  }

  /**
   * Sends the reminders that are due: an in-app notification to each task's owner, stored in the
   * transaction that marks the reminder sent, so none is lost or doubled by a crash or a second
   * server. Answers how many were sent.
   */
  async sendDueReminders(): Promise<number> {
    const now = this.now;
    const stored = await this.deps.database.system(async (tx) => {
      const due = await repo.claimDueReminders(tx, now, REMINDER_BATCH);
      const byTenant = new Map<string, typeof due>();
      for (const task of due) byTenant.set(task.tenant_id, [...(byTenant.get(task.tenant_id) ?? []), task]);
      const rows = [];
      for (const [tenantId, tasks] of byTenant)
        rows.push(
          ...(await this.collaborators.notifications.insert(
            tx,
            tenantId,
            tasks.map((t) => ({
              userId: t.owner_id,
              kind: 'reminder',
              title: t.title,
              link: t.customer_id ? `/customers/${t.customer_id}` : '/tasks',
              entityType: ENTITY,
              entityId: t.id,
              data: { taskId: t.id, customerId: t.customer_id, dueAt: t.due_at === null ? null : new Date(t.due_at).toISOString() },
            })),
          )),
        );
      return rows;
    });
    this.collaborators.notifications.push(stored);
    return stored.length;
  }

  /** Tasks as the API shows them: with their owner's and customer's names, and whether they are late. */
  async present(tx: Tx, actor: Actor, rows: repo.TaskRow[]) {
    const names = await namesByIds(tx, actor.tenantId, [...new Set(rows.map((r) => r.ownerId))]);
    const customers = new Map(
      (await customerRefs(tx, actor.tenantId, [...new Set(rows.map((r) => r.customerId).filter((id): id is string => id !== null))])).map(
        (c) => [c.id, c],
      ),
    );
    const now = this.now;
    return rows.map((t) => ({
      id: t.id,
      title: t.title,
      notes: t.notes,
      customerId: t.customerId,
      customerName: t.customerId ? (customers.get(t.customerId)?.name ?? null) : null,
      ownerId: t.ownerId,
      ownerName: names.get(t.ownerId) ?? null,
      dueAt: t.dueAt?.toISOString() ?? null,
      priority: t.priority,
      status: t.status,
      overdue: t.status === 'open' && t.dueAt !== null && t.dueAt < now,
      remindAt: t.remindAt?.toISOString() ?? null,
      recurrence: t.recurrence,
      source: t.source,
      completedAt: t.completedAt?.toISOString() ?? null,
      createdBy: t.createdBy,
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
      version: t.version,
    }));
  }
}
