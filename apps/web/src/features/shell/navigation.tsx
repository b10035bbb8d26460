import { SettingOutlined } from '@ant-design/icons';
import { Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { visibleSettingsPages } from '../admin/settings-pages';
import { useMe } from '../identity/session';
import { DOMAIN_ICONS, DOMAINS } from './domains';

/** The left navigation by domain. Settings shows only when the user may open at least one page of it. */
export function Navigation({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { pathname } = useLocation();
  const section = pathname.split('/')[1] ?? '';

  const entries = DOMAINS.map((domain) => ({ key: domain, icon: DOMAIN_ICONS[domain] }));
  if (visibleSettingsPages(me).length > 0) entries.push({ key: 'settings', icon: <SettingOutlined /> });

  return (
    <nav data-testid="nav" aria-label={t('shell.navigation')}>
      <Menu
        mode="inline"
        style={{ borderInlineEnd: 'none' }}
        selectedKeys={[section]}
        onClick={() => onNavigate?.()}
        items={entries.map(({ key, icon }) => ({
          key,
          icon,
          label: (
            <Link to={`/${key}`} data-testid={`nav-${key}`}>
              {t(`nav.${key}`)}
            </Link>
          ),
        }))}
      />
    </nav>
  );
}
