/** The shapes the server answers, as its API contract describes them. */

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const SCOPES = ['own', 'team', 'branch', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export type Tenant = {
  id: string;
  name: string;
  slug: string;
  defaultLocale: string;
  allowPrivateWebhookUrls: boolean;
  defaultPhoneRegion: string;
  version: number;
};

export type Me = {
  id: string;
  email: string;
  name: string;
  locale: string | null;
  status: string;
  orgUnitId: string | null;
  managerId: string | null;
  mfaEnabled: boolean;
  version: number;
  tenant: Pick<Tenant, 'id' | 'name' | 'slug' | 'defaultLocale' | 'defaultPhoneRegion'>;
  roles: { id: string; key: string | null; name: string }[];
  permissions: Record<string, Scope>;
};

/** Sign-in answers with the user, or with the second-factor step that must come first. */
export type LoginAnswer = { user?: Me; mfaRequired?: boolean; mfaSetupRequired?: boolean };

export type Session = {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
};

export type UserStatus = 'active' | 'disabled';

export type User = {
  id: string;
  email: string;
  name: string;
  status: UserStatus;
  locale: string | null;
  orgUnitId: string | null;
  managerId: string | null;
  phone: string | null;
  extension: string | null;
  mfaEnabled: boolean;
  roleIds: string[];
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export type PermissionInfo = {
  permission: string;
  module: string;
  action: string;
  scoped: boolean;
  sensitive: boolean;
};

export type Grant = { permission: string; scope: Scope };

export type Role = {
  id: string;
  key: string | null;
  name: string;
  description: string | null;
  permissions: Grant[];
  requireMfa: boolean;
  builtin: boolean;
  version: number;
};

export const ORG_UNIT_KINDS = ['company', 'branch', 'outlet', 'department', 'team'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

export type OrgUnit = {
  id: string;
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  code: string | null;
  managerId: string | null;
  version: number;
};

export type ApiToken = {
  id: string;
  name: string;
  roleId: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type Webhook = {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
  version: number;
};

export type WebhookDelivery = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
};

export type AuditEntry = {
  id: string;
  at: string;
  actorUserId: string | null;
  actorLabel: string | null;
  entityType: string;
  entityId: string;
  action: string;
  changes: Record<string, { old: unknown; new: unknown }> | null;
};

export type TrashItem = { entityType: string; id: string; label: string; deletedAt: string };

/** `phone` is the record's first phone as stored, for the UI to format as it formats phones elsewhere. */
export type SearchHit = {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  phone?: Pick<Phone, 'number' | 'entered' | 'valid'>;
  url: string;
};

export type Health = { status: string; database: 'pglite' | 'postgres'; version: string };

// --- customers (SPEC §1) -------------------------------------------------------------------------

export const CUSTOMER_KINDS = ['organisation', 'person'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export const TIERS = ['key', 'strategic', 'general'] as const;
export type Tier = (typeof TIERS)[number];

export const PURCHASE_CLASSES = ['prospect', 'regular', 'lapsed'] as const;
export type PurchaseClass = (typeof PURCHASE_CLASSES)[number];

export const GENDERS = ['male', 'female', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

export const PHONE_LABELS = ['mobile', 'work', 'home', 'fax', 'other'] as const;
export type PhoneLabel = (typeof PHONE_LABELS)[number];

export const EMAIL_LABELS = ['work', 'personal', 'other'] as const;
export type EmailLabel = (typeof EMAIL_LABELS)[number];

/** `number` is E.164 when the number is valid; `entered` is what the person typed. */
export type Phone = { label: PhoneLabel; number: string; entered: string; valid: boolean };
export type Email = { label: EmailLabel; address: string; entered: string; valid: boolean };

/** An address as entered, and the parts the server could read from it. */
export type Address = {
  entered: string | null;
  /** ISO 3166-1 alpha-2, e.g. CN, TW, HK. */
  country: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  street: string | null;
  postalCode: string | null;
};

export const PROFILE_KEYS = [
  'ageBand',
  'incomeBand',
  'household',
  'occupation',
  'education',
  'lifestyle',
  'preferences',
  'opinions',
  'attitude',
  'contractNotes',
  'competitors',
  'needs',
  'potential',
  'relationshipNotes',
] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];
export type Profile = Record<ProfileKey, string | null>;

export type CustomValue = string | number | string[] | null;

export type Customer = {
  id: string;
  /** The code people use, e.g. C000123. */
  code: string;
  kind: CustomerKind;
  name: string;
  nameEntered: string;
  gender: Gender | null;
  birthday: string | null;
  website: string | null;
  phones: Phone[];
  emails: Email[];
  address: Address | null;
  deliveryAddress: Address | null;
  invoiceAddress: Address | null;
  /** The customer's codes in other systems, e.g. { erp: 'K-1002' }. */
  externalCodes: Record<string, string>;
  industry: string | null;
  customerType: string | null;
  source: string | null;
  purchaseClass: PurchaseClass | null;
  tier: Tier | null;
  tags: string[];
  ownerId: string | null;
  ownerName: string | null;
  branchId: string | null;
  branchName: string | null;
  currency: string | null;
  paymentTerms: string | null;
  discountTerms: string | null;
  taxRule: string | null;
  commissionCode: string | null;
  quotationNotes: string | null;
  /** The sensitive fields are absent unless the reader holds customers.sensitive. */
  bankAccount?: string | null;
  /** A decimal string such as "50000.00". */
  creditLimit?: string | null;
  paymentRecord?: string | null;
  profile: Profile;
  custom: Record<string, CustomValue>;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export const DUPLICATE_REASONS = [
  'phone',
  'email',
  'external_code',
  'similar_name_same_city',
  'same_name_other_script',
  'same_name',
  'address',
] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export type CustomerSummary = Pick<Customer, 'id' | 'code' | 'name' | 'kind' | 'phones' | 'emails' | 'ownerName'> & { city: string | null };

export type DuplicateCandidate = { customer: CustomerSummary; score: number; reasons: DuplicateReason[] };

export type CustomerChange = {
  id: string;
  at: string;
  actorLabel: string | null;
  action: string;
  changes: Record<string, { old: unknown; new: unknown }>;
  /** Names of the users and units whose ids appear in `changes`. */
  names: Record<string, string>;
};

export type Handover = {
  id: string;
  at: string;
  actorLabel: string;
  fromOwnerName: string | null;
  toOwnerName: string | null;
  fromBranchName: string | null;
  toBranchName: string | null;
  reason: string | null;
};

export const CONTACT_ROLES = ['decision_maker', 'influencer', 'user', 'gatekeeper', 'champion', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const INFLUENCE_LEVELS = ['high', 'medium', 'low'] as const;
export type Influence = (typeof INFLUENCE_LEVELS)[number];

/** A person at an organisation customer. */
export type Contact = {
  id: string;
  customerId: string;
  name: string;
  title: string | null;
  role: ContactRole | null;
  influence: Influence | null;
  phones: Phone[];
  emails: Email[];
  isPrimary: boolean;
  birthday: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'choice', 'multi_choice'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** A field an administrator added to customers. */
export type CustomField = {
  id: string;
  /** a-z, 0-9 and _; the name in the API, imports and exports. */
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  position: number;
  version: number;
};

export const CUSTOMER_FIELD_GROUPS = ['basic', 'addresses', 'finance', 'sales', 'classification', 'profile', 'custom'] as const;
export type CustomerFieldGroup = (typeof CUSTOMER_FIELD_GROUPS)[number];

/** One entry of the customer field catalogue: list columns, export columns and import targets. */
export type CustomerFieldInfo = {
  key: string;
  group: CustomerFieldGroup;
  type: string;
  sensitive: boolean;
  listable: boolean;
  /** Custom fields only: the label the administrator chose. */
  label?: string;
};

/** A saved list: its filters (as list query parameters), sort and columns. */
export type CustomerView = {
  id: string;
  name: string;
  shared: boolean;
  ownerId: string;
  mine: boolean;
  definition: { filters: Record<string, string>; sort: string | null; columns: string[] };
  version: number;
};

// --- interactions, the timeline and tasks (SPEC §2) ----------------------------------------------

export const CHANNELS = ['call', 'email', 'meeting', 'visit', 'web_form', 'chat', 'social', 'sms', 'letter', 'note'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const RECURRENCE_UNITS = ['day', 'week', 'month', 'year'] as const;
export type RecurrenceUnit = (typeof RECURRENCE_UNITS)[number];
export type Recurrence = { every: number; unit: RecurrenceUnit };

export type GeoLocation = { latitude: number; longitude: number; accuracyMeters?: number | null };

/** A contact point with a customer (INT-1): a call, a mail, a visit… */
export type Interaction = {
  id: string;
  customerId: string;
  contactIds: string[];
  channel: Channel;
  direction: Direction | null;
  occurredAt: string;
  durationSeconds: number | null;
  subject: string | null;
  summary: string | null;
  outcome: string | null;
  nextStep: string | null;
  location: GeoLocation | null;
  externalId: string | null;
  userId: string | null;
  userName: string | null;
  branchId: string | null;
  branchName: string | null;
  /** The task scheduled with it, if any. */
  followUpTaskId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

/** What POST /interactions takes; `followUp` schedules a task with it. */
export type InteractionInput = {
  customerId: string;
  contactIds?: string[];
  channel: Channel;
  direction?: Direction | null;
  occurredAt?: string;
  durationSeconds?: number | null;
  subject?: string | null;
  summary?: string | null;
  outcome?: string | null;
  nextStep?: string | null;
  location?: GeoLocation | null;
  followUp?: { title: string; dueAt: string; ownerId?: string };
};

/** What PATCH /interactions/{id} takes. */
export type InteractionPatch = Partial<Omit<InteractionInput, 'customerId' | 'followUp'>>;

/**
 * One thing on a customer's timeline (INT-2). `kind` names the source (interaction, task, customer,
 * contact, and later order, ticket, campaign…), `type` the event behind it (`customer.updated`);
 * `data` holds the source's own details, such as `changes` ({field: {old, new}}) of an update.
 */
export type TimelineEntry = {
  id: string;
  customerId: string;
  kind: string;
  type: string;
  entityId: string;
  occurredAt: string;
  userId: string | null;
  userName: string | null;
  branchId: string | null;
  branchName: string | null;
  channel: string | null;
  direction: string | null;
  title: string | null;
  summary: string | null;
  contactIds: string[];
  data: Record<string, unknown>;
};

/** A task or follow-up reminder (INT-3). */
export type Task = {
  id: string;
  title: string;
  notes: string | null;
  customerId: string | null;
  customerName: string | null;
  ownerId: string;
  ownerName: string | null;
  dueAt: string | null;
  priority: TaskPriority;
  status: TaskStatus;
  /** Open and past its due time, as the server sees it. */
  overdue: boolean;
  remindAt: string | null;
  recurrence: Recurrence | null;
  /** What made it: null (a person), interaction, follow_up_plan… */
  source: string | null;
  completedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export type TaskInput = {
  title: string;
  notes?: string | null;
  customerId?: string | null;
  ownerId?: string;
  dueAt?: string | null;
  priority?: TaskPriority;
  remindAt?: string | null;
  recurrence?: Recurrence | null;
};

export type TaskPatch = Partial<TaskInput> & { status?: TaskStatus };

/** POST /tasks/{id}/complete: the task done, and the next occurrence of a recurring one. */
export type TaskCompletion = { task: Task; next: Task | null };
