/**
 * Looking up a resident (人员信息查询): citizen ID number and a required purpose; the record comes back in full or
 * masked by the officer's role. Problems are shown where they belong: an invalid ID number under its field, a
 * refusal (outside jurisdiction) or "not found" under the form.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Input, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useErrorMessage } from '../../shared/Feedback.tsx';
import { ApiError } from '../../shared/http.ts';
import { L, pick, useTextLang } from '../../shared/text.tsx';
import { lookUpPerson } from './identity.api.ts';
import type { PersonView } from './identity.types.ts';
import { DisclosureTag, PersonFacts } from './PersonFacts.tsx';

/** The shortest purpose the server accepts. */
const MIN_PURPOSE = 2;
const ID_REASONS = ['bad_check', 'bad_date', 'bad_region', 'bad_length'] as const;

type Lookup =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'success'; person: PersonView }
  | { status: 'error'; error: ApiError; citizenId: string };

interface FieldErrors {
  citizenId?: { text: string; reason?: string };
  purpose?: { text: string };
}

export function PersonLookup() {
  const { t } = useTranslation();
  const lang = useTextLang();
  const id = useId();
  const [citizenId, setCitizenId] = useState('');
  const [purpose, setPurpose] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [lookup, setLookup] = useState<Lookup>({ status: 'idle' });
  const idRef = useRef<InputRef>(null);
  const purposeRef = useRef<InputRef>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errors: FieldErrors = {};
    if (!citizenId.trim()) errors.citizenId = { text: t('officer.lookup.missingId') };
    if (purpose.trim().length < MIN_PURPOSE) errors.purpose = { text: t('officer.lookup.missingPurpose') };
    setFieldErrors(errors);
    if (errors.citizenId || errors.purpose) {
      (errors.citizenId ? idRef : purposeRef).current?.focus();
      return;
    }
    controller.current?.abort();
    const ctl = new AbortController();
    controller.current = ctl;
    setLookup({ status: 'loading' });
    try {
      const person = await lookUpPerson(citizenId, purpose, ctl.signal);
      setLookup({ status: 'success', person });
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (err) {
      if (ctl.signal.aborted) return;
      const error = err instanceof ApiError ? err : new ApiError(0, undefined);
      const field = error.status === 400 ? error.problem?.errors?.[0] : undefined;
      if (field?.path === '/citizenId' || field?.path === '/purpose') {
        const text = pick(field.message, lang);
        setFieldErrors(field.path === '/citizenId' ? { citizenId: { text, reason: field.reason } } : { purpose: { text } });
        setLookup({ status: 'idle' });
        (field.path === '/citizenId' ? idRef : purposeRef).current?.focus();
        return;
      }
      setLookup({ status: 'error', error, citizenId: citizenId.trim() });
      requestAnimationFrame(() => resultRef.current?.focus());
    }
  };

  const reasonText = (reason: string | undefined): string | null => {
    const known = ID_REASONS.find((r) => r === reason);
    return known ? t(`enums.idReason.${known}`) : null;
  };
  const idError = fieldErrors.citizenId;
  const idReason = reasonText(idError?.reason);

  return (
    <section className="tb-section tb-lookup" aria-labelledby={`${id}-h`} data-testid="person-lookup">
      <h2 id={`${id}-h`}>{t('officer.lookup.title')}</h2>
      <p>{t('officer.lookup.intro')}</p>
      <form className="tb-form" noValidate onSubmit={(e) => void submit(e)}>
        <div className="tb-field">
          <label htmlFor={`${id}-cid`} className="tb-label">{t('officer.lookup.citizenId')}</label>
          <p id={`${id}-cid-hint`} className="tb-hint">{t('officer.lookup.citizenIdHint')}</p>
          <Input
            id={`${id}-cid`}
            ref={idRef}
            data-testid="lookup-citizen-id"
            value={citizenId}
            onChange={(e) => setCitizenId(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            inputMode="text"
            maxLength={32}
            required
            aria-required="true"
            aria-invalid={idError ? true : undefined}
            aria-describedby={[`${id}-cid-hint`, idError && `${id}-cid-err`].filter(Boolean).join(' ')}
            status={idError ? 'error' : undefined}
          />
          {idError && (
            <p id={`${id}-cid-err`} className="tb-field-error" data-testid="lookup-citizen-id-error" data-reason={idError.reason}>
              {idReason && <strong>{t('officer.lookup.reason', { reason: idReason })}</strong>}
              {idError.text}
            </p>
          )}
        </div>
        <div className="tb-field">
          <label htmlFor={`${id}-purpose`} className="tb-label">{t('officer.lookup.purpose')}</label>
          <p id={`${id}-purpose-hint`} className="tb-hint">{t('officer.lookup.purposeHint')}</p>
          <Input
            id={`${id}-purpose`}
            ref={purposeRef}
            data-testid="lookup-purpose"
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            maxLength={200}
            required
            aria-required="true"
            aria-invalid={fieldErrors.purpose ? true : undefined}
            aria-describedby={[`${id}-purpose-hint`, fieldErrors.purpose && `${id}-purpose-err`].filter(Boolean).join(' ')}
            status={fieldErrors.purpose ? 'error' : undefined}
          />
          {fieldErrors.purpose && (
            <p id={`${id}-purpose-err`} className="tb-field-error" data-testid="lookup-purpose-error">
              {fieldErrors.purpose.text}
            </p>
          )}
        </div>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden="true" />} loading={lookup.status === 'loading'} data-testid="lookup-submit">
          {t('officer.lookup.submit')}
        </Button>
      </form>
      <div ref={resultRef} tabIndex={-1} className="tb-lookup-result">
        {lookup.status === 'success' && <LookupResult person={lookup.person} />}
        {lookup.status === 'error' && <LookupProblem error={lookup.error} citizenId={lookup.citizenId} />}
      </div>
    </section>
  );
}

function LookupResult({ person }: { person: PersonView }) {
  const { t } = useTranslation();
  return (
    <article className="tb-result" data-testid="person-result">
      <h3 className="tb-result-title">
        {t('officer.lookup.resultFor', { name: person.name })} <DisclosureTag disclosure={person.disclosure} testId="person-disclosure" />
      </h3>
      <p className="tb-muted">{person.disclosure === 'full' ? t('officer.lookup.fullNote') : t('officer.lookup.maskedNote')}</p>
      <PersonFacts person={person} householdOrg={person.householdOrg ? <L text={person.householdOrg.name} /> : null} />
    </article>
  );
}

function LookupProblem({ error, citizenId }: { error: ApiError; citizenId: string }) {
  const { t } = useTranslation();
  const message = useErrorMessage(error);
  const title =
    error.status === 403 ? t('officer.lookup.forbidden') : error.status === 404 ? t('officer.lookup.notFound') : t('officer.lookup.failed');
  const detail = error.status === 404 && !error.problem?.message ? t('officer.lookup.notFoundDetail', { id: citizenId }) : message;
  return (
    <Alert
      className="tb-error"
      type={error.status === 404 ? 'warning' : 'error'}
      showIcon
      title={title}
      description={detail}
      data-testid="lookup-problem"
      data-status={error.status}
    />
  );
}
