import { Form, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
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

/**
 * A dialog holding one form: validation, busy state, server errors on fields, closing on success.
 * Each opening gets a form of its own, so it starts from `initialValues` and never from what was
 * typed last time (clearing the old form on close wiped the new initial values too: antd mounts the
 * form twice while the dialog opens).
 */
export function FormModal<V extends object>(props: FormModalProps<V>) {
  const [opening, setOpening] = useState(0);
  const [wasOpen, setWasOpen] = useState(props.open);
  // Counted while rendering (React's way to follow a prop), so the new form is there on the first frame.
  if (props.open !== wasOpen) {
    setWasOpen(props.open);
    if (props.open) setOpening(opening + 1);
  }
  return <FormModalForm key={opening} {...props} />;
}

function FormModalForm<V extends object>({ open, title, okText, initialValues, onClose, onSubmit, children }: FormModalProps<V>) {
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
        <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={submit}>
          {dom}
        </Form>
      )}
    >
      {children}
    </Modal>
  );
}
