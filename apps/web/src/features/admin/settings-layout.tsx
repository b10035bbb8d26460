import { Card, Flex, Menu, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe } from '../identity/session';
import { useIsMobile } from '../shell/use-is-mobile';
import { visibleSettingsPages } from './settings-pages';

/** Settings has its own list of pages: a side menu on a desk, a select on a phone. */
export function SettingsLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const current = useLocation().pathname.split('/')[2] ?? '';
  const pages = visibleSettingsPages(me);

  if (mobile) {
    return (
      <Flex vertical gap={12}>
        <Select
          value={current}
          onChange={(key: string) => void navigate(`/settings/${key}`)}
          options={pages.map((p) => ({ value: p.key, label: t(`settings.pages.${p.key}`) }))}
          aria-label={t('nav.settings')}
          data-testid="settings-nav"
        />
        <Card size="small">
          <Outlet />
        </Card>
      </Flex>
    );
  }
  return (
    <Flex gap={16} align="flex-start">
      <Card size="small" style={{ width: 220, flex: 'none' }} styles={{ body: { padding: 4 } }}>
        <Menu
          mode="inline"
          style={{ borderInlineEnd: 'none' }}
          selectedKeys={[current]}
          data-testid="settings-nav"
          items={pages.map((p) => ({
            key: p.key,
            icon: p.icon,
            label: (
              <Link to={`/settings/${p.key}`} data-testid={`settings-${p.key}`}>
                {t(`settings.pages.${p.key}`)}
              </Link>
            ),
          }))}
        />
      </Card>
      <Card style={{ flex: 1, minWidth: 0 }}>
        <Outlet />
      </Card>
    </Flex>
  );
}
