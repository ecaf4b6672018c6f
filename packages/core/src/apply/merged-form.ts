/**
 * Bundles (一件事): one merged form (一表申请) built from the members' forms, and one pre-check over every member.
 *
 * A field that several members ask under the same name, with a compatible schema (same type, format, pattern and
 * allowed values; titles may differ, length and range limits are intersected) and no conflicting prefill source,
 * is asked once; so is a field another member prefills from the same record under another name (the applicant's
 * name as `applicantName` and `reporterName`: a prefilled value cannot be changed, so both always hold the same
 * datum). A field whose name another member uses differently is asked separately as `CODE.field`
 * (e.g. `HZ-ZXHK-SW.relation`). Questions of the pre-check are shared or namespaced the same way.
 */
import type { ItemDefinition } from '../catalog/catalog.schema.ts';
import type { FactSet } from '../datasources/datasources.types.ts';
import type { FieldProblem } from '../kernel/errors.ts';
import { validateForm } from './form.ts';
import { COMMITMENTS_KEY, precheck, type ConditionOutcome, type ItemQuestion, type PrecheckResult } from './precheck.ts';

/** A member item of a bundle; `optional` members (bundle `members[].optional`) are skipped when not eligible. */
export interface BundleMember {
  code: string;
  def: ItemDefinition;
  optional?: boolean;
}

/** The merged form of a bundle. */
export interface MergedForm {
  /** One JSON Schema over the merged field names. */
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  /** Merged field → data-source field it is prefilled from. */
  prefill: Record<string, string>;
  /** Merged field → the members' fields it fills. */
  fields: Record<string, { code: string; field: string }[]>;
  /** Member code → member field → merged field. */
  names: Record<string, Record<string, string>>;
  /** The same schema, UI schema and prefill shaped as an item's form: prefillForm and validateForm take the merged form. */
  form: { schema: Record<string, unknown>; uiSchema: Record<string, unknown>; prefill: Record<string, string> };
  /** Splits merged form data into each member's form data. */
  split(data: Record<string, unknown>): Record<string, Record<string, unknown>>;
}

type Schema = Record<string, unknown>;
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', '$comment', 'readOnly', 'writeOnly', 'deprecated']);
const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'];
const BOUNDS = new Set([...LOWER_BOUNDS, ...UPPER_BOUNDS]);
const CONDITIONALS = ['allOf', 'anyOf', 'oneOf', 'not', 'dependentRequired', 'dependentSchemas', 'dependencies'];

/** A stable text of what a schema accepts: annotations dropped, keys sorted, enums as sets; top-level bounds dropped. */
function acceptKey(schema: unknown, top = true): string {
  const canon = (x: unknown, depth: number): unknown => {
    if (Array.isArray(x)) return x.map((y) => canon(y, depth + 1));
    if (x === null || typeof x !== 'object') return x;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) {
      if (ANNOTATIONS.has(k) || (top && depth === 0 && BOUNDS.has(k))) continue;
      const v = (x as Record<string, unknown>)[k];
      out[k] = k === 'enum' && Array.isArray(v) ? [...v].map((e) => JSON.stringify(e)).sort() : canon(v, depth + 1);
    }
    return out;
  };
  return JSON.stringify(canon(schema, 0));
}

/** Intersects the length and range limits of two compatible field schemas; null when nothing would satisfy both. */
function intersect(a: Schema, b: Schema): Schema | null {
  const out: Schema = { ...a };
  for (const k of LOWER_BOUNDS) if (typeof b[k] === 'number') out[k] = typeof a[k] === 'number' ? Math.max(a[k], b[k]) : b[k];
  for (const k of UPPER_BOUNDS) if (typeof b[k] === 'number') out[k] = typeof a[k] === 'number' ? Math.min(a[k], b[k]) : b[k];
  const n = (k: string) => out[k] as number | undefined;
  const broken = (lo?: number, hi?: number) => lo !== undefined && hi !== undefined && lo > hi;
  if (broken(n('minLength'), n('maxLength')) || broken(n('minimum'), n('maximum')) || broken(n('minItems'), n('maxItems'))) return null;
  return out;
}

/** Renames the properties a (sub)schema of a form names, through its conditional keywords. */
function renameProps(node: unknown, rename: (field: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => renameProps(n, rename));
  if (node === null || typeof node !== 'object') return node;
  const s = node as Schema;
  const out: Schema = { ...s };
  if (s.properties && typeof s.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(s.properties as Schema).map(([k, v]) => [rename(k), v]));
  }
  if (Array.isArray(s.required)) out.required = s.required.map((r) => rename(String(r)));
  for (const k of ['dependentRequired', 'dependentSchemas', 'dependencies']) {
    if (s[k] && typeof s[k] === 'object') {
      out[k] = Object.fromEntries(Object.entries(s[k] as Schema).map(([f, v]) => [
        rename(f), Array.isArray(v) ? v.map((x) => rename(String(x))) : renameProps(v, rename),
      ]));
    }
  }
  for (const k of ['if', 'then', 'else', 'not']) if (s[k] !== undefined) out[k] = renameProps(s[k], rename);
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) out[k] = renameProps(s[k], rename);
  return out;
}

interface Slot {
  name: string;
  schema: Schema;
  prefill?: string;
  members: { code: string; field: string }[];
}

/**
 * Builds the bundle's one form from its members' forms: shared fields once, conflicting ones per member, the
 * members' conditional rules kept (renamed), `required` from the non-optional members, prefill merged.
 */
export function mergeBundleForm(members: readonly Pick<BundleMember, 'code' | 'def' | 'optional'>[]): MergedForm {
  const slots = new Map<string, Slot>();
  const names: Record<string, Record<string, string>> = {};
  const required = new Set<string>();
  const conditionals: unknown[] = [];
  const order: string[] = [];
  const ui: Schema = {};
  const nestedPrefill: Record<string, string> = {};
  let wildcard = false;
  let closed = members.length > 0;

  for (const { code, def, optional } of members) {
    const schema = def.form.schema as Schema;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    const memberUi = def.form.uiSchema;
    const map: Record<string, string> = (names[code] = {});
    for (const [field, fschema] of Object.entries(props)) {
      const prefill = def.form.prefill[field];
      const fits = (slot: Slot | undefined): Schema | null =>
        slot && acceptKey(slot.schema) === acceptKey(fschema) && (!prefill || !slot.prefill || prefill === slot.prefill) ? intersect(slot.schema, fschema) : null;
      // the same name, or another name prefilled from the same record (the applicant's name as applicantName and reporterName)
      let shared: Slot | undefined = slots.get(field);
      let merged = fits(shared);
      if (!merged && prefill) {
        shared = [...slots.values()].find((s) => s.prefill === prefill && !s.members.some((m) => m.code === code) && fits(s));
        merged = fits(shared);
      }
      let target: string;
      if (shared && merged) {
        target = shared.name;
        shared.schema = merged;
        shared.members.push({ code, field });
        if (prefill && !shared.prefill) shared.prefill = prefill;
      } else {
        target = slots.has(field) ? `${code}.${field}` : field;
        const title = target !== field && typeof fschema.title === 'string' ? `${fschema.title}（${def.name.zh}）` : undefined;
        slots.set(target, { name: target, schema: { ...fschema, ...(title ? { title } : {}) }, ...(prefill ? { prefill } : {}), members: [{ code, field }] });
      }
      map[field] = target;
      if (memberUi[field] !== undefined && ui[target] === undefined) ui[target] = memberUi[field];
    }
    // nested prefill targets (`address.city`) follow their top-level field
    for (const [field, source] of Object.entries(def.form.prefill)) {
      if (Object.hasOwn(props, field)) continue;
      const top = field.split('.')[0]!;
      const target = map[top];
      if (target && nestedPrefill[`${target}${field.slice(top.length)}`] === undefined) nestedPrefill[`${target}${field.slice(top.length)}`] = source;
    }
    if (!optional && Array.isArray(schema.required)) for (const r of schema.required) if (map[String(r)]) required.add(map[String(r)]!);
    const rename = (f: string) => map[f] ?? f;
    const cond: Schema = {};
    if (schema.if !== undefined) Object.assign(cond, renameProps({ if: schema.if, then: schema.then, else: schema.else }, rename));
    for (const k of CONDITIONALS) if (schema[k] !== undefined) cond[k] = (renameProps({ [k]: schema[k] }, rename) as Schema)[k];
    if (Object.keys(cond).length) conditionals.push(cond);
    if (schema.additionalProperties !== false) closed = false;

    const memberOrder = Array.isArray(memberUi['ui:order']) ? (memberUi['ui:order'] as string[]) : Object.keys(props);
    for (const f of memberOrder) {
      if (f === '*') { wildcard = true; continue; }
      const t = map[f];
      if (t && !order.includes(t)) order.push(t);
    }
    for (const f of Object.keys(props)) if (!order.includes(map[f]!)) order.push(map[f]!);
  }

  // a name asked per member: the first member's field says whose it is too
  const memberName = new Map(members.map((m) => [m.code, m.def.name.zh]));
  for (const slot of slots.values()) {
    const own = slot.members[0]!;
    const split = slot.members.length === 1 && slot.name === own.field && [...slots.keys()].some((k) => k.endsWith(`.${slot.name}`) && k !== slot.name);
    if (split && typeof slot.schema.title === 'string') slot.schema = { ...slot.schema, title: `${slot.schema.title}（${memberName.get(own.code)}）` };
  }
  const properties: Record<string, Schema> = {};
  const prefill: Record<string, string> = {};
  const fields: Record<string, { code: string; field: string }[]> = {};
  for (const slot of slots.values()) {
    properties[slot.name] = slot.schema;
    fields[slot.name] = slot.members;
    if (slot.prefill) prefill[slot.name] = slot.prefill;
  }
  Object.assign(prefill, nestedPrefill);
  const schema: Schema = {
    type: 'object',
    ...(required.size ? { required: [...required] } : {}),
    properties,
    ...(conditionals.length ? { allOf: conditionals } : {}),
    ...(closed ? { additionalProperties: false } : {}),
  };
  const uiSchema: Schema = { 'ui:order': wildcard ? [...order, '*'] : order, ...ui };
  const result: MergedForm = { schema, uiSchema, prefill, fields, names, form: { schema, uiSchema, prefill }, split: (data) => splitBundleData(result, data) };
  return result;
}

/** Splits merged form data into each member's form data (member code → member form). */
export function splitBundleData(merged: Pick<MergedForm, 'names'>, data: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [code, map] of Object.entries(merged.names)) {
    const member: Record<string, unknown> = {};
    for (const [field, name] of Object.entries(map)) if (data[name] !== undefined) member[field] = data[name];
    out[code] = member;
  }
  return out;
}

/**
 * Validates merged form data with each member's own form schema, and reports the problems by merged path
 * (a problem of a shared field is listed once). Members listed in `skip` (optional members left out) are not checked.
 */
export function validateBundleForm(merged: Pick<MergedForm, 'names'>, members: readonly Pick<BundleMember, 'code' | 'def'>[], data: Record<string, unknown>, skip: readonly string[] = []): FieldProblem[] {
  const parts = splitBundleData(merged, data);
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const { code, def } of members) {
    if (skip.includes(code)) continue;
    const map = merged.names[code] ?? {};
    for (const p of validateForm(def, parts[code] ?? {})) {
      const [, top = '', ...rest] = p.path.split('/');
      const path = top ? ['', map[top] ?? top, ...rest].join('/') : p.path;
      const key = `${path}|${p.reason}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...p, path });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// One pre-check over every member.

/** A question of a bundle: `key` is the question id, or `CODE.id` when members ask it with different answers. */
export interface BundleQuestion extends ItemQuestion {
  key: string;
  members: string[];
}

/** The pre-check of a bundle. */
export interface BundlePrecheckResult {
  /** 'no' when a required member is not eligible, 'unknown' when a taking-part member is unknown, else 'yes'. */
  eligible: 'yes' | 'no' | 'unknown';
  members: { code: string; optional: boolean; result: PrecheckResult }[];
  /** Optional members that are not eligible: they are left out, the rest of the bundle goes on. */
  skipped: string[];
  /** The decisive unanswered questions of the members taking part, each once. */
  questions: BundleQuestion[];
  /**
   * The same as one item's pre-check: the conditions of the members taking part as `CODE.conditionId`, missing
   * answers as `answers.<key>`, and the questions with `id` = key. What pre-review and the web app take.
   */
  overall: PrecheckResult;
}

const optionsKey = (q: ItemQuestion): string => `${q.type}|${(q.options ?? []).map((o) => o.value).sort().join('\u0000')}`;

/** The bundle key of each member's questions: shared when every member asking it offers the same answers. */
function questionKeys(members: readonly Pick<BundleMember, 'code' | 'def'>[]): Map<string, Map<string, string>> {
  const first = new Map<string, string>();
  const keys = new Map<string, Map<string, string>>();
  for (const { code, def } of members) {
    const m = new Map<string, string>();
    for (const q of def.questions ?? []) {
      const k = optionsKey(q);
      const seen = first.get(q.id);
      if (seen === undefined) first.set(q.id, k);
      m.set(q.id, seen === undefined || seen === k ? q.id : `${code}.${q.id}`);
    }
    keys.set(code, m);
  }
  return keys;
}

/**
 * Pre-checks every member of a bundle over one set of facts and answers. Answers are keyed by the bundle question
 * key: `relation` for a shared question, `HZ-ZXHK-SW.relation` for a member's own (also accepted as
 * `answers['HZ-ZXHK-SW'].relation`). Signed commitments (`answers.__commitments`) name `CODE.conditionId`, or a
 * bare condition id for every member that has it.
 */
export function precheckBundle(members: readonly BundleMember[], facts: FactSet, answers: Record<string, unknown>): BundlePrecheckResult {
  const keys = questionKeys(members);
  const commitments = Array.isArray(answers[COMMITMENTS_KEY]) ? (answers[COMMITMENTS_KEY] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const results: BundlePrecheckResult['members'] = [];
  for (const { code, def, optional } of members) {
    const memberKeys = keys.get(code)!;
    const own = answers[code] !== null && typeof answers[code] === 'object' ? (answers[code] as Record<string, unknown>) : {};
    const memberAnswers: Record<string, unknown> = {};
    for (const [id, key] of memberKeys) {
      const v = answers[key] ?? own[id];
      if (v !== undefined && v !== null) memberAnswers[id] = v;
    }
    const signed = commitments.flatMap((c) => (c.startsWith(`${code}.`) ? [c.slice(code.length + 1)] : c.includes('.') ? [] : [c]));
    results.push({ code, optional: optional === true, result: precheck(def, facts, memberAnswers, { commitments: signed }) });
  }

  const anyRequired = results.some((r) => !r.optional);
  const skipped = results.filter((r) => r.optional && anyRequired && r.result.eligible === 'no').map((r) => r.code);
  const taking = results.filter((r) => !skipped.includes(r.code));
  const eligible = taking.some((r) => r.result.eligible === 'no') ? 'no' : taking.some((r) => r.result.eligible === 'unknown') ? 'unknown' : 'yes';

  const questions: BundleQuestion[] = [];
  const conditions: ConditionOutcome[] = [];
  for (const { code, result } of taking) {
    const memberKeys = keys.get(code)!;
    for (const q of result.questions) {
      const key = memberKeys.get(q.id) ?? q.id;
      const known = questions.find((x) => x.key === key);
      if (known) known.members.push(code);
      else questions.push({ ...q, id: key, key, members: [code] });
    }
    for (const c of result.conditions) {
      const missing = c.missing.map((m) => (m.startsWith('answers.') ? `answers.${memberKeys.get(m.slice(8)) ?? m.slice(8)}` : m));
      conditions.push({ ...c, id: `${code}.${c.id}`, missing });
    }
  }
  return { eligible, members: results, skipped, questions, overall: { eligible, conditions, questions } };
}
