import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_FIELD_GROUPS, type CustomerFieldInfo, type CustomField } from '../../api/types';
import { fieldLabel } from './customer-values';

/** The column every list shows: the customer's name, which opens the customer. */
export const NAME_COLUMN = 'name';

/** The columns a list shows until the person chooses, as the field catalogue names them. */
const DEFAULT_COLUMNS = ['code', 'phones', 'city', 'tier', 'ownerName', 'branchName', 'tags', 'updatedAt'];

export function defaultColumns(catalogue: CustomerFieldInfo[]): string[] {
  // Before the catalogue arrives, the defaults will do.
  return catalogue.length ? DEFAULT_COLUMNS.filter((key) => catalogue.some((f) => f.key === key)) : DEFAULT_COLUMNS;
}

type ColumnChooserProps = {
  catalogue: CustomerFieldInfo[];
  customFields: CustomField[];
  columns: string[];
  onChange: (columns: string[] | null) => void;
};

/** Which columns the list shows (and the export writes), grouped as the customer form groups fields. */
export function ColumnChooser({ catalogue, customFields, columns, onChange }: ColumnChooserProps) {
  const { t } = useTranslation();
  const listable = catalogue.filter((f) => f.listable && f.key !== NAME_COLUMN);
  const chosen = new Set(columns);
  // Kept in catalogue order, so the table reads the same whatever order they were ticked in.
  const toggle = (key: string, on: boolean) => onChange(listable.map((f) => f.key).filter((k) => (k === key ? on : chosen.has(k))));

  const content = (
    <Flex vertical gap={12} style={{ maxHeight: '60vh', overflow: 'auto', minWidth: 220 }} data-testid="customers-columns-panel">
      {CUSTOMER_FIELD_GROUPS.map((group) => {
        const fields = listable.filter((f) => f.group === group);
        if (fields.length === 0) return null;
        return (
          <Flex key={group} vertical gap={4}>
            <Typography.Text type="secondary" strong style={{ fontSize: 12 }}>
              {t(`customers.groups.${group}`)}
            </Typography.Text>
            {fields.map((field) => (
              <Checkbox
                key={field.key}
                checked={chosen.has(field.key)}
                onChange={(e) => toggle(field.key, e.target.checked)}
                data-testid={`column-${field.key}`}
              >
                {fieldLabel(t, field.key, customFields, field.label)}
              </Checkbox>
            ))}
          </Flex>
        );
      })}
      <Button size="small" onClick={() => onChange(null)} data-testid="customers-columns-reset">
        {t('customers.columns.reset')}
      </Button>
    </Flex>
  );

  return (
    <Popover trigger="click" placement="bottomRight" content={content} title={t('customers.columns.title')}>
      <Button icon={<SettingOutlined />} data-testid="customers-columns">
        {t('customers.columns.button')}
      </Button>
    </Popover>
  );
}
