import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';

/** The server's password policy starts at this length; checking it here saves a round trip. */
export const PASSWORD_MIN = 10;

export const requiredRule = (t: TFunction): FormRule => ({ required: true, whitespace: true, message: t('validation.required') });

export const emailRules = (t: TFunction): FormRule[] => [requiredRule(t), { type: 'email', message: t('validation.email') }];

export const newPasswordRules = (t: TFunction): FormRule[] => [
  { required: true, message: t('validation.required') },
  { min: PASSWORD_MIN, message: t('validation.passwordMin', { min: PASSWORD_MIN }) },
];

/** The confirmation must equal the field named `field`. */
export const confirmPasswordRules = (t: TFunction, field: string): FormRule[] => [
  { required: true, message: t('validation.required') },
  ({ getFieldValue }) => ({
    validator: (_rule, value) =>
      !value || getFieldValue(field) === value ? Promise.resolve() : Promise.reject(new Error(t('validation.passwordMismatch'))),
  }),
];

export const otpRules = (t: TFunction): FormRule[] => [
  { required: true, message: t('validation.code') },
  { pattern: /^\d{6}$/, message: t('validation.code') },
];

/** Optional text fields: an emptied field clears the value on the server rather than saving "". */
export function blankToNull(value: string | null | undefined): string | null {
  return value?.trim() ? value.trim() : null;
}

/** Leaves out fields left empty, for creating records where absent and null may differ. */
export function dropNulls<T extends Record<string, unknown>>(body: T): Partial<T> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}
