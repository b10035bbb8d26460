import { Button, Popconfirm } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type ConfirmLinkButtonProps = {
  /** The question the popover asks. */
  title: ReactNode;
  /** The button's text; also the popover's confirm text unless `okText` is given. */
  label: ReactNode;
  okText?: ReactNode;
  onConfirm: () => void;
  /** Whether the popover's confirm button is red as well; it is unless the action can be undone. */
  okDanger?: boolean;
  icon?: ReactNode;
  /** Small suits table rows; card actions use the default size. */
  small?: boolean;
};

/** A red link button that asks before it acts: delete, revoke, disable. */
export function ConfirmLinkButton({ title, label, okText, onConfirm, okDanger = true, icon, small = true }: ConfirmLinkButtonProps) {
  const { t } = useTranslation();
  return (
    <Popconfirm
      title={title}
      okText={okText ?? label}
      cancelText={t('common.cancel')}
      okButtonProps={okDanger ? { danger: true } : undefined}
      onConfirm={onConfirm}
    >
      <Button type="link" size={small ? 'small' : undefined} danger icon={icon}>
        {label}
      </Button>
    </Popconfirm>
  );
}
