import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, ConfigProvider, Flex, Result, Spin } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError, setSessionLostHandler } from './api/client';
import { describeError } from './api/use-report-error';
import { SETTINGS_PAGES, visibleSettingsPages } from './features/admin/settings-pages';
import { CustomersRoutes } from './features/customers/customers-routes';
import { AccountPage } from './features/identity/account-page';
import { TasksPage } from './features/interactions/tasks-page';
import { ContactReportsPage } from './features/reports/contact-reports-page';
import { forgetUserData, ME_KEY, useMe, useMeQuery, useSetupQuery } from './features/identity/session';
import { SetupPage } from './features/identity/setup-page';
import { SignInPage } from './features/identity/sign-in-page';
import { AppLayout } from './features/shell/app-layout';
import { ComingPage } from './features/shell/coming-page';
import { DOMAINS, READY_DOMAINS } from './features/shell/domains';
import { HomePage } from './features/shell/home-page';
import { isLocale } from './i18n';
import { ANTD_LOCALES } from './i18n/antd-locale';

function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will answer the same on a retry; only flaky networks and 5xx may do better.
        retry: (failures, err) => failures < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
  // A 401 anywhere means the session may have ended; asking who is signed in settles it, and the
  // gate below then shows the sign-in page. A 401 that was only a wrong password changes nothing.
  setSessionLostHandler(() => void client.refetchQueries({ queryKey: ME_KEY }, { cancelRefetch: false }));
  return client;
}

// One cache for the page's lifetime; signing out reloads the page, which starts a new one.
const appQueryClient = createQueryClient();

function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('errors.notFoundTitle')}
      subTitle={t('errors.notFoundPage')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.home')}</Button>
        </Link>
      }
    />
  );
}

/** /settings opens the first settings page this user may see. */
function SettingsIndex() {
  const first = visibleSettingsPages(useMe())[0];
  return first ? <Navigate to={`/settings/${first.key}`} replace /> : <NotFound />;
}

/** Back to where the user was when the session ended, or home. */
function AfterSignIn() {
  const from = (useLocation().state as { from?: string } | null)?.from;
  return <Navigate to={from && !from.startsWith('/sign-in') ? from : '/'} replace />;
}

function SignedInRoutes() {
  const allowed = new Set(visibleSettingsPages(useMe()).map((p) => p.key));
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="customers/*" element={<CustomersRoutes />} />
        <Route path="tasks" element={<TasksPage />} />
        <Route path="reports/contacts" element={<ContactReportsPage />} />
        {DOMAINS.filter((domain) => !READY_DOMAINS.has(domain)).map((domain) => (
          <Route key={domain} path={`${domain}/*`} element={<ComingPage domain={domain} />} />
        ))}
        <Route path="settings">
          <Route index element={<SettingsIndex />} />
          {SETTINGS_PAGES.filter((p) => allowed.has(p.key)).map((p) => (
            <Route key={p.key} path={p.key} element={p.element} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Route>
        <Route path="account" element={<AccountPage />} />
        <Route path="sign-in" element={<AfterSignIn />} />
        <Route path="setup" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

/** Which part of the app to show: first-run set-up, sign-in, or the app itself. */
function Gate() {
  const { t } = useTranslation();
  const location = useLocation();
  const queryClient = useQueryClient();
  const setup = useSetupQuery();
  const me = useMeQuery();
  const signedOut = me.data === null;

  useEffect(() => {
    if (signedOut) forgetUserData(queryClient);
  }, [signedOut, queryClient]);

  if (setup.error || me.error) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }}>
        <Alert
          type="error"
          showIcon
          title={t('errors.serverUnreachable')}
          description={describeError(t, setup.error ?? me.error)}
          action={
            <Button
              loading={setup.isFetching || me.isFetching}
              onClick={() => {
                void setup.refetch();
                void me.refetch();
              }}
            >
              {t('common.retry')}
            </Button>
          }
        />
      </Flex>
    );
  }
  if (setup.isPending || me.isPending) return <FullPageSpin />;
  if (setup.data.needed) {
    return (
      <Routes>
        <Route path="/setup" element={<SetupPage />} />
        <Route path="*" element={<Navigate to="/setup" replace />} />
      </Routes>
    );
  }
  if (signedOut) {
    return (
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="*" element={<Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />} />
      </Routes>
    );
  }
  return <SignedInRoutes />;
}

export function App() {
  // useTranslation re-renders the app on a language switch, so antd's own texts follow it too.
  const { i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  return (
    <QueryClientProvider client={appQueryClient}>
      <ConfigProvider locale={ANTD_LOCALES[locale]}>
        <AntApp>
          <BrowserRouter>
            <Gate />
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
