import { Form, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormSubmit } from './use-form-submit';

type FormModalProps<V> = {
  open: boolean;
  title: ReactNode;
  okText?: ReactNode;
  initialValues?: Partial<V>;
  onClose: () => void;
  /** Saves the values; a thrown ApiError keeps the dialog open with its field errors shown. */
  onSubmit: (values: V) => Promise<unknown>;
  children: ReactNode;
};

/** A dialog holding one form: validation, busy state, server errors on fields, closing on success. */
export function FormModal<V extends object>({ open, title, okText, initialValues, onClose, onSubmit, children }: FormModalProps<V>) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const { submit, busy } = useFormSubmit(form, async (values: V) => {
    await onSubmit(values);
    onClose();
  });

  return (
    <Modal
      open={open}
      title={title}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ htmlType: 'submit' }}
      destroyOnHidden
      modalRender={(dom) => (
        <Form<V> form={form} layout="vertical" initialValues={initialValues} clearOnDestroy onFinish={submit}>
          {dom}
        </Form>
      )}
    >
      {children}
    </Modal>
  );
}
