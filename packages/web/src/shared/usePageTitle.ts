/** Sets document.title to "<title> - 通办" in the current language. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export function usePageTitle(title: string | undefined): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? t('common.pageTitle', { title }) : t('app.name');
  }, [title, t]);
}
