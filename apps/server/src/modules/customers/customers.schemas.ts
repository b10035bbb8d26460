import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.js';
import { CUSTOM_FIELD_TYPES, CUSTOMER_KINDS, PROFILE_KEYS, PURCHASE_CLASSES, TIERS } from './customers.tables.js';

const text = (max = 200) => z.string().trim().max(max);
const optionalText = (max = 200) => text(max).nullable().optional();
const IsoDate = z.iso.date().openapi({ example: '1988-06-01' });

const PhoneLabel = z.enum(['mobile', 'work', 'home', 'fax', 'other']);
const EmailLabel = z.enum(['work', 'personal', 'other']);
export const PhoneInput = z.object({ label: PhoneLabel.optional(), number: text(60).min(1) });
export const EmailInput = z.object({ label: EmailLabel.optional(), address: text(254).min(1) });
export const Phone = z.object({ label: PhoneLabel, number: z.string(), entered: z.string(), valid: z.boolean() }).openapi('Phone');
export const Email = z.object({ label: EmailLabel, address: z.string(), entered: z.string(), valid: z.boolean() }).openapi('Email');

const addressParts = {
  country: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
};
export const Address = z.object({ entered: z.string().nullable(), ...addressParts }).openapi('Address');
/** One line as people write it (parsed into parts), or the parts themselves. */
export const AddressInput = z.union([
  text(500),
  z.object({
    entered: optionalText(500),
    country: optionalText(2),
    province: optionalText(60),
    city: optionalText(60),
    district: optionalText(60),
    street: optionalText(300),
    postalCode: optionalText(20),
  }),
]);

export const Profile = z.object(Object.fromEntries(PROFILE_KEYS.map((k) => [k, z.string().nullable()]))).openapi('CustomerProfile');
const ProfileInput = z.object(Object.fromEntries(PROFILE_KEYS.map((k) => [k, optionalText(2000)]))).strict();
const CustomValue = z.union([z.string(), z.number(), z.array(z.string()), z.null()]);

const Money = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^-?\d{1,16}(\.\d{1,2})?$/, 'A number with at most two decimals'))
  .openapi({ type: 'string', example: '50000.00' });

export const CustomerInput = z
  .object({
    kind: z.enum(CUSTOMER_KINDS),
    name: text(200).min(1),
    gender: z.enum(['male', 'female', 'other']).nullable().optional(),
    birthday: IsoDate.nullable().optional(),
    website: optionalText(300),
    phones: z.array(PhoneInput).max(20).optional(),
    emails: z.array(EmailInput).max(20).optional(),
    address: AddressInput.nullable().optional(),
    deliveryAddress: AddressInput.nullable().optional(),
    invoiceAddress: AddressInput.nullable().optional(),
    externalCodes: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,29}$/), text(100)).optional(),
    industry: optionalText(100),
    customerType: optionalText(100),
    source: optionalText(100),
    purchaseClass: z.enum(PURCHASE_CLASSES).nullable().optional(),
    tier: z.enum(TIERS).nullable().optional(),
    tags: z.array(text(50).min(1)).max(50).optional(),
    ownerId: z.uuid().nullable().optional(),
    branchId: z.uuid().nullable().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as CNY')
      .nullable()
      .optional(),
    paymentTerms: optionalText(200),
    discountTerms: optionalText(200),
    taxRule: optionalText(200),
    commissionCode: optionalText(50),
    quotationNotes: optionalText(2000),
    bankAccount: optionalText(100),
    creditLimit: Money.nullable().optional(),
    paymentRecord: optionalText(2000),
    profile: ProfileInput.optional(),
    custom: z.record(z.string(), CustomValue).optional(),
    notes: optionalText(5000),
  })
  .strict()
  .openapi('CustomerInput');
export type CustomerInput = z.infer<typeof CustomerInput>;
export const CustomerPatch = CustomerInput.partial().strict().openapi('CustomerPatch');
export type CustomerPatch = z.infer<typeof CustomerPatch>;

export const Customer = z
  .object({
    id: z.uuid(),
    code: z.string(),
    kind: z.enum(CUSTOMER_KINDS),
    name: z.string(),
    nameEntered: z.string(),
    gender: z.enum(['male', 'female', 'other']).nullable(),
    birthday: z.string().nullable(),
    website: z.string().nullable(),
    phones: z.array(Phone),
    emails: z.array(Email),
    address: Address.nullable(),
    deliveryAddress: Address.nullable(),
    invoiceAddress: Address.nullable(),
    externalCodes: z.record(z.string(), z.string()),
    industry: z.string().nullable(),
    customerType: z.string().nullable(),
    source: z.string().nullable(),
    purchaseClass: z.enum(PURCHASE_CLASSES).nullable(),
    tier: z.enum(TIERS).nullable(),
    tags: z.array(z.string()),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    branchId: z.uuid().nullable(),
    branchName: z.string().nullable(),
    currency: z.string().nullable(),
    paymentTerms: z.string().nullable(),
    discountTerms: z.string().nullable(),
    taxRule: z.string().nullable(),
    commissionCode: z.string().nullable(),
    quotationNotes: z.string().nullable(),
    bankAccount: z.string().nullable().optional().openapi({ description: 'Only with customers.sensitive' }),
    creditLimit: z.string().nullable().optional().openapi({ description: 'Only with customers.sensitive' }),
    paymentRecord: z.string().nullable().optional().openapi({ description: 'Only with customers.sensitive' }),
    profile: Profile,
    custom: z.record(z.string(), CustomValue),
    notes: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .openapi('Customer');

const csv = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );
const dateTime = z.iso.datetime({ offset: true }).or(IsoDate);

export const SORTS = ['name', '-name', 'code', '-code', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'tier', '-tier'] as const;
export type CustomerSort = (typeof SORTS)[number];

/** The list filters, shared by the list, bulk actions, export and saved views. */
export const CustomerFilter = z
  .object({
    q: z.string().max(200).optional(),
    kind: z.enum(CUSTOMER_KINDS).optional(),
    tier: csv.pipe(z.array(z.enum(TIERS))).optional(),
    purchaseClass: csv.pipe(z.array(z.enum(PURCHASE_CLASSES))).optional(),
    industry: z.string().max(100).optional(),
    customerType: z.string().max(100).optional(),
    source: z.string().max(100).optional(),
    country: z.string().max(2).optional(),
    province: z.string().max(60).optional(),
    city: z.string().max(60).optional(),
    ownerId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
    branchId: z.uuid().optional(),
    tag: csv.optional(),
    createdFrom: dateTime.optional(),
    createdTo: dateTime.optional(),
    updatedFrom: dateTime.optional(),
    updatedTo: dateTime.optional(),
  })
  .catchall(z.string().max(200))
  .openapi('CustomerFilter');
export type CustomerFilter = z.infer<typeof CustomerFilter>;

export const DuplicateReason = z.enum([
  'phone',
  'email',
  'external_code',
  'similar_name_same_city',
  'same_name_other_script',
  'same_name',
  'address',
]);
export type DuplicateReason = z.infer<typeof DuplicateReason>;
export const CustomerSummary = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(CUSTOMER_KINDS),
    phones: z.array(Phone),
    emails: z.array(Email),
    city: z.string().nullable(),
    ownerName: z.string().nullable(),
  })
  .openapi('CustomerSummary');
export const DuplicateCandidate = z
  .object({ customer: CustomerSummary, score: z.number(), reasons: z.array(DuplicateReason) })
  .openapi('DuplicateCandidate');
export const DuplicateCheckBody = CustomerPatch.extend({ excludeId: z.uuid().optional() }).openapi('DuplicateCheckBody');

export const HistoryEntry = z
  .object({
    id: z.uuid(),
    at: Timestamp,
    actorLabel: z.string().nullable(),
    action: z.string(),
    changes: z.record(z.string(), z.object({ old: z.unknown(), new: z.unknown() })),
    names: z.record(z.string(), z.string()).openapi({ description: 'Names of the users and units whose ids appear in changes' }),
  })
  .openapi('CustomerHistoryEntry');
export const Handover = z
  .object({
    id: z.uuid(),
    at: Timestamp,
    actorLabel: z.string(),
    fromOwnerName: z.string().nullable(),
    toOwnerName: z.string().nullable(),
    fromBranchName: z.string().nullable(),
    toBranchName: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .openapi('Handover');
export const HandoverBody = z
  .object({ ownerId: z.uuid().nullable().optional(), branchId: z.uuid().nullable().optional(), reason: optionalText(500) })
  .strict();

export const BULK_ACTIONS = ['assign', 'add_tags', 'remove_tags', 'set_tier', 'delete'] as const;
export const BulkBody = z
  .object({
    action: z.enum(BULK_ACTIONS),
    ids: z.array(z.uuid()).max(10_000).optional(),
    filter: z.record(z.string(), z.string()).optional().openapi({ description: 'The list query, as an object: all matching customers' }),
    ownerId: z.uuid().nullable().optional(),
    branchId: z.uuid().nullable().optional(),
    tags: z.array(text(50).min(1)).max(50).optional(),
    tier: z.enum(TIERS).nullable().optional(),
    reason: optionalText(500),
  })
  .strict()
  .openapi('CustomerBulkBody');
export type BulkBody = z.infer<typeof BulkBody>;

export const FieldInfo = z
  .object({
    key: z.string(),
    group: z.enum(['basic', 'addresses', 'finance', 'sales', 'classification', 'profile', 'custom']),
    type: z.string(),
    sensitive: z.boolean(),
    listable: z.boolean(),
    label: z.string().optional().openapi({ description: 'Custom fields only: the label the admin chose' }),
  })
  .openapi('CustomerFieldInfo');

// --- contacts ----------------------------------------------------------------------------------

const ContactRole = z.enum(['decision_maker', 'influencer', 'user', 'gatekeeper', 'champion', 'other']);
const Influence = z.enum(['high', 'medium', 'low']);
export const ContactInput = z
  .object({
    name: text(200).min(1),
    title: optionalText(100),
    role: ContactRole.nullable().optional(),
    influence: Influence.nullable().optional(),
    phones: z.array(PhoneInput).max(20).optional(),
    emails: z.array(EmailInput).max(20).optional(),
    isPrimary: z.boolean().optional(),
    birthday: IsoDate.nullable().optional(),
    notes: optionalText(5000),
  })
  .strict()
  .openapi('ContactInput');
export type ContactInput = z.infer<typeof ContactInput>;
export const ContactPatch = ContactInput.partial().strict().openapi('ContactPatch');
export const Contact = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    name: z.string(),
    title: z.string().nullable(),
    role: ContactRole.nullable(),
    influence: Influence.nullable(),
    phones: z.array(Phone),
    emails: z.array(Email),
    isPrimary: z.boolean(),
    birthday: z.string().nullable(),
    notes: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .openapi('Contact');

// --- custom fields and views -------------------------------------------------------------------

export const CustomFieldInput = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Lower-case letters, digits and _; starting with a letter'),
    label: text(100).min(1),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(text(100).min(1)).max(200).optional(),
    required: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
  .openapi('CustomFieldInput');
export type CustomFieldInput = z.infer<typeof CustomFieldInput>;
export const CustomFieldPatch = CustomFieldInput.omit({ key: true, type: true }).partial().strict().openapi('CustomFieldPatch');
export const CustomField = z
  .object({
    id: z.uuid(),
    key: z.string(),
    label: z.string(),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.string()),
    required: z.boolean(),
    position: z.number().int(),
    version: z.number().int(),
  })
  .openapi('CustomField');

const ViewDefinition = z.object({
  filters: z.record(z.string(), z.string().max(500)),
  sort: z.string().max(40).nullable(),
  columns: z.array(z.string().max(60)).max(100),
});
export const CustomerViewInput = z
  .object({ name: text(100).min(1), shared: z.boolean().optional(), definition: ViewDefinition })
  .strict()
  .openapi('CustomerViewInput');
export type CustomerViewInput = z.infer<typeof CustomerViewInput>;
export const CustomerViewPatch = CustomerViewInput.partial().strict().openapi('CustomerViewPatch');
export const CustomerView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    shared: z.boolean(),
    ownerId: z.uuid(),
    mine: z.boolean(),
    definition: ViewDefinition,
    version: z.number().int(),
  })
  .openapi('CustomerView');
