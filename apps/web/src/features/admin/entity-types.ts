import type { TFunction } from 'i18next';

/** The kinds of record the audit log and recycle bin know today; later modules add theirs. */
export const ENTITY_TYPES = ['customer', 'contact', 'custom_field', 'user', 'role', 'org_unit', 'api_token', 'webhook', 'tenant'] as const;

export function entityTypeLabel(t: TFunction, type: string): string {
  return t(`entityTypes.${type}`, { defaultValue: type });
}
