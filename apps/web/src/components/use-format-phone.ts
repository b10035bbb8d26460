import { useCallback } from 'react';
import { useMe } from '../features/identity/session';
import { formatPhone, type StoredPhoneNumber } from '../i18n/phone-format';

/** Stored phones as the signed-in organisation reads them: numbers of its default phone region in national format. */
export function useFormatPhone(): (phone: StoredPhoneNumber) => string {
  const region = useMe().tenant.defaultPhoneRegion;
  return useCallback((phone: StoredPhoneNumber) => formatPhone(phone, region), [region]);
}
