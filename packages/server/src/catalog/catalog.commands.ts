/**
 * Catalog commands: import, drafts, publication. Each runs in one transaction, validates the whole definition
 * first and refuses with every problem listed, so nothing is ever half-saved.
 */
import {
  checkBundleFile, checkCatalog, checkItemFile, ConflictError, DomainError, indexTokens, itemSearchText, NotFoundError,
  summarizeItem, ValidationError, type BundleDefinition, type FieldProblem, type ItemDefinition,
} from '@tongban/core';
import { catalogRepo, type Db, type DerivedColumns, type EntryKind, type Queryable } from '@tongban/db';
import { audit } from '../audit/audit.service.ts';

/** Who changes the catalog: recorded on the version and in the audit log. */
export interface Actor { id: string; role?: string | null; org?: string | null }

const logChange = (tx: Queryable, actor: Actor, action: string, kind: EntryKind, code: string, detail: Record<string, unknown> = {}) =>
  audit(tx, { actor: actor.id, actorRole: actor.role ?? null, org: actor.org ?? null, action, subjectType: `catalog_${kind}`, subjectId: code, detail });

const IMPORT_LOCK = 7_310_000_002;

/** Filter and search columns of a definition. */
export function deriveColumns(kind: EntryKind, code: string, version: number, def: Record<string, unknown>): DerivedColumns {
  if (kind === 'item') {
    const item = def as unknown as ItemDefinition;
    const text = itemSearchText(code, item);
    const primary = indexTokens(text.primary);
    return {
      department: item.department,
      itemType: item.itemType,
      channels: [...item.channels],
      fullyOnline: item.fullyOnline,
      crossRegion: item.scope.crossRegion,
      summary: summarizeItem(code, version, item) as unknown as Record<string, unknown>,
      primaryTokens: [...primary, code.toLowerCase()],
      secondaryTokens: indexTokens(text.secondary).filter((t) => !primary.includes(t)),
    };
  }
  const b = def as unknown as BundleDefinition;
  return {
    department: b.leadDepartment,
    itemType: null,
    channels: [],
    fullyOnline: false,
    crossRegion: false,
    summary: { code, version, name: b.name, summary: b.summary, leadDepartment: b.leadDepartment, memberCount: b.members.length },
    primaryTokens: [...indexTokens(`${b.name.zh} ${b.name.en} ${b.topics.join(' ')}`), code.toLowerCase()],
    secondaryTokens: indexTokens(b.summary.zh),
  };
}

const stripMeta = (file: Record<string, unknown>): Record<string, unknown> => {
  const { code: _c, effectiveDate: _e, ...def } = file;
  return def;
};

const withPrefix = (prefix: string, problems: FieldProblem[]): FieldProblem[] => problems.map((p) => ({ ...p, path: `${prefix}${p.path}` }));

/** Validates one definition of a kind; every problem, or none. */
export function checkDefinition(kind: EntryKind, code: string, def: unknown): FieldProblem[] {
  if (def === null || typeof def !== 'object' || Array.isArray(def)) {
    return [{ path: '', reason: 'type', message: { zh: '定义应为对象', en: 'The definition must be an object' } }];
  }
  const file = { code, ...(def as object) };
  return kind === 'item' ? checkItemFile(file) : checkBundleFile(file);
}

/** Item codes in force, with their definitions, for reference checks. */
async function currentItems(q: Queryable, today: string): Promise<Map<string, ItemDefinition>> {
  const rows = await catalogRepo.latestAll(q, 'item');
  void today;
  return new Map(rows.map((r) => [r.code, r.definition as unknown as ItemDefinition]));
}

/** Problems in a bundle's references: members that are not published items. */
async function bundleReferenceProblems(q: Queryable, def: BundleDefinition, today: string): Promise<FieldProblem[]> {
  const items = await currentItems(q, today);
  return def.members.flatMap((m, i) =>
    items.has(m.itemCode) ? [] : [{
      path: `/members/${i}/itemCode`, reason: 'unknown_item',
      message: { zh: `成员事项“${m.itemCode}”不存在或未发布`, en: `Member item "${m.itemCode}" does not exist or is not published` },
    }],
  );
}

export interface ImportInput {
  items: { file: string; data: unknown }[];
  bundles: { file: string; data: unknown }[];
}

export interface ImportResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Imports a catalog (items and bundles as parsed files). Everything is validated first, against the items already
 * published too; nothing is written unless every file is valid. A changed definition becomes a new published version.
 */
export async function importCatalog(db: Db, input: ImportInput, actor: Actor, today: string, opts: { onlyIfEmpty?: boolean } = {}): Promise<ImportResult | null> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
    if (opts.onlyIfEmpty && (await catalogRepo.countEntries(tx)) > 0) return null;
    const existing = await currentItems(tx, today);
    const importedCodes = new Set(input.items.map((i) => (i.data as { code?: string })?.code));
    const reference = [...existing.entries()]
      .filter(([code]) => !importedCodes.has(code))
      .map(([code, def]) => ({ file: `(published) ${code}`, data: { code, ...def } }));
    const report = checkCatalog([...input.items, ...reference], input.bundles);
    const problems = report.filter((r) => !r.file.startsWith('(published)')).flatMap((r) => withPrefix(`${r.file}#`, r.problems));
    if (problems.length) throw new ValidationError('catalog.import_invalid', problems);

    const result: ImportResult = { created: [], updated: [], unchanged: [] };
    for (const [kind, list] of [['item', input.items], ['bundle', input.bundles]] as const) {
      for (const { data } of list) {
        const file = data as Record<string, unknown> & { code: string; effectiveDate?: string };
        const def = stripMeta(file);
        const kindNow = await catalogRepo.entryKind(tx, file.code);
        if (kindNow && kindNow !== kind) {
          throw new ConflictError('catalog.code_taken', { zh: `编码“${file.code}”已被其他类型的目录条目使用`, en: `Code "${file.code}" is already used by another kind of entry` });
        }
        const latest = kindNow ? await catalogRepo.latestPublished(tx, file.code) : null;
        if (latest && JSON.stringify(normalizeJson(latest.definition)) === JSON.stringify(normalizeJson(def))) {
          result.unchanged.push(file.code);
          continue;
        }
        if (!kindNow) await catalogRepo.insertEntry(tx, kind, file.code);
        if (kindNow && (await catalogRepo.draft(tx, file.code))) {
          throw new ConflictError('catalog.draft_exists', { zh: `“${file.code}”有未发布的草稿，请先发布或删除草稿再导入`, en: `"${file.code}" has an unpublished draft; publish or delete it before importing` });
        }
        const version = await catalogRepo.nextVersion(tx, file.code);
        const effectiveDate = file.effectiveDate && (latest === null || file.effectiveDate >= today) ? file.effectiveDate : today;
        await catalogRepo.insertVersion(tx, { code: file.code, kind, version, status: 'published', definition: def, effectiveDate, actor: actor.id });
        await catalogRepo.indexPublished(tx, { code: file.code, kind, version, effectiveDate }, deriveColumns(kind, file.code, version, def));
        (latest ? result.updated : result.created).push(file.code);
      }
    }
    if (result.created.length || result.updated.length) {
      // the counts, and the first codes (the audit detail stays small even for a large import)
      await logChange(tx, actor, 'catalog.import', 'item', '*', {
        created: result.created.length, updated: result.updated.length, codes: [...result.created, ...result.updated].slice(0, 50),
      });
    }
    return result;
  });
}

/** JSON round-trip, so a definition compares equal to what jsonb gives back (key order aside). */
function normalizeJson(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, val: unknown) => (val && typeof val === 'object' && !Array.isArray(val)
    ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : val)));
}

const notFound = (kind: EntryKind, code: string) =>
  new NotFoundError('catalog.not_found', kind === 'item' ? { zh: `事项“${code}”`, en: `Item "${code}"` } : { zh: `一件事“${code}”`, en: `Bundle "${code}"` }, { code });

/** Throws a 404 unless `code` is an entry of `kind`. */
export async function requireKind(q: Queryable, kind: EntryKind, code: string): Promise<void> {
  if ((await catalogRepo.entryKind(q, code)) !== kind) throw notFound(kind, code);
}

/** Creates a new entry whose first version is a draft. */
export async function createEntry(db: Db, kind: EntryKind, code: string, def: unknown, actor: Actor) {
  const problems = checkDefinition(kind, code, def);
  if (problems.length) throw new ValidationError(`catalog.${kind}_invalid`, problems);
  return db.transaction(async (tx) => {
    if (!(await catalogRepo.insertEntry(tx, kind, code))) {
      throw new ConflictError('catalog.code_taken', { zh: `编码“${code}”已存在`, en: `Code "${code}" already exists` }, { code });
    }
    await catalogRepo.insertVersion(tx, { code, kind, version: 1, status: 'draft', definition: def as object, effectiveDate: null, actor: actor.id });
    await logChange(tx, actor, 'catalog.create', kind, code);
    return (await catalogRepo.draft(tx, code))!;
  });
}

/** Starts a draft as a copy of the newest published version. */
export async function createDraft(db: Db, kind: EntryKind, code: string, actor: Actor) {
  return db.transaction(async (tx) => {
    await requireKind(tx, kind, code);
    if (await catalogRepo.draft(tx, code)) {
      throw new ConflictError('catalog.draft_exists', { zh: `“${code}”已有草稿，请编辑该草稿或先删除它`, en: `"${code}" already has a draft; edit it or delete it first` }, { code });
    }
    const latest = await catalogRepo.latestPublished(tx, code);
    if (!latest) throw notFound(kind, code);
    const version = await catalogRepo.nextVersion(tx, code);
    await catalogRepo.insertVersion(tx, { code, kind, version, status: 'draft', definition: latest.definition, effectiveDate: null, actor: actor.id });
    await logChange(tx, actor, 'catalog.draft', kind, code, { version });
    return (await catalogRepo.draft(tx, code))!;
  });
}

/** The entry's draft, or a 404. */
export async function requireDraft(q: Queryable, kind: EntryKind, code: string) {
  await requireKind(q, kind, code);
  const draft = await catalogRepo.draft(q, code);
  if (!draft) {
    throw new NotFoundError('catalog.draft_not_found', { zh: `“${code}”的草稿`, en: `A draft of "${code}"` }, { code });
  }
  return draft;
}

const stale = (code: string, expected: number, actual: number) =>
  new ConflictError('catalog.stale_revision', {
    zh: `草稿已被他人修改（当前修订号 ${actual}，您提交的是 ${expected}）：请重新载入后再修改`,
    en: `The draft was changed by someone else (revision is now ${actual}, you sent ${expected}); reload it and apply your change again`,
  }, { code, expected, actual });

/** Replaces the draft's definition if nobody changed it since `revision`; refuses an invalid one with every problem. */
export async function updateDraft(db: Db, kind: EntryKind, code: string, revision: number, def: unknown, actor: Actor) {
  const problems = checkDefinition(kind, code, def);
  if (problems.length) throw new ValidationError(`catalog.${kind}_invalid`, problems);
  return db.transaction(async (tx) => {
    const draft = await requireDraft(tx, kind, code);
    const next = await catalogRepo.updateDraft(tx, code, revision, def as object, actor.id);
    if (next === null) throw stale(code, revision, draft.revision);
    await logChange(tx, actor, 'catalog.edit', kind, code, { version: draft.version, revision: next });
    return (await catalogRepo.draft(tx, code))!;
  });
}

/** Publishes the draft: from then on its version is immutable; it comes into force on `effectiveDate`. */
export async function publishDraft(db: Db, kind: EntryKind, code: string, revision: number, effectiveDate: string, today: string, actor: Actor) {
  if (effectiveDate < today) {
    throw new ValidationError('catalog.publish_invalid', [{
      path: '/effectiveDate', reason: 'in_past',
      message: { zh: `生效日期不得早于今天（${today}）`, en: `The effective date may not be before today (${today})` },
    }]);
  }
  return db.transaction(async (tx) => {
    const draft = await requireDraft(tx, kind, code);
    const problems = checkDefinition(kind, code, draft.definition);
    if (kind === 'bundle' && !problems.length) problems.push(...(await bundleReferenceProblems(tx, draft.definition as unknown as BundleDefinition, today)));
    if (problems.length) throw new ValidationError(`catalog.${kind}_invalid`, problems);
    const version = await catalogRepo.publishDraft(tx, code, revision, effectiveDate, actor.id);
    if (version === null) throw stale(code, revision, draft.revision);
    await logChange(tx, actor, 'catalog.publish', kind, code, { version, effectiveDate });
    await catalogRepo.indexPublished(tx, { code, kind, version, effectiveDate }, deriveColumns(kind, code, version, draft.definition));
    return (await catalogRepo.version(tx, code, version))!;
  });
}

/** Deletes the draft. */
export async function deleteDraft(db: Db, kind: EntryKind, code: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const draft = await requireDraft(tx, kind, code);
    await catalogRepo.deleteDraft(tx, code);
    await logChange(tx, actor, 'catalog.discard_draft', kind, code, { version: draft.version });
  });
}

/** A version, or a 404 naming it. */
export async function requireVersion(q: Queryable, kind: EntryKind, code: string, version: number) {
  await requireKind(q, kind, code);
  const row = await catalogRepo.version(q, code, version);
  if (!row) {
    throw new NotFoundError('catalog.version_not_found', { zh: `“${code}”的第 ${version} 版`, en: `Version ${version} of "${code}"` }, { code, version });
  }
  return row;
}

export { DomainError };
