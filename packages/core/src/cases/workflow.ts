/**
 * The case workflow (办件流程), driven by an item version's process definition: which state a case is in, which step
 * is current, what may be done next and by whom, and what happens when it is done. Pure: the server persists the
 * events this returns, computes deadlines and sends notifications.
 */
import { ConflictError, ValidationError } from '../kernel/errors.ts';
import { compileRule, type CompiledRule } from '../catalog/catalog.rules.ts';
import type { ItemDefinition } from '../catalog/catalog.schema.ts';

export const CASE_STATES = ['submitted', 'supplement', 'review', 'production', 'delivery', 'closed', 'archived', 'waiting', 'in_progress'] as const;
export type CaseState = (typeof CASE_STATES)[number];
/** States in which a case is still being handled (its clock may run). */
export const OPEN_STATES: readonly CaseState[] = ['submitted', 'supplement', 'review', 'production', 'delivery', 'waiting', 'in_progress'];

export const CASE_OUTCOMES = ['approved', 'denied', 'refused', 'expired', 'cancelled'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const CASE_ACTIONS = ['claim', 'release', 'accept', 'refuse', 'supplement', 'approve', 'deny', 'produce', 'deliver', 'transfer', 'assign', 'archive', 'comment'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const DELIVERY_METHODS = ['e_license', 'window', 'postal'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export type StepKind = 'accept' | 'review' | 'production' | 'system';

/** A step of the item's process as the workflow runs it. */
export interface PlannedStep {
  index: number;
  id: string;
  name: { zh: string; en: string };
  role: string;
  department: string;
  limitDays: number;
  kind: StepKind;
  autoApproval?: { rule: unknown; description: { zh: string; en: string } };
}

/** The steps of an item's process: step 0 by a window officer is acceptance; producers produce; `system` runs alone. */
export function stepPlan(item: Pick<ItemDefinition, 'process'>): PlannedStep[] {
  return item.process.steps.map((s, index) => ({
    index, id: s.id, name: s.name, role: s.role, department: s.department, limitDays: s.limitDays,
    kind: index === 0 && s.role === 'window_officer' ? 'accept' : s.role === 'producer' ? 'production' : s.role === 'system' ? 'system' : 'review',
    ...(s.autoApproval ? { autoApproval: { rule: s.autoApproval.rule, description: s.autoApproval.description as { zh: string; en: string } } } : {}),
  }));
}

/** Where a case stands. */
export interface CaseSnapshot {
  state: CaseState;
  stepIndex: number | null;
  /** the approval decision has been made (by a person or by rule) */
  decided: boolean;
  /** a system step whose rule failed and no person follows: a reviewer handles it by hand */
  manual: boolean;
  /** where a supplement request paused the case */
  pausedFrom: { state: CaseState; stepIndex: number | null } | null;
  deliveryMethod: DeliveryMethod;
  assignee: string | null;
}

/** One event the server appends to the case's timeline. */
export interface EventDraft {
  kind: string;
  stepId: string | null;
  actor: 'system' | 'officer' | 'citizen';
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/** The outcome of a transition: the new position and the events that explain it. */
export interface Transition {
  state: CaseState;
  stepIndex: number | null;
  decided: boolean;
  manual: boolean;
  outcome: 'approved' | 'denied' | 'refused' | null;
  pausedFrom: CaseSnapshot['pausedFrom'];
  events: EventDraft[];
  /** a step started (its deadline starts today) */
  stepStarted: boolean;
  /** the decision made in this transition */
  decision?: { result: 'approve' | 'deny'; reason: string | null; legalBasis: string | null; byRule: { stepId: string; description: { zh: string; en: string } } | null };
}

const ruleCache = new WeakMap<object, CompiledRule>();
function ruleOf(step: PlannedStep): CompiledRule {
  const rule = step.autoApproval!.rule as object;
  let fn = ruleCache.get(rule);
  if (!fn) ruleCache.set(rule, (fn = compileRule(rule)));
  return fn;
}

/** The data an auto-approval rule reads: the application's facts by source, its answers and its form. */
export type RuleData = Record<string, unknown>;

/** The variables a rule reads, with the values it saw (recorded with an instant approval). */
function factsRead(rule: unknown, data: RuleData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (!node || typeof node !== 'object') return;
    for (const [op, arg] of Object.entries(node)) {
      if (op === 'var') {
        const name = Array.isArray(arg) ? arg[0] : arg;
        if (typeof name === 'string') out[name] = name.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);
      } else walk(arg);
    }
  };
  walk(rule);
  return out;
}

/**
 * Runs from step `from` on: system steps complete at once, an auto-approval rule that holds decides the case and
 * skips the remaining review steps, and the run stops at the first step a person must do. Past the last step the
 * case goes to delivery (approval is implied when every step passed without a decision).
 */
export function advance(plan: readonly PlannedStep[], from: number, snapshot: Pick<CaseSnapshot, 'decided'>, data: RuleData): Transition {
  const events: EventDraft[] = [];
  let decided = snapshot.decided;
  let decision: Transition['decision'];
  for (let i = from; i < plan.length; i++) {
    const s = plan[i]!;
    if (s.kind === 'system') {
      if (s.autoApproval && !decided) {
        const holds = !!ruleOf(s)(data);
        const read = factsRead(s.autoApproval.rule, data);
        if (holds) {
          decided = true;
          decision = { result: 'approve', reason: null, legalBasis: null, byRule: { stepId: s.id, description: s.autoApproval.description } };
          events.push({ kind: 'auto_approved', stepId: s.id, actor: 'system', detail: { rule: s.autoApproval.rule, facts: read, description: s.autoApproval.description } });
          continue;
        }
        events.push({ kind: 'auto_rule_failed', stepId: s.id, actor: 'system', detail: { rule: s.autoApproval.rule, facts: read } });
        const personFollows = plan.slice(i + 1).some((x) => x.kind === 'review');
        if (personFollows) continue;
        events.push({ kind: 'step_started', stepId: s.id, actor: 'system', detail: { manual: true, role: 'reviewer' } });
        return { state: 'review', stepIndex: i, decided, manual: true, outcome: null, pausedFrom: null, events, stepStarted: true, ...(decision ? { decision } : {}) };
      }
      events.push({ kind: 'step_completed', stepId: s.id, actor: 'system' });
      continue;
    }
    if (s.kind === 'review' && decided) {
      events.push({ kind: 'step_skipped', stepId: s.id, actor: 'system', detail: { why: 'decided_by_rule' } });
      continue;
    }
    if (s.kind === 'production' && !decided) {
      decided = true;
      decision = { result: 'approve', reason: null, legalBasis: null, byRule: null };
      events.push({ kind: 'decided', stepId: null, actor: 'system', detail: { result: 'approve', implied: true } });
    }
    events.push({ kind: 'step_started', stepId: s.id, actor: 'system' });
    return { state: s.kind === 'production' ? 'production' : 'review', stepIndex: i, decided, manual: false, outcome: null, pausedFrom: null, events, stepStarted: true, ...(decision ? { decision } : {}) };
  }
  if (!decided) {
    decided = true;
    decision = { result: 'approve', reason: null, legalBasis: null, byRule: null };
    events.push({ kind: 'decided', stepId: null, actor: 'system', detail: { result: 'approve', implied: true } });
  }
  events.push({ kind: 'delivery_started', stepId: null, actor: 'system' });
  return { state: 'delivery', stepIndex: null, decided, manual: false, outcome: null, pausedFrom: null, events, stepStarted: true, ...(decision ? { decision } : {}) };
}

/** Delivery by the system (e-licence) closes the case at once. */
export function deliversItself(method: DeliveryMethod): boolean {
  return method === 'e_license';
}

/** The delivery method: the applicant's choice on the form when the item offers it, else e-licence, else window. */
export function deliveryMethodOf(item: Pick<ItemDefinition, 'output'>, form: Record<string, unknown>): DeliveryMethod {
  const offered = (item.output.delivery ?? []) as DeliveryMethod[];
  const chosen = form.delivery;
  if (typeof chosen === 'string' && (DELIVERY_METHODS as readonly string[]).includes(chosen) && (offered.length === 0 || offered.includes(chosen as DeliveryMethod))) return chosen as DeliveryMethod;
  if (offered.includes('e_license') || offered.length === 0) return 'e_license';
  return offered[0]!;
}

/**
 * What an officer may do now. `roles` are the roles the officer holds over this case (its org and department, or,
 * for acceptance of a city-wide item, any window of the department); `me` is the officer's id.
 */
export function allowedActions(plan: readonly PlannedStep[], c: CaseSnapshot, roles: ReadonlySet<string>, me: string): CaseAction[] {
  const out: CaseAction[] = [];
  const open = c.state !== 'closed' && c.state !== 'archived';
  const step = c.stepIndex !== null ? plan[c.stepIndex] : undefined;
  const stepRole = c.state === 'submitted' ? 'window_officer' : c.manual ? 'reviewer' : step?.role;
  const actsOnStep = ['submitted', 'review', 'production'].includes(c.state) && !!stepRole && roles.has(stepRole);
  const deliverer = c.state === 'delivery' && (roles.has('window_officer') || roles.has('producer'));
  const free = c.assignee === null || c.assignee === me;
  if (actsOnStep || deliverer) {
    if (c.assignee === null) out.push('claim');
    if (free) {
      if (c.assignee === me) out.push('release');
      if (c.state === 'submitted') out.push('accept', 'refuse', 'supplement');
      if (c.state === 'review') out.push('approve', 'deny', 'supplement');
      if (c.state === 'production') out.push('produce');
      if (c.state === 'delivery') out.push('deliver');
    }
  }
  if (open && c.state !== 'delivery' && c.state !== 'in_progress' && (actsOnStep || roles.has('department_head'))) out.push('transfer');
  if (open && roles.has('department_head') && c.state !== 'in_progress') {
    out.push('assign');
    if (c.assignee !== null && c.assignee !== me && !out.includes('release')) out.push('release');
  }
  if (c.state === 'closed' && (roles.has('reviewer') || roles.has('approver') || roles.has('department_head'))) out.push('archive');
  if (roles.size > 0) out.push('comment');
  return out;
}

/** The input of an officer's action. */
export interface ActionInput {
  reason?: string | undefined;
  legalBasis?: string | undefined;
  items?: { path?: string | undefined; message: string }[] | undefined;
  note?: string | undefined;
  toOrg?: string | undefined;
  assignee?: string | undefined;
  delivery?: { trackingNo?: string | undefined; pickupCode?: string | undefined } | undefined;
}

const blank = (s: string | undefined) => !s || !s.trim();

/** Refuses an action that is not allowed now: 409 naming the state and what is allowed. */
export function assertAllowed(action: CaseAction, allowed: readonly CaseAction[], c: CaseSnapshot, step: PlannedStep | undefined): void {
  if (allowed.includes(action)) return;
  const claimedByOther = c.assignee !== null && ['accept', 'refuse', 'supplement', 'approve', 'deny', 'produce', 'deliver', 'claim'].includes(action);
  throw new ConflictError('case.action_not_allowed', {
    zh: `办件当前状态为“${c.state}”${step ? `（环节：${step.name.zh}）` : ''}，不能执行“${action}”${claimedByOther ? '（已由其他人员认领）' : ''}；可执行：${allowed.join('、') || '无'}`,
    en: `The case is "${c.state}"${step ? ` at step "${step.name.en}"` : ''}; "${action}" is not allowed${claimedByOther ? ' (claimed by another officer)' : ''}. Allowed: ${allowed.join(', ') || 'none'}`,
  }, { state: c.state, step: step?.id ?? null, allowed, assignee: c.assignee });
}

/** Checks an action's input: a refusal or denial needs a reason, a supplement request its list, and so on (422). */
export function validateActionInput(action: CaseAction, input: ActionInput, ctx: { deliveryMethod: DeliveryMethod; pickupCode: string | null }): void {
  const problems: { path: string; reason: string; message: { zh: string; en: string } }[] = [];
  const need = (path: string, zh: string, en: string) => problems.push({ path, reason: 'required', message: { zh, en } });
  if ((action === 'refuse' || action === 'deny') && blank(input.reason)) need('/reason', action === 'refuse' ? '不予受理须写明理由' : '不予许可须写明理由', `A ${action === 'refuse' ? 'refusal' : 'denial'} needs a reason`);
  if (action === 'refuse' && blank(input.legalBasis)) need('/legalBasis', '不予受理须写明法律依据', 'A refusal needs its legal basis');
  if (action === 'transfer') {
    if (blank(input.reason)) need('/reason', '转办须写明理由', 'A transfer needs a reason');
    if (blank(input.toOrg)) need('/toOrg', '请选择转往的机构', 'Choose the org to transfer to');
  }
  if (action === 'assign' && blank(input.assignee)) need('/assignee', '请选择承办人', 'Choose the officer to assign');
  if (action === 'comment' && blank(input.note)) need('/note', '请填写备注内容', 'Write the note');
  if (action === 'supplement') {
    if (!input.items?.length) need('/items', '补正通知须一次性列明全部需补正的内容', 'A supplement request must list everything to fix, at once');
    input.items?.forEach((it, i) => { if (blank(it.message)) need(`/items/${i}/message`, '请写明需补正的内容', 'Say what must be fixed'); });
  }
  if (action === 'deliver') {
    if (ctx.deliveryMethod === 'postal' && blank(input.delivery?.trackingNo)) need('/delivery/trackingNo', '邮寄送达须填写快递单号', 'Postal delivery needs the tracking number');
    if (ctx.deliveryMethod === 'window') {
      if (blank(input.delivery?.pickupCode)) need('/delivery/pickupCode', '窗口领取须核对取件码', 'Window pick-up needs the pick-up code');
      else if (input.delivery!.pickupCode!.trim() !== ctx.pickupCode) {
        problems.push({ path: '/delivery/pickupCode', reason: 'mismatch', message: { zh: '取件码不正确，请核对申请人出示的取件码', en: 'The pick-up code does not match; check the code the applicant shows' } });
      }
    }
  }
  if (problems.length) throw new ValidationError('case.action_invalid', problems);
}

/**
 * The state transition of a step action (accept, refuse, supplement, approve, deny, produce, deliver). Claim,
 * release, assign, transfer, archive and comment do not move the workflow and are handled by the caller.
 */
export function transition(plan: readonly PlannedStep[], c: CaseSnapshot, action: CaseAction, input: ActionInput, data: RuleData): Transition {
  const step = c.stepIndex !== null ? plan[c.stepIndex] : undefined;
  const base = { decided: c.decided, manual: false, pausedFrom: null, stepStarted: false } as const;
  const note = input.note?.trim() || null;
  switch (action) {
    case 'accept': {
      const next = advance(plan, 1, c, data);
      return { ...next, events: [{ kind: 'accepted', stepId: plan[0]!.id, actor: 'officer', reason: note }, ...next.events] };
    }
    case 'refuse':
      return { ...base, state: 'closed', stepIndex: c.stepIndex, outcome: 'refused', events: [{ kind: 'refused', stepId: step?.id ?? null, actor: 'officer', reason: input.reason!.trim(), detail: { legalBasis: input.legalBasis!.trim() } }, { kind: 'closed', stepId: null, actor: 'system', detail: { outcome: 'refused' } }] };
    case 'supplement':
      return {
        ...base, state: 'supplement', stepIndex: c.stepIndex, outcome: null, pausedFrom: { state: c.state, stepIndex: c.stepIndex },
        events: [{ kind: 'supplement_requested', stepId: step?.id ?? null, actor: 'officer', reason: note, detail: { items: input.items!.map((i) => ({ path: i.path?.trim() || null, message: i.message.trim() })) } }],
      };
    case 'approve': {
      // approving the last step a person decides is the decision
      const last = !c.decided && !plan.slice(c.stepIndex! + 1).some((x) => x.kind === 'review' || (x.kind === 'system' && !!x.autoApproval));
      const next = advance(plan, c.stepIndex! + 1, { decided: c.decided || last }, data);
      const events: EventDraft[] = [{ kind: 'step_completed', stepId: step!.id, actor: 'officer', reason: note, detail: { result: 'approve' } }];
      if (!last) return { ...next, events: [...events, ...next.events] };
      events.push({ kind: 'decided', stepId: step!.id, actor: 'officer', reason: note, detail: { result: 'approve' } });
      return { ...next, events: [...events, ...next.events], decision: { result: 'approve', reason: note, legalBasis: null, byRule: null } };
    }
    case 'deny':
      return {
        ...base, state: 'closed', stepIndex: c.stepIndex, outcome: 'denied', decided: true,
        decision: { result: 'deny', reason: input.reason!.trim(), legalBasis: input.legalBasis?.trim() || null, byRule: null },
        events: [{ kind: 'decided', stepId: step?.id ?? null, actor: 'officer', reason: input.reason!.trim(), detail: { result: 'deny', legalBasis: input.legalBasis?.trim() || null } }, { kind: 'closed', stepId: null, actor: 'system', detail: { outcome: 'denied' } }],
      };
    case 'produce': {
      const next = advance(plan, c.stepIndex! + 1, c, data);
      return { ...next, events: [{ kind: 'step_completed', stepId: step!.id, actor: 'officer', reason: note, detail: { produced: true } }, ...next.events] };
    }
    case 'deliver':
      return { ...base, state: 'closed', stepIndex: null, outcome: 'approved', events: [{ kind: 'delivered', stepId: null, actor: 'officer', reason: note, detail: { method: c.deliveryMethod, trackingNo: input.delivery?.trackingNo?.trim() || null } }, { kind: 'closed', stepId: null, actor: 'system', detail: { outcome: 'approved' } }] };
    default:
      throw new Error(`transition: ${action} does not move the workflow`);
  }
}

/** The applicant answered the supplement request: back to where the case paused. */
export function resume(c: CaseSnapshot): Transition {
  const to = c.pausedFrom ?? { state: 'submitted' as CaseState, stepIndex: 0 };
  return { state: to.state, stepIndex: to.stepIndex, decided: c.decided, manual: c.manual, outcome: null, pausedFrom: null, stepStarted: false, events: [{ kind: 'supplement_answered', stepId: null, actor: 'citizen' }] };
}

/** What happens next, in words for the applicant. */
export function nextStepText(plan: readonly PlannedStep[], state: CaseState, stepIndex: number | null, method: DeliveryMethod): { zh: string; en: string } {
  const step = stepIndex !== null ? plan[stepIndex] : undefined;
  switch (state) {
    case 'submitted': return { zh: '等待窗口受理', en: 'Waiting for acceptance' };
    case 'supplement': return { zh: '请按补正通知一次性补齐材料后重新提交', en: 'Fix everything the supplement request lists and resubmit' };
    case 'review': return { zh: `审查中：${step?.name.zh ?? ''}`, en: `Under review: ${step?.name.en ?? ''}` };
    case 'production': return { zh: `制证中：${step?.name.zh ?? ''}`, en: `In production: ${step?.name.en ?? ''}` };
    case 'delivery':
      return method === 'window' ? { zh: '请凭取件码到窗口领取', en: 'Collect it at the window with your pick-up code' }
        : method === 'postal' ? { zh: '等待邮寄', en: 'Waiting to be posted' } : { zh: '电子证照发放中', en: 'E-licence being issued' };
    case 'waiting': return { zh: '等待同一件事中的前置事项办结', en: 'Waiting for the earlier items of the bundle' };
    case 'in_progress': return { zh: '各事项并行办理中', en: 'The items are being handled in parallel' };
    case 'closed': return { zh: '已办结', en: 'Closed' };
    case 'archived': return { zh: '已归档', en: 'Archived' };
  }
}
