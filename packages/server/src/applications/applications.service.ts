/**
 * Applications (申请): a draft is started from the item (or bundle) version in force, with the applicant's facts
 * read from the data sources under the item's grant, the form prefilled with provenance and the pre-check done;
 * it saves and resumes; pre-review lists every problem at once; submission is idempotent and gives a receipt.
 * The personal parts (form, answers, prefill, facts, explanations) are sealed at rest.
 */
import { randomBytes } from 'node:crypto';
import {
  ConflictError, decryptPii, DomainError, encryptPii, formatReceipt, grantOf, mergeBundleForm, NotFoundError, precheck, precheckBundle,
  prefillForm, preReview, validateForm, detectOverwrites, applicationMeasures, ValidationError,
  type BundleDefinition, type FactSet, type ItemDefinition, type KeyProvider, type MaterialEntry, type MaterialState, type PrecheckResult, type Principal,
} from '@tongban/core';
import { applicationsRepo, catalogRepo, identityRepo, materialsRepo, type ApplicationRow, type Db, type Queryable } from '@tongban/db';
import { audit } from '../audit/audit.service.ts';
import { definitionAt } from '../catalog/definitions.ts';
import type { Clock } from '../clock.ts';
import type { DataSourceService } from '../datasources/datasources.service.ts';

/** What is sealed in an application row. */
export interface SealedParts {
  answers: Record<string, unknown>;
  form: Record<string, unknown>;
  prefill: Record<string, { value: unknown; source: string; sourceName: { zh: string; en: string }; field: string }>;
  facts: FactSet;
  precheck: PrecheckResult | null;
}

export type { MaterialEntry, MaterialState } from '@tongban/core';

export interface ApplicationDeps {
  db: Db;
  keys: KeyProvider;
  clock: Clock;
  dataSources: DataSourceService;
  /** Opens the case of an application just submitted, in the submission's transaction. */
  onSubmitted?: (tx: Queryable, row: ApplicationRow) => Promise<unknown>;
}

const seal = (keys: KeyProvider, parts: SealedParts) => encryptPii(keys, 'document', JSON.stringify(parts));
export const unseal = (keys: KeyProvider, row: Pick<ApplicationRow, 'sealed'>): SealedParts => JSON.parse(decryptPii(keys, 'document', row.sealed)) as SealedParts;

const notFound = (id: string) => new NotFoundError('application.not_found', { zh: `申请“${id}”`, en: `Application "${id}"` }, { id });

/** The catalog definitions an application is bound to (its item, or its bundle and the members' versions). */
export async function boundDefinitions(q: Queryable, row: Pick<ApplicationRow, 'kind' | 'code' | 'version' | 'members'>): Promise<{ item?: ItemDefinition; bundle?: BundleDefinition; members: { code: string; version: number; def: ItemDefinition }[] }> {
  if (row.kind === 'item') {
    const item = await definitionAt<ItemDefinition>(q, row.code, row.version);
    return { item, members: [{ code: row.code, version: row.version, def: item }] };
  }
  const bundle = await definitionAt<BundleDefinition>(q, row.code, row.version);
  const members = await Promise.all(row.members.map(async (m) => ({ code: m.itemCode, version: m.version, def: await definitionAt<ItemDefinition>(q, m.itemCode, m.version) })));
  return { bundle, members };
}

/** The item definition the form and checks run on: the item, or the bundle's merged form as one definition. */
function effectiveItem(bound: Awaited<ReturnType<typeof boundDefinitions>>) {
  if (bound.item) return { item: bound.item, merged: null };
  const merged = mergeBundleForm(bundleMembers(bound));
  const first = bound.members[0]!.def;
  const item: ItemDefinition = {
    ...first,
    form: merged.form,
    conditions: bound.members.flatMap((m) => m.def.conditions.map((c) => ({ ...c, id: `${m.code}.${c.id}` }))),
    questions: bound.members.flatMap((m) => m.def.questions ?? []),
    materials: [],
  };
  return { item, merged };
}

/** The bundle's members for the bundle pre-check and merged form (with which are optional). */
export function bundleMembers(bound: Awaited<ReturnType<typeof boundDefinitions>>) {
  return bound.members.map((m) => ({ code: m.code, def: m.def, optional: bound.bundle?.members.find((x) => x.itemCode === m.code)?.optional ?? false }));
}

/** Initial state of each material: exempt when an e-licence the applicant holds, a record, or another member covers it. */
function initialMaterials(members: { code: string; def: ItemDefinition }[], facts: FactSet): MaterialState {
  const held = (facts.values.license?.held as string[] | undefined) ?? [];
  const codes = new Set(members.map((m) => m.code));
  const out: Record<string, MaterialEntry> = {};
  for (const { code, def } of members) {
    for (const m of def.materials) {
      const key = members.length > 1 ? `${code}.${m.id}` : m.id;
      const src = m.source;
      const producer = src.type === 'license' ? members.find((x) => x.code !== code && x.def.output.licenseType === src.licenseType) : undefined;
      if (src.type === 'license' && src.licenseType && held.includes(src.licenseType)) out[key] = { kind: 'license', licenseType: src.licenseType };
      else if (producer) out[key] = { kind: 'itemOutput', itemCode: producer.code };
      else if (src.type === 'dataSource' && src.field && !(src.field in facts.unknown) && valueOf(facts, src.field) !== undefined && valueOf(facts, src.field) !== false) out[key] = { kind: 'dataSource', field: src.field };
      else if (src.type === 'itemOutput' && src.itemCode && codes.has(src.itemCode)) out[key] = { kind: 'itemOutput', itemCode: src.itemCode };
    }
  }
  return out;
}

const valueOf = (facts: FactSet, field: string): unknown => {
  const [source, name] = field.split('.');
  return facts.values[source!]?.[name!];
};

/** Starts a draft application for an item or a bundle in force today. */
export async function startApplication(deps: ApplicationDeps, who: Principal, target: { itemCode?: string; bundleCode?: string }, channel = 'online'): Promise<ApplicationRow> {
  const today = deps.clock.today();
  const kind = target.bundleCode ? 'bundle' : 'item';
  const code = (target.bundleCode ?? target.itemCode)!;
  const person = await identityRepo.personById(deps.db, who.id);
  if (!person) throw new DomainError('application.no_person', { zh: '只有已登录的公民可以申请', en: 'Only a signed-in citizen can apply' });
  const current = await catalogRepo.current(deps.db, kind, code, today);
  if (!current) throw new NotFoundError('catalog.not_found', kind === 'item' ? { zh: `事项“${code}”`, en: `Item "${code}"` } : { zh: `一件事“${code}”`, en: `Bundle "${code}"` }, { code });
  let members: { itemCode: string; version: number }[] = [];
  if (kind === 'bundle') {
    const b = current.definition as unknown as BundleDefinition;
    members = await Promise.all(b.members.map(async (m) => ({ itemCode: m.itemCode, version: (await catalogRepo.current(deps.db, 'item', m.itemCode, today))!.version })));
  }
  const id = `app_${randomBytes(9).toString('base64url')}`;
  const row = { kind, code, version: current.version, members } as const;
  const bound = await boundDefinitions(deps.db, row);
  const { item, merged } = effectiveItem(bound);
  const grant = new Set(bound.members.flatMap((m) => [...grantOf(m.def)]));
  return deps.db.transaction(async (tx) => {
    const citizenId = decryptPii(deps.keys, 'citizen_id', person.citizenIdEnc);
    const facts = await deps.dataSources.read({
      subject: { personId: person.id, citizenIdIdx: person.citizenIdIdx, citizenId, uscc: who.actingFor?.uscc ?? null }, fields: [...grant], grant,
      purpose: `application:${id}`, actor: `citizen:${who.id}`, actorRole: 'applicant', org: null,
    }, tx);
    const prefill = prefillForm(item, facts);
    const result = merged ? precheckBundle(bundleMembers(bound), facts, {}).overall : precheck(item, facts, {});
    const parts: SealedParts = { answers: {}, form: prefill.values, prefill: prefill.provenance as SealedParts['prefill'], facts, precheck: result };
    await applicationsRepo.insert(tx, {
      id, applicantId: who.id, actingFor: who.actingFor?.uscc ?? null, kind, code, version: current.version, members,
      sealed: seal(deps.keys, parts), materials: initialMaterials(bound.members, facts), eligible: result.eligible, channel,
    });
    await audit(tx, { actor: `citizen:${who.id}`, actorRole: 'applicant', action: 'application.start', subjectType: 'application', subjectId: id, detail: { kind, code, version: current.version } });
    return (await applicationsRepo.get(tx, id))!;
  });
}

/** The application if the principal is its applicant; a 404 otherwise (no hint that it exists). */
export async function ownApplication(q: Queryable, who: Principal, id: string, opts: { forUpdate?: boolean } = {}): Promise<ApplicationRow> {
  const row = await applicationsRepo.get(q, id, opts);
  if (!row || row.applicantId !== who.id) throw notFound(id);
  return row;
}

/**
 * Refuses material states the applicant cannot claim: a file that is not theirs or not uploaded for this material,
 * an e-licence they do not hold, a record the data sources do not have, another item's output outside the bundle,
 * a deferral or commitment the material does not allow. Every problem is listed.
 */
export async function checkMaterialStates(q: Queryable, who: Principal, bound: Awaited<ReturnType<typeof boundDefinitions>>, facts: FactSet, states: Record<string, MaterialEntry | null>): Promise<void> {
  const held = (facts.values.license?.held as string[] | undefined) ?? [];
  const multi = bound.members.length > 1;
  const problems: { path: string; reason: string; message: { zh: string; en: string } }[] = [];
  for (const [key, state] of Object.entries(states)) {
    if (state === null) continue;
    const [code, id] = multi ? [key.slice(0, key.lastIndexOf('.')), key.slice(key.lastIndexOf('.') + 1)] : [bound.members[0]!.code, key];
    const member = bound.members.find((m) => m.code === code);
    const material = member?.def.materials.find((m) => m.id === id);
    const bad = (reason: string, zh: string, en: string) => problems.push({ path: `/materials/${key}`, reason, message: { zh, en } });
    if (!material) { bad('unknown_material', '本事项没有这项材料', 'This item has no such material'); continue; }
    if (state.kind === 'upload') {
      const file = await materialsRepo.ownedBy(q, state.fileId, who.id);
      if (!file || file.itemCode !== code || file.materialId !== id) bad('file_not_yours', '该文件不是您为这项材料上传的', 'This file was not uploaded by you for this material');
    } else if (state.kind === 'license') {
      if (material.source.licenseType !== state.licenseType || !held.includes(state.licenseType)) bad('license_not_held', '您的证照夹中没有可替代这项材料的电子证照', 'Your wallet holds no e-licence that covers this material');
    } else if (state.kind === 'dataSource') {
      if (material.source.field !== state.field || state.field in facts.unknown) bad('no_record', '权威数据中没有可替代这项材料的记录', 'No authoritative record covers this material');
    } else if (state.kind === 'itemOutput') {
      const producer = bound.members.find((m) => m.code === state.itemCode && m.code !== code);
      const covers = producer && (material.source.itemCode === producer.code || (material.source.type === 'license' && producer.def.output.licenseType === material.source.licenseType));
      if (!covers) bad('not_in_bundle', '只有同一件事中的其他事项的结果可以替代这项材料', 'Only another member of the same bundle can provide this material');
    } else if (state.kind === 'deferred') {
      if (material.necessity !== 'deferrable') bad('not_deferrable', '这项材料不能容缺后补', 'This material cannot be supplied later');
    } else if (state.kind === 'commitment') {
      if (material.necessity !== 'commitment') bad('no_commitment', '这项材料不能以承诺代替', 'This material cannot be replaced by a commitment');
    }
  }
  if (problems.length) throw new ValidationError('application.material_invalid', problems);
}

/** Saves a draft's answers, form and materials (optimistic concurrency on `revision`); prefilled values may not be overwritten. */
export async function saveDraft(deps: ApplicationDeps, who: Principal, id: string, patch: { revision: number; answers?: Record<string, unknown>; form?: Record<string, unknown>; materials?: Record<string, MaterialEntry | null> }): Promise<ApplicationRow> {
  return deps.db.transaction(async (tx) => {
    const row = await ownApplication(tx, who, id, { forUpdate: true });
    if (row.status !== 'draft') {
      throw new ConflictError('application.not_draft', { zh: `申请已提交（受理编号 ${row.receiptNo}），不能再修改`, en: `The application was submitted (receipt ${row.receiptNo}) and can no longer change` }, { state: row.status, allowed: [] });
    }
    if (row.revision !== patch.revision) {
      throw new ConflictError('application.stale_revision', { zh: `申请已在别处修改（当前修订号 ${row.revision}），请刷新后再改`, en: `The application changed elsewhere (revision is now ${row.revision}); reload and apply your change again` }, { expected: patch.revision, actual: row.revision });
    }
    const parts = unseal(deps.keys, row);
    // a null value clears the field
    const form = patch.form ? Object.fromEntries(Object.entries({ ...parts.form, ...patch.form }).filter(([, v]) => v !== null)) : parts.form;
    const overwritten = detectOverwrites(parts.prefill, form);
    if (overwritten.length) {
      throw new ValidationError('application.prefill_overwrite', overwritten.map((f: string) => ({
        path: `/form/${f}`, reason: 'prefilled',
        message: { zh: '该项来自权威数据，不能直接修改；如有错误请提出数据异议', en: 'This value comes from an authoritative record and cannot be changed here; raise a data dispute if it is wrong' },
      })));
    }
    const answers = patch.answers ? { ...parts.answers, ...patch.answers } : parts.answers;
    const bound = await boundDefinitions(tx, row);
    const { item, merged } = effectiveItem(bound);
    const result = merged ? precheckBundle(bundleMembers(bound), parts.facts, answers).overall : precheck(item, parts.facts, answers);
    if (patch.materials) await checkMaterialStates(tx, who, bound, parts.facts, patch.materials);
    // a null state takes the material back (a wrong upload, a deferral the applicant no longer wants)
    const materials = patch.materials
      ? Object.fromEntries(Object.entries({ ...(row.materials as MaterialState), ...patch.materials }).filter(([, v]) => v !== null))
      : row.materials;
    const next = await applicationsRepo.saveDraft(tx, id, row.revision, { sealed: seal(deps.keys, { ...parts, answers, form, precheck: result }), materials, eligible: result.eligible });
    if (next === null) throw new ConflictError('application.stale_revision', { zh: '申请已在别处修改，请刷新后再改', en: 'The application changed elsewhere; reload and try again' });
    return (await applicationsRepo.get(tx, id))!;
  });
}

/** Every problem of the application at once: conditions, form fields, materials. */
export async function reviewApplication(q: Queryable, keys: KeyProvider, row: ApplicationRow, clockToday?: string) {
  const parts = unseal(keys, row);
  const bound = await boundDefinitions(q, row);
  const { item, merged } = effectiveItem(bound);
  const result = merged ? precheckBundle(bundleMembers(bound), parts.facts, parts.answers).overall : precheck(item, parts.facts, parts.answers);
  const formProblems = validateForm(item, parts.form);
  const materialsItem = merged ? { ...item, materials: bound.members.flatMap((m) => m.def.materials.map((x) => ({ ...x, id: `${m.code}.${x.id}` }))) } : item;
  const review = preReview({ item: materialsItem, precheck: result, formProblems, materials: row.materials as MaterialState, today: clockToday });
  return { ...review, precheck: result, parts, item: materialsItem, bound };
}

/**
 * Submits the application once. The same Idempotency-Key gives back the same receipt; a different key on a
 * submitted application is a 409; an incomplete one is a 422 with the whole checklist. Concurrent submissions
 * wait on the row lock, so exactly one submits.
 */
/** The pre-review of an application, as `reviewApplication` returns it. */
export type ApplicationReview = Awaited<ReturnType<typeof reviewApplication>>;

export async function submitApplication(deps: ApplicationDeps, who: Principal, id: string, idempotencyKey: string): Promise<{ row: ApplicationRow; replayed: boolean; review?: ApplicationReview }> {
  return deps.db.transaction(async (tx) => {
    const row = await ownApplication(tx, who, id, { forUpdate: true });
    if (row.status === 'submitted') {
      if (row.idempotencyKey === idempotencyKey) return { row, replayed: true };
      throw new ConflictError('application.already_submitted', { zh: `申请已提交，受理编号 ${row.receiptNo}`, en: `The application was already submitted with receipt ${row.receiptNo}` }, { receiptNo: row.receiptNo, state: 'submitted', allowed: [] });
    }
    const review = await reviewApplication(tx, deps.keys, row, deps.clock.today());
    if (!review.ok) {
      throw new ValidationError('application.incomplete', review.checklist.map((c: { path: string; code: string; message: { zh: string; en: string } }) => ({ path: c.path, reason: c.code, message: c.message })), {
        zh: `申请还有 ${review.checklist.length} 个问题需要处理，请按清单逐项完成后再提交`, en: `The application has ${review.checklist.length} problem(s) to fix before it can be submitted; see the checklist`,
      });
    }
    const receiptNo = formatReceipt(deps.clock.today(), await applicationsRepo.nextReceiptSeq(tx));
    const measures = applicationMeasures({ item: review.item, prefill: review.parts.prefill, form: review.parts.form, materials: row.materials as MaterialState });
    const submitted = await applicationsRepo.markSubmitted(tx, id, { receiptNo, idempotencyKey, measures, sealed: seal(deps.keys, { ...review.parts, precheck: review.precheck }), eligible: review.precheck.eligible, at: deps.clock.now().toISOString() });
    await audit(tx, { actor: `citizen:${who.id}`, actorRole: 'applicant', action: 'application.submit', subjectType: 'application', subjectId: id, detail: { receiptNo, code: row.code, version: row.version } });
    await deps.onSubmitted?.(tx, submitted);
    // the pre-review that passed describes the submitted application too: the response need not run it again
    return { row: submitted, replayed: false, review };
  });
}

/** Records a data dispute (数据异议) on a prefilled value: a ticket for the owner of the source. */
export async function raiseDispute(deps: ApplicationDeps, who: Principal, id: string, d: { field: string; claimedValue: string; reason: string }) {
  return deps.db.transaction(async (tx) => {
    const row = await ownApplication(tx, who, id);
    const parts = unseal(deps.keys, row);
    const p = parts.prefill[d.field];
    if (!p) {
      throw new ValidationError('application.dispute_invalid', [{ path: '/field', reason: 'not_prefilled', message: { zh: '只能对预填的数据提出异议', en: 'Only prefilled values can be disputed' } }]);
    }
    const disputeId = `dsp_${randomBytes(8).toString('base64url')}`;
    await applicationsRepo.insertDispute(tx, { id: disputeId, applicationId: id, applicantId: who.id, field: d.field, source: p.source, claimedValueEnc: encryptPii(deps.keys, 'document', d.claimedValue), reason: d.reason });
    await audit(tx, { actor: `citizen:${who.id}`, actorRole: 'applicant', action: 'data.dispute', subjectType: 'application', subjectId: id, detail: { field: d.field, source: p.source, disputeId } });
    return { id: disputeId, field: d.field, source: p.source, status: 'open' };
  });
}
