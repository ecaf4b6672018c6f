/**
 * The steps of the apply journey and where a draft resumes: a draft never saved starts at the pre-check; a saved one
 * returns to the first step that still has something to do (conditions, then form, then materials), else pre-review.
 */
import type { ApplicationView, ChecklistEntry } from './apply.types.ts';

export const STEPS = ['precheck', 'form', 'materials', 'review', 'submit'] as const;
export type Step = (typeof STEPS)[number];

/** Moves to a step; `auto` lets pre-review go on to submit by itself when nothing is missing. */
export type Go = (step: Step, options?: { auto?: boolean; replace?: boolean }) => void;

export const isStep = (s: string | null): s is Step => STEPS.some((x) => x === s);

/** The checklist entries of one kind. */
export const entriesOf = (checklist: ChecklistEntry[], kind: ChecklistEntry['kind']) => checklist.filter((c) => c.kind === kind);

/** The step where a checklist entry is fixed. */
export function stepOf(entry: Pick<ChecklistEntry, 'kind'>): Step {
  return entry.kind === 'condition' ? 'precheck' : entry.kind === 'form' ? 'form' : 'materials';
}

/** Whether a step can be shown: past the pre-check only when eligible; the submit step only when nothing is missing. */
export function reachable(view: ApplicationView, step: Step): boolean {
  if (step === 'precheck') return true;
  if (view.precheck.eligible !== 'yes') return false;
  if (step === 'submit') return view.ready;
  return true;
}

/** The step a draft resumes at when the address names none. */
export function resumeStep(view: ApplicationView): Step {
  if (view.revision <= 1 || view.precheck.eligible !== 'yes') return 'precheck';
  if (entriesOf(view.checklist, 'form').length > 0) return 'form';
  if (entriesOf(view.checklist, 'material').length > 0) return 'materials';
  return 'review';
}

/** The furthest step the applicant may go to now. */
export function furthest(view: ApplicationView): Step {
  return [...STEPS].reverse().find((s) => reachable(view, s)) ?? 'precheck';
}

/**
 * A deadline for a deferred material (容缺后补): today + `deferDays` calendar days, as `YYYY-MM-DD` in local time.
 * The item counts working days (工作日); the server computes the binding deadline from the submission date later,
 * so this calendar-day value is only an approximation it accepts as long as it is not in the past.
 */
export function deferDeadline(deferDays: number, today = new Date()): string {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() + Math.max(0, deferDays));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The id of the element a checklist path points at (the form field, the material row, the condition). */
export function targetId(entry: Pick<ChecklistEntry, 'kind' | 'path'>, fieldId: (field: string) => string): string {
  const rest = entry.path.replace(/^\/(conditions|form|materials)\//, '');
  if (entry.kind === 'form') return fieldId(decodeURIComponent(rest.split('/')[0] ?? rest));
  if (entry.kind === 'material') return `material-${rest}`;
  return `condition-${rest}`;
}
