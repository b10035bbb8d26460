import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { LOCALES, type Locale } from '../api/types';
import { en } from './locales/en';
import { zhCN } from './locales/zh-cn';
import { zhTW } from './locales/zh-tw';

/** Each language names itself, so a reader can find theirs whatever language is showing. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Maps a browser language tag onto ours. Taiwan, Hong Kong, Macau and any explicitly Traditional
 * tag read Traditional Chinese; every other Chinese tag reads Simplified. Other languages are kept
 * as they are so that the detector moves on to the reader's next preference, ending at English.
 */
export function toLocale(tag: string): string {
  const lower = tag.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) {
    return /^zh-(tw|hk|mo)\b|hant/.test(lower) ? 'zh-TW' : 'zh-CN';
  }
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return tag;
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'en';
}

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN }, 'zh-TW': { translation: zhTW } },
    supportedLngs: [...LOCALES],
    fallbackLng: 'en',
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    detection: {
      // A choice made on the sign-in page is remembered on this device; otherwise the browser decides.
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: 'rapport.locale',
      caches: ['localStorage'],
      convertDetectedLanguage: toLocale,
    },
  });

const DAYJS_LOCALES: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };

/** <html lang> picks the right CJK font and screen-reader voice; dayjs feeds antd's date pickers. */
function reflectLanguage(lng: string): void {
  const locale = isLocale(lng) ? lng : 'en';
  document.documentElement.lang = locale;
  dayjs.locale(DAYJS_LOCALES[locale]);
}
reflectLanguage(i18n.language);
i18n.on('languageChanged', reflectLanguage);

export default i18n;
