import { Result } from 'antd';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { can, useMe } from '../identity/session';
import { CustomerFormPage } from './customer-form-page';
import { CustomerListPage } from './customer-list-page';
import { CustomerPage } from './customer-page';
import { DuplicatesPage, MergesPage } from './duplicates';
import { ImportPage, ImportRunPage, ImportsListPage } from './import';

function NoAccess() {
  const { t } = useTranslation();
  return <Result status="403" title={t('customers.noAccessTitle')} subTitle={t('errors.permission_denied')} />;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('errors.notFoundTitle')} subTitle={t('errors.notFoundPage')} />;
}

/** Everything under /customers; each page shows only to those the API would answer. */
export function CustomersRoutes() {
  const me = useMe();
  const allowed = (permission: string, page: ReactElement) => (can(me, permission) ? page : <NoAccess />);
  if (!can(me, 'customers.read')) return <NoAccess />;
  return (
    <Routes>
      <Route index element={<CustomerListPage />} />
      <Route path="new" element={allowed('customers.create', <CustomerFormPage />)} />
      <Route path="import" element={allowed('customers.import', <ImportPage />)} />
      <Route path="imports" element={allowed('customers.import', <ImportsListPage />)} />
      <Route path="imports/:id" element={allowed('customers.import', <ImportRunPage />)} />
      <Route path="duplicates" element={allowed('customers.merge', <DuplicatesPage />)} />
      <Route path="merges" element={allowed('customers.merge', <MergesPage />)} />
      <Route path=":id" element={<CustomerPage />} />
      <Route path=":id/edit" element={allowed('customers.update', <CustomerFormPage />)} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
