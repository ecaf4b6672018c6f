/**
 * 我的资料 (/me): the signed-in person's details (masked unless they choose to show them in full, which is recorded),
 * their staff roles, and the enterprises they may act for.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Radio } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Section } from '../../shared/Section.tsx';
import { useErrorMessage } from '../../shared/Feedback.tsx';
import { ApiError } from '../../shared/http.ts';
import { L, departmentText, pick, useTextLang } from '../../shared/text.tsx';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { getMe, setActingAs } from './identity.api.ts';
import type { Me } from './identity.types.ts';
import { DisclosureTag, PersonFacts } from './PersonFacts.tsx';
import { useSession } from './session.tsx';

export function ProfilePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  usePageTitle(t('profile.title'));
  if (!me) return null;
  return (
    <div className="tb-page tb-profile" data-testid="profile">
      <header className="tb-page-header">
        <p className="tb-eyebrow">{t('profile.title')}</p>
        <h1 data-testid="profile-name">{me.name}</h1>
        {me.actingFor && <p className="tb-acting-note">{t('profile.actingFor', { name: me.actingFor.name })}</p>}
      </header>
      <PersonalDetails me={me} />
      {me.officer && <StaffRoles roles={me.officer.roles} />}
      <Enterprises me={me} />
      <Section id="data-use" title={t('profile.dataAccess')}>
        <p>{t('profile.dataAccessIntro')}</p>
        <p>
          <Link className="tb-button-link" to="/me/data-access">
            {t('profile.dataAccessLink')}
          </Link>
        </p>
      </Section>
    </div>
  );
}

/** The details, masked by default; "show in full" reads them again with reveal=true (an audited read). */
function PersonalDetails({ me }: { me: Me }) {
  const { t } = useTranslation();
  const id = useId();
  const [full, setFull] = useState<Me | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const toggleRef = useRef<HTMLButtonElement>(null);
  const shown = full ?? me;

  const reveal = async () => {
    setBusy(true);
    setError(null);
    try {
      setFull(await getMe({ reveal: true }));
      setStatus(t('profile.revealed'));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      setBusy(false);
    }
  };
  const hide = () => {
    setFull(null);
    setStatus(t('profile.hidden'));
  };

  return (
    <Section id="personal" title={t('profile.personal')} testId="profile-personal">
      <p className="tb-disclosure-line">
        {t('profile.shown')}
        <DisclosureTag disclosure={shown.disclosure} />
      </p>
      <PersonFacts person={shown} householdOrg={shown.householdOrg ? <L text={shown.householdOrg.name} /> : null} />
      <div className="tb-reveal">
        {shown.disclosure === 'full' ? (
          <Button ref={toggleRef} icon={<EyeInvisibleOutlined aria-hidden="true" />} onClick={hide} data-testid="hide-full">
            {t('profile.hide')}
          </Button>
        ) : (
          <>
            <p id={`${id}-note`} className="tb-note">{t('profile.revealNote')}</p>
            <Button
              ref={toggleRef}
              type="primary"
              icon={<EyeOutlined aria-hidden="true" />}
              aria-describedby={`${id}-note`}
              loading={busy}
              onClick={() => void reveal()}
              data-testid="reveal"
            >
              {t('profile.reveal')}
            </Button>
          </>
        )}
        <p className="tb-visually-hidden" role="status">{status}</p>
        {error && <InlineProblem error={error} />}
      </div>
    </Section>
  );
}

/** The officer's roles: role @ org, department. */
function StaffRoles({ roles }: { roles: NonNullable<Me['officer']>['roles'] }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  return (
    <Section id="roles" title={t('profile.roles')} testId="profile-roles">
      <p>{t('profile.rolesIntro')}</p>
      <ul className="tb-role-list">
        {roles.map((r) => (
          <li key={`${r.org}/${r.department}/${r.role}`}>
            <strong>{t('profile.roleAt', { role: pick(r.roleName, lang), org: r.orgName ? pick(r.orgName, lang) : r.org })}</strong>
            <span className="tb-block tb-muted">
              {t('profile.department', { name: r.department === '*' ? t('profile.allDepartments') : pick(departmentText(r.department), lang) })}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** Acting for oneself or for one of the enterprises one is authorised for. */
function Enterprises({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const id = useId();
  const current = me.actingFor?.uscc ?? '';
  const [choice, setChoice] = useState(current);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');

  if (me.enterprises.length === 0 && !me.actingFor) {
    return (
      <Section id="enterprises" title={t('profile.enterprises')} testId="profile-enterprises">
        <p>{t('profile.noEnterprises')}</p>
      </Section>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const acting = await setActingAs(choice || null);
      await refresh();
      setStatus(acting ? t('profile.switchedEnterprise', { name: acting.name }) : t('profile.switchedSelf'));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, undefined));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="enterprises" title={t('profile.enterprises')} testId="profile-enterprises">
      <p>{t('profile.enterprisesIntro')}</p>
      <form className="tb-acting-form" onSubmit={(e) => void submit(e)} data-testid="acting-as">
        <fieldset className="tb-fieldset">
          <legend className="tb-label">{t('profile.actAs')}</legend>
          <Radio.Group className="tb-radio-list" name={`${id}-acting`} value={choice} onChange={(e) => setChoice(String(e.target.value))}>
            <Radio value="" data-testid="act-as-self">
              {t('profile.self', { name: me.name })}
              {current === '' && t('profile.current')}
            </Radio>
            {me.enterprises.map((ent) => (
              <Radio key={ent.uscc} value={ent.uscc} data-testid={`act-as-${ent.uscc}`}>
                <span className="tb-block">
                  {ent.name}
                  {current === ent.uscc && t('profile.current')}
                </span>
                <span className="tb-block tb-muted">
                  {t('profile.uscc', { code: ent.uscc })}
                  {t('common.listSeparator')}
                  {ent.role === 'legal_representative' || ent.role === 'agent' ? t(`enums.enterpriseRole.${ent.role}`) : ent.role}
                </span>
              </Radio>
            ))}
          </Radio.Group>
        </fieldset>
        <Button type="primary" htmlType="submit" loading={busy} disabled={choice === current} data-testid="acting-as-submit">
          {t('profile.switch')}
        </Button>
        <p role="status" className="tb-status" data-testid="acting-as-status">{status}</p>
        {error && <InlineProblem error={error} />}
      </form>
    </Section>
  );
}

/** A problem shown where it happened: the field error's message when there is one, else the problem's. */
function InlineProblem({ error }: { error: ApiError }) {
  const lang = useTextLang();
  const fallback = useErrorMessage(error);
  const field = error.problem?.errors?.[0];
  return <Alert className="tb-error" type="error" showIcon role="alert" title={field ? pick(field.message, lang) : fallback} />;
}
