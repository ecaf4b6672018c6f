/**
 * Names of the case codes the server sends (states, outcomes, actions, event kinds, step statuses) in the reader's
 * language. Codes the app does not know are shown as they are, so a new server code never breaks a page.
 */
import type { CaseT } from './cases.i18n.ts';
import { CASE_ACTIONS, CASE_OUTCOMES, CASE_STATES, type CaseState, type CaseSummary, type StepStatus, type TimelineEvent } from './cases.types.ts';

/** Event kinds with their own wording (the server's, plus the readings of a few by their detail); any other kind is described by the state it moved the case to. */
export const EVENT_KINDS = [
  'submitted', 'accepted', 'auto_accepted', 'routed', 'started', 'claimed', 'released', 'assigned', 'transferred', 'comment', 'archived',
  'refused', 'supplement_requested', 'supplement_answered', 'supplement_expired', 'deferred_expired', 'step_started', 'step_completed',
  'step_passed', 'produced', 'step_skipped', 'auto_approved', 'auto_rule_failed', 'decided', 'approved', 'denied', 'delivery_started',
  'delivered', 'closed', 'due_recomputed',
] as const;

const STEP_STATUSES = ['done', 'current', 'pending', 'skipped'] as const;

/** The name of a case state. */
export function stateText(state: string, ct: CaseT): string {
  const known = CASE_STATES.find((s) => s === state);
  return known ? ct(`cases.state.${known}`) : state;
}

/** The name of a closed case's outcome. */
export function outcomeText(outcome: string, ct: CaseT): string {
  const known = CASE_OUTCOMES.find((o) => o === outcome);
  return known ? ct(`cases.outcome.${known}`) : outcome;
}

/** The label of an officer's action (its button). */
export function actionText(action: string, ct: CaseT): string {
  const known = CASE_ACTIONS.find((a) => a === action);
  return known ? ct(`workbench.action.${known}`) : action;
}

/** What happened, for an event of the timeline: its kind, read more closely by its detail where that says more. */
export function eventText(e: Pick<TimelineEvent, 'kind' | 'toState' | 'detail' | 'actor'>, ct: CaseT): string {
  const d = e.detail;
  if (e.kind === 'decided' && (d.result === 'approve' || d.result === 'deny')) return ct(d.result === 'approve' ? 'cases.event.approved' : 'cases.event.denied');
  if (e.kind === 'step_completed' && d.produced) return ct('cases.event.produced');
  if (e.kind === 'step_completed' && d.result === 'approve') return ct('cases.event.step_passed');
  if (e.kind === 'accepted' && e.actor.kind === 'system') return ct('cases.event.auto_accepted');
  if (e.kind === 'closed' && typeof d.outcome === 'string') return ct('cases.event.closedWith', { outcome: outcomeText(d.outcome, ct) });
  const known = EVENT_KINDS.find((k) => k === e.kind);
  if (known) return ct(`cases.event.${known}`);
  if (e.toState) return ct('cases.event.movedTo', { state: stateText(e.toState, ct) });
  return e.kind;
}

/** Whether an event's `reason` is a reason (refusal, denial, transfer) rather than the officer's note. */
export const isReason = (e: Pick<TimelineEvent, 'kind' | 'detail'>): boolean =>
  e.kind === 'refused' || e.kind === 'transferred' || (e.kind === 'decided' && e.detail.result === 'deny');

/** The words for a step's status (for screen readers and the step list). */
export function stepStatusText(status: string, ct: CaseT): string {
  const known = STEP_STATUSES.find((s) => s === status);
  return known ? ct(`cases.stepStatus.${known}`) : status;
}

/** Narrows a step status. */
export const asStepStatus = (status: string): StepStatus => STEP_STATUSES.find((s) => s === status) ?? 'pending';

/**
 * What happens next, for a case in a list. The contract's CaseSummary has no `nextStep` (only CaseView does): use
 * the server's when it sends one, else say it from the state and the current step.
 */
export function summaryNextStep(c: CaseSummary, ct: CaseT, stepName: string | null): string {
  const state: CaseState | undefined = CASE_STATES.find((s) => s === c.state);
  switch (state) {
    case 'submitted':
      return ct('cases.next.submitted');
    case 'supplement':
      return ct('cases.next.supplement');
    case 'review':
      return stepName ? ct('cases.next.reviewStep', { step: stepName }) : ct('cases.next.review');
    case 'production':
      return ct('cases.next.production');
    case 'delivery':
      return ct('cases.next.delivery');
    case 'waiting':
      return ct('cases.next.waiting');
    case 'in_progress':
      return ct('cases.next.in_progress');
    case 'closed':
    case 'archived':
      return c.outcome ? ct('cases.next.closedWith', { outcome: outcomeText(c.outcome, ct) }) : ct('cases.next.closed');
    default:
      return stepName ?? '';
  }
}

/** The title of a form field in an item's form schema (`title` as text or {zh, en}), or the field name. */
export function formFieldTitle(schema: unknown, field: string, lang: 'zh' | 'en'): string {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const props = isObj(schema) && isObj(schema.properties) ? schema.properties : {};
  const prop = props[field];
  const title = isObj(prop) ? prop.title : undefined;
  if (typeof title === 'string' && title) return title;
  if (isObj(title) && typeof title.zh === 'string') return lang === 'en' && typeof title.en === 'string' ? title.en : title.zh;
  return field;
}
