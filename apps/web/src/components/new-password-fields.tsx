import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { confirmPasswordRules, newPasswordRules } from './form-rules';

type NewPasswordFieldsProps = {
  /** Form field names of the password and its confirmation. */
  name?: string;
  confirmName?: string;
  label?: ReactNode;
  confirmLabel?: ReactNode;
  /** Help under the password box. */
  extra?: ReactNode;
  testId?: string;
  confirmTestId?: string;
};

/** A new password and its confirmation, which must match; for use inside a Form. */
export function NewPasswordFields({
  name = 'newPassword',
  confirmName = 'confirm',
  label,
  confirmLabel,
  extra,
  testId,
  confirmTestId,
}: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name={name} label={label ?? t('account.newPassword')} rules={newPasswordRules(t)} extra={extra}>
        <Input.Password autoComplete="new-password" data-testid={testId} />
      </Form.Item>
      <Form.Item
        name={confirmName}
        label={confirmLabel ?? t('account.confirmPassword')}
        dependencies={[name]}
        rules={confirmPasswordRules(t, name)}
      >
        <Input.Password autoComplete="new-password" data-testid={confirmTestId} />
      </Form.Item>
    </>
  );
}
