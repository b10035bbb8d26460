import { type SQLWrapper, sql } from 'drizzle-orm';
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { deletedAt, id, tenantId, timestamps, tstz, version } from '../../db/columns.js';
import { orgUnits, tenants, users } from '../identity/identity.tables.js';

export type PhoneLabel = 'mobile' | 'work' | 'home' | 'fax' | 'other';
export type EmailLabel = 'work' | 'personal' | 'other';
/** A phone as stored: `number` is E.164 when it could be parsed, `entered` is what the user typed. */
export type StoredPhone = { label: PhoneLabel; number: string; entered: string; valid: boolean };
export type StoredEmail = { label: EmailLabel; address: string; entered: string; valid: boolean };
export type StoredAddress = {
  entered: string | null;
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
export type Profile = Partial<Record<ProfileKey, string | null>>;
export type CustomValue = string | number | string[] | null;

export const CUSTOMER_KINDS = ['organisation', 'person'] as const;
export const TIERS = ['key', 'strategic', 'general'] as const;
export const PURCHASE_CLASSES = ['prospect', 'regular', 'lapsed'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export type Tier = (typeof TIERS)[number];
export type PurchaseClass = (typeof PURCHASE_CLASSES)[number];

/**
 * Where a customer is, for matching (CUST-5): its city and street, lower case, without spaces and
 * punctuation, so that 深南大道1号 腾讯大厦 and 深南大道1号腾讯大厦 meet. Null without a city, and for a
 * street without a number, which names an area (科技园南区) rather than a building. An SQL expression,
 * so that the scan groups by it, the check on saving probes its index, and both read it the same way.
 */
export const addressKey = (city: SQLWrapper, street: SQLWrapper) =>
  sql`(case when (${street}) ~ '[0-9]' then lower(${city}) || '|' || lower(regexp_replace(${street}, '[[:space:][:punct:]]+', '', 'g')) end)`;

/**
 * The customer master file (CUST-2, CUST-3). The `*_key`, `pinyin`, `initials`, `phone_numbers`,
 * `email_addresses`, `external_keys` and `search_text` columns are derived from what users enter,
 * by the normalisation rules, and exist for matching and search only.
 */
export const customers = pgTable(
  'customers',
  {
    tenantId: tenantId(),
    id: id(),
    code: text('code').notNull(),
    kind: text('kind').notNull().$type<CustomerKind>(),
    name: text('name').notNull(),
    nameEntered: text('name_entered').notNull(),
    nameKey: text('name_key').notNull(),
    namePinyin: text('name_pinyin').notNull().default(''),
    nameInitials: text('name_initials').notNull().default(''),
    gender: text('gender').$type<'male' | 'female' | 'other'>(),
    birthday: date('birthday', { mode: 'string' }),
    website: text('website'),
    phones: jsonb('phones').$type<StoredPhone[]>().notNull().default([]),
    emails: jsonb('emails').$type<StoredEmail[]>().notNull().default([]),
    phoneNumbers: text('phone_numbers')
      .array()
      .notNull()
      .default(sql`'{}'`),
    emailAddresses: text('email_addresses')
      .array()
      .notNull()
      .default(sql`'{}'`),
    address: jsonb('address').$type<StoredAddress>(),
    deliveryAddress: jsonb('delivery_address').$type<StoredAddress>(),
    invoiceAddress: jsonb('invoice_address').$type<StoredAddress>(),
    country: text('country'),
    province: text('province'),
    city: text('city'),
    externalCodes: jsonb('external_codes').$type<Record<string, string>>().notNull().default({}),
    externalKeys: text('external_keys')
      .array()
      .notNull()
      .default(sql`'{}'`),
    industry: text('industry'),
    customerType: text('customer_type'),
    source: text('source'),
    purchaseClass: text('purchase_class').$type<PurchaseClass>(),
    tier: text('tier').$type<Tier>(),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'`),
    ownerId: uuid('owner_id'),
    branchId: uuid('branch_id'),
    currency: text('currency'),
    paymentTerms: text('payment_terms'),
    discountTerms: text('discount_terms'),
    taxRule: text('tax_rule'),
    commissionCode: text('commission_code'),
    quotationNotes: text('quotation_notes'),
    bankAccount: text('bank_account'),
    creditLimit: numeric('credit_limit', { precision: 18, scale: 2 }),
    paymentRecord: text('payment_record'),
    profile: jsonb('profile').$type<Profile>().notNull().default({}),
    custom: jsonb('custom').$type<Record<string, CustomValue>>().notNull().default({}),
    notes: text('notes'),
    searchText: text('search_text').notNull(),
    /** The last 3 to 8 digits of each phone number: "find by the last digits" in one exact index probe. */
    phoneTails: text('phone_tails')
      .array()
      .notNull()
      .default(sql`'{}'`),
    /** Set on the records a merge folded into a survivor; they stay (hidden) so the merge can be undone. */
    mergedInto: uuid('merged_into'),
    /** The import that created the row, so that a re-run after a crash finds what it already wrote. */
    importId: uuid('import_id'),
    createdBy: uuid('created_by'),
    ...timestamps(),
    version: version(),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.branchId], foreignColumns: [orgUnits.tenantId, orgUnits.id] }),
    uniqueIndex('customers_code_uq').on(t.tenantId, t.code),
    index('customers_name_key_idx').on(t.tenantId, sql`${t.nameKey} text_pattern_ops`),
    // Lists sorted by name walk this one; the pattern_ops index above serves prefix search only.
    index('customers_name_order_idx').on(t.tenantId, t.nameKey, t.id),
    index('customers_initials_idx').on(t.tenantId, sql`${t.nameInitials} text_pattern_ops`),
    index('customers_pinyin_idx').on(t.tenantId, sql`${t.namePinyin} text_pattern_ops`),
    index('customers_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    // Matching reads these right after the rows are written (imports): no pending list to scan first.
    index('customers_phone_tails_idx').using('gin', t.phoneTails),
    index('customers_phones_idx').using('gin', t.phoneNumbers).with({ fastupdate: false }),
    index('customers_emails_idx').using('gin', t.emailAddresses).with({ fastupdate: false }),
    index('customers_external_idx').using('gin', t.externalKeys).with({ fastupdate: false }),
    index('customers_tags_idx').using('gin', t.tags),
    index('customers_custom_idx').using('gin', sql`${t.custom} jsonb_path_ops`),
    index('customers_owner_idx').on(t.tenantId, t.ownerId, t.id),
    index('customers_branch_idx').on(t.tenantId, t.branchId, t.id),
    index('customers_updated_idx').on(t.tenantId, t.updatedAt, t.id),
    index('customers_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('customers_tier_idx').on(t.tenantId, t.tier, t.id),
    index('customers_region_idx').on(t.tenantId, t.province, t.city),
    index('customers_address_key_idx').on(t.tenantId, addressKey(t.city, sql`${t.address} ->> 'street'`)),
  ],
);

/** People at a customer (CUST-2): for organisations their contacts, with role and influence. */
export const contacts = pgTable(
  'contacts',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    namePinyin: text('name_pinyin').notNull().default(''),
    title: text('title'),
    role: text('role').$type<'decision_maker' | 'influencer' | 'user' | 'gatekeeper' | 'champion' | 'other'>(),
    influence: text('influence').$type<'high' | 'medium' | 'low'>(),
    phones: jsonb('phones').$type<StoredPhone[]>().notNull().default([]),
    emails: jsonb('emails').$type<StoredEmail[]>().notNull().default([]),
    phoneNumbers: text('phone_numbers')
      .array()
      .notNull()
      .default(sql`'{}'`),
    emailAddresses: text('email_addresses')
      .array()
      .notNull()
      .default(sql`'{}'`),
    isPrimary: boolean('is_primary').notNull().default(false),
    birthday: date('birthday', { mode: 'string' }),
    notes: text('notes'),
    ...timestamps(),
    version: version(),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }).onDelete('cascade'),
    index('contacts_customer_idx').on(t.tenantId, t.customerId),
    index('contacts_phones_idx').using('gin', t.phoneNumbers),
  ],
);

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'choice', 'multi_choice'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** Fields an admin adds to customers (stored in `customers.custom` under `key`). */
export const customFields = pgTable(
  'custom_fields',
  {
    tenantId: tenantId(),
    id: id(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type').notNull().$type<CustomFieldType>(),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull().default(0),
    ...timestamps(),
    version: version(),
    deletedAt: deletedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex('custom_fields_key_uq').on(t.tenantId, t.key),
  ],
);

/** Who owned a customer before whom (CUST-8 hand-over history). */
export const customerHandovers = pgTable(
  'customer_handovers',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    fromOwnerId: uuid('from_owner_id'),
    toOwnerId: uuid('to_owner_id'),
    fromBranchId: uuid('from_branch_id'),
    toBranchId: uuid('to_branch_id'),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    at: tstz('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }).onDelete('cascade'),
    index('customer_handovers_customer_idx').on(t.tenantId, t.customerId, t.at),
  ],
);

export type ViewDefinition = { filters: Record<string, string>; sort: string | null; columns: string[] };

/** Named list views: filters, sort and columns, private to their owner or shared with the tenant. */
export const customerViews = pgTable(
  'customer_views',
  {
    tenantId: tenantId(),
    id: id(),
    ownerId: uuid('owner_id').notNull(),
    name: text('name').notNull(),
    shared: boolean('shared').notNull().default(false),
    definition: jsonb('definition').$type<ViewDefinition>().notNull(),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);

/** Candidate groups of the last duplicate scan (CUST-5); a group is dismissed or merged, or replaced by the next scan. */
export const duplicateGroups = pgTable(
  'duplicate_groups',
  {
    tenantId: tenantId(),
    id: id(),
    customerIds: uuid('customer_ids').array().notNull(),
    score: real('score').notNull(),
    reasons: text('reasons').array().notNull(),
    status: text('status').notNull().$type<'open' | 'dismissed' | 'merged'>().default('open'),
    /** The scan cut this group down to its size limit: more customers are linked to it than it lists. */
    capped: boolean('capped').notNull().default(false),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index('duplicate_groups_score_idx').on(t.tenantId, t.status, t.score, t.id),
  ],
);

/** A block of customers sharing one value (a switchboard number on 500 records) that the scan reported instead of grouping. */
export type SkippedBlock = { reason: string; value: string; size: number };

/** One run of the duplicate scan: its progress while it runs, and what it found. */
export const duplicateScans = pgTable(
  'duplicate_scans',
  {
    tenantId: tenantId(),
    id: id(),
    status: text('status').notNull().$type<'running' | 'done' | 'failed'>(),
    /** The customers the scan covers: those the user who started it may merge (owners and units, or all). */
    scope: jsonb('scope').$type<{ all: true } | { all: false; ownerIds: string[]; unitIds: string[] }>().notNull(),
    minScore: integer('min_score').notNull().default(0),
    progress: real('progress').notNull().default(0),
    customers: integer('customers').notNull().default(0),
    groups: integer('groups').notNull().default(0),
    skippedBlocks: jsonb('skipped_blocks').$type<SkippedBlock[]>().notNull().default([]),
    error: text('error'),
    createdBy: uuid('created_by'),
    startedAt: tstz('started_at').notNull(),
    /** Moved on as the scan progresses; a running scan that stopped moving died with its process. */
    heartbeatAt: tstz('heartbeat_at').notNull(),
    finishedAt: tstz('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index('duplicate_scans_started_idx').on(t.tenantId, t.startedAt),
  ],
);

/** What a merge changed, kept whole so that it can be undone. */
export const customerMerges = pgTable(
  'customer_merges',
  {
    tenantId: tenantId(),
    id: id(),
    survivorId: uuid('survivor_id').notNull(),
    mergedIds: uuid('merged_ids').array().notNull(),
    /** The survivor's fields before the merge, for undo. */
    survivorBefore: jsonb('survivor_before').$type<Record<string, unknown>>().notNull(),
    /** Per merge hook, what it moved (ids), so that undo moves the same records back. */
    moved: jsonb('moved').$type<Record<string, Record<string, string[]>>>().notNull(),
    /** The open duplicate groups this merge closed, so that undo reopens exactly those. */
    closedGroupIds: uuid('closed_group_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    at: tstz('at').notNull(),
    undoneAt: tstz('undone_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // Purging a survivor from the recycle bin purges its merges (and the records merged into it) too.
    foreignKey({ columns: [t.tenantId, t.survivorId], foreignColumns: [customers.tenantId, customers.id] }).onDelete('cascade'),
    index('customer_merges_survivor_idx').on(t.tenantId, t.survivorId),
  ],
);

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export type MatchRule = 'code' | 'external_code' | 'phone' | 'email';
export type ImportMode = 'create_and_update' | 'create_only' | 'update_only';

/**
 * An import of a file (CUST-6). Rows are committed in batches; `committed_row` is the last file row
 * of the last committed batch, written in that batch's transaction, so a restart resumes after it.
 */
export const customerImports = pgTable(
  'customer_imports',
  {
    tenantId: tenantId(),
    id: id(),
    fileName: text('file_name').notNull(),
    filePath: text('file_path').notNull(),
    fileSize: integer('file_size').notNull(),
    format: text('format').notNull().$type<'csv' | 'xlsx'>(),
    encoding: text('encoding'),
    detectedEncoding: text('detected_encoding'),
    headers: jsonb('headers').$type<string[]>().notNull().default([]),
    mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull().default({}),
    matchBy: jsonb('match_by').$type<MatchRule[]>().notNull().default(['code', 'external_code', 'phone', 'email']),
    mode: text('mode').notNull().$type<ImportMode>().default('create_and_update'),
    dryRun: boolean('dry_run').notNull().default(false),
    status: text('status').notNull().$type<ImportStatus>().default('uploaded'),
    totalRows: integer('total_rows'),
    committedRow: integer('committed_row').notNull().default(1),
    processedRows: integer('processed_rows').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    error: text('error'),
    createdBy: uuid('created_by').notNull(),
    startedAt: tstz('started_at'),
    finishedAt: tstz('finished_at'),
    ...timestamps(),
    version: version(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] })],
);

/** Rows an import refused, with the reason: the downloadable error report. */
export const customerImportErrors = pgTable(
  'customer_import_errors',
  {
    tenantId: tenantId(),
    importId: uuid('import_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    seq: integer('seq').notNull(),
    column: text('column'),
    value: text('value'),
    reason: text('reason').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.importId, t.rowNumber, t.seq] }),
    foreignKey({ columns: [t.tenantId, t.importId], foreignColumns: [customerImports.tenantId, customerImports.id] }).onDelete('cascade'),
  ],
);

/** Column mappings saved by name, offered again for files with the same headers. */
export const importMappings = pgTable(
  'import_mappings',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    headers: jsonb('headers').$type<string[]>().notNull(),
    mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull(),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex('import_mappings_name_uq').on(t.tenantId, t.name),
  ],
);
