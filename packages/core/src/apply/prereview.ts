/**
 * Pre-review (智能预审): every problem of an application at once, as one checklist — conditions not met or still
 * unknown, form errors with their paths, and materials missing or supplied in a way the item does not allow.
 */
import type { ItemDefinition, ItemMaterial } from '../catalog/catalog.schema.ts';
import type { FieldProblem } from '../kernel/errors.ts';
import type { LocalText } from '../kernel/text.ts';
import { validateForm } from './form.ts';
import type { ConditionOutcome, PrecheckResult } from './precheck.ts';

/** How one material is supplied. */
export type MaterialEntry =
  | { kind: 'upload'; fileId: string }
  | { kind: 'license'; licenseType: string; licenseRef?: string }
  | { kind: 'dataSource'; field: string }
  | { kind: 'itemOutput'; itemCode: string }
  | { kind: 'deferred'; deadline: string }
  | { kind: 'commitment'; signedAt: string; text: string };

/** How each material of an application is supplied, by material id. */
export type MaterialState = Record<string, MaterialEntry>;

/** One line of the pre-review checklist. */
export interface ChecklistEntry {
  kind: 'condition' | 'form' | 'material';
  /** `/conditions/<id>`, the form path (`/form/phone`) or `/materials/<id>`. */
  path: string;
  code: string;
  message: { zh: string; en: string };
  remedy?: LocalText;
}

/** What pre-review needs. Give `formProblems` (from validateForm), or the `form` data to validate here. */
export interface PreReviewInput {
  item: Pick<ItemDefinition, 'materials' | 'questions'> & Partial<Pick<ItemDefinition, 'form'>>;
  precheck: PrecheckResult;
  formProblems?: FieldProblem[];
  form?: unknown;
  materials: MaterialState;
  /** Today (YYYY-MM-DD): a deferred material's deadline may not be in the past. */
  today?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}/;
const isDate = (s: unknown): s is string => typeof s === 'string' && DATE.test(s) && !Number.isNaN(Date.parse(s));

function conditionEntry(c: ConditionOutcome, questions: ReadonlyMap<string, { zh: string; en: string }>): ChecklistEntry {
  const path = `/conditions/${c.id}`;
  if (c.status === 'not_met') {
    const remedy: LocalText = c.commitmentAllowed
      ? { zh: `${c.remedy.zh}（也可签署告知承诺书后申请）`, ...(c.remedy.en ? { en: `${c.remedy.en} (Or sign a commitment instead.)` } : {}) }
      : c.remedy;
    return { kind: 'condition', path, code: 'condition_not_met', message: { zh: `不符合受理条件：${c.text.zh}`, en: `Condition not met: ${c.text.en}` }, remedy };
  }
  const asks = c.missing.filter((m) => m.startsWith('answers.')).map((m) => questions.get(m.slice('answers.'.length))).filter((q) => !!q);
  const sources = c.missing.filter((m) => !m.startsWith('answers.'));
  const remedy: LocalText = asks.length
    ? { zh: `请回答：${asks.map((q) => q.zh).join('；')}`, en: `Please answer: ${asks.map((q) => q.en).join('; ')}` }
    : { zh: `暂时无法读取 ${sources.join('、')}，请稍后重试，或到窗口办理`, en: `${sources.join(', ')} could not be read just now; try again later or apply at a window` };
  return { kind: 'condition', path, code: 'condition_unknown', message: { zh: `尚无法确认受理条件：${c.text.zh}`, en: `Condition not yet known: ${c.text.en}` }, remedy };
}

const name = (m: ItemMaterial) => m.name;

function missingMaterial(m: ItemMaterial, at: string): ChecklistEntry {
  const n = name(m);
  let remedy: LocalText = { zh: `请上传“${n.zh}”`, en: `Upload the ${n.en}` };
  if (m.necessity === 'deferrable') {
    remedy = { zh: `请上传“${n.zh}”，或选择容缺受理，在 ${m.deferDays ?? '规定的'} 个工作日内补交`, en: `Upload the ${n.en}, or defer it and supply it within ${m.deferDays ?? 'the allowed'} working days` };
  } else if (m.necessity === 'commitment') {
    remedy = { zh: `请上传“${n.zh}”，或签署告知承诺书代替`, en: `Upload the ${n.en}, or sign the commitment instead` };
  } else if (m.source.type === 'license') {
    remedy = { zh: `请授权使用电子证照，或上传“${n.zh}”`, en: `Allow the use of your e-licence, or upload the ${n.en}` };
  }
  return { kind: 'material', path: at, code: 'material_missing', message: { zh: `缺少申请材料“${n.zh}”`, en: `The ${n.en} is missing` }, remedy };
}

/** Problems of one non-optional material as supplied; empty when acceptable. */
function materialEntries(m: ItemMaterial, entry: MaterialEntry | undefined, today: string | undefined): ChecklistEntry[] {
  const at = `/materials/${m.id}`;
  const n = name(m);
  if (!entry) return [missingMaterial(m, at)];
  const bad = (code: string, zh: string, en: string, remedy?: LocalText): ChecklistEntry[] =>
    [{ kind: 'material', path: at, code, message: { zh, en }, ...(remedy ? { remedy } : {}) }];
  switch (entry.kind) {
    case 'upload':
      return entry.fileId ? [] : [missingMaterial(m, at)];
    case 'license':
      if (m.source.type !== 'license' || entry.licenseType !== m.source.licenseType) {
        return bad('material_wrong_license', `“${n.zh}”不能用该电子证照代替`, `The ${n.en} cannot be replaced by that e-licence`, { zh: `请上传“${n.zh}”`, en: `Upload the ${n.en}` });
      }
      return [];
    case 'dataSource':
      if (m.source.type !== 'dataSource' || entry.field !== m.source.field) {
        return bad('material_wrong_source', `“${n.zh}”不能用该数据代替`, `The ${n.en} cannot be replaced by that record`, { zh: `请上传“${n.zh}”`, en: `Upload the ${n.en}` });
      }
      return [];
    case 'itemOutput':
      // in a bundle, another member's result can also stand for an e-licence that member issues (the server checks
      // that the member issues it); otherwise only the item the material names
      if (m.source.type === 'license') return [];
      if (m.source.type !== 'itemOutput' || entry.itemCode !== m.source.itemCode) {
        return bad('material_wrong_source', `“${n.zh}”不能用该事项的结果代替`, `The ${n.en} cannot be replaced by that item's result`, { zh: `请上传“${n.zh}”`, en: `Upload the ${n.en}` });
      }
      return [];
    case 'deferred':
      if (m.necessity !== 'deferrable') {
        return bad('material_not_deferrable', `“${n.zh}”不适用容缺受理，须在申请时提交`, `The ${n.en} cannot be deferred; it is needed now`, missingMaterial(m, at).remedy);
      }
      if (!isDate(entry.deadline) || (today !== undefined && entry.deadline.slice(0, 10) < today)) {
        return bad('material_deadline_invalid', `“${n.zh}”的补交期限无效或已过`, `The deadline to supply the ${n.en} is invalid or has passed`, { zh: `请上传“${n.zh}”，或重新选择补交期限`, en: `Upload the ${n.en}, or choose a new deadline` });
      }
      return [];
    case 'commitment': {
      if (m.necessity !== 'commitment') {
        return bad('material_no_commitment', `“${n.zh}”不适用告知承诺制，须提交材料`, `The ${n.en} cannot be replaced by a commitment`, missingMaterial(m, at).remedy);
      }
      const text = entry.text?.trim();
      const allowed = [m.commitmentText?.zh, m.commitmentText?.en].filter((t): t is string => !!t).map((t) => t.trim());
      if (!isDate(entry.signedAt) || !text || (allowed.length > 0 && !allowed.includes(text))) {
        return bad('material_commitment_invalid', `“${n.zh}”的承诺书未签署或文本与本事项的承诺书不一致`, `The commitment for the ${n.en} is unsigned or differs from this item's text`, { zh: '请重新阅读并签署本事项的承诺书', en: 'Read and sign this item\'s commitment again' });
      }
      return [];
    }
    default:
      return [missingMaterial(m, at)];
  }
}

/**
 * Pre-reviews an application: one checklist of every problem — conditions not met (with their remedy) or unknown
 * (with the questions to answer), form errors by path, and materials. A required material must be uploaded or
 * covered by an e-licence, a record or another item's output (as the item allows); a deferrable one may instead
 * be deferred to a deadline; a commitment one may instead be a signed commitment; optional ones never block.
 * `ok` is true when the checklist is empty.
 */
export function preReview(input: PreReviewInput): { ok: boolean; checklist: ChecklistEntry[] } {
  const { item, precheck, materials } = input;
  const checklist: ChecklistEntry[] = [];
  // labels by question id; a bundle's pre-check names its own questions (`CODE.id`)
  const questions = new Map([...(item.questions ?? []), ...precheck.questions].map((q) => [q.id, q.label]));
  for (const c of precheck.conditions) if (c.status !== 'met') checklist.push(conditionEntry(c, questions));

  const formProblems = input.formProblems ?? (input.form !== undefined && item.form ? validateForm({ form: item.form }, input.form) : []);
  for (const p of formProblems) {
    checklist.push({ kind: 'form', path: `/form${p.path}`, code: p.reason, message: p.message, remedy: { zh: '请按提示修改该项', en: 'Correct this field as described' } });
  }

  const known = new Set(item.materials.map((m) => m.id));
  for (const m of item.materials) {
    if (m.necessity === 'optional') continue;
    checklist.push(...materialEntries(m, materials[m.id], input.today));
  }
  for (const id of Object.keys(materials)) {
    if (!known.has(id)) {
      checklist.push({ kind: 'material', path: `/materials/${id}`, code: 'material_unknown', message: { zh: `本事项没有材料“${id}”`, en: `This item has no material "${id}"` }, remedy: { zh: '请删除该材料后重试', en: 'Remove it and try again' } });
    }
  }
  return { ok: checklist.length === 0, checklist };
}
