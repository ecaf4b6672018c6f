/** A life-event bundle (/bundles/:code): members in order, merged materials without duplicates, and totals. */
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { BilingualText } from '@tongban/core/text';
import { getBundle } from '../catalog/catalog.api.ts';
import type { BundleView } from '../catalog/catalog.types.ts';
import { MaterialSource, Necessity } from '../catalog/MaterialSource.tsx';
import { MaterialName } from '../catalog/MaterialsTable.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { ErrorState, Loading, NotFound } from '../../shared/Feedback.tsx';
import { Badges } from '../../shared/Badges.tsx';
import { Facts, Section } from '../../shared/Section.tsx';
import { L, departmentText, pick, useTextLang } from '../../shared/text.tsx';
import { useFormat } from '../../shared/format.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { ApplyStart } from '../apply/ApplyStart.tsx';

export function BundlePage() {
  const { code = '' } = useParams();
  const bundle = useAsync((signal) => getBundle(code, signal), [code]);
  if (bundle.status === 'error' && bundle.error.status === 404) return <BundleNotFound code={code} />;
  if (bundle.status === 'error') {
    return (
      <div className="tb-page">
        <ErrorState error={bundle.error} onRetry={bundle.reload} />
      </div>
    );
  }
  if (bundle.status === 'loading' || !bundle.data) return <Loading />;
  return <Bundle view={bundle.data} />;
}

function Bundle({ view }: { view: BundleView }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const f = useFormat();
  const def = view.definition;
  usePageTitle(pick(def.name, lang));
  const names = new Map<string, BilingualText>(view.members.map((m) => [m.itemCode, m.name]));
  const nameOf = (code: string) => {
    const n = names.get(code);
    return n ? pick(n, lang) : code;
  };
  const notes = new Map(def.members.map((m) => [m.itemCode, m.note]));
  const totals = view.totals;

  return (
    <article className="tb-page tb-bundle" data-testid="bundle" data-code={view.code}>
      <p className="tb-back no-print">
        <Link to="/bundles">
          <ArrowLeftOutlined aria-hidden="true" /> {t('common.backToBundles')}
        </Link>
      </p>
      <header className="tb-guide-header">
        <p className="tb-eyebrow">
          {t('bundles.leadBy')}
          <L text={departmentText(def.leadDepartment)} />
        </p>
        <h1>
          <L text={def.name} />
        </h1>
        <p className="tb-version">
          {t('guide.version', { version: view.version })} · {t('guide.effectiveDate', { date: view.effectiveDate })}
        </p>
        <p className="tb-lead">
          <L text={def.summary} />
        </p>
        <div className="tb-guide-actions no-print">
          <ApplyStart target={{ bundleCode: view.code }} testId="bundle-apply-start" />
        </div>
      </header>

      <Section id="totals" title={t('bundles.totals.title')} testId="bundle-totals">
        <Facts
          className="tb-facts--totals"
          facts={[
            { key: 'visits', label: t('bundles.totals.visits'), value: f.visits(totals.visits) },
            { key: 'promised', label: t('bundles.totals.promisedLimit'), value: f.days(totals.promisedLimitDays) },
            { key: 'legal', label: t('bundles.totals.legalLimit'), value: f.days(totals.legalLimitDays) },
            {
              key: 'materials',
              label: t('bundles.totals.materials'),
              value: t('bundles.totals.materialsValue', { count: totals.materials, exempt: totals.exemptMaterials }),
            },
          ]}
        />
      </Section>

      <Section id="members" title={t('bundles.members.title')} testId="bundle-members">
        <p>{t('bundles.members.intro')}</p>
        <ol className="tb-members">
          {view.members.map((m) => {
            const note = notes.get(m.itemCode);
            return (
              <li key={m.itemCode} data-member={m.itemCode}>
                <h3 className="tb-member-name">
                  <Link to={`/items/${encodeURIComponent(m.itemCode)}`}>
                    <L text={m.name} />
                  </Link>
                </h3>
                <Badges fullyOnline={m.fullyOnline} optional={m.optional} />
                <Facts
                  facts={[
                    { label: t('bundles.members.department'), value: <L text={departmentText(m.department)} /> },
                    {
                      label: t('guide.section.limits'),
                      value: t('bundles.members.limits', { promised: f.days(m.promisedLimitDays), legal: f.days(m.legalLimitDays) }),
                    },
                    { label: t('guide.channels.visits'), value: f.visits(m.visits) },
                  ]}
                />
                {m.after.length > 0 && (
                  <p className="tb-after">
                    {t('bundles.members.after', {
                      names: f.list(m.after.map((c) => t('common.quoted', { name: nameOf(c) }))),
                    })}
                  </p>
                )}
                {note && (
                  <p className="tb-muted">
                    <L text={note} />
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      </Section>

      <Section id="materials" title={t('bundles.materials.title')} testId="bundle-materials">
        <p>{t('bundles.materials.intro')}</p>
        <table className="tb-table tb-table--stack">
          <caption className="tb-visually-hidden">{t('bundles.materials.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bundles.materials.name')}</th>
              <th scope="col">{t('bundles.materials.source')}</th>
              <th scope="col">{t('bundles.materials.necessity')}</th>
              <th scope="col">{t('bundles.materials.members')}</th>
            </tr>
          </thead>
          <tbody>
            {view.materials.map((m, i) => (
              <tr key={m.key} data-material={m.key} className={m.exempt ? 'tb-row-exempt' : undefined}>
                <th scope="row" data-label={t('bundles.materials.name')}>
                  <MaterialName index={i} name={m.name} description={m.description} />
                </th>
                <td data-label={t('bundles.materials.source')}>
                  <MaterialSource source={m.source} itemNames={names} />
                </td>
                <td data-label={t('bundles.materials.necessity')}>
                  <Necessity material={m} />
                </td>
                <td data-label={t('bundles.materials.members')}>
                  <ul className="tb-plain">
                    {m.members.map((c) => (
                      <li key={c}>{nameOf(c)}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      {def.faq && def.faq.length > 0 && (
        <Section id="faq" title={t('bundles.faq')}>
          {def.faq.map((qa, i) => (
            <div className="tb-faq" key={i}>
              <h3>
                <L text={qa.q} />
              </h3>
              <p>
                <L text={qa.a} />
              </p>
            </div>
          ))}
        </Section>
      )}
    </article>
  );
}

function BundleNotFound({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <NotFound testId="bundle-not-found" title={t('bundles.notFound.title')} detail={t('bundles.notFound.detail', { code })}>
      <Link className="tb-button-link tb-button-link--primary" to="/bundles">
        {t('common.backToBundles')}
      </Link>
    </NotFound>
  );
}
