import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../../api/types';

function Control({ field }: { field: CustomField }) {
  const testId = `custom-${field.key}`;
  const options = field.options.map((o) => ({ value: o, label: o }));
  switch (field.type) {
    case 'text':
      return <Input maxLength={2000} data-testid={testId} />;
    case 'number':
      return <InputNumber style={{ width: '100%' }} data-testid={testId} />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} data-testid={testId} />;
    case 'choice':
      return <Select allowClear options={options} data-testid={testId} />;
    case 'multi_choice':
      return <Select mode="multiple" allowClear options={options} data-testid={testId} />;
  }
}

/** One administrator-defined field in the customer form, with the control its type calls for. */
export function CustomFieldItem({ field }: { field: CustomField }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={['custom', field.key]}
      label={field.label}
      rules={
        field.required
          ? [
              {
                required: true,
                type: field.type === 'multi_choice' ? 'array' : undefined,
                whitespace: true,
                message: t('validation.required'),
              },
            ]
          : undefined
      }
    >
      <Control field={field} />
    </Form.Item>
  );
}
