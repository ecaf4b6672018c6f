/**
 * Validation of item and bundle files: the JSON Schema (structure) first, then the rules a schema cannot say
 * (codes agree, limits are consistent, rules compile and read known facts, references resolve).
 * Every problem is reported with its path and reason; nothing stops at the first one.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import localizeZh from 'ajv-i18n/localize/zh/index.js';
import type { FieldProblem } from '../kernel/errors.ts';
import { ValidationError } from '../kernel/errors.ts';
import { DATA_SOURCE_FIELD_NAMES, LICENSE_TYPES, POLICE_DEPARTMENTS } from './catalog.enums.ts';
import { compileRule, ruleVariables } from './catalog.rules.ts';
import { isValidUscc } from '../identity/identifiers.ts';
import { BundleFileSchema, ItemFileSchema, type BundleFile, type ItemFile } from './catalog.schema.ts';

type AjvClass = typeof Ajv2020;
type AjvInstance = InstanceType<AjvClass>;
/** A JSON Schema 2020-12 validator that reports every error, with formats. ajv ships CommonJS; under ESM its class is either the module or its `default`. */
export const newAjv = (): AjvInstance => {
  const Ajv = ((Ajv2020 as unknown as { default?: AjvClass }).default ?? Ajv2020) as AjvClass;
  const ajv = new Ajv({ allErrors: true, strict: false, messages: true });
  (addFormats as unknown as (a: AjvInstance) => void)(ajv);
  return ajv;
};
const ajv = newAjv();
const validateItemShape: ValidateFunction = ajv.compile(ItemFileSchema);
const validateBundleShape: ValidateFunction = ajv.compile(BundleFileSchema);

const problem = (path: string, reason: string, zh: string, en: string): FieldProblem => ({ path, reason, message: { zh, en } });

/** Turns ajv errors into problems with a path that points at the offending value and a message in both languages. */
export function ajvProblems(errors: ErrorObject[] | null | undefined, prefix = ''): FieldProblem[] {
  if (!errors) return [];
  const en = errors.map((e) => ({ ...e }));
  const zh = errors.map((e) => ({ ...e }));
  (localizeZh as unknown as (errs: ErrorObject[]) => void)(zh);
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  errors.forEach((e, i) => {
    let path = prefix + e.instancePath;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required') path += `/${String(params.missingProperty)}`;
    if (e.keyword === 'additionalProperties') path += `/${String(params.additionalProperty)}`;
    // anyOf/oneOf repeat what their branches said
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') return;
    const reason = e.keyword === 'additionalProperties' ? 'unknown_field' : e.keyword;
    let enMsg = en[i]?.message ?? 'is invalid';
    let zhMsg = zh[i]?.message ?? '无效';
    if (e.keyword === 'enum') {
      const allowed = (params.allowedValues as unknown[]).join(', ');
      enMsg = `must be one of: ${allowed}`;
      zhMsg = `应为以下值之一：${allowed}`;
    }
    if (e.keyword === 'additionalProperties') {
      enMsg = `is not a known field; remove it or check its spelling`;
      zhMsg = `不是可识别的字段，请删除或检查拼写`;
    }
    if (e.keyword === 'required') {
      enMsg = 'is required';
      zhMsg = '为必填项';
    }
    const key = `${path}|${reason}|${enMsg}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(problem(path, reason, zhMsg, enMsg));
  });
  return out;
}

const isKnownFact = (name: string, questionIds: Set<string>): boolean => {
  if (name.startsWith('answers.')) return questionIds.has(name.slice('answers.'.length));
  if (name.startsWith('form.')) return true;
  return DATA_SOURCE_FIELD_NAMES.has(name);
};

function checkRule(rule: unknown, path: string, questionIds: Set<string>, out: FieldProblem[]): void {
  try {
    compileRule(rule);
  } catch (err) {
    const why = err instanceof Error && err.message ? err.message : 'unknown operator or malformed rule';
    out.push(problem(path, 'rule_invalid', `规则无法编译（${why}）：请使用 JsonLogic 的运算符`, `The rule does not compile (${why}): use JsonLogic operators`));
    return;
  }
  for (const v of ruleVariables(rule)) {
    if (!isKnownFact(v, questionIds)) {
      out.push(problem(path, 'unknown_fact', `规则引用了未知的数据项“${v}”：应为数源字段（如 population.age）、answers.<问题id> 或 form.<字段>`, `The rule reads an unknown fact "${v}": use a data-source field (e.g. population.age), answers.<question id> or form.<field>`));
    }
  }
}

function checkUnique(list: { id: string }[], path: string, out: FieldProblem[]): void {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    if (seen.has(x.id)) out.push(problem(`${path}/${i}/id`, 'duplicate', `标识“${x.id}”重复`, `The id "${x.id}" is used twice`));
    seen.add(x.id);
  });
}

/** Cross-field checks of one item; the shape is already valid. */
function itemSemantics(item: ItemFile): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!isValidUscc(item.implementingBody.uscc)) {
    out.push(problem('/implementingBody/uscc', 'bad_check', '实施主体的统一社会信用代码无效（校验码或字符集错误）', 'The implementing body\'s unified social credit code is invalid (check character or character set)'));
  }
  if (!item.implementationCode.endsWith(item.basicCode)) {
    out.push(problem('/implementationCode', 'code_mismatch', '实施编码的后 12 位应等于基本编码', 'The last 12 characters of the implementation code must equal the basic code'));
  }
  if (!item.implementationCode.startsWith(item.implementingBody.uscc)) {
    out.push(problem('/implementationCode', 'code_mismatch', '实施编码的前 18 位应等于实施主体的统一社会信用代码', 'The first 18 characters of the implementation code must equal the implementing body\'s credit code'));
  }
  if (item.timeLimits.promised.days > item.timeLimits.legal.days) {
    out.push(problem('/timeLimits/promised/days', 'exceeds_legal', '承诺办结时限不得超过法定办结时限', 'The promised limit may not exceed the legal limit'));
  }
  if (item.visits.count > 0 && !item.visits.reason) {
    out.push(problem('/visits/reason', 'required', '到现场次数大于 0 时须说明必须到现场的原因', 'A reason is required when the applicant must visit in person'));
  }
  if (item.fullyOnline && item.visits.count !== 0) {
    out.push(problem('/visits/count', 'fully_online_visit', '全程网办事项的到现场次数应为 0', 'A fully-online item must require 0 visits'));
  }
  if (item.fullyOnline && !item.channels.some((c) => c === 'online' || c === 'mobile')) {
    out.push(problem('/channels', 'fully_online_channel', '全程网办事项须支持网上或移动端办理', 'A fully-online item must offer the online or mobile channel'));
  }
  if (item.fees.charged !== item.fees.items.length > 0) {
    out.push(problem('/fees/items', 'fee_mismatch', '收费事项须列出收费项目，不收费事项不得列出', 'A charged item must list its fees, and a free item must list none'));
  }
  if (item.scope.crossRegion && !item.scope.area) {
    out.push(problem('/scope/area', 'required', '跨区域通办事项须写明通办范围', 'A cross-region item must name its handling area'));
  }
  if ((item.output.kind === 'license' || item.output.kind === 'certificate') && !item.output.name) {
    out.push(problem('/output/name', 'required', '有证照或证明结果的事项须写明结果名称', 'An item that outputs a licence or certificate must name it'));
  }
  if (item.output.licenseType !== undefined && !(item.output.licenseType in LICENSE_TYPES)) {
    out.push(problem('/output/licenseType', 'unknown_license_type', `未知的证照类型“${item.output.licenseType}”`, `Unknown e-licence type "${item.output.licenseType}"`));
  }
  if (item.output.kind === 'license' && !item.output.licenseType) {
    out.push(problem('/output/licenseType', 'required', '电子证照类结果须写明证照类型', 'A licence output must name its e-licence type'));
  }

  const questionIds = new Set((item.questions ?? []).map((q) => q.id));
  checkUnique(item.conditions, '/conditions', out);
  checkUnique(item.materials, '/materials', out);
  checkUnique(item.process.steps, '/process/steps', out);
  if (item.questions) checkUnique(item.questions, '/questions', out);
  item.questions?.forEach((q, i) => {
    if (q.type === 'enum' && !q.options) out.push(problem(`/questions/${i}/options`, 'required', '选择题须列出选项', 'An enum question must list its options'));
  });
  item.conditions.forEach((c, i) => checkRule(c.rule, `/conditions/${i}/rule`, questionIds, out));
  item.process.steps.forEach((s, i) => {
    if (s.autoApproval) checkRule(s.autoApproval.rule, `/process/steps/${i}/autoApproval/rule`, questionIds, out);
    if (s.limitDays > item.timeLimits.legal.days) {
      out.push(problem(`/process/steps/${i}/limitDays`, 'exceeds_legal', '环节时限不得超过法定办结时限', 'A step limit may not exceed the legal limit'));
    }
  });
  const stepDays = item.process.steps.reduce((n, s) => n + s.limitDays, 0);
  if (stepDays > item.timeLimits.legal.days) {
    out.push(problem('/process/steps', 'exceeds_legal', `各环节时限之和（${stepDays}）超过法定办结时限`, `The step limits add up to ${stepDays} working days, more than the legal limit`));
  }
  if (item.projectType === 'instant' && item.timeLimits.promised.days > 1) {
    out.push(problem('/timeLimits/promised/days', 'instant_limit', '即办件的承诺时限应不超过 1 个工作日', 'An instant item must promise at most 1 working day'));
  }

  item.materials.forEach((m, i) => {
    const at = `/materials/${i}`;
    const src = m.source;
    if (src.type === 'license' && !(src.licenseType && src.licenseType in LICENSE_TYPES)) {
      out.push(problem(`${at}/source/licenseType`, src.licenseType ? 'unknown_license_type' : 'required', `须写明可替代该材料的已知证照类型`, `Name a known e-licence type that covers this material`));
    }
    if (src.type === 'dataSource' && !(src.field && DATA_SOURCE_FIELD_NAMES.has(src.field))) {
      out.push(problem(`${at}/source/field`, src.field ? 'unknown_field' : 'required', '须写明可替代该材料的已知数源字段（如 residence.registered）', 'Name a known data-source field that covers this material (e.g. residence.registered)'));
    }
    if (src.type === 'itemOutput' && !src.itemCode) {
      out.push(problem(`${at}/source/itemCode`, 'required', '须写明产出该材料的事项编码', 'Name the item whose output covers this material'));
    }
    if (m.necessity === 'deferrable' && !m.deferDays) {
      out.push(problem(`${at}/deferDays`, 'required', '容缺材料须写明补交期限（工作日）', 'A deferrable material needs the working days allowed to supply it'));
    }
    if (m.necessity === 'commitment' && !m.commitmentText) {
      out.push(problem(`${at}/commitmentText`, 'required', '可承诺材料须给出承诺书文本', 'A material replaceable by commitment needs the commitment text'));
    }
    if (m.necessity === 'optional' && !m.neededWhen) {
      out.push(problem(`${at}/neededWhen`, 'required', '非必要材料须说明何种情形下需要提交', 'An optional material must say when it is needed'));
    }
  });

  // The form's own schema must compile, and every prefill must target a form field from a known source.
  const formSchema = item.form.schema;
  try {
    newAjv().compile(formSchema);
  } catch (err) {
    out.push(problem('/form/schema', 'schema_invalid', `申请表的 JSON Schema 无效：${(err as Error).message}`, `The form JSON Schema is invalid: ${(err as Error).message}`));
  }
  const props = (formSchema.properties ?? {}) as Record<string, unknown>;
  for (const [field, source] of Object.entries(item.form.prefill)) {
    const top = field.split('.')[0] ?? field;
    if (!(top in props)) {
      out.push(problem(`/form/prefill/${field}`, 'unknown_form_field', `预填的表单字段“${field}”不在申请表中`, `The prefilled form field "${field}" is not in the form schema`));
    }
    if (!DATA_SOURCE_FIELD_NAMES.has(source)) {
      out.push(problem(`/form/prefill/${field}`, 'unknown_source_field', `未知的数源字段“${source}”`, `Unknown data-source field "${source}"`));
    }
  }
  return out;
}

/** Validates one item file (already parsed); returns every problem found, empty when valid. */
export function checkItemFile(input: unknown): FieldProblem[] {
  if (!validateItemShape(input)) return ajvProblems(validateItemShape.errors);
  return itemSemantics(input as ItemFile);
}

/** Validates one item file or throws a ValidationError listing every problem. */
export function assertItemFile(input: unknown): ItemFile {
  const problems = checkItemFile(input);
  if (problems.length) throw new ValidationError('catalog.item_invalid', problems);
  return input as ItemFile;
}

/** Validates one bundle file; cross-references to items are checked by checkCatalog. */
export function checkBundleFile(input: unknown): FieldProblem[] {
  if (!validateBundleShape(input)) return ajvProblems(validateBundleShape.errors);
  const bundle = input as BundleFile;
  const out: FieldProblem[] = [];
  const codes = bundle.members.map((m) => m.itemCode);
  bundle.members.forEach((m, i) => {
    if (codes.indexOf(m.itemCode) !== i) out.push(problem(`/members/${i}/itemCode`, 'duplicate', `成员事项“${m.itemCode}”重复`, `Member "${m.itemCode}" is listed twice`));
    m.after?.forEach((a, j) => {
      if (!codes.includes(a) || a === m.itemCode) {
        out.push(problem(`/members/${i}/after/${j}`, 'unknown_member', `前置事项“${a}”不是本一件事的其他成员`, `"${a}" is not another member of this bundle`));
      }
    });
  });
  return out;
}

/** Validates one bundle file or throws a ValidationError listing every problem. */
export function assertBundleFile(input: unknown): BundleFile {
  const problems = checkBundleFile(input);
  if (problems.length) throw new ValidationError('catalog.bundle_invalid', problems);
  return input as BundleFile;
}

/**
 * Validates a whole catalog: each file, unique codes, bundle members and item-output references that resolve,
 * and bundles whose members span departments with at least one police item.
 */
export function checkCatalog(items: { file: string; data: unknown }[], bundles: { file: string; data: unknown }[]): { file: string; problems: FieldProblem[] }[] {
  const report: { file: string; problems: FieldProblem[] }[] = [];
  const itemCodes = new Map<string, ItemFile>();
  for (const { file, data } of items) {
    const problems = checkItemFile(data);
    const code = (data as { code?: unknown })?.code;
    if (typeof code === 'string') {
      if (itemCodes.has(code)) problems.push(problem('/code', 'duplicate', `事项编码“${code}”与其他事项重复`, `Item code "${code}" is used by another item`));
      if (!problems.length) itemCodes.set(code, data as ItemFile);
    }
    report.push({ file, problems });
  }
  for (const { file, data } of items) {
    const item = data as ItemFile;
    const entry = report.find((r) => r.file === file)!;
    item.materials?.forEach((m, i) => {
      if (m.source?.type === 'itemOutput' && m.source.itemCode && !itemCodes.has(m.source.itemCode)) {
        entry.problems.push(problem(`/materials/${i}/source/itemCode`, 'unknown_item', `事项“${m.source.itemCode}”不存在`, `Item "${m.source.itemCode}" does not exist`));
      }
    });
  }
  const bundleCodes = new Set<string>();
  for (const { file, data } of bundles) {
    const problems = checkBundleFile(data);
    const bundle = data as BundleFile;
    if (typeof bundle?.code === 'string') {
      if (bundleCodes.has(bundle.code) || itemCodes.has(bundle.code)) problems.push(problem('/code', 'duplicate', `编码“${bundle.code}”重复`, `Code "${bundle.code}" is already used`));
      bundleCodes.add(bundle.code);
    }
    if (!problems.length) {
      bundle.members.forEach((m, i) => {
        if (!itemCodes.has(m.itemCode)) problems.push(problem(`/members/${i}/itemCode`, 'unknown_item', `成员事项“${m.itemCode}”不存在`, `Member item "${m.itemCode}" does not exist`));
      });
      const members = bundle.members.map((m) => itemCodes.get(m.itemCode)).filter((x): x is ItemFile => !!x);
      if (members.length === bundle.members.length) {
        if (new Set(members.map((m) => m.department)).size < 2) {
          problems.push(problem('/members', 'single_department', '一件事的成员事项应跨部门', 'The members of a bundle must span departments'));
        }
        if (!members.some((m) => (POLICE_DEPARTMENTS as readonly string[]).includes(m.department))) {
          problems.push(problem('/members', 'no_police_item', '一件事须至少包含一个公安事项', 'A bundle must include at least one police item'));
        }
      }
    }
    report.push({ file, problems });
  }
  return report;
}
