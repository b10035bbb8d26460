import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.js';
import { PageQuery } from '../../http/pagination.js';
import { TIERS } from '../customers/index.js';
import { CALL_EVENTS, CHANNELS, DIRECTIONS, RECURRENCE_UNITS, TASK_PRIORITIES, TASK_STATUSES } from './interactions.tables.js';

const text = (max = 200) => z.string().trim().max(max);
const optionalText = (max = 200) => text(max).nullable().optional();
const DateTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-23T09:30:00+08:00' });
const commaList = (description: string) => z.string().max(2000).optional().openapi({ description });

export const Channel = z.enum(CHANNELS).openapi('Channel');
export const Direction = z.enum(DIRECTIONS).openapi('Direction');

// --- interactions (INT-1) ------------------------------------------------------------------------

export const Location = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    accuracyMeters: z.number().min(0).max(100_000).nullable().optional(),
  })
  .openapi('Location');

export const FollowUpInput = z
  .object({
    title: text(200).min(1),
    dueAt: DateTime,
    ownerId: z.uuid().optional().openapi({ description: 'Default: whoever logs the interaction' }),
  })
  .strict()
  .openapi('FollowUpInput');

export const InteractionInput = z
  .object({
    customerId: z.uuid(),
    contactIds: z.array(z.uuid()).max(20).optional().openapi({ description: "The customer's contacts involved" }),
    channel: Channel,
    direction: Direction.nullable().optional(),
    occurredAt: DateTime.optional().openapi({ description: 'Default: now' }),
    durationSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .nullable()
      .optional(),
    subject: optionalText(200),
    summary: optionalText(20_000),
    outcome: optionalText(200),
    nextStep: optionalText(1000),
    location: Location.nullable().optional().openapi({ description: 'Where a visit was checked in (a phone’s position)' }),
    externalId: optionalText(200).openapi({
      description: 'The source system’s id (a mail Message-ID, a call id): logging the same one again answers the first',
    }),
    userId: z.uuid().optional().openapi({ description: 'Who had the contact; default the caller (integrations name the user)' }),
    followUp: FollowUpInput.optional().openapi({ description: 'Schedule a follow-up task with it' }),
    mentions: z
      .array(z.uuid())
      .max(20)
      .optional()
      .openapi({ description: 'Colleagues @mentioned in the summary: each one who may see the customer is notified' }),
  })
  .strict()
  .openapi('InteractionInput');
export type InteractionInput = z.infer<typeof InteractionInput>;
export const InteractionPatch = InteractionInput.omit({ customerId: true, externalId: true, userId: true, followUp: true, mentions: true })
  .partial()
  .strict()
  .openapi('InteractionPatch');
export type InteractionPatch = z.infer<typeof InteractionPatch>;

export const Interaction = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    contactIds: z.array(z.uuid()),
    channel: Channel,
    direction: Direction.nullable(),
    occurredAt: Timestamp,
    durationSeconds: z.number().int().nullable(),
    subject: z.string().nullable(),
    summary: z.string().nullable(),
    outcome: z.string().nullable(),
    nextStep: z.string().nullable(),
    location: Location.nullable(),
    externalId: z.string().nullable(),
    userId: z.uuid().nullable(),
    userName: z.string().nullable(),
    branchId: z.uuid().nullable(),
    branchName: z.string().nullable(),
    followUpTaskId: z.uuid().nullable().openapi({ description: 'The task scheduled with it, if any' }),
    mentions: z.array(z.uuid()).openapi({ description: 'Colleagues mentioned' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .openapi('Interaction');

export const InteractionListQuery = PageQuery.extend({
  customerId: z.uuid().optional(),
  channel: commaList('Comma-separated channels'),
  userId: z.uuid().optional(),
  branchId: z.uuid().optional(),
  from: DateTime.optional(),
  to: DateTime.optional(),
});
export type InteractionListQuery = z.infer<typeof InteractionListQuery>;

// --- the timeline (INT-2) ------------------------------------------------------------------------

export const TimelineEntry = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    kind: z.string().openapi({ description: 'What the entry is: interaction, task, customer, contact, merge, … (the source record type)' }),
    type: z.string().openapi({ description: 'The event behind it: interaction.created, customer.updated, …' }),
    entityId: z.uuid(),
    occurredAt: Timestamp,
    userId: z.uuid().nullable(),
    userName: z.string().nullable(),
    branchId: z.uuid().nullable(),
    branchName: z.string().nullable(),
    channel: z.string().nullable(),
    direction: z.string().nullable(),
    title: z.string().nullable(),
    summary: z.string().nullable(),
    contactIds: z.array(z.uuid()),
    data: z.record(z.string(), z.unknown()).openapi({ description: 'The source’s own details (changed fields, duration, status, …)' }),
  })
  .openapi('TimelineEntry');

export const TimelineQuery = PageQuery.extend({
  kind: commaList('Comma-separated kinds: interaction, task, customer, contact, merge, …'),
  channel: commaList('Comma-separated channels'),
  userId: z.uuid().optional(),
  branchId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  from: DateTime.optional(),
  to: DateTime.optional(),
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;

// --- tasks (INT-3) -------------------------------------------------------------------------------

export const Recurrence = z
  .object({ every: z.number().int().min(1).max(365), unit: z.enum(RECURRENCE_UNITS) })
  .strict()
  .openapi('Recurrence');

export const TaskInput = z
  .object({
    title: text(200).min(1),
    notes: optionalText(5000),
    customerId: z.uuid().nullable().optional(),
    ownerId: z.uuid().optional().openapi({ description: 'Default: the caller' }),
    dueAt: DateTime.nullable().optional(),
    priority: z.enum(TASK_PRIORITIES).optional(),
    remindAt: DateTime.nullable().optional().openapi({ description: 'When to remind the owner (in the app and by email)' }),
    recurrence: Recurrence.nullable().optional().openapi({ description: 'Completing it creates the next one' }),
  })
  .strict()
  .openapi('TaskInput');
export type TaskInput = z.infer<typeof TaskInput>;
export const TaskPatch = TaskInput.extend({
  status: z.enum(TASK_STATUSES),
  handoverReason: optionalText(500).openapi({
    description: 'Why the task goes to another owner (with ownerId): on the timeline and in their notification',
  }),
})
  .partial()
  .strict()
  .openapi('TaskPatch');
export type TaskPatch = z.infer<typeof TaskPatch>;

export const Task = z
  .object({
    id: z.uuid(),
    title: z.string(),
    notes: z.string().nullable(),
    customerId: z.uuid().nullable(),
    customerName: z.string().nullable(),
    ownerId: z.uuid(),
    ownerName: z.string().nullable(),
    dueAt: Timestamp.nullable(),
    priority: z.enum(TASK_PRIORITIES),
    status: z.enum(TASK_STATUSES),
    overdue: z.boolean(),
    remindAt: Timestamp.nullable(),
    recurrence: Recurrence.nullable(),
    source: z.string().nullable().openapi({ description: 'What made it: null (a person), interaction, follow_up_plan, …' }),
    completedAt: Timestamp.nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .openapi('Task');

export const TaskListQuery = PageQuery.extend({
  owner: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: '`me` (default), `team` (everyone the caller’s scope covers), or a user id' }),
  status: commaList('Comma-separated: open, done, cancelled (default open)'),
  due: z.enum(['overdue', 'today', 'week', 'none']).optional(),
  customerId: z.uuid().optional(),
  tz: z.string().max(60).optional().openapi({ description: 'IANA time zone for “today” and “week” (default the tenant’s)' }),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

// --- call centre (INT-4) -------------------------------------------------------------------------

export const CtiEventInput = z
  .object({
    event: z.enum(CALL_EVENTS),
    callId: text(200).min(1).openapi({ description: 'The PBX’s id of the call: every event of one call carries it' }),
    from: text(60).min(1).openapi({ example: '+86 138 0013 8000' }),
    to: text(60).min(1).optional(),
    direction: Direction.default('inbound'),
    agent: text(254).min(1).optional().openapi({ description: 'The agent: a user’s email or phone extension' }),
  })
  .strict()
  .openapi('CtiEvent');
export type CtiEventInput = z.infer<typeof CtiEventInput>;

export const CtiEventResult = z
  .object({
    callId: z.string(),
    state: z.enum(CALL_EVENTS),
    number: z.string().openapi({ description: 'The customer’s side of the call, normalised (E.164) when it is a valid number' }),
    customer: z
      .object({ id: z.uuid(), code: z.string(), name: z.string() })
      .nullable()
      .openapi({ description: 'The customer the number matched' }),
    contactId: z.uuid().nullable(),
    agentUserId: z.uuid().nullable(),
    interactionId: z.uuid().nullable().openapi({ description: 'The call on the timeline, once it ended' }),
  })
  .openapi('CtiEventResult');

// --- follow-up plans (定期回访) -----------------------------------------------------------------------

export const FollowUpPlan = z
  .object({
    tier: z.enum(TIERS),
    intervalDays: z.number().int().min(1).max(3650),
    active: z.boolean(),
    title: text(200)
      .min(1)
      .nullable()
      .optional()
      .openapi({ description: 'The planned task’s title; default one in the organisation’s language' }),
  })
  .strict()
  .openapi('FollowUpPlan');
export const FollowUpPlansBody = z
  .object({
    plans: z
      .array(FollowUpPlan)
      .max(TIERS.length)
      .refine((plans) => new Set(plans.map((p) => p.tier)).size === plans.length, 'One plan per tier'),
  })
  .strict()
  .openapi('FollowUpPlans');
export type FollowUpPlansBody = z.infer<typeof FollowUpPlansBody>;

// --- reports ---------------------------------------------------------------------------------------

export const ActivityQuery = z.object({
  from: DateTime,
  to: DateTime,
  groupBy: z.enum(['user', 'branch', 'channel', 'day']).default('user'),
  channel: commaList('Comma-separated channels'),
  userId: z.uuid().optional(),
  branchId: z.uuid().optional(),
});
export type ActivityQuery = z.infer<typeof ActivityQuery>;
export const ActivityRow = z
  .object({
    key: z.string().nullable().openapi({ description: 'The user, branch, channel or day (YYYY-MM-DD in the organisation’s time zone)' }),
    label: z.string().nullable().openapi({ description: 'The user’s or branch’s name' }),
    count: z.number().int(),
    durationSeconds: z.number().int(),
    inbound: z.number().int(),
    outbound: z.number().int(),
  })
  .openapi('ContactActivity');

export const NotContactedQuery = PageQuery.extend({
  tier: z.enum(TIERS),
  days: z.coerce.number().int().min(1).max(3650).optional().openapi({ description: 'Default: the tier’s follow-up plan interval' }),
});
export type NotContactedQuery = z.infer<typeof NotContactedQuery>;
export const NotContactedRow = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    tier: z.string().nullable(),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    lastContactAt: Timestamp.nullable().openapi({ description: 'Null: never contacted' }),
  })
  .openapi('NotContactedCustomer');

export const DialInput = z
  .object({
    customerId: z.uuid(),
    number: text(60).min(1).optional().openapi({ description: 'Default: the customer’s first valid phone' }),
  })
  .strict()
  .openapi('DialRequest');
export type DialInput = z.infer<typeof DialInput>;
export const DialResult = z
  .object({
    number: z.string().openapi({ description: 'E.164' }),
    extension: z.string().nullable().openapi({ description: 'The caller’s phone extension, for the PBX to ring first' }),
    event: z.literal('call.dial_requested'),
  })
  .openapi('DialResult');
