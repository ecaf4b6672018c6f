/** 数据使用记录 (/me/data-access): who used the signed-in person's data, when, as which org and role, and why. */
import { useTranslation } from 'react-i18next';
import { usePaging } from '../../shared/usePaging.ts';
import { Empty } from 'antd';
import { Loading } from '../../shared/Feedback.tsx';
import { Pager } from '../../shared/Pager.tsx';
import { useFormat } from '../../shared/format.ts';
import { pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { getDataAccess } from './identity.api.ts';
import type { DataAccessEntry } from './identity.types.ts';
import { GuardedError } from './Guards.tsx';

/** Records per page. */
const PAGE_SIZE = 20;

export function DataAccessPage() {
  const { t } = useTranslation();
  const { page, headingRef } = usePaging();
  usePageTitle(t('dataAccess.title'));
  const records = useAsync((signal) => getDataAccess(page, PAGE_SIZE, signal), [page]);


  const data = records.data;
  const pageSize = data?.pageSize ?? PAGE_SIZE;
  const pages = data ? Math.max(1, Math.ceil(data.total / pageSize)) : 1;

  return (
    <div className="tb-page tb-data-access" data-testid="data-access">
      <h1>{t('dataAccess.title')}</h1>
      <p className="tb-lead" data-testid="data-access-intro">{t('dataAccess.intro')}</p>
      <section aria-labelledby="records-heading">
        <h2 id="records-heading" ref={headingRef} tabIndex={-1}>
          {t('dataAccess.caption')}
        </h2>
        <p className="tb-result-count" role="status">
          {data ? t('dataAccess.count', { count: data.total }) : ''}
        </p>
        {records.status === 'error' && <GuardedError error={records.error} onRetry={records.reload} />}
        {records.status === 'loading' && !data && <Loading />}
        {data && data.entries.length === 0 && records.status !== 'error' && (
          <div className="tb-empty" data-testid="data-access-empty">
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <strong className="tb-empty-title">{t('dataAccess.empty.title')}</strong>
                  <span className="tb-empty-hint">{t('dataAccess.empty.hint')}</span>
                </>
              }
            />
          </div>
        )}
        {data && data.entries.length > 0 && <AccessTable entries={data.entries} busy={records.status === 'loading'} />}
        {data && <Pager page={data.page ?? page} pages={pages} hrefFor={(p) => (p > 1 ? `?page=${p}` : '?')} />}
      </section>
    </div>
  );
}

function AccessTable({ entries, busy }: { entries: DataAccessEntry[]; busy: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useTextLang();
  const cols = {
    when: t('dataAccess.when'),
    org: t('dataAccess.org'),
    role: t('dataAccess.role'),
    purpose: t('dataAccess.purpose'),
    action: t('dataAccess.action'),
  };
  return (
    <table className="tb-table tb-table--stack tb-table--access" data-testid="data-access-table" aria-busy={busy}>
      <caption className="tb-visually-hidden">{t('dataAccess.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{cols.when}</th>
          <th scope="col">{cols.org}</th>
          <th scope="col">{cols.role}</th>
          <th scope="col">{cols.purpose}</th>
          <th scope="col">{cols.action}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e, i) => (
          <tr key={e.id ?? `${e.at}-${i}`} data-testid="data-access-row" data-self={e.self ? 'true' : undefined}>
            <th scope="row">
              <time dateTime={e.at}>{f.dateTime(e.at)}</time>
            </th>
            <td data-label={cols.org}>
              {e.self ? (
                <span className="tb-tag tb-tag--self" data-testid="data-access-self">{t('dataAccess.self')}</span>
              ) : e.orgName ? (
                pick(e.orgName, lang)
              ) : (
                e.org ?? t('common.none')
              )}
            </td>
            <td data-label={cols.role}>
              {e.self ? t('dataAccess.self') : e.roleNames.length > 0 ? e.roleNames.map((r) => pick(r, lang)).join(t('common.listSeparator')) : t('common.none')}
            </td>
            <td data-label={cols.purpose}>{purposeText(e.purpose, t)}</td>
            <td data-label={cols.action}>{actionText(e, t)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

/** The purposes the platform itself records are codes; an officer's purpose is their own words. */
function purposeText(purpose: string | null, t: T): string {
  if (!purpose) return t('dataAccess.noPurpose');
  if (purpose === 'self_service.profile') return t('dataAccess.purposeProfile');
  if (purpose === 'self_service.profile_masked') return t('dataAccess.purposeProfileMasked');
  return purpose;
}

function actionText(e: DataAccessEntry, t: T): string {
  if (e.action !== 'personal_data.read') return e.action;
  const disclosure = e.detail?.disclosure;
  if (disclosure === 'full') return t('dataAccess.readFull');
  if (disclosure === 'masked') return t('dataAccess.readMasked');
  return t('dataAccess.readData');
}
