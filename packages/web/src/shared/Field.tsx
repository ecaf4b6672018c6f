/**
 * A labelled form field: the label (with a visible * when asked), an optional hint, the control and its error, with
 * the control's id and aria attributes (required, invalid, described by the hint and the error) worked out once.
 */
import type { ReactNode } from 'react';
import type { LocalText } from '@tongban/core/text';
import { pick, useTextLang } from './text.tsx';

/** What the control of a field must carry. */
export interface FieldControlProps {
  id: string;
  'aria-required': true | undefined;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export function Field({ id, label, labelId, hint, error, errorTestId, required = false, requiredMark = false, children }: {
  /** the control's id; the hint is `${id}-hint`, the error `${id}-error` */
  id: string;
  label: ReactNode;
  labelId?: string;
  hint?: ReactNode;
  error?: ReactNode;
  errorTestId?: string;
  /** aria-required on the control */
  required?: boolean;
  /** a visible * after the label (with `required`) */
  requiredMark?: boolean;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  return (
    <div className="tb-field">
      <label className="tb-label" htmlFor={id} id={labelId}>
        {label}
        {required && requiredMark && <span className="tb-required" aria-hidden="true">*</span>}
      </label>
      {hintId && <p className="tb-hint" id={hintId}>{hint}</p>}
      {children({
        id,
        'aria-required': required || undefined,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
      })}
      {errorId && <p className="tb-field-error" id={errorId} data-testid={errorTestId}>{error}</p>}
    </div>
  );
}

/** A native select filter: "any" (the empty value) and the given options; selects are best on phones and for AT. */
export function SelectField({ id, label, testId, value, anyLabel, options, onChange }: {
  id: string;
  label: ReactNode;
  testId: string;
  value: string | undefined;
  anyLabel: string;
  options: readonly { value: string; label: LocalText | string }[];
  onChange: (value: string) => void;
}) {
  const lang = useTextLang();
  return (
    <div className="tb-field">
      <label htmlFor={id} className="tb-label">{label}</label>
      <select id={id} className="tb-select" data-testid={testId} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{typeof o.label === 'string' ? o.label : pick(o.label, lang)}</option>
        ))}
      </select>
    </div>
  );
}
