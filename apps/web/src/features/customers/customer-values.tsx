import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Address, Customer, CustomField, CustomValue, Email, Phone, Tier } from '../../api/types';
import { PROFILE_KEYS } from '../../api/types';
import { useFormatPhone } from '../../components/use-format-phone';
import { currentLocale } from '../../i18n';
import { formatDateTime } from '../../i18n/format';

const ADDRESS_PARTS = ['country', 'province', 'city', 'district', 'street', 'postalCode'] as const;
type AddressPart = (typeof ADDRESS_PARTS)[number];

/** An address on one line: as the person wrote it, or else from its parts. */
export function addressLine(address: Address | null | undefined): string {
  if (!address) return '';
  if (address.entered) return address.entered;
  return [address.postalCode, address.province, address.city, address.district, address.street, address.country].filter(Boolean).join(' ');
}

/** The parts the server read from an address, labelled, so a person can see whether it understood. */
export function AddressParts({ address }: { address: Address | null | undefined }) {
  const { t } = useTranslation();
  if (!address) return null;
  const parts = ADDRESS_PARTS.filter((part) => address[part]);
  if (parts.length === 0) return null;
  return (
    <Flex gap={4} wrap data-testid="address-parts">
      {parts.map((part) => (
        <Tag key={part} variant="filled">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`customers.fields.${part}`)}
          </Typography.Text>{' '}
          {part === 'country' ? countryName(address.country!) : address[part]}
        </Tag>
      ))}
    </Flex>
  );
}

/** A country's name in the reader's language, from its ISO code. */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([currentLocale()], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Phone numbers as click-to-call links. They read in one format whoever typed them (national for
 * the organisation's own region, such as 021 6123 4567; international otherwise); the link dials
 * the normalised E.164 number. A number the server could not read stays as entered, without a link.
 */
export function PhoneLinks({ phones, vertical = false }: { phones: Phone[]; vertical?: boolean }) {
  const { t } = useTranslation();
  const formatPhone = useFormatPhone();
  if (phones.length === 0) return <>—</>;
  return (
    <Flex vertical={vertical} gap={vertical ? 2 : 8} wrap>
      {phones.map((phone, i) => (
        <span key={`${phone.number}:${i}`} style={{ whiteSpace: 'nowrap' }}>
          {phone.valid ? (
            <a href={`tel:${phone.number}`} title={phone.number}>
              {formatPhone(phone)}
            </a>
          ) : (
            <Typography.Text>{formatPhone(phone)}</Typography.Text>
          )}
          {vertical ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              {t(`customers.phoneLabels.${phone.label}`)}
            </Typography.Text>
          ) : null}
        </span>
      ))}
    </Flex>
  );
}

export function EmailLinks({ emails, vertical = false }: { emails: Email[]; vertical?: boolean }) {
  const { t } = useTranslation();
  if (emails.length === 0) return <>—</>;
  return (
    <Flex vertical={vertical} gap={vertical ? 2 : 8} wrap>
      {emails.map((email, i) => (
        <span key={`${email.address}:${i}`} style={{ wordBreak: 'break-all' }}>
          <a href={`mailto:${email.address}`}>{email.address}</a>
          {vertical ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              {t(`customers.emailLabels.${email.label}`)}
            </Typography.Text>
          ) : null}
        </span>
      ))}
    </Flex>
  );
}

/** The first of several values and how many more there are, so a list row stays one line. */
function FirstAndMore({ first, more }: { first: ReactNode; more: string[] }) {
  return (
    <Flex gap={6} align="center" style={{ whiteSpace: 'nowrap' }}>
      {first}
      {more.length ? (
        <Tooltip title={more.join(', ')}>
          <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
            +{more.length}
          </Tag>
        </Tooltip>
      ) : null}
    </Flex>
  );
}

/** A list cell's phones: the first as a link, the others in the tooltip of their count. */
function FirstPhoneAndMore({ phones }: { phones: Phone[] }) {
  const formatPhone = useFormatPhone();
  return <FirstAndMore first={<PhoneLinks phones={phones.slice(0, 1)} />} more={phones.slice(1).map(formatPhone)} />;
}

const TIER_COLORS: Record<Tier, string> = { key: 'gold', strategic: 'blue', general: 'default' };

export function TierTag({ tier }: { tier: Tier | null }) {
  const { t } = useTranslation();
  return tier ? <Tag color={TIER_COLORS[tier]}>{t(`customers.tiers.${tier}`)}</Tag> : null;
}

export function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) return <>—</>;
  return (
    <Flex gap={4} wrap>
      {tags.map((tag) => (
        <Tag key={tag}>{tag}</Tag>
      ))}
    </Flex>
  );
}

/** A website as a link, but only for http(s): a `javascript:` or other scheme stays inert text. */
export function WebsiteLink({ url }: { url: string | null }) {
  if (!url) return <>—</>;
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(url);
  if (hasScheme && !/^https?:\/\//i.test(url)) return <>{url}</>;
  return (
    <a href={hasScheme ? url : `https://${url}`} target="_blank" rel="noopener noreferrer">
      {url}
    </a>
  );
}

/** A custom field's value as people read it. */
export function customValueText(value: CustomValue | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  return typeof value === 'number' ? value.toLocaleString(currentLocale()) : value;
}

/** The key of a custom field in the field catalogue (`custom.<key>` or `cf.<key>`), or undefined. */
export function customKeyOf(fieldKey: string): string | undefined {
  const match = /^(?:custom|cf)\.(.+)$/.exec(fieldKey);
  return match?.[1];
}

/** Keys of the catalogue and the history that stand for the owner and the branch, shown by name. */
const FIELD_ALIASES: Record<string, string> = { ownerName: 'owner', ownerId: 'owner', branchName: 'branch', branchId: 'branch' };

/**
 * The label of a field of the catalogue, in the reader's language. Custom fields carry the label
 * their administrator gave them; external codes name their system.
 */
export function fieldLabel(t: TFunction, key: string, customFields: CustomField[] = [], catalogueLabel?: string): string {
  const customKey = customKeyOf(key);
  if (customKey) return catalogueLabel ?? customFields.find((f) => f.key === customKey)?.label ?? customKey;
  if (key.startsWith('profile.')) return t(`customers.profile.${key.slice('profile.'.length)}`, { defaultValue: key });
  if (key.startsWith('externalCodes.')) return `${t('customers.fields.externalCodes')} · ${key.slice('externalCodes.'.length)}`;
  return t(`customers.fields.${FIELD_ALIASES[key] ?? key}`, { defaultValue: catalogueLabel ?? key });
}

function externalCodesText(codes: Record<string, string>): string {
  const entries = Object.entries(codes);
  return entries.length ? entries.map(([system, code]) => `${system}: ${code}`).join(' · ') : '—';
}

const isAddressPart = (key: string): key is AddressPart => (ADDRESS_PARTS as readonly string[]).includes(key);
const isProfileKey = (key: string): key is (typeof PROFILE_KEYS)[number] => (PROFILE_KEYS as readonly string[]).includes(key);

const orDash = (value: string | null | undefined): ReactNode => (value ? value : '—');

/** One field of a customer as the list and the details show it; names and notes render as text. */
export function renderCustomerField(t: TFunction, key: string, customer: Customer): ReactNode {
  const customKey = customKeyOf(key);
  if (customKey) return customValueText(customer.custom[customKey]);
  if (key.startsWith('profile.')) {
    const profileKey = key.slice('profile.'.length);
    return isProfileKey(profileKey) ? orDash(customer.profile[profileKey]) : '—';
  }
  if (key.startsWith('externalCodes.')) return orDash(customer.externalCodes[key.slice('externalCodes.'.length)]);
  if (isAddressPart(key))
    return key === 'country' && customer.address?.country ? countryName(customer.address.country) : orDash(customer.address?.[key]);
  switch (FIELD_ALIASES[key] ?? key) {
    case 'kind':
      return t(`customers.kinds.${customer.kind}`);
    case 'tier':
      return customer.tier ? <TierTag tier={customer.tier} /> : '—';
    case 'purchaseClass':
      return customer.purchaseClass ? t(`customers.purchaseClasses.${customer.purchaseClass}`) : '—';
    case 'gender':
      return customer.gender ? t(`customers.genders.${customer.gender}`) : '—';
    case 'phones':
      return <FirstPhoneAndMore phones={customer.phones} />;
    case 'emails':
      return (
        <FirstAndMore first={<EmailLinks emails={customer.emails.slice(0, 1)} />} more={customer.emails.slice(1).map((e) => e.address)} />
      );
    case 'tags':
      return <TagList tags={customer.tags} />;
    case 'website':
      return <WebsiteLink url={customer.website} />;
    case 'address':
    case 'deliveryAddress':
    case 'invoiceAddress':
      return orDash(addressLine(customer[key as 'address' | 'deliveryAddress' | 'invoiceAddress']));
    case 'externalCodes':
      return externalCodesText(customer.externalCodes);
    case 'owner':
      return orDash(customer.ownerName);
    case 'branch':
      return orDash(customer.branchName);
    case 'createdAt':
    case 'updatedAt':
      return formatDateTime(customer[key as 'createdAt' | 'updatedAt']);
    default: {
      const value = (customer as unknown as Record<string, unknown>)[key];
      if (typeof value === 'string') return orDash(value);
      if (typeof value === 'number') return value.toLocaleString(currentLocale());
      return '—';
    }
  }
}
