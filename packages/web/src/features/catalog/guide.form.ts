/** Reads the fields of an item's application form (JSON Schema + UI schema) for the guide's list of fields. */
import type { LocalText } from '@tongban/core/text';
import type { ItemDefinition } from './catalog.types.ts';

/** One field of the application form as the guide lists it. */
export interface FormFieldInfo {
  /** path of the field, dots between nested objects */
  key: string;
  /** the schema title (or the key when there is none); nested titles joined with › */
  title: LocalText;
  required: boolean;
  /** `source.field` it is prefilled from (智能预填), when any */
  prefill?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A title may be a plain string (Chinese) or a {zh, en} object. */
function titleOf(schema: Record<string, unknown>, key: string): LocalText {
  const title = schema.title;
  if (typeof title === 'string' && title) return { zh: title };
  if (isRecord(title) && typeof title.zh === 'string') {
    return typeof title.en === 'string' ? { zh: title.zh, en: title.en } : { zh: title.zh };
  }
  return { zh: key, en: key };
}

/** Orders keys by a react-jsonschema-form `ui:order` list ('*' stands for the rest). */
function ordered(keys: string[], order: string[]): string[] {
  if (order.length === 0) return keys;
  const listed = order.filter((k) => k !== '*' && keys.includes(k));
  const rest = keys.filter((k) => !listed.includes(k));
  const star = order.indexOf('*');
  if (star < 0) return [...listed, ...rest];
  const before = order.slice(0, star).filter((k) => keys.includes(k));
  const after = order.slice(star + 1).filter((k) => keys.includes(k));
  return [...before, ...rest, ...after];
}

function walk(
  schema: Record<string, unknown>,
  ui: Record<string, unknown>,
  prefill: Record<string, string>,
  prefix: string,
  parentTitle: LocalText | undefined,
  out: FormFieldInfo[],
): void {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(strings(schema.required));
  for (const key of ordered(Object.keys(properties), strings(ui['ui:order']))) {
    const prop = properties[key];
    if (!isRecord(prop)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const own = titleOf(prop, key);
    const title: LocalText = parentTitle
      ? { zh: `${parentTitle.zh} › ${own.zh}`, ...(parentTitle.en || own.en ? { en: `${parentTitle.en ?? parentTitle.zh} › ${own.en ?? own.zh}` } : {}) }
      : own;
    const childUi = isRecord(ui[key]) ? ui[key] : {};
    if (prop.type === 'object' && isRecord(prop.properties)) {
      walk(prop, childUi, prefill, path, title, out);
      continue;
    }
    const source = prefill[path];
    out.push({ key: path, title, required: required.has(key), ...(source ? { prefill: source } : {}) });
  }
}

/** The fields of `form`, in the order the form shows them. */
export function formFields(form: ItemDefinition['form']): FormFieldInfo[] {
  const out: FormFieldInfo[] = [];
  walk(form.schema, form.uiSchema, form.prefill, '', undefined, out);
  return out;
}
