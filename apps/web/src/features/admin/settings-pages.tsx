import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  DeleteOutlined,
  FieldTimeOutlined,
  FormOutlined,
  KeyOutlined,
  SafetyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Me } from '../../api/types';
import { CustomFieldsPage } from '../customers/custom-fields-page';
import { can } from '../identity/session';
import { ApiTokensPage } from './api-tokens-page';
import { AuditLogPage } from './audit-log-page';
import { FollowUpPlansPage } from './follow-up-plans-page';
import { OrgUnitsPage } from './org-units-page';
import { RecycleBinPage } from './recycle-bin-page';
import { RolesPage } from './roles-page';
import { TenantSettingsPage } from './tenant-settings-page';
import { UsersPage } from './users-page';
import { WebhooksPage } from './webhooks-page';

type SettingsPage = { key: string; permission: string; icon: ReactNode; element: ReactNode };

/** The settings pages; each shows only to users whose roles grant its permission, as the API checks too. */
export const SETTINGS_PAGES: SettingsPage[] = [
  { key: 'users', permission: 'admin.users', icon: <UserOutlined />, element: <UsersPage /> },
  { key: 'roles', permission: 'admin.roles', icon: <SafetyOutlined />, element: <RolesPage /> },
  { key: 'org-units', permission: 'admin.org', icon: <ApartmentOutlined />, element: <OrgUnitsPage /> },
  { key: 'api-tokens', permission: 'admin.tokens', icon: <KeyOutlined />, element: <ApiTokensPage /> },
  { key: 'webhooks', permission: 'admin.webhooks', icon: <ApiOutlined />, element: <WebhooksPage /> },
  { key: 'audit-log', permission: 'admin.audit', icon: <AuditOutlined />, element: <AuditLogPage /> },
  { key: 'recycle-bin', permission: 'admin.recycle_bin', icon: <DeleteOutlined />, element: <RecycleBinPage /> },
  { key: 'organisation', permission: 'admin.settings', icon: <BankOutlined />, element: <TenantSettingsPage /> },
  { key: 'custom-fields', permission: 'admin.settings', icon: <FormOutlined />, element: <CustomFieldsPage /> },
  { key: 'follow-up-plans', permission: 'admin.settings', icon: <FieldTimeOutlined />, element: <FollowUpPlansPage /> },
];

export function visibleSettingsPages(me: Me): SettingsPage[] {
  return SETTINGS_PAGES.filter((page) => can(me, page.permission));
}
