/** Pure catalog logic: summaries, bundle views and version diffs, shared by the server and the bench. */
import diff from 'microdiff';
import type { BundleDefinition, ItemDefinition, ItemMaterial } from './catalog.schema.ts';

/** The list view of an item (what the catalog page shows per result). */
export interface ItemSummary {
  code: string;
  version: number;
  name: { zh: string; en: string };
  summary?: { zh: string; en?: string };
  department: string;
  itemType: string;
  projectType: 'instant' | 'promised';
  channels: string[];
  fullyOnline: boolean;
  visits: number;
  cityWide: boolean;
  crossRegion: boolean;
  legalLimitDays: number;
  promisedLimitDays: number;
  autoApproval: boolean;
}

/** Builds the list view of an item version. */
export function summarizeItem(code: string, version: number, def: ItemDefinition): ItemSummary {
  return {
    code,
    version,
    name: def.name,
    ...(def.summary ? { summary: def.summary } : {}),
    department: def.department,
    itemType: def.itemType,
    projectType: def.projectType,
    channels: [...def.channels],
    fullyOnline: def.fullyOnline,
    visits: def.visits.count,
    cityWide: def.scope.cityWide,
    crossRegion: def.scope.crossRegion,
    legalLimitDays: def.timeLimits.legal.days,
    promisedLimitDays: def.timeLimits.promised.days,
    autoApproval: def.process.steps.some((s) => !!s.autoApproval),
  };
}

/** A material of a bundle after merging its members' lists. */
export interface MergedMaterial {
  key: string;
  name: { zh: string; en: string };
  description?: { zh: string; en?: string };
  necessity: ItemMaterial['necessity'];
  source: ItemMaterial['source'];
  exempt: boolean;
  members: string[];
}

/** True when the government already holds the material (e-licence, data source or another item's output). */
export const isExemptMaterial = (m: Pick<ItemMaterial, 'source'>): boolean => m.source.type !== 'upload';

/** Key under which two members' materials count as the same document. */
function materialKey(m: ItemMaterial): string {
  if (m.source.type === 'license') return `license:${m.source.licenseType}`;
  if (m.source.type === 'dataSource') return `data:${m.source.field}`;
  if (m.source.type === 'itemOutput') return `output:${m.source.itemCode}`;
  return `upload:${m.name.zh.replace(/[\s（）()]/g, '')}`;
}

const NECESSITY_RANK: Record<ItemMaterial['necessity'], number> = { required: 3, commitment: 2, deferrable: 1, optional: 0 };

/**
 * The bundle's materials with duplicates removed: one entry per document, the strictest necessity of its members,
 * and a material produced by another member of the same bundle is dropped (the bundle produces it itself).
 */
export function mergeBundleMaterials(members: { code: string; def: ItemDefinition }[]): MergedMaterial[] {
  const memberCodes = new Set(members.map((m) => m.code));
  const merged = new Map<string, MergedMaterial>();
  for (const { code, def } of members) {
    for (const m of def.materials) {
      if (m.source.type === 'itemOutput' && m.source.itemCode && memberCodes.has(m.source.itemCode)) continue;
      const key = materialKey(m);
      const seen = merged.get(key);
      if (seen) {
        if (!seen.members.includes(code)) seen.members.push(code);
        if (NECESSITY_RANK[m.necessity] > NECESSITY_RANK[seen.necessity]) seen.necessity = m.necessity;
        continue;
      }
      merged.set(key, {
        key, name: m.name, ...(m.description ? { description: m.description } : {}),
        necessity: m.necessity, source: m.source, exempt: isExemptMaterial(m), members: [code],
      });
    }
  }
  return [...merged.values()];
}

/** Totals of a bundle: visits (a visit can serve every member), the limit along the longest ordered chain. */
export function bundleTotals(bundle: BundleDefinition, members: { code: string; def: ItemDefinition }[], materials: MergedMaterial[]) {
  const byCode = new Map(members.map((m) => [m.code, m.def]));
  const memo = new Map<string, { promised: number; legal: number }>();
  const chain = (code: string, depth = 0): { promised: number; legal: number } => {
    const known = memo.get(code);
    if (known) return known;
    const def = byCode.get(code);
    const member = bundle.members.find((m) => m.itemCode === code);
    let before = { promised: 0, legal: 0 };
    if (depth < 50) {
      for (const a of member?.after ?? []) {
        const c = chain(a, depth + 1);
        before = { promised: Math.max(before.promised, c.promised), legal: Math.max(before.legal, c.legal) };
      }
    }
    const total = { promised: before.promised + (def?.timeLimits.promised.days ?? 0), legal: before.legal + (def?.timeLimits.legal.days ?? 0) };
    memo.set(code, total);
    return total;
  };
  const chains = bundle.members.map((m) => chain(m.itemCode));
  return {
    visits: bundle.visits,
    promisedLimitDays: bundle.promisedLimitDays,
    criticalPathPromisedDays: Math.max(0, ...chains.map((c) => c.promised)),
    legalLimitDays: Math.max(0, ...chains.map((c) => c.legal)),
    materials: materials.length,
    exemptMaterials: materials.filter((m) => m.exempt).length,
  };
}

/** One change between two versions of a definition. */
export interface DefinitionChange {
  kind: 'added' | 'removed' | 'changed';
  path: string;
  before?: unknown;
  after?: unknown;
}

/** Lists the changes between two definitions, each with a JSON Pointer path. */
export function diffDefinitions(before: object, after: object): DefinitionChange[] {
  return diff(before as Record<string, unknown>, after as Record<string, unknown>).map((d) => {
    const path = `/${d.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
    if (d.type === 'CREATE') return { kind: 'added', path, after: d.value };
    if (d.type === 'REMOVE') return { kind: 'removed', path, before: d.oldValue };
    return { kind: 'changed', path, before: d.oldValue, after: d.value };
  });
}
