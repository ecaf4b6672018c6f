/** The list of life-event bundles (一件事). */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Empty } from 'antd';
import { listBundles } from '../catalog/catalog.api.ts';
import type { BundleSummary } from '../catalog/catalog.types.ts';
import { useAsync } from '../../shared/useAsync.ts';
import { ErrorState, Loading } from '../../shared/Feedback.tsx';
import { L, departmentText, joinNodes } from '../../shared/text.tsx';
import { usePageTitle } from '../../shared/usePageTitle.ts';

export function BundlesPage() {
  const { t } = useTranslation();
  usePageTitle(t('bundles.title'));
  const bundles = useAsync((signal) => listBundles(signal), []);

  return (
    <div className="tb-page tb-bundles">
      <h1>{t('bundles.title')}</h1>
      <p className="tb-lead">{t('bundles.intro')}</p>
      {bundles.status === 'error' && <ErrorState error={bundles.error} onRetry={bundles.reload} />}
      {bundles.status === 'loading' && <Loading />}
      {bundles.status === 'success' &&
        (bundles.data.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bundles.empty')} />
        ) : (
          <ul className="tb-result-list" data-testid="bundle-list">
            {bundles.data.map((b) => (
              <li key={b.code}>
                <BundleCard bundle={b} />
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}

function BundleCard({ bundle }: { bundle: BundleSummary }) {
  const { t } = useTranslation();
  return (
    <article className="tb-result">
      <h2 className="tb-result-title">
        <Link to={`/bundles/${encodeURIComponent(bundle.code)}`}>
          <L text={bundle.name} />
        </Link>
      </h2>
      {bundle.summary && (
        <p className="tb-result-summary">
          <L text={bundle.summary} />
        </p>
      )}
      <dl className="tb-meta">
        <div>
          <dt>{t('bundles.leadDepartment')}</dt>
          <dd>
            <L text={departmentText(bundle.leadDepartment)} />
          </dd>
        </div>
        <div>
          <dt>{t('bundles.departments')}</dt>
          <dd>{joinNodes(bundle.departments.map((d) => <L key={d} text={departmentText(d)} />), t('common.listSeparator'))}</dd>
        </div>
      </dl>
      <p className="tb-muted">{t('bundles.memberCount', { count: bundle.memberCount })}</p>
    </article>
  );
}
