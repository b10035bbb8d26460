import type { CountryCode } from 'libphonenumber-js';
import type { Tx } from '../../db/client.js';
import { fieldError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import { findByPhoneDigits, type MergeHookRegistry, normalisePhone, type CustomersService } from '../customers/index.js';
import {
  type Actor,
  authorize,
  findTenant,
  findUserByEmail,
  findUser,
  findUserByExtension,
  namesByIds,
  PERMISSIONS,
  systemActor,
  userActor,
} from '../identity/index.js';
import { type NotificationDraft, type NotificationsService, recordChange } from '../platform/index.js';
import * as repo from './interactions.repository.js';
import type { CtiEventInput, DialInput } from './interactions.schemas.js';
import type { InteractionsService } from './interactions.service.js';

/** Interactions shown on a screen pop: enough to greet the caller knowing the last contacts. */
const POP_INTERACTIONS = 3;
const POP_TASKS = 3;

const formatDuration = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/**
 * Call-centre integration (INT-4). The PBX (or a softphone) reports each call's events with an API
 * token; the caller's number is matched to a customer or a contact in any format; ringing pops the
 * customer's card on the agent's screen (or, for an unknown number, the form to create or link the
 * customer); the end of the call logs it on the customer's timeline and asks the agent for a summary.
 * Events may come twice or out of order: each call is one row, and its interaction is logged once.
 */
export class CtiService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly collaborators: {
      customers: CustomersService;
      interactions: InteractionsService;
      notifications: NotificationsService;
      mergeHooks: MergeHookRegistry;
    },
  ) {
    collaborators.mergeHooks.register(repo.followsItsCustomer('calls'));
  }

  /** Applies one event. Only an actor who may log interactions on every customer may report calls: the PBX speaks for the whole centre. */
  async handle(actor: Actor, e: CtiEventInput) {
    authorize(actor, 'interactions.create', 'all');
    if (e.direction === 'outbound' && !e.to) throw fieldError('to', 'value_required', 'An outbound call needs the number called.');
    const { result, notifications } = await this.deps.database.withTenant(actor.tenantId, (tx) => this.apply(tx, actor, e));
    this.collaborators.notifications.push(notifications);
    return result;
  }

  private async apply(tx: Tx, actor: Actor, e: CtiEventInput) {
    const now = this.deps.clock.now();
    const tenantId = actor.tenantId;
    let call = await repo.findCallForUpdate(tx, tenantId, e.callId);
    if (!call) {
      const region = ((await findTenant(tx, tenantId))?.defaultPhoneRegion ?? 'CN') as CountryCode;
      const entered = e.direction === 'outbound' ? e.to! : e.from;
      const phone = normalisePhone(entered, region);
      // A number that is not one (a withheld caller id, "anonymous") matches nobody rather than failing the call.
      const match = phone.valid ? (await findByPhoneDigits(tx, tenantId, phone.digits, 1))[0] : undefined;
      const agent = e.agent ? await this.agentOf(tx, tenantId, e.agent) : undefined;
      call =
        (await repo.insertCall(tx, {
          tenantId,
          id: newId(),
          callId: e.callId,
          direction: e.direction,
          fromNumber: e.from,
          toNumber: e.to ?? null,
          customerNumber: phone.valid ? phone.number : entered,
          agentUserId: agent ?? null,
          customerId: match?.customerId ?? null,
          contactId: match?.contactId ?? null,
          state: e.event,
          createdAt: now,
          updatedAt: now,
        })) ?? (await repo.findCallForUpdate(tx, tenantId, e.callId))!;
    } else if (!call.agentUserId && e.agent) {
      // The agent is often named only once the call is answered.
      const agent = await this.agentOf(tx, tenantId, e.agent);
      if (agent) call = (await repo.updateCall(tx, tenantId, call.id, { agentUserId: agent }))!;
    }

    const notifications: NotificationDraft[] = [];
    if (e.event === 'ringing' && !call.ringingAt && !call.endedAt) {
      call = (await repo.updateCall(tx, tenantId, call.id, { ringingAt: now, state: call.answeredAt ? call.state : 'ringing' }))!;
      if (call.agentUserId) notifications.push(await this.screenPop(tx, call));
    } else if (e.event === 'answered' && !call.answeredAt && !call.endedAt) {
      call = (await repo.updateCall(tx, tenantId, call.id, { answeredAt: now, state: 'answered' }))!;
    } else if (e.event === 'ended' && !call.endedAt) {
      call = (await repo.updateCall(tx, tenantId, call.id, { endedAt: now, state: 'ended' }))!;
      const interactionId = call.customerId ? await this.logCall(tx, actor, call) : null;
      if (interactionId) call = (await repo.updateCall(tx, tenantId, call.id, { interactionId }))!;
      if (call.agentUserId) notifications.push(this.callEnded(call));
    }
    const stored = await this.collaborators.notifications.insert(tx, tenantId, notifications);
    // The PBX learns whom it connected as far as its own scope reaches (a routing rule may use it).
    const customer = call.customerId
      ? await this.collaborators.customers.getRow(tx, actor, call.customerId, 'interactions.create').catch(() => undefined)
      : undefined;
    return {
      notifications: stored,
      result: {
        callId: call.callId,
        state: call.state,
        number: call.customerNumber,
        customer: customer ? { id: customer.id, code: customer.code, name: customer.name } : null,
        contactId: call.contactId,
        agentUserId: call.agentUserId,
        interactionId: call.interactionId,
      },
    };
  }

  /**
   * Click-to-dial (call-out): asks the PBX to connect the user's extension with a customer's number,
   * by an event (`call.dial_requested`) that the PBX's webhook receives. The user must be allowed to
   * log interactions with the customer; the number is the customer's own unless one is given.
   */
  async dial(actor: Actor, input: DialInput) {
    authorize(actor, 'interactions.create');
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const customer = await this.collaborators.customers.getRow(tx, actor, input.customerId, 'interactions.create');
      const region = ((await findTenant(tx, actor.tenantId))?.defaultPhoneRegion ?? 'CN') as CountryCode;
      const number = input.number ? normalisePhone(input.number, region) : undefined;
      if (number && !number.valid) throw fieldError('number', 'invalid_phone', 'That is not a phone number.');
      const dialled = number?.number ?? customer.phones.find((p) => p.valid)?.number;
      if (!dialled) throw fieldError('number', 'invalid_phone', 'The customer has no valid phone number to dial.');
      const user = await findUser(tx, actor.tenantId, actor.userId);
      const extension = user?.extension ?? null;
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        {
          entityType: 'call',
          entityId: newId(),
          action: 'dial_requested',
          payload: { number: dialled, extension, userId: actor.userId, customerId: customer.id, customerName: customer.name },
        },
        this.deps.clock.now(),
      );
      return { number: dialled, extension, event: 'call.dial_requested' as const };
    });
  }

  /** The agent a PBX names: a user's email, or their extension. */
  private async agentOf(tx: Tx, tenantId: string, agent: string): Promise<string | undefined> {
    const user = agent.includes('@') ? await findUserByEmail(tx, tenantId, agent) : await findUserByExtension(tx, tenantId, agent);
    return user?.status === 'active' ? user.id : undefined;
  }

  /**
   * What pops on the agent's screen: the customer's card as far as the agent may see it — tier,
   * owner, open tasks, last interactions — or, for an unknown number, the number to create or link.
   */
  private async screenPop(tx: Tx, call: repo.CallRow): Promise<NotificationDraft> {
    const base = { userId: call.agentUserId!, kind: 'screen_pop', entityType: 'cti_call', entityId: call.id };
    const calling = { callId: call.callId, number: call.customerNumber, direction: call.direction };
    const agent = await userActor(tx, call.tenantId, call.agentUserId!);
    const customer =
      agent && call.customerId ? await this.collaborators.customers.getRow(tx, agent, call.customerId).catch(() => undefined) : undefined;
    if (!customer) {
      // Unknown, or known but outside what the agent may see: either way the agent gets no details.
      return {
        ...base,
        title: call.customerId ? 'Call from a customer you cannot see' : 'Call from an unknown number',
        body: call.customerNumber,
        link: call.customerId ? null : `/customers/new?phone=${encodeURIComponent(call.customerNumber)}`,
        data: { ...calling, known: call.customerId !== null, customer: null },
      };
    }
    const [interactions, tasks] = await Promise.all([
      repo.listInteractions(tx, call.tenantId, { customerId: customer.id }, undefined, POP_INTERACTIONS),
      repo.listTasks(tx, call.tenantId, { statuses: ['open'], customerId: customer.id }, undefined, POP_TASKS),
    ]);
    const names = await namesByIds(
      tx,
      call.tenantId,
      [customer.ownerId, customer.branchId].filter((id): id is string => id !== null),
    );
    return {
      ...base,
      title: customer.name,
      body: call.customerNumber,
      link: `/customers/${customer.id}`,
      data: {
        ...calling,
        known: true,
        contactId: call.contactId,
        customer: {
          id: customer.id,
          code: customer.code,
          name: customer.name,
          tier: customer.tier,
          ownerName: customer.ownerId ? (names.get(customer.ownerId) ?? null) : null,
          branchName: customer.branchId ? (names.get(customer.branchId) ?? null) : null,
        },
        openTasks: tasks.slice(0, POP_TASKS).map((t) => ({ id: t.id, title: t.title, dueAt: t.dueAt?.toISOString() ?? null })),
        lastInteractions: interactions.slice(0, POP_INTERACTIONS).map((i) => ({
          id: i.id,
          channel: i.channel,
          occurredAt: i.occurredAt.toISOString(),
          subject: i.subject,
          summary: i.summary,
        })),
      },
    };
  }

  /**
   * A call that ended goes on the customer's timeline, as the agent's (once, whatever the PBX
   * repeats). The PBX logs every call it reports, whoever the customer belongs to: it acts for the
   * system here, under its own name in the audit log.
   */
  private async logCall(tx: Tx, pbx: Actor, call: repo.CallRow): Promise<string> {
    const answered = call.answeredAt !== null;
    const system = systemActor(call.tenantId, pbx.userId, Object.keys(PERMISSIONS), pbx.label);
    const { row } = await this.collaborators.interactions.createIn(
      tx,
      { ...system, tokenId: pbx.tokenId },
      {
        customerId: call.customerId!,
        contactIds: call.contactId ? [call.contactId] : [],
        channel: 'call',
        direction: call.direction,
        occurredAt: (call.ringingAt ?? call.answeredAt ?? call.endedAt!).toISOString(),
        durationSeconds: answered ? Math.round((call.endedAt!.getTime() - call.answeredAt!.getTime()) / 1000) : 0,
        outcome: answered ? null : 'missed',
        externalId: call.callId,
        ...(call.agentUserId && { userId: call.agentUserId }),
      },
    );
    return row.id;
  }

  /** Asks the agent for the call's summary, on the interaction just logged (or to file an unknown caller). */
  private callEnded(call: repo.CallRow): NotificationDraft {
    const duration = call.answeredAt && call.endedAt ? Math.round((call.endedAt.getTime() - call.answeredAt.getTime()) / 1000) : 0;
    return {
      userId: call.agentUserId!,
      kind: 'call_ended',
      title: `Call ended (${formatDuration(duration)}): add a summary`,
      body: call.customerNumber,
      link: call.customerId
        ? `/customers/${call.customerId}?interaction=${call.interactionId}`
        : `/customers/new?phone=${encodeURIComponent(call.customerNumber)}`,
      entityType: call.interactionId ? 'interaction' : 'cti_call',
      entityId: call.interactionId ?? call.id,
      data: {
        callId: call.callId,
        number: call.customerNumber,
        answered: call.answeredAt !== null,
        durationSeconds: duration,
        customerId: call.customerId,
        interactionId: call.interactionId,
      },
    };
  }
}
