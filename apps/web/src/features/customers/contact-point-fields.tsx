import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { EMAIL_LABELS, PHONE_LABELS, type Email, type EmailLabel, type Phone, type PhoneLabel } from '../../api/types';

export type PhoneRow = { label?: PhoneLabel; number?: string };
export type EmailRow = { label?: EmailLabel; address?: string };

/** Phones as the form edits them: what the person typed, so a correction starts from their text. */
export const phoneRows = (phones: Phone[]): PhoneRow[] => phones.map((p) => ({ label: p.label, number: p.entered || p.number }));
export const emailRows = (emails: Email[]): EmailRow[] => emails.map((e) => ({ label: e.label, address: e.entered || e.address }));

/** The rows with something in them, as the API takes them. */
export function phonesInput(rows: PhoneRow[] | undefined) {
  return (rows ?? []).filter((r) => r.number?.trim()).map((r) => ({ label: r.label ?? 'mobile', number: r.number!.trim() }));
}
export function emailsInput(rows: EmailRow[] | undefined) {
  return (rows ?? []).filter((r) => r.address?.trim()).map((r) => ({ label: r.label ?? 'work', address: r.address!.trim() }));
}

/**
 * A list of phone numbers or email addresses, each with its label, inside a Form. The server
 * normalises and validates them, and its errors (`phones.1.number`) land on the right row.
 */
export function ContactPointFields({ kind, testId }: { kind: 'phones' | 'emails'; testId: string }) {
  const { t } = useTranslation();
  const isPhone = kind === 'phones';
  const labels = isPhone ? PHONE_LABELS : EMAIL_LABELS;
  const valueName = isPhone ? 'number' : 'address';
  return (
    <Form.Item label={t(`customers.fields.${kind}`)} style={{ marginBottom: 0 }}>
      <Form.List name={kind}>
        {(rows, { add, remove }) => (
          <Flex vertical gap={0}>
            {rows.map((row) => (
              <Flex key={row.key} gap={8} align="start">
                <Form.Item name={[row.name, 'label']} style={{ width: 110, flex: 'none' }}>
                  <Select
                    options={labels.map((l) => ({ value: l, label: t(`customers.${isPhone ? 'phoneLabels' : 'emailLabels'}.${l}`) }))}
                    aria-label={t('customers.form.label')}
                  />
                </Form.Item>
                <Form.Item name={[row.name, valueName]} style={{ flex: 1, minWidth: 0 }}>
                  <Input
                    type={isPhone ? 'tel' : 'email'}
                    autoComplete="off"
                    placeholder={isPhone ? '138 0013 8000' : 'name@example.com'}
                    data-testid={`${testId}-${row.name}`}
                  />
                </Form.Item>
                <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} />
              </Flex>
            ))}
            <Form.Item>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: labels[0] })} data-testid={`${testId}-add`}>
                {isPhone ? t('customers.form.addPhone') : t('customers.form.addEmail')}
              </Button>
            </Form.Item>
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}
