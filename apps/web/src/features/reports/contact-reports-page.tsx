import { Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AdminPage } from '../admin/admin-page';
import { can, useMe } from '../identity/session';
import { ContactActivity } from './contact-activity';
import { NotContacted } from './not-contacted';

type Tab = 'activity' | 'not-contacted';

/** /reports/contacts: contact activity over a period, and the customers waiting too long for contact. */
export function ContactReportsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'not-contacted' ? 'not-contacted' : 'activity';

  if (!can(me, 'interactions.read')) {
    return <Result status="403" title={t('reports.title')} subTitle={t('errors.permission_denied')} />;
  }
  return (
    <AdminPage title={t('reports.title')} description={t('reports.intro')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'activity' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        data-testid="reports-tabs"
        items={[
          { key: 'activity', label: t('reports.tabs.activity'), children: <ContactActivity /> },
          { key: 'not-contacted', label: t('reports.tabs.notContacted'), children: <NotContacted /> },
        ]}
      />
    </AdminPage>
  );
}
