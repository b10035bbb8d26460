import { BarChartOutlined, CustomerServiceOutlined, NotificationOutlined, RiseOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

/** The business domains of the left navigation, in the order people work through them. */
export const DOMAINS = ['customers', 'sales', 'service', 'marketing', 'analytics'] as const;
export type Domain = (typeof DOMAINS)[number];
/** Domains whose screens exist; the others show what is coming. */
export const READY_DOMAINS: ReadonlySet<Domain> = new Set<Domain>(['customers']);

export const DOMAIN_ICONS: Record<Domain, ReactNode> = {
  customers: <TeamOutlined />,
  sales: <RiseOutlined />,
  service: <CustomerServiceOutlined />,
  marketing: <NotificationOutlined />,
  analytics: <BarChartOutlined />,
};
