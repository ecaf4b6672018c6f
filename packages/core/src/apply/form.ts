/**
 * The application form: prefill from the data sources with provenance (智能预填), validation by the item's own
 * JSON Schema (the same schema the web app renders and checks with), and detection of prefilled values the
 * applicant changed (those go through a data dispute, never a silent overwrite).
 */
import type { ValidateFunction } from 'ajv';
import { ajvProblems, newAjv } from '../catalog/catalog.validate.ts';
import type { ItemDefinition } from '../catalog/catalog.schema.ts';
import type { FactSet } from '../datasources/datasources.types.ts';
import type { FieldProblem } from '../kernel/errors.ts';

/** What the form needs of an item (an item definition, or a bundle's merged form). */
export type FormOwner = { form: Pick<ItemDefinition['form'], 'schema' | 'prefill'> };

/** Where a prefilled value came from. */
export interface PrefillProvenance {
  /** The value as read (what the applicant may not change without a data dispute). */
  value: unknown;
  /** The data source, e.g. `population`. */
  source: string;
  sourceName: { zh: string; en: string };
  /** The data-source field, e.g. `population.name`. */
  field: string;
  readAt?: string;
}

/** The prefilled form: values, their provenance by form field, and how many fields were filled. */
export interface PrefillResult {
  values: Record<string, unknown>;
  provenance: Record<string, PrefillProvenance>;
  prefilled: number;
  total: number;
}

const TYPE_OF: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
  object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  null: (v) => v === null,
};

type Props = Record<string, Record<string, unknown>> | undefined;

/**
 * Splits a form field name into its property path: `address.city` is nested unless the form has a property with
 * that whole name (a bundle's merged form names fields `HZ-ZXHK-SW.relation`). Returns the path and its schema.
 */
function resolveField(schema: Record<string, unknown>, field: string): { path: string[]; schema?: Record<string, unknown> } {
  const props = schema.properties as Props;
  if (props && Object.hasOwn(props, field)) return { path: [field], schema: props[field] };
  const parts = field.split('.');
  for (let i = parts.length - 1; i >= 1; i--) {
    const head = parts.slice(0, i).join('.');
    const sub = props && Object.hasOwn(props, head) ? props[head] : undefined;
    if (sub) {
      const rest = resolveField(sub, parts.slice(i).join('.'));
      return { path: [head, ...rest.path], ...(rest.schema ? { schema: rest.schema } : {}) };
    }
  }
  return { path: parts };
}

/** True when the value has a type the field accepts (or the field declares no type). */
function fitsType(schema: Record<string, unknown> | undefined, value: unknown): boolean {
  const t = schema?.type;
  if (t === undefined) return true;
  const types = Array.isArray(t) ? t : [t];
  return types.some((x) => TYPE_OF[String(x)]?.(value) ?? true);
}

/** Counts the fields a form asks: leaves of its properties (an object field with properties counts its own). */
export function countFormFields(schema: Record<string, unknown>): number {
  const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
  if (!props) return 0;
  let n = 0;
  for (const p of Object.values(props)) n += p && typeof p === 'object' && p.properties ? Math.max(1, countFormFields(p)) : 1;
  return n;
}

const setPath = (obj: Record<string, unknown>, path: string[], value: unknown): void => {
  let o = obj;
  for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[path[path.length - 1]!] = value;
};
const getPath = (obj: unknown, path: string[]): unknown => {
  let o = obj;
  for (const k of path) {
    if (o === null || typeof o !== 'object') return undefined;
    o = (o as Record<string, unknown>)[k];
  }
  return o;
};

/**
 * Prefills the form from the applicant's facts (`form.prefill`: form field → `source.field`). A field is filled
 * only when its fact is known and of the type the field declares; each filled field carries its value and source.
 */
export function prefillForm(item: FormOwner, facts: FactSet): PrefillResult {
  const values: Record<string, unknown> = {};
  const provenance: Record<string, PrefillProvenance> = {};
  let prefilled = 0;
  for (const [field, sourceField] of Object.entries(item.form.prefill)) {
    const dot = sourceField.indexOf('.');
    const source = dot < 0 ? sourceField : sourceField.slice(0, dot);
    const name = dot < 0 ? '' : sourceField.slice(dot + 1);
    if (sourceField in facts.unknown) continue;
    const value = facts.values[source]?.[name];
    if (value === undefined || value === null) continue;
    const { path, schema } = resolveField(item.form.schema, field);
    if (!fitsType(schema, value)) continue;
    setPath(values, path, structuredClone(value));
    const p = facts.provenance[sourceField];
    provenance[field] = {
      value, source, sourceName: p?.sourceName ?? { zh: source, en: source }, field: sourceField,
      ...(p?.readAt ? { readAt: p.readAt } : {}),
    };
    prefilled++;
  }
  return { values, provenance, prefilled, total: countFormFields(item.form.schema) };
}

// ---------------------------------------------------------------------------------------------------------------

// One instance per process; form schemas are compiled without their $id so two versions never collide.
const ajv = newAjv();
const validatorsByObject = new WeakMap<object, ValidateFunction>();
const validatorsByContent = new Map<string, ValidateFunction>();
const CONTENT_CACHE = 500;

/** The compiled validator of a form schema: by object identity, then by content (one per item version). */
function validatorOf(schema: Record<string, unknown>): ValidateFunction {
  let v = validatorsByObject.get(schema);
  if (v) return v;
  const key = JSON.stringify(schema);
  v = validatorsByContent.get(key);
  if (!v) {
    const { $id: _id, ...rest } = schema;
    v = ajv.compile(rest);
    if (validatorsByContent.size >= CONTENT_CACHE) validatorsByContent.delete(validatorsByContent.keys().next().value!);
    validatorsByContent.set(key, v);
  }
  validatorsByObject.set(schema, v);
  return v;
}

/**
 * Validates form data against the item's form schema (JSON Schema 2020-12, every error, formats, Chinese and
 * English messages). Returns every problem with its path (`/phone`), empty when the data is valid.
 */
export function validateForm(item: FormOwner, data: unknown): FieldProblem[] {
  const validate = validatorOf(item.form.schema);
  if (validate(data)) return [];
  // an `if` error only repeats what its `then`/`else` branch already said
  return ajvProblems(validate.errors?.filter((e) => e.keyword !== 'if'));
}

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The prefilled fields whose value the submitted form changed or dropped. They must go through a data dispute
 * (数据异议) rather than be overwritten: the caller refuses the change and points to the dispute flow.
 * `prefill` is a PrefillResult or its `provenance` map (each entry carries the prefilled `value`).
 */
export function detectOverwrites(prefill: PrefillResult | Record<string, Pick<PrefillProvenance, 'value'>>, submitted: Record<string, unknown>): string[] {
  const isResult = typeof (prefill as PrefillResult).prefilled === 'number' && typeof (prefill as PrefillResult).provenance === 'object';
  const provenance = isResult ? (prefill as PrefillResult).provenance : (prefill as Record<string, Pick<PrefillProvenance, 'value'>>);
  const changed: string[] = [];
  for (const [field, p] of Object.entries(provenance)) {
    const now = Object.hasOwn(submitted, field) ? submitted[field] : getPath(submitted, field.split('.'));
    if (!jsonEqual(now, p.value)) changed.push(field);
  }
  return changed;
}
