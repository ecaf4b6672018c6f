/** Any URL the app does not know. */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../shared/usePageTitle.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <div className="tb-page tb-not-found" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.detail')}</p>
      <p>
        <Link className="tb-button-link tb-button-link--primary" to="/">
          {t('common.backToCatalog')}
        </Link>
      </p>
    </div>
  );
}
