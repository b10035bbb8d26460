import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { signOut, useMe } from '../identity/session';

export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'who', label: me.email, disabled: true },
          { type: 'divider' },
          { key: 'account', icon: <UserOutlined />, label: <span data-testid="my-account">{t('shell.myAccount')}</span> },
          { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('shell.signOut')}</span> },
        ],
        onClick: ({ key }) => {
          if (key === 'account') void navigate('/account');
          if (key === 'logout') void signOut();
        },
      }}
    >
      <Button type="text" data-testid="user-menu" aria-label={t('shell.userMenu')} style={{ paddingInline: 4 }}>
        <Avatar size="small" style={{ backgroundColor: '#1677ff' }}>
          {me.name.trim().charAt(0).toUpperCase() || '?'}
        </Avatar>
        {compact ? null : <span style={{ maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis' }}>{me.name}</span>}
      </Button>
    </Dropdown>
  );
}
