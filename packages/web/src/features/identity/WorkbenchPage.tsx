/** 工作台 (/officer): the officer's roles, the orgs of their jurisdiction, and looking up a resident. */
import { useTranslation } from 'react-i18next';
import { Loading } from '../../shared/Feedback.tsx';
import { Section } from '../../shared/Section.tsx';
import { L, departmentText, pick, useTextLang } from '../../shared/text.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { getOfficerSelf } from './identity.api.ts';
import type { OfficerSelf } from './identity.types.ts';
import { Forbidden, GuardedError } from './Guards.tsx';
import { JurisdictionTree, orgKindText, roleText } from './OrgTree.tsx';
import { PersonLookup } from './PersonLookup.tsx';
import { useErrorMessage } from '../../shared/Feedback.tsx';
import type { ApiError } from '../../shared/http.ts';

export function WorkbenchPage() {
  const { t } = useTranslation();
  usePageTitle(t('officer.title'));
  const self = useAsync((signal) => getOfficerSelf(signal), []);

  if (self.status === 'error' && self.error.status === 403) return <ForbiddenByServer error={self.error} />;
  return (
    <div className="tb-page tb-workbench" data-testid="workbench">
      <h1>{t('officer.title')}</h1>
      <p className="tb-lead">{t('officer.intro')}</p>
      {self.status === 'error' && <GuardedError error={self.error} onRetry={self.reload} />}
      {self.status === 'loading' && !self.data && <Loading />}
      {self.data && (
        <>
          <Roles officer={self.data} />
          <Section id="jurisdiction" title={t('officer.jurisdiction')} testId="jurisdiction">
            <p>{t('officer.jurisdictionIntro')}</p>
            {[...new Set(self.data.roles.map((r) => r.org.code))].map((code) => (
              <JurisdictionTree key={code} code={code} />
            ))}
          </Section>
        </>
      )}
      <PersonLookup />
    </div>
  );
}

function ForbiddenByServer({ error }: { error: ApiError }) {
  const message = useErrorMessage(error);
  return <Forbidden need="officer" message={message} />;
}

/** The roles: role, org (and its kind), department. */
function Roles({ officer }: { officer: OfficerSelf }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const cols = { role: t('officer.role'), org: t('officer.org'), department: t('officer.department') };
  return (
    <Section id="roles" title={t('officer.roles')} testId="officer-roles">
      <p>
        {officer.name}
        {officer.officerId && (
          <>
            {t('common.listSeparator')}
            {t('officer.badge', { id: officer.officerId })}
          </>
        )}
      </p>
      <table className="tb-table tb-table--stack">
        <thead>
          <tr>
            <th scope="col">{cols.role}</th>
            <th scope="col">{cols.org}</th>
            <th scope="col">{cols.department}</th>
          </tr>
        </thead>
        <tbody>
          {officer.roles.map((r) => (
            <tr key={`${r.org.code}/${r.department}/${r.role}`}>
              <th scope="row">{roleText(r.role, t)}</th>
              <td data-label={cols.org}>
                <L text={r.org.name} />
                <span className="tb-block tb-muted">
                  {orgKindText(r.org.kind, t)} · <code>{r.org.code}</code>
                </span>
              </td>
              <td data-label={cols.department}>
                {r.department === '*' ? t('profile.allDepartments') : pick(departmentText(r.department), lang)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
