/**
 * Answering a supplement request (补正): the one list of everything asked, with a control for each item that names a
 * form field (`/form/<field>`: a text input) or a material (`/materials/<key>`: a file, uploaded as in the apply
 * journey and sent as a MaterialEntry of kind `upload`), and a note. Sent with the case's revision; the case then
 * goes back to the state it paused in.
 */
import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Input } from 'antd';
import { CheckCircleFilled, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { useErrorMessage } from '../../shared/Feedback.tsx';
import { Field } from '../../shared/Field.tsx';
import { ApiError } from '../../shared/http.ts';
import { pick, useTextLang } from '../../shared/text.tsx';
import { useFormat } from '../../shared/format.ts';
import { uploadMaterial } from '../apply/apply.api.ts';
import { useAsync } from '../../shared/useAsync.ts';
import { getItem } from '../catalog/catalog.api.ts';
import { answerSupplement } from './cases.api.ts';
import { formFieldTitle } from './cases.labels.ts';
import { useEnumLabel } from '../apply/apply.labels.ts';
import type { CaseView, MaterialEntry, SupplementItem } from './cases.types.ts';
import { DueDate } from './CaseTags.tsx';
import { useCaseT } from './cases.i18n.ts';

type Target = { kind: 'form'; field: string } | { kind: 'material'; key: string } | { kind: 'none' };

/** What an item asks for, from its path. */
export function targetOf(path: string | null): Target {
  if (path?.startsWith('/form/')) return { kind: 'form', field: path.slice('/form/'.length) };
  if (path?.startsWith('/materials/')) return { kind: 'material', key: path.slice('/materials/'.length) };
  return { kind: 'none' };
}

/** Puts a value at a form path (`a/b` → {a: {b: v}}). */
function setPath(form: Record<string, unknown>, field: string, value: unknown): void {
  const parts = field.split('/').filter(Boolean);
  let node = form;
  parts.forEach((p, i) => {
    if (i === parts.length - 1) node[p] = value;
    else {
      const next = node[p];
      node = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : (node[p] = {} as Record<string, unknown>);
    }
  });
}

/** The item code and material id to upload a material of this case under (a bundle's keys are `CODE.materialId`). */
function uploadTarget(c: CaseView, key: string): { itemCode: string; materialId: string } {
  const dot = key.indexOf('.');
  if (c.kind === 'bundle' && dot > 0) return { itemCode: key.slice(0, dot), materialId: key.slice(dot + 1) };
  return { itemCode: c.itemCode, materialId: key };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What kind of control a form field takes, from its schema (a text input when unknown). */
type FieldKind = { kind: 'text' } | { kind: 'number'; integer: boolean } | { kind: 'boolean' } | { kind: 'enum'; values: string[] };
function fieldKind(schema: unknown, field: string): FieldKind {
  const props = isObj(schema) && isObj(schema.properties) ? schema.properties : {};
  const prop = props[field];
  if (!isObj(prop)) return { kind: 'text' };
  if (Array.isArray(prop.enum)) return { kind: 'enum', values: prop.enum.filter((v): v is string => typeof v === 'string') };
  if (prop.type === 'boolean') return { kind: 'boolean' };
  if (prop.type === 'integer' || prop.type === 'number') return { kind: 'number', integer: prop.type === 'integer' };
  return { kind: 'text' };
}

/** The value to send for what was typed or chosen. */
function valueOf(kind: FieldKind, raw: string): unknown {
  const v = raw.trim();
  if (kind.kind === 'boolean') return v === 'true';
  if (kind.kind === 'number') {
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }
  return v;
}

interface Uploaded {
  fileId: string;
  name: string;
}

export function SupplementForm({ c, onDone, onStale }: { c: CaseView; onDone: (next: CaseView) => void; onStale: () => void }) {
  const ct = useCaseT();
  const lang = useTextLang();
  const f = useFormat();
  const id = useId();
  const s = c.supplement;
  const [values, setValues] = useState<Record<number, string>>({});
  const [files, setFiles] = useState<Record<number, Uploaded>>({});
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [staleNote, setStaleNote] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const failureMessage = useErrorMessage(failure ?? new ApiError(0, undefined));
  // the labels of the fields asked for, from the item's published form (a bundle's fields keep their names)
  const asksFields = !!s?.items.some((i) => targetOf(i.path).kind === 'form');
  const item = useAsync((signal) => (asksFields && c.kind === 'item' ? getItem(c.itemCode, undefined, signal) : Promise.resolve(null)), [asksFields, c.kind, c.itemCode]);
  const schema = item.data?.definition.form?.schema;
  if (!s) return null;
  const items = s.items;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<number, string> = {};
    items.forEach((item, i) => {
      const target = targetOf(item.path);
      if (target.kind === 'form' && !(values[i] ?? '').trim()) missing[i] = ct('cases.supplement.missingValue');
      if (target.kind === 'material' && !files[i]) missing[i] = ct('cases.supplement.missingFile');
    });
    setErrors(missing);
    setFailure(null);
    setStaleNote(false);
    const first = Object.keys(missing)[0];
    if (first !== undefined) {
      document.getElementById(`${id}-item-${first}`)?.focus();
      return;
    }
    const form: Record<string, unknown> = {};
    const materials: Record<string, MaterialEntry | null> = {};
    items.forEach((item, i) => {
      const target = targetOf(item.path);
      if (target.kind === 'form') setPath(form, target.field, valueOf(fieldKind(schema, target.field), values[i] ?? ''));
      const file = files[i];
      if (target.kind === 'material' && file) materials[target.key] = { kind: 'upload', fileId: file.fileId };
    });
    setBusy(true);
    try {
      const next = await answerSupplement(c.id, {
        revision: c.revision,
        ...(Object.keys(form).length ? { form } : {}),
        ...(Object.keys(materials).length ? { materials } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone(next);
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, undefined);
      if (error.status === 409) {
        // changed meanwhile (or no longer waiting for a supplement): show the case as it is now
        setStaleNote(true);
        onStale();
        return;
      }
      // field errors next to the items they name
      const byPath: Record<number, string> = {};
      for (const fe of error.problem?.errors ?? []) {
        const i = items.findIndex((item) => item.path && (fe.path === item.path || fe.path.startsWith(`${item.path}/`)));
        if (i >= 0) byPath[i] = pick(fe.message, lang);
      }
      setErrors(byPath);
      setFailure(error);
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tb-supplement">
      <p className="tb-note tb-note--info">{ct('cases.supplement.intro')}</p>
      <dl className="tb-meta">
        {s.requestedAt && (
          <div>
            <dt>{ct('cases.supplement.requestedAt')}</dt>
            <dd><time dateTime={s.requestedAt}>{f.dateTime(s.requestedAt)}</time></dd>
          </div>
        )}
        {s.dueDate && (
          <div>
            <dt>{ct('cases.supplement.dueDate')}</dt>
            <dd><DueDate date={s.dueDate} provisional={false} /></dd>
          </div>
        )}
      </dl>
      {s.note && (
        <p className="tb-supplement-note">
          {ct('cases.supplement.officerNote')}
          {s.note}
        </p>
      )}
      <form className="tb-form tb-form--wide" noValidate onSubmit={(e) => void submit(e)} data-testid="supplement-form">
        <ol className="tb-supplement-items" data-testid="supplement-items">
          {items.map((item, i) => (
            <SupplementRow
              key={i}
              c={c}
              fieldLabel={(field) => formFieldTitle(schema, field, lang)}
              fieldKind={(field) => fieldKind(schema, field)}
              item={item}
              controlId={`${id}-item-${i}`}
              value={values[i] ?? ''}
              file={files[i]}
              error={errors[i]}
              disabled={busy}
              onValue={(v) => setValues((prev) => ({ ...prev, [i]: v }))}
              onFile={(u) => {
                setFiles((prev) => ({ ...prev, [i]: u }));
                setErrors((prev) => {
                  const { [i]: _gone, ...rest } = prev;
                  return rest;
                });
              }}
            />
          ))}
        </ol>
        <Field id={`${id}-note`} label={ct('cases.supplement.note')} hint={ct('cases.supplement.noteHint')}>
          {(p) => <Input.TextArea {...p} data-testid="supplement-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} autoSize={{ minRows: 2 }} />}
        </Field>
        <div ref={summaryRef} tabIndex={-1}>
          {staleNote && <Alert type="warning" showIcon role="alert" title={ct('cases.supplement.stale')} />}
          {failure && <Alert type="error" showIcon role="alert" title={ct('cases.supplement.failed')} description={failureMessage} />}
        </div>
        <Button type="primary" htmlType="submit" icon={<SendOutlined aria-hidden="true" />} loading={busy} data-testid="supplement-submit">
          {ct('cases.supplement.submit')}
        </Button>
      </form>
    </div>
  );
}

function SupplementRow(props: {
  c: CaseView;
  fieldLabel: (field: string) => string;
  fieldKind: (field: string) => FieldKind;
  item: SupplementItem;
  controlId: string;
  value: string;
  file: Uploaded | undefined;
  error: string | undefined;
  disabled: boolean;
  onValue: (v: string) => void;
  onFile: (u: Uploaded) => void;
}) {
  const { c, fieldLabel, fieldKind: kindOf, item, controlId, value, file, error, disabled, onValue, onFile } = props;
  const enumLabel = useEnumLabel();
  const { t } = useTranslation();
  const ct = useCaseT();
  const lang = useTextLang();
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const target = targetOf(item.path);
  const messageId = `${controlId}-message`;
  const errorId = `${controlId}-error`;
  const shownError = uploadError ?? error;

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    const chosen = input.files?.[0];
    if (!chosen || target.kind !== 'material') return;
    setUploading(true);
    setUploadError(null);
    try {
      const { itemCode, materialId } = uploadTarget(c, target.key);
      const stored = await uploadMaterial(itemCode, materialId, chosen);
      onFile({ fileId: stored.id, name: chosen.name });
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, undefined);
      const p = apiError.problem;
      const details = (p?.errors ?? []).map((x) => pick(x.message, lang));
      setUploadError([p?.message ? pick(p.message, lang) : apiError.status === 0 ? t('error.network') : t('error.generic', { status: apiError.status }), ...details].join(' '));
    } finally {
      setUploading(false);
      input.value = '';
    }
  };

  return (
    <li className={['tb-supplement-item', shownError ? 'tb-field--error' : ''].filter(Boolean).join(' ')} data-testid="supplement-item" data-path={item.path ?? ''}>
      <p className="tb-supplement-message" id={messageId}>{item.message}</p>
      {target.kind === 'form' && (
        <div className="tb-field">
          <label className="tb-label" htmlFor={controlId}>
            {ct('cases.supplement.fieldLabel', { field: fieldLabel(target.field) })}
          </label>
          {(() => {
            const kind = kindOf(target.field);
            const common = {
              id: controlId,
              'data-testid': 'supplement-field',
              'data-field': target.field,
              disabled,
              'aria-required': true,
              'aria-invalid': shownError ? true : undefined,
              'aria-describedby': [messageId, shownError ? errorId : null].filter(Boolean).join(' '),
            } as const;
            if (kind.kind === 'enum' || kind.kind === 'boolean') {
              const options = kind.kind === 'boolean'
                ? [{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]
                : kind.values.map((v) => ({ value: v, label: enumLabel(v) ?? v }));
              return (
                <select {...common} className="tb-select" value={value} onChange={(e) => onValue(e.target.value)}>
                  <option value="">{ct('cases.supplement.choose')}</option>
                  {options.map((o) => (
                    <option key={o.value} value={o.value}>{o.label}</option>
                  ))}
                </select>
              );
            }
            return (
              <Input
                {...common}
                value={value}
                inputMode={kind.kind === 'number' ? (kind.integer ? 'numeric' : 'decimal') : undefined}
                onChange={(e) => onValue(e.target.value)}
                maxLength={500}
                status={shownError ? 'error' : undefined}
              />
            );
          })()}
        </div>
      )}
      {target.kind === 'material' && (
        <div className="tb-field">
          {file && (
            <p className="tb-material-line" data-testid="supplement-file">
              <CheckCircleFilled aria-hidden="true" /> {ct('cases.supplement.uploaded', { name: file.name })}
            </p>
          )}
          <span className="tb-file">
            <input
              type="file"
              id={controlId}
              data-testid="supplement-upload"
              data-material={target.key}
              className="tb-file-input"
              accept=".jpg,.jpeg,.png,.pdf,.ofd,.doc,.docx"
              disabled={disabled || uploading}
              aria-required="true"
              aria-invalid={shownError ? true : undefined}
              aria-describedby={[messageId, shownError ? errorId : null].filter(Boolean).join(' ')}
              onChange={(e) => void upload(e)}
            />
            <label htmlFor={controlId} className="tb-button-link tb-file-label">
              <UploadOutlined aria-hidden="true" />
              {uploading ? ct('cases.supplement.uploading') : file ? t('apply.materials.replace') : t('apply.materials.choose')}
              <span className="tb-visually-hidden">{ct('cases.supplement.forItem', { message: item.message })}</span>
            </label>
          </span>
        </div>
      )}
      {shownError && (
        <p className="tb-field-error" id={errorId} role={uploadError ? 'alert' : undefined}>
          {shownError}
        </p>
      )}
    </li>
  );
}
