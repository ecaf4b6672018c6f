/** 数据使用记录 (/me/data-access): who used the signed-in person's data, when, as which org and role, and why. */
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../shared/Feedback.tsx';
import { ResultsSection, usePagedList } from '../../shared/Results.tsx';
import { useFormat } from '../../shared/format.ts';
import { pick, useTextLang } from '../../shared/text.tsx';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { getDataAccess } from './identity.api.ts';
import type { DataAccessEntry } from './identity.types.ts';
import { GuardedError } from './Guards.tsx';

/** Records per page. */
const PAGE_SIZE = 20;

export function DataAccessPage() {
  const { t } = useTranslation();
  usePageTitle(t('dataAccess.title'));
  const { list: records, paging } = usePagedList(getDataAccess, PAGE_SIZE);

  return (
    <div className="tb-page tb-data-access" data-testid="data-access">
      <h1>{t('dataAccess.title')}</h1>
      <p className="tb-lead" data-testid="data-access-intro">{t('dataAccess.intro')}</p>
      <ResultsSection
        {...paging}
        id="records-heading"
        heading={t('dataAccess.caption')}
        count={(count) => t('dataAccess.count', { count })}
        errorView={GuardedError}
      >
        {(data) =>
          data.entries.length === 0 ? (
            records.status !== 'error' && <EmptyState testId="data-access-empty" title={t('dataAccess.empty.title')} hint={t('dataAccess.empty.hint')} />
          ) : (
            <AccessTable entries={data.entries} busy={records.status === 'loading'} />
          )
        }
      </ResultsSection>
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
