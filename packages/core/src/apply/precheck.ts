/**
 * Eligibility pre-check (条件预检): each condition of an item evaluated over the applicant's facts and answers,
 * as met / not met / unknown, with the facts that were read and the questions still worth asking.
 *
 * Three-valued evaluation (docs/decisions/0012-precheck-and-prereview.md): a condition whose variables are all
 * known runs its compiled rule once. When some are unknown, the compiled rule runs once per combination of
 * candidate values of the unknown variables; if every run agrees, the condition is decided regardless of them,
 * otherwise it is `unknown` and the variables whose value changes the outcome are `missing`. The candidates are
 * worked out once per rule: a question's own answer set (true/false, its options), or one value of each region the
 * rule's constants cut the variable's range into (5, 6, 7 for `>= 6`; each listed value and one other for `in`).
 * A variable the rule uses in a way that has no such regions (inside `substr`, compared with another variable)
 * makes the condition `unknown` whenever that variable is unknown: never a guess.
 */
import { compileRule, type CompiledRule } from '../catalog/catalog.rules.ts';
import type { ItemCondition, ItemDefinition } from '../catalog/catalog.schema.ts';
import type { FactSet } from '../datasources/datasources.types.ts';
import type { BilingualText, LocalText } from '../kernel/text.ts';

/** A question of an item (asked only when its answer can decide a condition). */
export type ItemQuestion = NonNullable<ItemDefinition['questions']>[number];

export type ConditionStatus = 'met' | 'not_met' | 'unknown';

/** One condition's outcome, with what decided it. */
export interface ConditionOutcome {
  id: string;
  status: ConditionStatus;
  text: BilingualText;
  remedy: LocalText;
  commitmentAllowed: boolean;
  /** The known facts and answers the rule read; `source` is the data source of a fact (absent for answers). */
  decidedBy: { field: string; value: unknown; source?: string }[];
  /** When `unknown`: the variables whose value would change the outcome (`lease.filed`, `answers.studying`). */
  missing: string[];
  /** True when the condition counts as met because the applicant signed a commitment (告知承诺) for it. */
  committed?: boolean;
}

/** The result of a pre-check: overall eligibility, every condition, and the questions still worth asking. */
export interface PrecheckResult {
  eligible: 'yes' | 'no' | 'unknown';
  conditions: ConditionOutcome[];
  /** Only questions that are unanswered AND decisive for an unknown condition, in the item's order. */
  questions: ItemQuestion[];
}

/** Extra inputs of a pre-check. */
export interface PrecheckOptions {
  /** Ids of conditions the applicant signed a commitment for; merged with `answers.__commitments`. */
  commitments?: readonly string[];
  /** Form values, for rules that read `form.<field>`. */
  form?: Record<string, unknown>;
}

/** The key in `answers` under which the signed commitments (condition ids) may be passed. */
export const COMMITMENTS_KEY = '__commitments';

/** Beyond this many combinations of unknown values a condition is reported unknown without trying them. */
const MAX_COMBINATIONS = 1024;

type VarKind = 'fact' | 'answer' | 'form';

/** A variable a condition reads, resolved once per rule. */
interface VarSpec {
  name: string;
  kind: VarKind;
  /** First path segment: the data source (`population`), `answers` or `form`. */
  head: string;
  /** Remaining path segments (usually one: the field). */
  rest: string[];
  /** Candidate values that cover every outcome of the rule; null when the rule uses the variable opaquely. */
  candidates: unknown[] | null;
  /** The question that asks for it (answers only). */
  question?: ItemQuestion;
}

interface CompiledCondition {
  def: ItemCondition;
  fn: CompiledRule;
  vars: VarSpec[];
  commitmentAllowed: boolean;
}

interface CompiledItem {
  conditions: CompiledCondition[];
  /** The item's questions in order (the order they are asked in). */
  questions: ItemQuestion[];
  /** The first path segments the rules read (sources, `answers`, `form`): what an evaluation context holds. */
  heads: string[];
  /** Whether any condition allows a commitment. */
  commitments: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Candidate values: which constants and positions each variable meets in a rule.

interface VarUse {
  truth: boolean;
  eq: unknown[];
  order: unknown[];
  needles: unknown[];
  opaque: boolean;
}

const COMPARISONS = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=']);
const ORDERINGS = new Set(['<', '<=', '>', '>=']);
const isLiteral = (x: unknown): boolean => x === null || typeof x !== 'object';
const varName = (node: unknown): string | null | undefined => {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1 || keys[0] !== 'var') return undefined;
  const arg = (node as { var: unknown }).var;
  const name = Array.isArray(arg) ? arg[0] : arg;
  return typeof name === 'string' && name !== '' ? name : null;
};

/** Walks a rule and records, per variable, the constants it is compared with and where it appears. */
function analyseRule(rule: unknown): { uses: Map<string, VarUse>; dynamic: boolean } {
  const uses = new Map<string, VarUse>();
  let dynamic = false;
  const use = (name: string): VarUse => {
    let u = uses.get(name);
    if (!u) uses.set(name, (u = { truth: false, eq: [], order: [], needles: [], opaque: false }));
    return u;
  };
  const argsOf = (x: unknown): unknown[] => (Array.isArray(x) ? x : [x]);
  const walk = (node: unknown, truth: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, false));
    if (node === null || typeof node !== 'object') return;
    const v = varName(node);
    if (v === null) { dynamic = true; return; }
    if (v !== undefined) {
      if (truth) use(v).truth = true;
      else use(v).opaque = true;
      return;
    }
    for (const [op, raw] of Object.entries(node)) {
      const args = argsOf(raw);
      if (op === 'and' || op === 'or') args.forEach((a) => walk(a, truth));
      else if (op === '!' || op === '!!') walk(args[0], true);
      else if (op === 'if' || op === '?:') args.forEach((a, i) => walk(a, i % 2 === 0 && i < args.length - 1 ? true : truth));
      else if (COMPARISONS.has(op)) {
        const literals = args.filter(isLiteral);
        for (const a of args) {
          const name = varName(a);
          if (name === null) { dynamic = true; continue; }
          if (name === undefined) { walk(a, false); continue; }
          // compared only with constants: regions are known; compared with anything computed: opaque
          if (literals.length === args.length - 1) (ORDERINGS.has(op) ? use(name).order : use(name).eq).push(...literals);
          else use(name).opaque = true;
        }
      } else if (op === 'in') {
        const [needle, hay] = args;
        const nName = varName(needle), hName = varName(hay);
        if (nName === null || hName === null) { dynamic = true; continue; }
        if (nName !== undefined && Array.isArray(hay) && hay.every(isLiteral)) use(nName).eq.push(...hay);
        else if (hName !== undefined && isLiteral(needle) && needle !== null) use(hName).needles.push(needle);
        else args.forEach((a) => walk(a, false));
      } else args.forEach((a) => walk(a, false));
    }
  };
  walk(rule, true);
  return { uses, dynamic };
}

const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];

/** One value from each region the constants cut the variable's range into; null when there are none. */
function candidatesOf(u: VarUse): unknown[] | null {
  if (u.opaque) return null;
  const consts = [...u.eq, ...u.order];
  const out: unknown[] = [];
  const nums = uniq(consts.filter((c): c is number => typeof c === 'number' && Number.isFinite(c)));
  const strs = uniq(consts.filter((c): c is string => typeof c === 'string'));
  if (u.truth || consts.some((c) => typeof c === 'boolean')) out.push(true, false);
  if (consts.includes(null)) out.push(null);
  if (nums.length) {
    if (u.truth) nums.push(0);
    const sorted = uniq(nums).sort((a, b) => a - b);
    out.push(sorted[0]! - 1);
    sorted.forEach((n, i) => {
      out.push(n);
      const next = sorted[i + 1];
      out.push(next === undefined ? n + 1 : (n + next) / 2);
    });
  }
  if (strs.length) {
    if (u.order.some((c) => typeof c === 'string')) {
      const sorted = [...strs].sort();
      out.push('');
      for (const s of sorted) out.push(s, `${s}\u0000`);
    } else out.push(...strs, '\u0000other');
  }
  if (u.needles.length) {
    const needles = uniq(u.needles);
    if (needles.length > 3) return null;
    for (let mask = 0; mask < 1 << needles.length; mask++) {
      const subset = needles.filter((_, i) => mask & (1 << i));
      out.push(subset, subset.map(String).join(' '));
    }
  }
  return out.length ? uniq(out) : null;
}

function answerDomain(q: ItemQuestion): unknown[] | null {
  if (q.type === 'boolean') return [true, false];
  if (q.type === 'enum' && q.options?.length) return q.options.map((o) => o.value);
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Compilation, cached per item version.

function compileItem(item: Pick<ItemDefinition, 'conditions' | 'questions'>): CompiledItem {
  const questions = new Map((item.questions ?? []).map((q) => [q.id, q]));
  const conditions = item.conditions.map((def): CompiledCondition => {
    const fn = compileRule(def.rule);
    const { uses, dynamic } = analyseRule(def.rule);
    const vars = [...uses.entries()].map(([name, u]): VarSpec => {
      const [head = name, ...rest] = name.split('.');
      const kind: VarKind = head === 'answers' ? 'answer' : head === 'form' ? 'form' : 'fact';
      const question = kind === 'answer' && rest.length === 1 ? questions.get(rest[0]!) : undefined;
      // a question's answer set is exact; otherwise one value per region of the rule's constants
      const candidates = dynamic ? null : (question && answerDomain(question)) ?? candidatesOf(u);
      return { name, kind, head, rest, candidates, ...(question ? { question } : {}) };
    });
    return { def, fn, vars, commitmentAllowed: def.commitmentAllowed === true };
  });
  const heads = [...new Set(conditions.flatMap((c) => c.vars.map((v) => v.head)))];
  return { conditions, questions: [...(item.questions ?? [])], heads, commitments: conditions.some((x) => x.commitmentAllowed) };
}

const byObject = new WeakMap<object, CompiledItem>();
const byContent = new Map<string, CompiledItem>();
const CONTENT_CACHE = 500;

/** The compiled conditions of an item: by object identity first, then by content (one entry per item version). */
function compiled(item: Pick<ItemDefinition, 'conditions' | 'questions'>): CompiledItem {
  let c = byObject.get(item);
  if (c) return c;
  const key = JSON.stringify([item.conditions, item.questions ?? []]);
  c = byContent.get(key);
  if (!c) {
    c = compileItem(item);
    if (byContent.size >= CONTENT_CACHE) byContent.delete(byContent.keys().next().value!);
    byContent.set(key, c);
  }
  byObject.set(item, c);
  return c;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation. The hot path allocates only the result: no closures per call, no copies unless a value is unknown.

/** JsonLogic truthiness: an empty array is false. */
const truthy = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : !!v);

/** Runs a compiled rule; a rule that fails on the data (a number compared with text) does not hold. */
function holds(fn: CompiledRule, ctx: Record<string, unknown>): boolean {
  try {
    return truthy(fn(ctx));
  } catch {
    return false;
  }
}

function readPath(root: unknown, rest: string[]): unknown {
  let v = root;
  for (let i = 0; i < rest.length; i++) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[rest[i]!];
  }
  return v;
}

/** One evaluation's context: the containers the rules read, copied on the first write (never the caller's objects). */
interface Ctx {
  root: Record<string, unknown>;
  copied: Set<unknown> | null;
}

/** The object that holds a variable's value in the context, after copying the containers on its path. */
function writableHolder(ctx: Ctx, spec: VarSpec): Record<string, unknown> {
  let parent = ctx.root;
  const depth = spec.rest.length;
  for (let i = 0; i < depth; i++) {
    const k = i === 0 ? spec.head : spec.rest[i - 1]!;
    let child = parent[k];
    if (ctx.copied === null || !ctx.copied.has(child)) {
      child = child !== null && typeof child === 'object' ? { ...(child as object) } : {};
      (ctx.copied ??= new Set()).add(child);
      parent[k] = child;
    }
    parent = child as Record<string, unknown>;
  }
  return parent;
}
const keyOf = (spec: VarSpec): string => (spec.rest.length ? spec.rest[spec.rest.length - 1]! : spec.head);

/** Room for the outcomes of every combination of unknown values (evaluation is synchronous: one buffer will do). */
const outcomes = new Uint8Array(MAX_COMBINATIONS);

/**
 * The outcome of a condition some of whose variables are unknown: every combination of their candidate values is
 * tried; when all agree the condition is decided, otherwise it is unknown and `relevant` lists the unknown
 * variables the outcome depends on.
 */
function decideWithUnknowns(fn: CompiledRule, ctx: Ctx, unknown: VarSpec[]): { status: ConditionStatus; relevant: VarSpec[] } {
  const n = unknown.length;
  let total = 1;
  for (let i = 0; i < n; i++) total *= unknown[i]!.candidates ? unknown[i]!.candidates!.length : Infinity;
  if (total > MAX_COMBINATIONS) return { status: 'unknown', relevant: unknown };

  if (n === 1) {
    const spec = unknown[0]!, cands = spec.candidates!, holder = writableHolder(ctx, spec), key = keyOf(spec);
    const before = holder[key];
    holder[key] = cands[0];
    const first = holds(fn, ctx.root);
    let same = true;
    for (let i = 1; i < cands.length && same; i++) {
      holder[key] = cands[i];
      same = holds(fn, ctx.root) === first;
    }
    holder[key] = before;
    return same ? { status: first ? 'met' : 'not_met', relevant: [] } : { status: 'unknown', relevant: unknown };
  }

  const holders: Record<string, unknown>[] = [], keys: string[] = [], before: unknown[] = [], digits: number[] = [];
  for (let i = 0; i < n; i++) {
    holders.push(writableHolder(ctx, unknown[i]!));
    keys.push(keyOf(unknown[i]!));
    before.push(holders[i]![keys[i]!]);
    holders[i]![keys[i]!] = unknown[i]!.candidates![0];
    digits.push(0);
  }
  let allSame = true;
  for (let idx = 0; idx < total; idx++) {
    if (idx > 0) {
      // odometer: advance the lowest digit, carrying
      for (let i = 0; i < n; i++) {
        const c = unknown[i]!.candidates!;
        if (++digits[i]! < c.length) { holders[i]![keys[i]!] = c[digits[i]!]; break; }
        digits[i] = 0;
        holders[i]![keys[i]!] = c[0];
      }
    }
    outcomes[idx] = holds(fn, ctx.root) ? 1 : 0;
    if (outcomes[idx] !== outcomes[0]) allSame = false;
  }
  for (let i = 0; i < n; i++) holders[i]![keys[i]!] = before[i];
  if (allSame) return { status: outcomes[0] === 1 ? 'met' : 'not_met', relevant: [] };

  const relevant: VarSpec[] = [];
  let stride = 1;
  for (let i = 0; i < n; i++) {
    const r = unknown[i]!.candidates!.length;
    let depends = false;
    for (let idx = 0; idx < total && !depends; idx++) {
      if (Math.floor(idx / stride) % r !== 0) continue;
      for (let d = 1; d < r; d++) if (outcomes[idx + d * stride] !== outcomes[idx]) { depends = true; break; }
    }
    if (depends) relevant.push(unknown[i]!);
    stride *= r;
  }
  return { status: 'unknown', relevant };
}

function signedCommitments(answers: Record<string, unknown>, options?: PrecheckOptions): ReadonlySet<string> | null {
  const fromAnswers = answers[COMMITMENTS_KEY];
  const extra = options?.commitments;
  if (!Array.isArray(fromAnswers) && !extra?.length) return null;
  const out = new Set<string>();
  for (const x of [...(Array.isArray(fromAnswers) ? fromAnswers : []), ...(extra ?? [])]) if (typeof x === 'string') out.add(x);
  return out;
}

/**
 * Pre-checks an item for an applicant. `answers` are the applicant's answers to the item's questions (a missing or
 * null answer is unknown); `answers.__commitments` (or `options.commitments`) lists the ids of conditions the
 * applicant signed a commitment for: such a condition, when it allows a commitment, counts as met.
 * `eligible` is 'no' when any condition is not met, 'unknown' when any is unknown, 'yes' otherwise.
 */
export function precheck(item: Pick<ItemDefinition, 'conditions' | 'questions'>, facts: FactSet, answers: Record<string, unknown>, options?: PrecheckOptions): PrecheckResult {
  const c = compiled(item);
  const form = options?.form ?? {};
  const root: Record<string, unknown> = {};
  for (let i = 0; i < c.heads.length; i++) {
    const h = c.heads[i]!;
    root[h] = h === 'answers' ? answers : h === 'form' ? form : facts.values[h];
  }
  const ctx: Ctx = { root, copied: null };
  const commitments = c.commitments ? signedCommitments(answers, options) : null;
  const conditions: ConditionOutcome[] = [];
  let anyNo = false, anyUnknown = false;
  let asked: string[] | null = null;

  for (let ci = 0; ci < c.conditions.length; ci++) {
    const cond = c.conditions[ci]!;
    const def = cond.def;
    if (commitments !== null && cond.commitmentAllowed && commitments.has(def.id)) {
      conditions.push({ id: def.id, status: 'met', text: def.text, remedy: def.remedy, commitmentAllowed: true, decidedBy: [], missing: [], committed: true });
      continue;
    }
    const decidedBy: ConditionOutcome['decidedBy'] = [];
    let unknown: VarSpec[] | null = null;
    for (let vi = 0; vi < cond.vars.length; vi++) {
      const v = cond.vars[vi]!;
      let value: unknown;
      if (v.kind === 'fact') {
        const src = facts.values[v.head];
        value = v.rest.length === 1 ? src?.[v.rest[0]!] : readPath(src, v.rest);
        if (value === undefined || v.name in facts.unknown) (unknown ??= []).push(v);
        else decidedBy.push({ field: v.name, value, source: facts.provenance[v.name]?.source ?? v.head });
      } else {
        const from = v.kind === 'answer' ? answers : form;
        value = v.rest.length === 1 ? from[v.rest[0]!] : readPath(from, v.rest);
        if (value === undefined || value === null) (unknown ??= []).push(v);
        else decidedBy.push({ field: v.name, value });
      }
    }

    let status: ConditionStatus;
    let missing: string[] = [];
    if (unknown === null) status = holds(cond.fn, root) ? 'met' : 'not_met';
    else {
      const d = decideWithUnknowns(cond.fn, ctx, unknown);
      status = d.status;
      if (status === 'unknown') {
        for (let i = 0; i < d.relevant.length; i++) {
          const v = d.relevant[i]!;
          missing.push(v.name);
          if (v.question) (asked ??= []).push(v.question.id);
        }
      } else missing = [];
    }
    if (status === 'not_met') anyNo = true;
    else if (status === 'unknown') anyUnknown = true;
    conditions.push({ id: def.id, status, text: def.text, remedy: def.remedy, commitmentAllowed: cond.commitmentAllowed, decidedBy, missing });
  }

  const questions: ItemQuestion[] = [];
  if (asked !== null) for (const q of c.questions) if (asked.includes(q.id)) questions.push(q);
  return { eligible: anyNo ? 'no' : anyUnknown ? 'unknown' : 'yes', conditions, questions };
}
