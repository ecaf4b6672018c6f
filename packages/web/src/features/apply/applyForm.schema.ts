/**
 * Prepares an application form (JSON Schema + UI schema from the item or the bundle's merged form) for
 * react-jsonschema-form: titles in the reader's language, labels for enum codes, prefilled fields read-only with
 * their source, and property names with dots (a bundle's `HZ-ZXHK-SW.relation`) renamed, because rjsf reads a dot
 * in an error's property path as nesting; values are renamed back before they are saved.
 */
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import type { LocalText } from '@tongban/core/text';
import type { PrefillEntry } from './apply.types.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Stands for '.' inside a property name while the form is shown (U+2024 ONE DOT LEADER, never in a field name). */
const DOT = '\u2024';
export const encodeName = (name: string) => name.replaceAll('.', DOT);
export const decodeName = (name: string) => name.replaceAll(DOT, '.');

/** What a prefilled field shows next to its value. */
export interface PrefillOption {
  field: string;
  entry: PrefillEntry;
  /** the value as shown (an enum's label) */
  display: string;
}

/** The custom `ui:options` this module sets. */
export interface FieldUiOptions {
  /** the label is Chinese only while the page is in English: mark it lang="zh-CN" */
  titleLang?: 'zh-CN';
  prefill?: PrefillOption;
}

export interface PreparedForm {
  schema: RJSFSchema;
  uiSchema: UiSchema;
  /** form values keyed for rjsf */
  toForm: (values: Obj) => Obj;
  /** rjsf values keyed as the server names them */
  fromForm: (values: Obj) => Obj;
  /** the shown label of a (server) field name, e.g. for the checklist */
  labelOf: (field: string) => string;
  /** 'zh-CN' when that label is Chinese only while the page is in English */
  labelLangOf: (field: string) => 'zh-CN' | undefined;
}

/** A schema title, which may be a string (Chinese) or a {zh, en} object. */
function titleText(title: unknown): LocalText | undefined {
  if (typeof title === 'string' && title) return { zh: title };
  if (isObj(title) && typeof title.zh === 'string') return typeof title.en === 'string' ? { zh: title.zh, en: title.en } : { zh: title.zh };
  return undefined;
}

function renameKeys(node: unknown, rename: (k: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => renameKeys(n, rename));
  if (!isObj(node)) return node;
  const out: Obj = { ...node };
  if (isObj(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [rename(k), renameKeys(v, rename)]));
  }
  if (Array.isArray(node.required)) out.required = node.required.map((r) => (typeof r === 'string' ? rename(r) : r));
  for (const k of ['dependentRequired', 'dependentSchemas', 'dependencies']) {
    const d = node[k];
    if (isObj(d)) {
      out[k] = Object.fromEntries(Object.entries(d).map(([f, v]) => [rename(f), Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? rename(x) : x)) : renameKeys(v, rename)]));
    }
  }
  for (const k of ['if', 'then', 'else', 'not', 'items']) if (node[k] !== undefined) out[k] = renameKeys(node[k], rename);
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(node[k])) out[k] = renameKeys(node[k], rename);
  return out;
}

/** Renames the keys of values (nested objects too) with `rename`. */
function renameValues(values: Obj, rename: (k: string) => string): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(values)) out[rename(k)] = isObj(v) ? renameValues(v, rename) : v;
  return out;
}

interface Labels {
  lang: 'zh' | 'en';
  /** the label of an enum code, when the app knows one */
  enumLabel: (value: string) => string | undefined;
  yes: string;
  no: string;
}

/** Prepares `form` for rjsf in the reader's language. */
export function prepareForm(form: { schema: Obj; uiSchema: Obj; prefill: Record<string, PrefillEntry> }, labels: Labels): PreparedForm {
  const schema = renameKeys(structuredClone(form.schema), encodeName) as Obj;
  const uiIn = structuredClone(form.uiSchema);
  const uiSchema: Obj = {};
  for (const [k, v] of Object.entries(uiIn)) {
    if (k === 'ui:order' && Array.isArray(v)) uiSchema[k] = v.map((x) => (typeof x === 'string' && x !== '*' ? encodeName(x) : x));
    else uiSchema[k.startsWith('ui:') ? k : encodeName(k)] = v;
  }
  const titles = new Map<string, string>();
  const zhOnly = new Set<string>();

  const localise = (node: Obj, ui: Obj, path: string[]) => {
    const props = isObj(node.properties) ? node.properties : {};
    for (const [key, prop] of Object.entries(props)) {
      if (!isObj(prop)) continue;
      const field = [...path, decodeName(key)].join('.');
      const fieldUi: Obj = isObj(ui[key]) ? (ui[key] as Obj) : {};
      ui[key] = fieldUi;
      const options: FieldUiOptions & Obj = isObj(fieldUi['ui:options']) ? (fieldUi['ui:options'] as Obj) : {};
      const title = titleText(prop.title);
      if (title) {
        const shown = labels.lang === 'en' && title.en ? title.en : title.zh;
        prop.title = shown;
        titles.set(field, shown);
        if (labels.lang === 'en' && !title.en) {
          options.titleLang = 'zh-CN';
          zhOnly.add(field);
        }
      } else {
        titles.set(field, key);
      }
      // enum codes → labels (the catalog gives none); the array of a checkbox list labels its items
      const enumOf = (s: Obj) => (Array.isArray(s.enum) ? s.enum.filter((x): x is string => typeof x === 'string') : []);
      const codes = enumOf(prop).length ? enumOf(prop) : isObj(prop.items) ? enumOf(prop.items) : [];
      const names: Record<string, string> = {};
      for (const c of codes) {
        const l = labels.enumLabel(c);
        if (l) names[c] = l;
      }
      if (Object.keys(names).length) {
        fieldUi['ui:enumNames'] = names;
        if (isObj(prop.items)) fieldUi.items = { ...(isObj(fieldUi.items) ? fieldUi.items : {}), 'ui:enumNames': names };
      }
      const entry = form.prefill[field];
      if (entry) {
        const v = entry.value;
        const display = typeof v === 'boolean' ? (v ? labels.yes : labels.no)
          : Array.isArray(v) ? v.map((x) => names[String(x)] ?? String(x)).join(labels.lang === 'en' ? ', ' : '、')
          : names[String(v)] ?? String(v ?? '');
        options.prefill = { field, entry, display };
        fieldUi['ui:widget'] = 'prefilled';
        fieldUi['ui:readonly'] = true;
      }
      if (Object.keys(options).length) fieldUi['ui:options'] = options;
      if (prop.type === 'object' && isObj(prop.properties)) localise(prop, fieldUi, [...path, decodeName(key)]);
    }
  };
  localise(schema, uiSchema, []);
  // conditional branches (if/then, allOf) carry their own property schemas: give those titles too
  const walkBranches = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walkBranches);
    if (!isObj(node)) return;
    for (const k of ['then', 'else']) {
      const b = node[k];
      if (isObj(b) && isObj(b.properties)) {
        for (const p of Object.values(b.properties)) if (isObj(p) && p.title !== undefined) {
          const t = titleText(p.title);
          if (t) p.title = labels.lang === 'en' && t.en ? t.en : t.zh;
        }
      }
      walkBranches(b);
    }
    for (const k of ['allOf', 'anyOf', 'oneOf']) walkBranches(node[k]);
  };
  walkBranches(schema);
  uiSchema['ui:submitButtonOptions'] = { norender: true };

  return {
    schema: schema as RJSFSchema,
    uiSchema: uiSchema as UiSchema,
    toForm: (values) => renameValues(values, encodeName),
    fromForm: (values) => renameValues(values, decodeName),
    labelOf: (field) => titles.get(field) ?? titles.get(field.split('.')[0] ?? field) ?? field,
    labelLangOf: (field) => (zhOnly.has(field) ? 'zh-CN' : undefined),
  };
}

/** The schema of a top-level (server) field, for deciding what a cleared value is sent as. */
function fieldSchema(schema: Obj, field: string): Obj | undefined {
  const props = isObj(schema.properties) ? schema.properties : {};
  const s = props[field];
  return isObj(s) ? s : undefined;
}

/**
 * The form changes to save: every field the applicant may edit whose value differs from what the server holds.
 * The server merges a change into the saved form and cannot delete a field, so a cleared field is sent as '' for
 * a text field and null otherwise (pre-review then reports it like a missing value). Prefilled fields are never sent.
 */
export function formChanges(current: Obj, saved: Obj, prefill: Record<string, unknown>, schema: Obj): Obj | null {
  const out: Obj = {};
  const keys = new Set([...Object.keys(current), ...Object.keys(saved)]);
  for (const k of keys) {
    if (Object.hasOwn(prefill, k)) continue;
    const now = current[k];
    const before = saved[k];
    if (JSON.stringify(now) === JSON.stringify(before)) continue;
    if (now === undefined) {
      if (before === undefined || before === '' || before === null) continue;
      out[k] = fieldSchema(schema, k)?.type === 'string' ? '' : null;
    } else out[k] = now;
  }
  return Object.keys(out).length ? out : null;
}

/** Drops empty values, which the server keeps for fields it cannot delete ('' / null stand for "cleared"). */
export function withoutEmpty(values: Obj): Obj {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v !== null && v !== undefined));
}
