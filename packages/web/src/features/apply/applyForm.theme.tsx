/**
 * The react-jsonschema-form theme of the application form: @rjsf/antd for the layout of objects and arrays, with
 * its own field template and widgets so that every control has a real label (a group is labelled by its title),
 * errors are tied to their control (aria-describedby, aria-invalid), dates use the device's date picker, choices
 * are native selects or radio lists, and a prefilled field is read-only with its source and a 数据异议 link.
 * The antd controls follow the app's ConfigProvider, so elderly mode's larger type and targets apply here too.
 */
import type { ChangeEvent, FocusEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Input, InputNumber, Radio } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type {
  BaseInputTemplateProps, FieldErrorProps, FieldHelpProps, FieldTemplateProps, RegistryWidgetsType, TemplatesType, WidgetProps,
} from '@rjsf/utils';
import {
  descriptionId, enumOptionSelectedValue, enumOptionValueDecoder, enumOptionValueEncoder, errorId, getInputProps, getOptionValueFormat,
  getUiOptions, helpId, localToUTC, optionId, titleId, utcToLocal,
} from '@rjsf/utils';
import { pick, useTextLang } from '../../shared/text.tsx';
import type { Dispute } from './apply.types.ts';
import { decodeName, type FieldUiOptions } from './applyForm.schema.ts';

/** What the form's templates need from the page. */
export interface ApplyFormContext {
  /** opens the data-dispute dialog for a prefilled (server) field */
  onDispute: (field: string) => void;
  /** open disputes by field */
  disputes: Record<string, Dispute>;
}

type Props = WidgetProps<Record<string, unknown>>;

const sourceId = (id: string) => `${id}__source`;

/** The ids describing a control: its error, help, description and (prefilled) source, only those that exist. */
function describedBy(p: Pick<Props, 'id' | 'rawErrors' | 'uiSchema' | 'schema' | 'options'>): string | undefined {
  const ui = p.uiSchema ?? {};
  const ids = [
    p.rawErrors?.length ? errorId(p.id) : null,
    ui['ui:help'] ? helpId(p.id) : null,
    p.schema.description ? descriptionId(p.id) : null,
    (p.options as FieldUiOptions).prefill ? sourceId(p.id) : null,
  ].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** aria-invalid / aria-required for a control. */
const state = (p: Pick<Props, 'rawErrors' | 'required'>) => ({
  'aria-invalid': p.rawErrors?.length ? true : undefined,
  'aria-required': p.required ? true : undefined,
});

/** Whether a field is a group of controls (radio list, checkbox list): labelled by its title, not a <label>. */
function isGroup(p: Pick<FieldTemplateProps, 'schema' | 'uiSchema'>): boolean {
  const widget = p.uiSchema?.['ui:widget'];
  if (widget === 'radio' || widget === 'checkboxes') return true;
  const items = p.schema.items;
  return p.schema.type === 'array' && typeof items === 'object' && !Array.isArray(items) && Array.isArray(items.enum);
}

function FieldTemplate(props: FieldTemplateProps) {
  const { t } = useTranslation();
  const { id, label, required, hidden, displayLabel, rawErrors, rawHelp, rawDescription, children, schema, uiSchema, classNames } = props;
  if (hidden) return <div className="rjsf-field-hidden">{children}</div>;
  const options = getUiOptions(uiSchema) as FieldUiOptions;
  const errors = rawErrors?.filter(Boolean) ?? [];
  // the root object and nested objects: only their children (and an error of the object itself)
  if (schema.type === 'object') {
    return (
      <div className={classNames}>
        {children}
        {errors.length > 0 && <p className="tb-field-error" id={errorId(id)}>{errors.join(t('common.listSeparator'))}</p>}
      </div>
    );
  }
  const labelText = (
    <>
      <span lang={options.titleLang}>{label}</span>
      {required && <span className="tb-required" aria-hidden="true">*</span>}
    </>
  );
  const group = isGroup(props);
  const isCheckbox = schema.type === 'boolean' && (!uiSchema?.['ui:widget'] || uiSchema['ui:widget'] === 'checkbox');
  return (
    <div className={['tb-field', 'tb-form-field', errors.length ? 'tb-field--error' : '', options.prefill ? 'tb-field--prefilled' : ''].filter(Boolean).join(' ')} data-field={options.prefill?.field ?? decodeName(props.fieldPathId.path.map(String).join('.'))}>
      {displayLabel && !isCheckbox && label && (group ? (
        <p className="tb-label" id={titleId(id)}>{labelText}</p>
      ) : (
        <label className="tb-label" htmlFor={id}>{labelText}</label>
      ))}
      {rawDescription && <p className="tb-hint" id={descriptionId(id)}>{rawDescription}</p>}
      {children}
      {rawHelp && <p className="tb-hint" id={helpId(id)}>{rawHelp}</p>}
      {errors.length > 0 && (
        <p className="tb-field-error" id={errorId(id)}>
          {errors.join(t('common.listSeparator'))}
        </p>
      )}
      {options.prefill && <PrefillSource id={id} label={label} prefill={options.prefill} context={props.registry.formContext as ApplyFormContext} />}
    </div>
  );
}

/** "来自 人口库 · 提出数据异议" under a prefilled field (or the open dispute). */
function PrefillSource({ id, label, prefill, context }: { id: string; label: string; prefill: NonNullable<FieldUiOptions['prefill']>; context: ApplyFormContext }) {
  const { t } = useTranslation();
  const lang = useTextLang();
  const dispute = context.disputes[prefill.field];
  return (
    <p className="tb-prefill-source" id={sourceId(id)} data-testid="prefill-source" data-source={prefill.entry.source}>
      <span className="tb-source-badge">
        <SafetyCertificateOutlined aria-hidden="true" /> {t('apply.form.fromSource', { source: pick(prefill.entry.sourceName, lang) })}
      </span>
      <span className="tb-muted"> · {t('apply.form.readOnly')}</span>
      {' · '}
      {dispute ? (
        <span className="tb-dispute-open" data-testid="dispute-open">{t('apply.form.disputeOpen')}</span>
      ) : (
        <Button type="link" className="tb-link-button" data-testid="dispute-open-dialog" onClick={() => context.onDispute(prefill.field)}>
          {t('apply.form.dispute')}
          <span className="tb-visually-hidden">{t('apply.form.disputeOf', { field: label })}</span>
        </Button>
      )}
    </p>
  );
}

/** Errors and help are rendered by FieldTemplate (with the ids the controls point to). */
const NoErrors = (_p: FieldErrorProps) => null;
const NoHelp = (_p: FieldHelpProps) => null;

function BaseInputTemplate(props: BaseInputTemplateProps) {
  const { id, htmlName, value, readonly, disabled, onChange, onChangeOverride, onBlur, onFocus, options, schema, type, placeholder, required, autofocus } = props;
  const inputProps = getInputProps(schema, type, options, false);
  const aria = { 'aria-describedby': describedBy(props), ...state(props) };
  if (inputProps.type === 'number' || inputProps.type === 'integer') {
    const { min, max } = inputProps;
    return (
      <InputNumber
        id={id}
        name={htmlName || id}
        className="tb-input-number"
        value={value ?? null}
        min={typeof min === 'number' ? min : undefined}
        max={typeof max === 'number' ? max : undefined}
        step={typeof inputProps.step === 'number' ? inputProps.step : undefined}
        readOnly={readonly}
        disabled={disabled}
        required={required}
        autoFocus={autofocus}
        placeholder={placeholder}
        changeOnWheel={false}
        inputMode="decimal"
        onChange={(v) => onChange(v === null ? options.emptyValue : v)}
        onBlur={(e: FocusEvent<HTMLInputElement>) => onBlur(id, e.target.value)}
        onFocus={(e: FocusEvent<HTMLInputElement>) => onFocus(id, e.target.value)}
        {...aria}
      />
    );
  }
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : '';
  // digits-only patterns (phone, ID and account numbers) get the numeric keyboard on phones
  const numeric = /^\^?(\[0-9\]|\\d|1\[3-9\])/.test(pattern) && !/X/i.test(pattern);
  return (
    <Input
      id={id}
      name={htmlName || id}
      type={inputProps.type === 'text' ? undefined : inputProps.type}
      value={value ?? ''}
      readOnly={readonly}
      disabled={disabled}
      required={required}
      autoFocus={autofocus}
      placeholder={placeholder}
      maxLength={typeof schema.maxLength === 'number' ? schema.maxLength : undefined}
      inputMode={numeric ? 'numeric' : undefined}
      spellCheck={false}
      onChange={onChangeOverride ?? ((e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value === '' ? options.emptyValue : e.target.value))}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
      {...aria}
    />
  );
}

/** A prefilled value: read-only text with its source (described by the source line). */
function PrefilledWidget(props: Props) {
  const prefill = (props.options as FieldUiOptions).prefill;
  return (
    <Input
      id={props.id}
      name={props.htmlName || props.id}
      className="tb-prefilled-input"
      value={prefill?.display ?? String(props.value ?? '')}
      readOnly
      aria-readonly
      aria-describedby={describedBy(props)}
    />
  );
}

function TextareaWidget(props: Props) {
  const { id, htmlName, value, readonly, disabled, onChange, onBlur, onFocus, options, required, schema } = props;
  return (
    <Input.TextArea
      id={id}
      name={htmlName || id}
      value={value ?? ''}
      readOnly={readonly}
      disabled={disabled}
      required={required}
      autoSize={{ minRows: typeof options.rows === 'number' ? options.rows : 3 }}
      maxLength={typeof schema.maxLength === 'number' ? schema.maxLength : undefined}
      onChange={(e) => onChange(e.target.value === '' ? options.emptyValue : e.target.value)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
      aria-describedby={describedBy(props)}
      {...state(props)}
    />
  );
}

/** One choice: a native select (its own label; phones show their picker). */
function SelectWidget(props: Props) {
  const { t } = useTranslation();
  const { id, htmlName, value, readonly, disabled, onChange, onBlur, onFocus, options, required, multiple } = props;
  if (multiple) return <CheckboxesWidget {...props} />;
  const { enumOptions = [], emptyValue } = options;
  const format = getOptionValueFormat(options);
  const selected = enumOptionSelectedValue(value, enumOptions, false, format, '');
  return (
    <select
      id={id}
      name={htmlName || id}
      className="tb-select"
      value={selected === undefined || selected === null ? '' : String(selected)}
      disabled={disabled || readonly}
      required={required}
      onChange={(e) => onChange(enumOptionValueDecoder(e.target.value, enumOptions, format, emptyValue))}
      onBlur={(e) => onBlur(id, enumOptionValueDecoder(e.target.value, enumOptions, format, emptyValue))}
      onFocus={(e) => onFocus(id, enumOptionValueDecoder(e.target.value, enumOptions, format, emptyValue))}
      aria-describedby={describedBy(props)}
      {...state(props)}
    >
      <option value="">{t('apply.form.choose')}</option>
      {enumOptions.map((o, i) => (
        <option key={String(o.value)} value={String(enumOptionValueEncoder(o.value, i, format))}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** A list of radio buttons, labelled by the field title. */
function RadioWidget(props: Props) {
  const { id, htmlName, value, readonly, disabled, onChange, options } = props;
  const { enumOptions = [], enumDisabled, emptyValue } = options;
  const format = getOptionValueFormat(options);
  const selected = enumOptionSelectedValue(value, enumOptions, false, format, emptyValue);
  return (
    <Radio.Group
      id={id}
      name={htmlName || id}
      className="tb-radio-list"
      value={selected}
      disabled={disabled || readonly}
      onChange={(e) => onChange(enumOptionValueDecoder(e.target.value, enumOptions, format, emptyValue))}
      aria-labelledby={titleId(id)}
      aria-describedby={describedBy(props)}
      {...state(props)}
    >
      {enumOptions.map((o, i) => (
        <Radio
          key={String(o.value)}
          id={optionId(id, i)}
          value={enumOptionValueEncoder(o.value, i, format)}
          disabled={Array.isArray(enumDisabled) && enumDisabled.includes(o.value)}
        >
          {o.label}
        </Radio>
      ))}
    </Radio.Group>
  );
}

/** A list of checkboxes (an array of choices), labelled by the field title. */
function CheckboxesWidget(props: Props) {
  const { id, htmlName, value, readonly, disabled, onChange, options } = props;
  const { enumOptions = [], enumDisabled, emptyValue } = options;
  const format = getOptionValueFormat(options);
  const selected = (enumOptionSelectedValue(value, enumOptions, true, format, []) as string[]) ?? [];
  return (
    <Checkbox.Group
      {...{ id }}
      name={htmlName || id}
      className="tb-check-list"
      value={selected}
      disabled={disabled || readonly}
      onChange={(next) => onChange(enumOptionValueDecoder(next as string[], enumOptions, format, emptyValue))}
      aria-labelledby={titleId(id)}
      aria-describedby={describedBy(props)}
    >
      {enumOptions.map((o, i) => (
        <Checkbox
          key={String(o.value)}
          id={optionId(id, i)}
          value={enumOptionValueEncoder(o.value, i, format)}
          disabled={Array.isArray(enumDisabled) && enumDisabled.includes(o.value)}
        >
          {o.label}
        </Checkbox>
      ))}
    </Checkbox.Group>
  );
}

/** A yes/no field: one checkbox carrying the field's title as its label. */
function CheckboxWidget(props: Props) {
  const { id, htmlName, value, readonly, disabled, onChange, label, required } = props;
  const options = props.options as FieldUiOptions;
  return (
    <Checkbox
      id={id}
      name={htmlName || id}
      checked={value === true}
      disabled={disabled || readonly}
      required={required}
      onChange={(e) => onChange(e.target.checked)}
      aria-describedby={describedBy(props)}
      {...state(props)}
    >
      <span lang={options.titleLang}>{label}</span>
      {required && <span className="tb-required" aria-hidden="true">*</span>}
    </Checkbox>
  );
}

/** A date (`YYYY-MM-DD`) with the device's date picker. */
function DateWidget(props: Props) {
  const { id, htmlName, value, readonly, disabled, onChange, onBlur, onFocus, options, required } = props;
  return (
    <Input
      id={id}
      name={htmlName || id}
      type="date"
      className="tb-date"
      value={typeof value === 'string' ? value : ''}
      readOnly={readonly}
      disabled={disabled}
      required={required}
      onChange={(e) => onChange(e.target.value || options.emptyValue)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
      aria-describedby={describedBy(props)}
      {...state(props)}
    />
  );
}

/** A date and time, entered in local time and kept as an RFC 3339 timestamp. */
function DateTimeWidget(props: Props) {
  const { id, htmlName, value, readonly, disabled, onChange, onBlur, onFocus, options, required } = props;
  const local = typeof value === 'string' && value ? utcToLocal(value).slice(0, 16) : '';
  return (
    <Input
      id={id}
      name={htmlName || id}
      type="datetime-local"
      className="tb-date"
      value={local}
      readOnly={readonly}
      disabled={disabled}
      required={required}
      onChange={(e) => onChange(e.target.value ? localToUTC(e.target.value) : options.emptyValue)}
      onBlur={(e) => onBlur(id, e.target.value ? localToUTC(e.target.value) : undefined)}
      onFocus={(e) => onFocus(id, e.target.value)}
      aria-describedby={describedBy(props)}
      {...state(props)}
    />
  );
}

export const widgets: RegistryWidgetsType = {
  prefilled: PrefilledWidget,
  TextareaWidget,
  SelectWidget,
  RadioWidget,
  CheckboxesWidget,
  CheckboxWidget,
  DateWidget,
  DateTimeWidget,
};

/** Overrides of the @rjsf/antd templates (merged with the theme's by the themed Form). */
export const templates: Partial<Omit<TemplatesType, 'ButtonTemplates'>> = {
  FieldTemplate,
  BaseInputTemplate,
  FieldErrorTemplate: NoErrors,
  FieldHelpTemplate: NoHelp,
};
