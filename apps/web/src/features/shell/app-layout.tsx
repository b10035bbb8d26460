import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Layout, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useMe } from '../identity/session';
import { useFollowAccountLocale } from '../identity/use-locale';
import { NotificationBell } from '../notifications/notification-bell';
import { GlobalSearch } from './global-search';
import { LanguageSwitch } from './language-switch';
import { Navigation } from './navigation';
import { useIsMobile } from './use-is-mobile';
import { UserMenu } from './user-menu';

function Brand() {
  return (
    <Link to="/" style={{ fontSize: 18, fontWeight: 600, color: 'inherit', whiteSpace: 'nowrap' }}>
      Rapport
    </Link>
  );
}

/** The signed-in frame: header with search, language and user; navigation at the side or in a drawer. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  useFollowAccountLocale(me.locale);
  const mobile = useIsMobile();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();
  const border = `1px solid ${token.colorBorderSecondary}`;

  return (
    // On a desk the frame fills the window and only the content scrolls; on a phone the page scrolls
    // as a whole (so the browser's address bar can get out of the way) under a sticky header.
    <Layout style={mobile ? { minHeight: '100vh' } : { height: '100vh' }}>
      <Layout.Header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 10,
          flex: 'none',
          height: 'auto',
          lineHeight: 'normal',
          padding: mobile ? '8px 12px' : '12px 24px',
          background: token.colorBgContainer,
          borderBottom: border,
        }}
      >
        <Flex align="center" gap={mobile ? 4 : 16} wrap>
          {mobile ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t('shell.openNavigation')}
              data-testid="nav-toggle"
            />
          ) : null}
          <Brand />
          {mobile ? null : (
            <div style={{ flex: '1 1 auto', maxWidth: 480, marginInlineStart: 48 }}>
              <GlobalSearch />
            </div>
          )}
          <Flex align="center" gap={4} style={{ marginInlineStart: 'auto' }}>
            <LanguageSwitch compact={mobile} />
            <NotificationBell />
            <UserMenu compact={mobile} />
          </Flex>
          {mobile ? (
            <div style={{ flex: '1 0 100%', marginTop: 4 }}>
              <GlobalSearch />
            </div>
          ) : null}
        </Flex>
      </Layout.Header>
      <Layout style={{ minHeight: 0 }}>
        {mobile ? (
          <Drawer
            placement="left"
            size={260}
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            title={<Brand />}
            styles={{ body: { padding: 0 } }}
          >
            <Navigation onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        ) : (
          <Layout.Sider width={220} theme="light" style={{ borderInlineEnd: border, overflow: 'auto' }}>
            <Navigation />
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: mobile ? 12 : 24, minWidth: 0, overflow: mobile ? undefined : 'auto' }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
