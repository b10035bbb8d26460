import type { ReactNode } from 'react';
import type { Customer } from '../../api/types';
import { LogInteractionButton } from '../interactions/log-interaction-drawer';
import { TimelineTab } from '../interactions/timeline-tab';
import { ContactsTab } from './contacts-tab';
import { CustomerDetailsTab } from './customer-details-tab';
import { HistoryTab } from './history-tab';

/**
 * A tab of the customer page. Later modules (timeline, sales, service, analytics) add an entry
 * here: its key (also the `?tab=` value), the i18n key of its title, the permission it needs, and
 * what it shows for a customer.
 */
export type CustomerTab = {
  key: string;
  labelKey: string;
  /** Shown only to users holding this permission; the customer page itself needs customers.read. */
  permission?: string;
  render: (customer: Customer) => ReactNode;
};

export const CUSTOMER_TABS: CustomerTab[] = [
  // First, so that it is what one sees on opening a customer: everything that happened with them.
  {
    key: 'timeline',
    labelKey: 'interactions.timeline.tab',
    permission: 'interactions.read',
    render: (customer) => <TimelineTab customer={customer} />,
  },
  { key: 'details', labelKey: 'customers.tabs.details', render: (customer) => <CustomerDetailsTab customer={customer} /> },
  { key: 'contacts', labelKey: 'customers.tabs.contacts', render: (customer) => <ContactsTab customer={customer} /> },
  { key: 'history', labelKey: 'customers.tabs.history', render: (customer) => <HistoryTab customer={customer} /> },
];

/**
 * An action of the customer page's header that another module offers (log an interaction; later
 * a quote, a ticket), shown to users holding its permission.
 */
export type CustomerAction = {
  key: string;
  permission: string;
  render: (customer: Customer) => ReactNode;
};

export const CUSTOMER_ACTIONS: CustomerAction[] = [
  {
    key: 'log-interaction',
    permission: 'interactions.create',
    render: (customer) => <LogInteractionButton customer={customer} testId="customer-log-interaction" />,
  },
];
