import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './locales/zh-CN.json';
import zhHK from './locales/zh-HK.json';
import en from './locales/en.json';

export const resources = {
  'zh-CN': { translation: zhCN },
  'zh-HK': { translation: zhHK },
  en: { translation: en },
} as const;

export async function initI18n(): Promise<i18n> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: 'zh-CN',
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: false,
  });
  return i18next;
}
