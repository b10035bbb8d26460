import { CarryOutOutlined, FundOutlined, SettingOutlined } from '@ant-design/icons';
import { Menu, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { visibleSettingsPages } from '../admin/settings-pages';
import { can, useMe } from '../identity/session';
import { DOMAIN_ICONS, DOMAINS } from './domains';

/**
 * The left navigation by domain. Settings shows only when the user may open at least one of its
 * pages, and unfolds into those pages while one of them is open.
 */
export function Navigation({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { pathname } = useLocation();
  const [section = '', page = ''] = pathname.split('/').slice(1);
  const settingsPages = visibleSettingsPages(me);

  const link = (to: string, testId: string, text: string) => (
    <Link to={to} data-testid={testId} onClick={onNavigate}>
      {text}
    </Link>
  );
  const items: MenuProps['items'] = DOMAINS.map((domain) => ({
    key: domain,
    icon: DOMAIN_ICONS[domain],
    label: link(`/${domain}`, `nav-${domain}`, t(`nav.${domain}`)),
  }));
  // Tasks are everyone's daily work, across domains: an entry of their own, right after customers.
  if (can(me, 'interactions.read')) {
    items.splice(1, 0, {
      key: 'tasks',
      icon: <CarryOutOutlined />,
      label: link('/tasks', 'nav-tasks', t('interactions.tasks.title')),
    });
    items.splice(2, 0, {
      key: 'reports',
      icon: <FundOutlined />,
      label: link('/reports/contacts', 'nav-reports', t('reports.title')),
    });
  }
  if (settingsPages.length > 0) {
    items.push({
      key: 'settings',
      icon: <SettingOutlined />,
      label: link('/settings', 'nav-settings', t('nav.settings')),
      children: settingsPages.map((p) => ({
        key: `settings/${p.key}`,
        icon: p.icon,
        label: link(`/settings/${p.key}`, `settings-${p.key}`, t(`settings.pages.${p.key}`)),
      })),
    });
  }

  return (
    <nav data-testid="nav" aria-label={t('shell.navigation')}>
      <Menu
        mode="inline"
        style={{ borderInlineEnd: 'none' }}
        selectedKeys={[section === 'settings' ? `settings/${page}` : section]}
        openKeys={section === 'settings' ? ['settings'] : []}
        items={items}
      />
    </nav>
  );
}
