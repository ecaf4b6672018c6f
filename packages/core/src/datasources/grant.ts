/**
 * Least-privilege grants (最小可用): an item may read only the data-source fields its own definition names, for the
 * purpose of an application of that item. The grant is worked out from the definition, never configured apart from it,
 * so a new condition or prefill widens it visibly in the item's version history.
 */
import { ruleVariables } from '../catalog/catalog.rules.ts';
import type { ItemDefinition } from '../catalog/catalog.schema.ts';
import { DATA_SOURCE_FIELD_NAMES } from '../catalog/catalog.enums.ts';

/** The grant of an item: every data-source field (`source.field`) it may read. */
export type Grant = ReadonlySet<string>;

/** The field that tells which e-licences the applicant holds (the wallet). */
export const LICENSE_HELD_FIELD = 'license.held';

const isSourceField = (name: string): boolean => DATA_SOURCE_FIELD_NAMES.has(name);

/**
 * Every data-source field an item names: the variables of its conditions and auto-approval rules, the sources of its
 * form prefill, its materials covered by a data-source field, and `license.held` when a material can be covered by an
 * e-licence (to know whether the applicant holds it). `answers.*` and `form.*` are the applicant's own input, not
 * data-source fields, and are never part of a grant.
 */
export function grantOf(item: Pick<ItemDefinition, 'conditions' | 'process' | 'form' | 'materials'>): Set<string> {
  const grant = new Set<string>();
  const add = (name: string | undefined): void => { if (name && isSourceField(name)) grant.add(name); };
  for (const c of item.conditions) ruleVariables(c.rule).forEach(add);
  for (const s of item.process.steps) if (s.autoApproval) ruleVariables(s.autoApproval.rule).forEach(add);
  Object.values(item.form.prefill).forEach(add);
  for (const m of item.materials) {
    if (m.source.type === 'dataSource') add(m.source.field);
    if (m.source.type === 'license') add(LICENSE_HELD_FIELD);
  }
  return grant;
}

/** The union of several items' grants (a bundle reads what its members may read, each for the same application). */
export function grantOfAll(items: Pick<ItemDefinition, 'conditions' | 'process' | 'form' | 'materials'>[]): Set<string> {
  const all = new Set<string>();
  for (const item of items) for (const f of grantOf(item)) all.add(f);
  return all;
}

/** The requested fields a grant does not cover, in the order asked (empty when the read is allowed). */
export function outsideGrant(grant: Grant, fields: readonly string[]): string[] {
  return [...new Set(fields.filter((f) => !grant.has(f)))];
}
