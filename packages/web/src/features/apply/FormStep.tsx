/**
 * Step 2, 填写表单: the item's (or the bundle's merged) form rendered by react-jsonschema-form with the Ant Design
 * theme, validated in the browser with the same JSON Schema the server checks. Prefilled fields are read-only with
 * their source and a 数据异议 link; changes are saved as a draft a moment after typing stops, and at once with 保存草稿.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, SaveOutlined } from '@ant-design/icons';
import type CoreForm from '@rjsf/core';
import type { ErrorSchema, RJSFValidationError } from '@rjsf/utils';
import { useErrorMessage } from '../../shared/Feedback.tsx';
import { ApiError } from '../../shared/http.ts';
import { pick, useTextLang } from '../../shared/text.tsx';
import { useFormat } from '../../shared/format.ts';
import type { ApplicationView, Dispute } from './apply.types.ts';
import { decodeName, encodeName, formChanges, prepareForm, withoutEmpty } from './applyForm.schema.ts';
import type { ApplyFormContext } from './applyForm.theme.tsx';
import { ApplyForm } from './ApplyForm.tsx';
import { DisputeDialog } from './DisputeDialog.tsx';
import type { Draft } from './useApplication.ts';
import { problemCode } from './useApplication.ts';
import { useEnumLabel } from './apply.labels.ts';
import type { Go } from './apply.steps.ts';

/** Autosave waits this long after the last change. */
const AUTOSAVE_MS = 1200;

type Obj = Record<string, unknown>;

/** The id rjsf gives a (server) field's control: root_<name>, dots in names kept as encoded. */
export const fieldId = (field: string) => `root_${field.split('/').map(encodeName).join('_')}`;

export function FormStep({ view, draft, go, stepRef }: { view: ApplicationView; draft: Draft; go: Go; stepRef: RefObject<HTMLElement | null> }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const f = useFormat();
  const location = useLocation();
  const enumLabel = useEnumLabel();
  const formKey = JSON.stringify([view.form.schema, view.form.uiSchema, Object.keys(view.form.prefill), lang]);
  const prepared = useMemo(
    () => prepareForm(view.form, { lang, enumLabel, yes: t('common.yes'), no: t('common.no') }),
    // the form depends on its content and the language, not on the identity of the view object of each save
    [formKey],
  );
  const [formData, setFormData] = useState<Obj>(() => prepared.toForm(withoutEmpty(view.form.values)));
  const [errors, setErrors] = useState<RJSFValidationError[]>([]);
  const [tried, setTried] = useState(false);
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>(undefined);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [announce, setAnnounce] = useState('');
  const [disputeField, setDisputeField] = useState<string | null>(null);
  const [raised, setRaised] = useState<Record<string, Dispute>>({});
  const formRef = useRef<CoreForm>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const timer = useRef<number | null>(null);
  const dataRef = useRef(formData);
  dataRef.current = formData;
  const viewRef = useRef(view);
  viewRef.current = view;
  const { save } = draft;

  /** Saves what changed since the server's copy; resolves true when nothing is left unsaved. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    const v = viewRef.current;
    const changes = formChanges(prepared.fromForm(dataRef.current), v.form.values, v.form.prefill, v.form.schema);
    if (!changes) return true;
    try {
      await save({ form: changes });
      setSaveError(null);
      setExtraErrors(undefined);
      return true;
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, undefined);
      if (problemCode(error) === 'application.prefill_overwrite') {
        // a prefilled value was changed (it cannot be here, but say where if it happens): put it back and explain
        const schema: Obj = {};
        for (const e of error.problem?.errors ?? []) {
          const field = e.path.replace(/^\/form\//, '');
          schema[encodeName(field)] = { __errors: [pick(e.message, lang)] };
        }
        setExtraErrors(schema as ErrorSchema);
        setFormData((d) => ({ ...d, ...prepared.toForm(Object.fromEntries(Object.entries(v.form.prefill).map(([k, p]) => [k, p.value]))) }));
      }
      setSaveError(error);
      return false;
    }
  }, [save, prepared, lang]);

  const schedule = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = null;
      void flush();
    }, AUTOSAVE_MS);
  };

  // Leaving the step (or the page) saves what is pending; closing the tab with unsaved changes asks first.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (timer.current === null) return;
      e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      if (timer.current !== null) void flush();
    };
  }, [flush]);

  // validation asked for by the page itself (not by a submit) does not move focus to the error summary
  const quiet = useRef(false);
  const validate = useCallback((silent = false): boolean => {
    setTried(true);
    quiet.current = silent;
    const ok = formRef.current?.validateForm() ?? true;
    quiet.current = false;
    return ok;
  }, []);

  // Arriving from the pre-review checklist: show every error at once, then focus the field (done by the page).
  const fromChecklist = (location.state as { focus?: string } | null)?.focus;
  useEffect(() => {
    if (fromChecklist) validate(true);
  }, [fromChecklist, validate]);

  const transformErrors = useCallback(
    (list: RJSFValidationError[]) =>
      list.map((e) => {
        const p = (e.params ?? {}) as Record<string, unknown>;
        let message: string;
        switch (e.name) {
          case 'required': message = t('apply.validation.required'); break;
          case 'pattern': message = t('apply.validation.pattern'); break;
          case 'format': message = p.format === 'date' ? t('apply.validation.date') : p.format === 'date-time' ? t('apply.validation.dateTime') : t('apply.validation.format'); break;
          case 'maxLength': message = t('apply.validation.maxLength', { count: Number(p.limit) }); break;
          case 'minLength': message = t('apply.validation.minLength', { count: Number(p.limit) }); break;
          case 'minimum': message = t('apply.validation.minimum', { limit: String(p.limit) }); break;
          case 'maximum': message = t('apply.validation.maximum', { limit: String(p.limit) }); break;
          case 'minItems': message = t('apply.validation.minItems', { count: Number(p.limit) }); break;
          case 'enum': message = t('apply.validation.enum'); break;
          case 'type': message = t('apply.validation.type'); break;
          default: message = t('apply.validation.generic');
        }
        return { ...e, message, stack: message };
      }),
    [t],
  );

  const next = async () => {
    const valid = validate();
    const saved = await flush();
    if (valid && saved) go('materials');
  };

  const saveNow = async () => {
    setAnnounce('');
    if (await flush()) setAnnounce(t('apply.form.saved', { time: f.dateTime(new Date().toISOString()) }));
  };

  const context: ApplyFormContext = useMemo(
    () => ({
      onDispute: setDisputeField,
      disputes: Object.fromEntries([...view.disputes, ...Object.values(raised)].filter((d) => d.status !== 'closed').map((d) => [d.field, d])),
    }),
    [view.disputes, raised],
  );
  const prefillCount = Object.keys(view.form.prefill).length;
  const shownErrors = tried ? errors : [];
  const saveMessage = useErrorMessage(saveError ?? new ApiError(0, undefined));

  return (
    <div className="tb-apply-form" data-testid="apply-form">
      <p>{t('apply.form.intro')}</p>
      {prefillCount > 0 && (
        <p className="tb-note tb-note--info" data-testid="prefill-note">
          {t('apply.form.prefillNote', { count: prefillCount })}
        </p>
      )}
      <p className="tb-hint">{t('apply.form.requiredNote')}</p>

      <div ref={summaryRef} tabIndex={-1} className="tb-error-summary-wrap">
        {shownErrors.length > 0 && (
          <div className="tb-error-summary" role="alert" data-testid="form-errors">
            <h3>{t('apply.form.errorsTitle', { count: shownErrors.length })}</h3>
            <ul>
              {shownErrors.map((e, i) => {
                const path = (e.property ?? '').replace(/^\./, '');
                const id = path ? `root_${path.split('.').join('_')}` : 'root';
                const field = path.split('.')[0] ?? '';
                return (
                  <li key={i}>
                    <a
                      href={`#${id}`}
                      onClick={(ev) => {
                        ev.preventDefault();
                        document.getElementById(id)?.focus();
                      }}
                    >
                      <span lang={prepared.labelLangOf(decodeName(field))}>{prepared.labelOf(decodeName(field))}</span>
                      {t('apply.form.fieldSep')}
                      {e.message}
                    </a>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </div>

      <ApplyForm
        ref={formRef}
        form={prepared}
        formData={formData}
        formContext={context}
        liveValidate={tried ? 'onChange' : undefined}
        transformErrors={transformErrors}
        extraErrors={extraErrors}
        onError={(list) => {
          setErrors(list);
          setTried(true);
          if (!quiet.current) requestAnimationFrame(() => summaryRef.current?.focus());
        }}
        onChange={(e) => {
          setFormData(e.formData as Obj);
          if (tried) setErrors(e.errors);
          schedule();
        }}
        onSubmit={() => void next()}
        idPrefix="root"
      >
        <div className="tb-step-actions">
          <Button icon={<ArrowLeftOutlined aria-hidden="true" />} onClick={() => void flush().then(() => go('precheck'))} data-testid="step-back">
            {t('apply.back')}
          </Button>
          <Button icon={<SaveOutlined aria-hidden="true" />} onClick={() => void saveNow()} loading={draft.saving} data-testid="form-save">
            {t('apply.form.save')}
          </Button>
          <Button type="primary" icon={<ArrowRightOutlined aria-hidden="true" />} onClick={() => void next()} data-testid="step-next">
            {t('apply.next')}
          </Button>
        </div>
      </ApplyForm>

      <p className="tb-save-state" data-testid="save-state">
        {draft.saving ? t('apply.form.saving') : draft.savedAt ? t('apply.form.autosaved', { time: f.dateTime(draft.savedAt.toISOString()) }) : ''}
      </p>
      <p className="tb-visually-hidden" role="status">{announce}</p>
      {saveError && (
        <Alert type="error" showIcon role="alert" className="tb-error" data-testid="save-error" title={t('apply.form.saveFailed')} description={saveMessage}
          action={<Button onClick={() => void saveNow()}>{t('common.retry')}</Button>} />
      )}

      {disputeField && (
        <DisputeDialog
          view={view}
          field={disputeField}
          label={prepared.labelOf(disputeField)}
          onClose={(dispute) => {
            const field = disputeField;
            setDisputeField(null);
            if (dispute) setRaised((r) => ({ ...r, [dispute.field]: dispute }));
            // back to the field's own link (or its source line once the dispute is open)
            requestAnimationFrame(() => {
              const root = stepRef.current ?? document;
              const el = root.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"] .tb-link-button, [data-field="${CSS.escape(field)}"] input`);
              el?.focus();
            });
          }}
        />
      )}
    </div>
  );
}
