/** i18next set-up: zh-CN by default, the choice kept in localStorage and mirrored on <html lang>. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN.json';
import en from './en.json';
// sections kept beside their features, merged in at the top level (each file's top-level keys are its sections)
import ratingsZh from '../features/ratings/ratings.zh-CN.json';
import ratingsEn from '../features/ratings/ratings.en.json';
import alertsZh from '../features/alerts/alerts.zh-CN.json';
import alertsEn from '../features/alerts/alerts.en.json';
import dashboardZh from '../features/dashboard/dashboard.zh-CN.json';
import dashboardEn from '../features/dashboard/dashboard.en.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'tongban.lang';

const isLanguage = (value: unknown): value is Language => LANGUAGES.some((l) => l === value);

/** The saved language, or zh-CN when nothing (or something unknown) was saved. */
export function savedLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return isLanguage(saved) ? saved : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** Narrows i18next's current language to one of ours. */
export function currentLanguage(lng: string | undefined = i18n.language): Language {
  return lng?.startsWith('en') ? 'en' : 'zh-CN';
}

function reflect(lng: string): void {
  const lang = currentLanguage(lng);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

i18n.on('languageChanged', reflect);

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: { ...zhCN, ...ratingsZh, ...alertsZh, ...dashboardZh } },
    en: { translation: { ...en, ...ratingsEn, ...alertsEn, ...dashboardEn } },
  },
  lng: savedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = currentLanguage(i18n.language);

export default i18n;
