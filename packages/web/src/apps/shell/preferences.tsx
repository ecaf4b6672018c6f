/** The reader's display preferences: language (zh-CN / en) and elderly mode, both kept in localStorage. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { currentLanguage, type Language } from '../../i18n/i18n.ts';
import { buildTheme } from './theme.ts';

const ELDERLY_KEY = 'tongban.elderly';

interface Preferences {
  language: Language;
  toggleLanguage: () => void;
  elderly: boolean;
  setElderly: (on: boolean) => void;
}

const PreferencesContext = createContext<Preferences | null>(null);

function savedElderly(): boolean {
  try {
    return localStorage.getItem(ELDERLY_KEY) === '1';
  } catch {
    return false;
  }
}

/** Provides the preferences and the matching antd locale and theme. */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n.language);
  const [elderly, setElderly] = useState(savedElderly);

  useEffect(() => {
    document.documentElement.classList.toggle('elderly', elderly);
    try {
      if (elderly) localStorage.setItem(ELDERLY_KEY, '1');
      else localStorage.removeItem(ELDERLY_KEY);
    } catch {
      // Storage disabled: the mode lasts for this page only.
    }
  }, [elderly]);

  const toggleLanguage = useCallback(() => {
    void i18n.changeLanguage(currentLanguage(i18n.language) === 'en' ? 'zh-CN' : 'en');
  }, [i18n]);

  const value = useMemo(() => ({ language, toggleLanguage, elderly, setElderly }), [language, toggleLanguage, elderly]);
  const theme = useMemo(() => buildTheme(elderly), [elderly]);

  return (
    <PreferencesContext.Provider value={value}>
      <ConfigProvider locale={language === 'en' ? enUS : zhCN} theme={theme} componentSize={elderly ? 'large' : 'middle'}>
        {children}
      </ConfigProvider>
    </PreferencesContext.Provider>
  );
}

/** The current preferences; only inside PreferencesProvider. */
export function usePreferences(): Preferences {
  const prefs = useContext(PreferencesContext);
  if (!prefs) throw new Error('usePreferences outside PreferencesProvider');
  return prefs;
}
