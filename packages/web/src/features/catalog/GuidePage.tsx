/** The service guide page (/items/:code[?version=N]): loads a published item and shows its whole guide. */
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { getItem } from './catalog.api.ts';
import { Guide } from './Guide.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { ErrorState, Loading, NotFound } from '../../shared/Feedback.tsx';

/** `?version=` as a positive integer, else undefined (the current version). */
function versionParam(raw: string | null): number | undefined {
  const n = Number(raw);
  return raw !== null && Number.isInteger(n) && n >= 1 ? n : undefined;
}

export function GuidePage() {
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const version = versionParam(params.get('version'));
  const item = useAsync((signal) => getItem(code, version, signal), [code, version]);

  if (item.status === 'error' && item.error.status === 404) {
    return <ItemNotFound code={code} version={version} />;
  }
  if (item.status === 'error') {
    return (
      <div className="tb-page">
        <ErrorState error={item.error} onRetry={item.reload} />
      </div>
    );
  }
  if (item.status === 'loading' || !item.data) return <Loading />;
  return <Guide item={item.data} />;
}

/** The friendly 404: 事项不存在 (or, with ?version=, that version does not exist). */
function ItemNotFound({ code, version }: { code: string; version: number | undefined }) {
  const { t } = useTranslation();
  return (
    <NotFound
      testId="item-not-found"
      title={t('guide.notFound.title')}
      detail={version !== undefined ? t('guide.versionNotFound', { version }) : t('guide.notFound.detail', { code })}
    >
      {version !== undefined && (
        <Link className="tb-button-link" to={`/items/${encodeURIComponent(code)}`}>
          {t('guide.latestVersion')}
        </Link>
      )}
      <Link className="tb-button-link tb-button-link--primary" to="/items">
        {t('common.backToCatalog')}
      </Link>
    </NotFound>
  );
}
