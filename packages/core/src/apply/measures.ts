/**
 * Measures of smart application stored with each submitted application, and their per-item aggregate:
 * how much of the form was prefilled, how many materials the applicant did not have to provide (两个免于提交),
 * and whether the application was accepted without a supplement request (首办成功率).
 */
import type { ItemDefinition } from '../catalog/catalog.schema.ts';
import { countFormFields, type PrefillResult } from './form.ts';
import type { MaterialState } from './prereview.ts';

/** The measures of one application. */
export interface ApplicationMeasures {
  fieldsPrefilled: number;
  fieldsTotal: number;
  /** Materials covered by an e-licence, a data-source record or another item's output (not uploaded). */
  materialsExempted: number;
  /** Materials in play: every non-optional material, and optional ones the applicant supplied. */
  materialsTotal: number;
}

/** Input of applicationMeasures: the item, its prefill (result or provenance map) and the materials state. */
export interface MeasuresInput {
  item: Pick<ItemDefinition, 'materials'> & { form: Pick<ItemDefinition['form'], 'schema'> };
  prefill: Pick<PrefillResult, 'prefilled' | 'total'> | Record<string, unknown>;
  /** The submitted form; a prefilled field the form no longer has is not counted. */
  form?: Record<string, unknown>;
  materials: MaterialState;
}

/** True when the form has a value for the field (a whole-name property, or a dotted path into nested objects). */
const present = (form: Record<string, unknown>, field: string): boolean => {
  if (Object.hasOwn(form, field)) return form[field] !== undefined;
  let o: unknown = form;
  for (const k of field.split('.')) {
    if (o === null || typeof o !== 'object') return false;
    o = (o as Record<string, unknown>)[k];
  }
  return o !== undefined;
};

const EXEMPT_KINDS = new Set(['license', 'dataSource', 'itemOutput']);

/** Computes the measures of one application. */
export function applicationMeasures(input: MeasuresInput): ApplicationMeasures {
  const { item, prefill, form, materials } = input;
  const fieldsTotal = countFormFields(item.form.schema);
  let fieldsPrefilled: number;
  const asResult = prefill as Partial<PrefillResult>;
  if (typeof asResult.prefilled === 'number' && typeof asResult.total === 'number') fieldsPrefilled = asResult.prefilled;
  else fieldsPrefilled = Object.keys(prefill).filter((f) => !form || present(form, f)).length;
  let materialsTotal = 0, materialsExempted = 0;
  for (const m of item.materials) {
    const entry = materials[m.id];
    if (m.necessity === 'optional' && !entry) continue;
    materialsTotal++;
    if (entry && EXEMPT_KINDS.has(entry.kind)) materialsExempted++;
  }
  return { fieldsPrefilled: Math.min(fieldsPrefilled, fieldsTotal), fieldsTotal, materialsExempted, materialsTotal };
}

/** One application's stored measures, with whether it was accepted without a supplement (null while undecided). */
export interface MeasuredApplication extends ApplicationMeasures {
  itemCode: string;
  acceptedWithoutSupplement?: boolean | null;
}

/** The per-item report of the measures. Ratios are null when there is nothing to divide by. */
export interface ItemMeasuresReport {
  itemCode: string;
  applications: number;
  fieldsPrefilled: number;
  fieldsTotal: number;
  prefillRatio: number | null;
  materialsExempted: number;
  materialsTotal: number;
  exemptionRatio: number | null;
  /** Applications accepted (or refused) so far, and those accepted without a supplement request. */
  decided: number;
  acceptedWithoutSupplement: number;
  firstTimeSuccessRate: number | null;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);

/** Aggregates stored measures per item: sums and ratios (prefill, exemption, first-time success). */
export function aggregateMeasures(rows: readonly MeasuredApplication[]): ItemMeasuresReport[] {
  const by = new Map<string, ItemMeasuresReport>();
  for (const r of rows) {
    let a = by.get(r.itemCode);
    if (!a) {
      a = { itemCode: r.itemCode, applications: 0, fieldsPrefilled: 0, fieldsTotal: 0, prefillRatio: null, materialsExempted: 0, materialsTotal: 0, exemptionRatio: null, decided: 0, acceptedWithoutSupplement: 0, firstTimeSuccessRate: null };
      by.set(r.itemCode, a);
    }
    a.applications++;
    a.fieldsPrefilled += r.fieldsPrefilled;
    a.fieldsTotal += r.fieldsTotal;
    a.materialsExempted += r.materialsExempted;
    a.materialsTotal += r.materialsTotal;
    if (r.acceptedWithoutSupplement === true || r.acceptedWithoutSupplement === false) {
      a.decided++;
      if (r.acceptedWithoutSupplement) a.acceptedWithoutSupplement++;
    }
  }
  return [...by.values()].map((a) => ({
    ...a,
    prefillRatio: ratio(a.fieldsPrefilled, a.fieldsTotal),
    exemptionRatio: ratio(a.materialsExempted, a.materialsTotal),
    firstTimeSuccessRate: ratio(a.acceptedWithoutSupplement, a.decided),
  }));
}
