import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, DatePicker, Flex, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_KINDS, PURCHASE_CLASSES, TIERS, type CustomField } from '../../api/types';
import { FilterBar } from '../../components/filter-bar';
import { OrgUnitSelect } from '../admin/org-unit-select';
import { useIsMobile } from '../shell/use-is-mobile';
import { customFilterKey, joinList, splitList, type CustomerFilters } from './customer-list-state';
import { countryName } from './customer-values';
import { OwnerFilter } from './owner-filter';

/** The regions most customers here are in; the API takes any ISO code, so this is only a shortlist. */
const COUNTRY_CODES = ['CN', 'TW', 'HK', 'MO', 'SG', 'MY', 'JP', 'KR', 'US', 'CA', 'GB', 'DE', 'FR', 'AU'];

/** The filters folded away under "more filters"; counted on the button so none is forgotten. */
const MORE_FILTERS = [
  'purchaseClass',
  'industry',
  'customerType',
  'source',
  'country',
  'province',
  'city',
  'createdFrom',
  'createdTo',
  'updatedFrom',
  'updatedTo',
];

type PanelProps = {
  filters: CustomerFilters;
  setFilters: (changes: Record<string, string | undefined>) => void;
  customFields: CustomField[];
  onClear: () => void;
};

function DateRangeFilter(props: {
  from: string | undefined;
  to: string | undefined;
  onChange: (from: string | undefined, to: string | undefined) => void;
  label: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const value: [Dayjs | null, Dayjs | null] = [props.from ? dayjs(props.from) : null, props.to ? dayjs(props.to) : null];
  return (
    // The picker would copy a test id onto both of its inputs; the wrapper carries it once.
    <div data-testid={props.testId}>
      <DatePicker.RangePicker
        value={value}
        allowEmpty={[true, true]}
        placeholder={[t('customers.filters.rangeFrom', { field: props.label }), t('customers.filters.rangeTo')]}
        // Whole days in the reader's time zone: "to" includes the last day chosen.
        onChange={(range) => props.onChange(range?.[0]?.startOf('day').format(), range?.[1]?.endOf('day').format())}
        style={{ width: '100%' }}
      />
    </div>
  );
}

/** A filter on one custom field, by the field's type; multi-choice fields match customers holding the option. */
function CustomFieldFilter({
  field,
  value,
  onChange,
}: {
  field: CustomField;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
}) {
  const testId = `customers-filter-cf-${field.key}`;
  switch (field.type) {
    case 'choice':
    case 'multi_choice':
      return (
        <Select
          allowClear
          value={value}
          onChange={(v: string | undefined) => onChange(v)}
          placeholder={field.label}
          options={field.options.map((o) => ({ value: o, label: o }))}
          style={{ width: '100%' }}
          data-testid={testId}
        />
      );
    case 'number':
      return (
        <InputNumber
          value={value === undefined ? null : Number(value)}
          onChange={(v) => onChange(v === null ? undefined : String(v))}
          placeholder={field.label}
          style={{ width: '100%' }}
          data-testid={testId}
        />
      );
    case 'date':
      return (
        <DatePicker
          value={value ? dayjs(value) : null}
          onChange={(d: Dayjs | null) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
          placeholder={field.label}
          style={{ width: '100%' }}
          data-testid={testId}
        />
      );
    case 'text':
      return (
        <Input
          allowClear
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value || undefined)}
          placeholder={field.label}
          data-testid={testId}
        />
      );
  }
}

/**
 * The list's filters: the everyday ones in view, the rest one click away. Every change lands in
 * the URL at once; the list waits for a pause in typing before it asks the server.
 */
export function CustomerFilterPanel({ filters, setFilters, customFields, onClear }: PanelProps) {
  const { t } = useTranslation();
  const setFilter = (key: string, value: string | undefined) => setFilters({ [key]: value });
  const customKeys = customFields.map((f) => customFilterKey(f.key));
  const foldedCount = Object.keys(filters).filter((k) => MORE_FILTERS.includes(k) || customKeys.includes(k)).length;
  const mobile = useIsMobile();
  const [showMore, setShowMore] = useState(foldedCount > 0);
  const text = (key: string, placeholder: string) => (
    <Input
      key={key}
      allowClear
      value={filters[key] ?? ''}
      onChange={(e) => setFilter(key, e.target.value || undefined)}
      placeholder={placeholder}
      data-testid={`customers-filter-${key}`}
    />
  );
  const multi = (key: string, placeholder: string, options: { value: string; label: string }[]) => (
    <Select
      key={key}
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      value={splitList(filters[key])}
      onChange={(values: string[]) => setFilter(key, joinList(values))}
      placeholder={placeholder}
      options={options}
      style={{ width: '100%' }}
      data-testid={`customers-filter-${key}`}
    />
  );

  const quick = [
    <Select
      key="kind"
      allowClear
      value={filters.kind}
      onChange={(v: string | undefined) => setFilter('kind', v)}
      placeholder={t('customers.filters.kind')}
      options={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`customers.kinds.${k}`) }))}
      style={{ width: '100%' }}
      data-testid="customers-filter-kind"
    />,
    multi(
      'tier',
      t('customers.filters.tier'),
      TIERS.map((tier) => ({ value: tier, label: t(`customers.tiers.${tier}`) })),
    ),
    <OwnerFilter key="owner" value={filters.ownerId} onChange={(v) => setFilter('ownerId', v)} />,
    <OrgUnitSelect
      key="branch"
      value={filters.branchId ?? null}
      onChange={(v) => setFilter('branchId', v ?? undefined)}
      placeholder={t('customers.filters.branch')}
    />,
    <Select
      key="tag"
      mode="tags"
      allowClear
      maxTagCount="responsive"
      value={splitList(filters.tag)}
      onChange={(values: string[]) => setFilter('tag', joinList(values.map((v) => v.trim()).filter(Boolean)))}
      placeholder={t('customers.filters.tags')}
      tokenSeparators={[',', '，']}
      open={false}
      suffixIcon={null}
      style={{ width: '100%' }}
      data-testid="customers-filter-tag"
    />,
  ];
  const more = [
    multi(
      'purchaseClass',
      t('customers.filters.purchaseClass'),
      PURCHASE_CLASSES.map((c) => ({ value: c, label: t(`customers.purchaseClasses.${c}`) })),
    ),
    text('industry', t('customers.fields.industry')),
    text('customerType', t('customers.fields.customerType')),
    text('source', t('customers.fields.source')),
    <Select
      key="country"
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      value={filters.country}
      onChange={(v: string | undefined) => setFilter('country', v)}
      placeholder={t('customers.fields.country')}
      options={COUNTRY_CODES.map((code) => ({ value: code, label: `${countryName(code)} (${code})` }))}
      style={{ width: '100%' }}
      data-testid="customers-filter-country"
    />,
    text('province', t('customers.fields.province')),
    text('city', t('customers.fields.city')),
    ...customFields.map((field) => (
      <CustomFieldFilter
        key={field.id}
        field={field}
        value={filters[customFilterKey(field.key)]}
        onChange={(v) => setFilter(customFilterKey(field.key), v)}
      />
    )),
  ];

  // Date ranges need more room than the bar gives a filter, so they get a line of their own.
  const dateRanges = [
    <DateRangeFilter
      key="created"
      from={filters.createdFrom}
      to={filters.createdTo}
      label={t('customers.fields.createdAt')}
      testId="customers-filter-created"
      onChange={(createdFrom, createdTo) => setFilters({ createdFrom, createdTo })}
    />,
    <DateRangeFilter
      key="updated"
      from={filters.updatedFrom}
      to={filters.updatedTo}
      label={t('customers.fields.updatedAt')}
      testId="customers-filter-updated"
      onChange={(updatedFrom, updatedTo) => setFilters({ updatedFrom, updatedTo })}
    />,
  ];

  const anyFilter = Object.keys(filters).some((k) => k !== 'q');
  const toggle = (
    <Flex key="toggle" gap={8}>
      <Badge count={mobile ? Object.keys(filters).filter((k) => k !== 'q').length : foldedCount} size="small">
        <Button
          icon={<FilterOutlined />}
          onClick={() => setShowMore(!showMore)}
          aria-expanded={showMore}
          data-testid="customers-more-filters"
        >
          {mobile ? t('customers.filters.filters') : showMore ? t('customers.filters.fewer') : t('customers.filters.more')}
        </Button>
      </Badge>
      {anyFilter ? (
        <Button type="link" onClick={onClear} data-testid="customers-clear-filters">
          {t('customers.filters.clear')}
        </Button>
      ) : null}
    </Flex>
  );

  // On a phone the filters would push the list off the screen, so all of them fold away.
  if (mobile) {
    return (
      <>
        <div style={{ marginBottom: 12 }}>{toggle}</div>
        {showMore ? <FilterBar>{[...quick, ...more, ...dateRanges]}</FilterBar> : null}
      </>
    );
  }
  return (
    <>
      <FilterBar>{[...quick, toggle]}</FilterBar>
      {showMore ? (
        <>
          <FilterBar>{more}</FilterBar>
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            {dateRanges.map((range) => (
              <div key={range.key} style={{ width: 320 }}>
                {range}
              </div>
            ))}
          </Flex>
        </>
      ) : null}
    </>
  );
}
