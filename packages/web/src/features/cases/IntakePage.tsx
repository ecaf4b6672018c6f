/**
 * 窗口收件 (一窗通办, /officer/intake): a window officer files an application for a citizen who is at the counter.
 * Enter the citizen's ID number and pick the item (searched in the catalog); the server starts a draft with the
 * citizen's data prefilled. The officer completes the form (the apply journey's form renderer; prefilled fields are
 * read-only with their source) and the materials, saves, and submits once (an Idempotency-Key kept for the draft, so
 * a retried submit cannot file twice); the case is accepted at this window at once and opens on the workbench.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ChangeEvent, type FormEvent, type ReactNode, type RefObject } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Input, Select, type InputRef } from 'antd';
import { CheckCircleFilled, SaveOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import type CoreForm from '@rjsf/core';
import type { RJSFValidationError } from '@rjsf/utils';
import { FailureAlert, useErrorMessage } from '../../shared/Feedback.tsx';
import { Field } from '../../shared/Field.tsx';
import { ApiError } from '../../shared/http.ts';
import { L, pick, useTextLang } from '../../shared/text.tsx';
import { usePageTitle } from '../../shared/usePageTitle.ts';
import { searchItems } from '../catalog/catalog.api.ts';
import type { ItemSummary } from '../catalog/catalog.types.ts';
import { newIdempotencyKey } from '../apply/apply.api.ts';
import type { ApplicationMaterial, ApplicationPatch, ApplicationView } from '../apply/apply.types.ts';
import { encodeName, formChanges, prepareForm, withoutEmpty } from '../apply/applyForm.schema.ts';
import type { ApplyFormContext } from '../apply/applyForm.theme.tsx';
import { ApplyForm } from '../apply/ApplyForm.tsx';
import { useEnumLabel } from '../apply/apply.labels.ts';
import { saveIntake, startIntake, submitIntake, uploadIntakeMaterial } from './cases.api.ts';
import { useCaseT } from './cases.i18n.ts';
import './cases.css';

/** How long typing in the item search pauses before the catalog is asked. */
const SEARCH_DELAY_MS = 300;

type Obj = Record<string, unknown>;

export function IntakePage() {
  const ct = useCaseT();
  usePageTitle(ct('intake.title'));
  const [view, setView] = useState<ApplicationView | null>(null);
  const draftRef = useRef<HTMLHeadingElement>(null);

  return (
    <div className="tb-page tb-intake" data-testid="intake">
      <p className="tb-back">
        <Link to="/officer/cases">{ct('workbench.back')}</Link>
      </p>
      <h1>{ct('intake.title')}</h1>
      <p className="tb-lead">{ct('intake.intro')}</p>
      <StartForm
        onStarted={(v) => {
          setView(v);
          requestAnimationFrame(() => draftRef.current?.focus());
        }}
      />
      {view && <Draft key={view.id} initial={view} headingRef={draftRef} />}
    </div>
  );
}

/** Citizen ID number, item, optional purpose → POST /api/v1/officer/intake. */
function StartForm({ onStarted }: { onStarted: (view: ApplicationView) => void }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const lang = useTextLang();
  const id = useId();
  const [citizenId, setCitizenId] = useState('');
  const [itemCode, setItemCode] = useState<string | undefined>(undefined);
  const [purpose, setPurpose] = useState('');
  const [errors, setErrors] = useState<{ citizenId?: string; itemCode?: string }>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [items, setItems] = useState<ItemSummary[]>([]);
  const [searching, setSearching] = useState(false);
  const idRef = useRef<InputRef>(null);
  const timer = useRef<number | null>(null);
  const controller = useRef<AbortController | null>(null);
  const failureMessage = useErrorMessage(failure ?? new ApiError(0, undefined));

  const search = useCallback((q: string) => {
    controller.current?.abort();
    const ctl = new AbortController();
    controller.current = ctl;
    setSearching(true);
    searchItems({ q: q || undefined, page: 1, pageSize: 20 }, ctl.signal).then(
      (page) => {
        if (ctl.signal.aborted) return;
        setItems(page.items);
        setSearching(false);
      },
      () => {
        if (!ctl.signal.aborted) setSearching(false);
      },
    );
  }, []);

  useEffect(() => {
    search('');
    return () => {
      controller.current?.abort();
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [search]);

  const onSearch = (q: string) => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => search(q.trim()), SEARCH_DELAY_MS);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (!citizenId.trim()) found.citizenId = ct('intake.errors.citizenId');
    if (!itemCode) found.itemCode = ct('intake.errors.item');
    setErrors(found);
    setFailure(null);
    if (found.citizenId) {
      idRef.current?.focus();
      return;
    }
    if (found.itemCode || !itemCode) {
      document.getElementById(`${id}-item`)?.focus();
      return;
    }
    setBusy(true);
    try {
      onStarted(await startIntake(citizenId.trim(), itemCode, purpose.trim() || undefined));
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, undefined);
      const byField: typeof errors = {};
      for (const fe of error.problem?.errors ?? []) {
        if (fe.path === '/citizenId') byField.citizenId = pick(fe.message, lang);
        if (fe.path === '/itemCode') byField.itemCode = pick(fe.message, lang);
      }
      if (byField.citizenId || byField.itemCode) {
        setErrors(byField);
        if (byField.citizenId) idRef.current?.focus();
      } else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="tb-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{ct('intake.start')}</h2>
      <form className="tb-form" noValidate onSubmit={(e) => void submit(e)} data-testid="intake-form">
        <Field id={`${id}-cid`} label={ct('intake.citizenId')} hint={ct('intake.citizenIdHint')} error={errors.citizenId} required>
          {(p) => (
            <Input
              {...p}
              ref={idRef}
              data-testid="intake-citizen-id"
              value={citizenId}
              onChange={(e) => setCitizenId(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              maxLength={32}
              status={errors.citizenId ? 'error' : undefined}
            />
          )}
        </Field>
        <Field id={`${id}-item`} labelId={`${id}-item-label`} label={ct('intake.item')} hint={ct('intake.itemHint')} error={errors.itemCode} required>
          {(p) => (
            <Select
              {...p}
              data-testid="intake-item"
              className="tb-intake-item"
              showSearch={{ filterOption: false, onSearch }}
              value={itemCode}
              onChange={(v: string) => {
                setItemCode(v);
                setErrors((e) => ({ ...e, itemCode: undefined }));
              }}
              placeholder={ct('intake.itemPlaceholder')}
              loading={searching}
              notFoundContent={searching ? t('common.loading') : ct('intake.noItems')}
              options={items.map((it) => ({ value: it.code, label: `${pick(it.name, lang)} (${it.code})` }))}
              status={errors.itemCode ? 'error' : undefined}
              style={{ width: '100%' }}
              popupRender={(menu) => <LabelledPopup labelId={`${id}-item-label`}>{menu}</LabelledPopup>}
            />
          )}
        </Field>
        <Field id={`${id}-purpose`} label={ct('intake.purpose')} hint={ct('intake.purposeHint')}>
          {(p) => <Input {...p} data-testid="intake-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={200} />}
        </Field>
        {failure && <Alert type="error" showIcon role="alert" title={ct('intake.errors.startFailed')} description={failureMessage} />}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="intake-start">
          {ct('intake.startButton')}
        </Button>
      </form>
    </section>
  );
}

/**
 * The item list's popup: antd gives its listbox no name (axe: aria-input-field-name), so it is labelled by the
 * field's label after each render.
 */
function LabelledPopup({ labelId, children }: { labelId: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.querySelectorAll('[role="listbox"]').forEach((el) => el.setAttribute('aria-labelledby', labelId));
  });
  return <div ref={ref}>{children}</div>;
}

/** The draft: its form and materials, saved with PUT and submitted once. */
function Draft({ initial, headingRef }: { initial: ApplicationView; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { t } = useTranslation();
  const ct = useCaseT();
  const lang = useTextLang();
  const navigate = useNavigate();
  const enumLabel = useEnumLabel();
  const [view, setView] = useState(initial);
  const latest = useRef(initial);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [saving, setSaving] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [announce, setAnnounce] = useState('');
  const formRef = useRef<CoreForm>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  const failureMessage = useErrorMessage(failure ?? new ApiError(0, undefined));

  const prefill = view.form.prefill;
  const formKey = JSON.stringify([view.form.schema, view.form.uiSchema, Object.keys(prefill), lang]);
  const prepared = useMemo(() => {
    // no dispute link at the counter: prefilled fields are plain read-only fields naming their source
    const p = prepareForm({ ...view.form, prefill: {} }, { lang, enumLabel, yes: t('common.yes'), no: t('common.no') });
    const ui = p.uiSchema as Obj;
    for (const [field, entry] of Object.entries(prefill)) {
      if (field.includes('.')) continue;
      const key = encodeName(field);
      const fieldUi = (typeof ui[key] === 'object' && ui[key] !== null ? ui[key] : {}) as Obj;
      ui[key] = { ...fieldUi, 'ui:readonly': true, 'ui:help': ct('intake.fromSource', { source: pick(entry.sourceName, lang) }) };
    }
    return p;
    // the form depends on its content and the language, not on the identity of the view of each save
  }, [formKey]);
  const initialValues = useMemo(() => {
    const fromPrefill = Object.fromEntries(Object.entries(prefill).map(([k, e]) => [k, e.value]));
    return prepared.toForm(withoutEmpty({ ...fromPrefill, ...view.form.values }));
  }, [prepared]);
  const [formData, setFormData] = useState<Obj>(initialValues);
  const dataRef = useRef(formData);
  dataRef.current = formData;

  const save = async (patch: ApplicationPatch): Promise<ApplicationView> => {
    const next = await saveIntake(latest.current.id, latest.current.revision, patch);
    latest.current = next;
    setView(next);
    return next;
  };

  /** Saves the form's changes; resolves true when nothing is left unsaved. */
  const flush = async (): Promise<boolean> => {
    const v = latest.current;
    const changes = formChanges(prepared.fromForm(dataRef.current), v.form.values, v.form.prefill, v.form.schema);
    if (!changes) return true;
    setSaving(true);
    try {
      await save({ form: changes });
      return true;
    } catch (err) {
      fail(err);
      return false;
    } finally {
      setSaving(false);
    }
  };

  const fail = (err: unknown) => {
    setFailure(err instanceof ApiError ? err : new ApiError(0, undefined));
    requestAnimationFrame(() => failureRef.current?.focus());
  };

  const saveNow = async () => {
    setFailure(null);
    setAnnounce('');
    if (await flush()) setAnnounce(ct('intake.saved'));
  };

  const submit = async () => {
    setFailure(null);
    setAnnounce('');
    const valid = formRef.current?.validateForm() ?? true;
    if (!valid) return;
    if (!(await flush())) return;
    setSubmitting(true);
    try {
      const c = await submitIntake(latest.current.id, idempotencyKey);
      // the case goes on to the competent org, which may be outside this window's jurisdiction: the case page shows
      // the view the submit returned when it cannot read the case again
      navigate(`/officer/cases/${encodeURIComponent(c.id)}`, { state: { submitted: c } });
    } catch (err) {
      fail(err);
    } finally {
      setSubmitting(false);
    }
  };

  const transformErrors = useCallback(
    (list: RJSFValidationError[]) =>
      list.map((e) => {
        const message = e.name === 'required' ? t('apply.validation.required') : e.name === 'pattern' ? t('apply.validation.pattern') : t('apply.validation.generic');
        return { ...e, message, stack: message };
      }),
    [t],
  );
  const context: ApplyFormContext = useMemo(() => ({ onDispute: () => undefined, disputes: {} }), []);
  const problems = failure?.problem?.errors ?? [];

  return (
    <section className="tb-section tb-intake-draft" aria-labelledby="intake-draft-heading" data-testid="intake-draft" data-application={view.id}>
      <h2 id="intake-draft-heading" ref={headingRef} tabIndex={-1}>
        {ct('intake.draftTitle')}
        {t('common.listSeparator')}
        <L text={view.name} />
      </h2>
      {view.precheck.eligible === 'no' && <p className="tb-note" data-testid="intake-ineligible">{ct('intake.ineligible')}</p>}
      {Object.keys(prefill).length > 0 && <p className="tb-note tb-note--info">{ct('intake.prefillNote', { count: Object.keys(prefill).length })}</p>}

      <h3>{ct('intake.form')}</h3>
      <div data-testid="intake-application-form">
        <ApplyForm
          ref={formRef}
          form={prepared}
          formData={formData}
          formContext={context}
          focusOnFirstError
          transformErrors={transformErrors}
          onChange={(e) => setFormData(e.formData as Obj)}
          // Enter in a field saves; filing the application is only ever the explicit button
          onSubmit={() => void saveNow()}
          idPrefix="intake"
        />
      </div>

      <h3>{ct('intake.materials')}</h3>
      <ol className="tb-material-list" data-testid="intake-materials">
        {view.materials.map((m) => (
          <IntakeMaterial key={m.id} view={view} material={m} save={save} />
        ))}
      </ol>

      <p className="tb-visually-hidden" role="status">{announce}</p>
      <div ref={failureRef} tabIndex={-1}>
        {failure && (
          <FailureAlert className="tb-error" testId="intake-error" title={ct('intake.errors.failed')} message={failureMessage} details={problems.map((p) => pick(p.message, lang))} />
        )}
      </div>
      <div className="tb-step-actions">
        <Button icon={<SaveOutlined aria-hidden="true" />} onClick={() => void saveNow()} loading={saving} data-testid="intake-save">
          {ct('intake.save')}
        </Button>
        <Button type="primary" icon={<SendOutlined aria-hidden="true" />} onClick={() => void submit()} loading={submitting} data-testid="intake-submit">
          {ct('intake.submit')}
        </Button>
      </div>
    </section>
  );
}

const EXEMPT = new Set(['license', 'dataSource', 'itemOutput']);

/** A material of the draft: exempt ones say so; the others take a file uploaded at the counter. */
function IntakeMaterial({ view, material: m, save }: { view: ApplicationView; material: ApplicationMaterial; save: (patch: ApplicationPatch) => Promise<ApplicationView> }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const state = m.state;
  const exempt = !!state && EXEMPT.has(state.kind);

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    setStatus(t('apply.materials.uploading', { name: file.name }));
    try {
      const stored = await uploadIntakeMaterial(view.id, view.code, m.id, file);
      await save({ materials: { [m.id]: { kind: 'upload', fileId: stored.id } } });
      setStatus(t('apply.materials.uploaded', { name: file.name }));
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, undefined);
      const p = apiError.problem;
      setStatus('');
      setError([p?.message ? pick(p.message, lang) : apiError.status === 0 ? t('error.network') : t('error.generic', { status: apiError.status }), ...(p?.errors ?? []).map((x) => pick(x.message, lang))].join(' '));
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  return (
    <li className="tb-material" data-testid={`intake-material-${m.id}`} data-state={state?.kind ?? 'none'} aria-labelledby={`${id}-name`}>
      <div className="tb-material-head">
        <h4 className="tb-material-title" id={`${id}-name`}>
          <L text={m.name} />
        </h4>
        <span className={`tb-tag tb-tag--${m.necessity}`}>{t(`enums.necessity.${m.necessity}`)}</span>
      </div>
      {exempt ? (
        <p className="tb-exempt">{t('apply.materials.exempt')}</p>
      ) : (
        <>
          {state?.kind === 'upload' && (
            <p className="tb-material-line">
              <CheckCircleFilled aria-hidden="true" /> {t('apply.materials.state.uploaded')}
            </p>
          )}
          {state?.kind === 'deferred' && <p className="tb-material-line">{t('apply.materials.state.deferred')}</p>}
          {state?.kind === 'commitment' && <p className="tb-material-line">{t('apply.materials.state.committed')}</p>}
          <span className="tb-file">
            <input
              type="file"
              id={`${id}-file`}
              data-testid={`intake-upload-${m.id}`}
              className="tb-file-input"
              accept={m.formats.map((x) => (x === 'jpg' ? '.jpg,.jpeg' : `.${x}`)).join(',')}
              disabled={busy}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => void upload(e)}
            />
            <label htmlFor={`${id}-file`} className="tb-button-link tb-file-label">
              <UploadOutlined aria-hidden="true" />
              {state?.kind === 'upload' ? t('apply.materials.replace') : t('apply.materials.choose')}
              <span className="tb-visually-hidden">{t('apply.materials.forMaterial', { name: pick(m.name, lang) })}</span>
            </label>
          </span>
        </>
      )}
      <p className="tb-material-status" role="status">{status}</p>
      {error && (
        <p className="tb-field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
