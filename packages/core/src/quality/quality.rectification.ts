/**
 * The rectification work order (差评整改) of a bad rating: verify (核实) → rectify, explain or appeal (整改、解释说明、
 * 申诉) → callback (回访) → closed, with deadlines in working days on the case calendar (docs/decisions/0025).
 * Closing without a callback record is refused: every real-name bad rating is called back (回访率 100%).
 */
import { ConflictError, ValidationError, type FieldProblem } from '../kernel/errors.ts';
import type { WorkingDays } from './quality.window.ts';

export const RECTIFICATION_STAGES = ['verify', 'rectify', 'callback', 'closed'] as const;
export type RectificationStage = (typeof RECTIFICATION_STAGES)[number];

export const RECTIFICATION_ACTIONS = ['verify', 'rectify', 'explain', 'appeal', 'callback', 'close'] as const;
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number];

export type RectificationResolution = 'fixed' | 'fixed_later' | 'explained' | 'appeal_upheld';

/** Working days after the rating to verify it (contact the evaluator). */
export const VERIFY_DAYS = 1;
/** Working days after the rating to rectify or explain (national rule, 15 in principle; RECTIFY_DAYS overrides). */
export const DEFAULT_RECTIFY_DAYS = 15;
/** Working days after the rectification to call the evaluator back. */
export const CALLBACK_DAYS = 2;

/** The due dates a new order gets from the day it was rated. */
export function rectificationDeadlines(cal: WorkingDays, ratedOn: string, rectifyDays = DEFAULT_RECTIFY_DAYS): { verifyDue: string; rectifyDue: string } {
  return { verifyDue: cal.addWorkingDays(ratedOn, VERIFY_DAYS), rectifyDue: cal.addWorkingDays(ratedOn, rectifyDays) };
}

/** The callback's due date from the day of the rectification (or explanation, or upheld appeal). */
export function callbackDueFrom(cal: WorkingDays, rectifiedOn: string): string {
  return cal.addWorkingDays(rectifiedOn, CALLBACK_DAYS);
}

/** What the stage machine reads of an order. */
export interface OrderSnapshot {
  stage: RectificationStage;
  verifyDue: string;
  rectifyDue: string;
  callbackDue: string | null;
  /** a callback record exists */
  calledBack: boolean;
}

/** What an action brings. */
export interface RectificationInput {
  note?: string | undefined;
  /** rectify: fixed at once (立行立改, default) or within a deadline (限期整改) */
  resolution?: 'fixed' | 'fixed_later' | undefined;
  /** callback: whether the evaluator was reached, and whether they are satisfied with the result */
  reached?: boolean | undefined;
  satisfied?: boolean | undefined;
}

/** The result of an action: the next stage and its due date, and what to record. */
export interface RectificationStep {
  stage: RectificationStage;
  stageDue: string;
  callbackDue: string | null;
  resolution: RectificationResolution | null;
  /** which record the action writes: verification, rectification or callback */
  record: 'verification' | 'rectification' | 'callback' | null;
  event: string;
}

/** The actions possible in a stage (close is offered once a callback is recorded; before, it is refused with 422). */
export function allowedRectificationActions(s: Pick<OrderSnapshot, 'stage' | 'calledBack'>): RectificationAction[] {
  switch (s.stage) {
    case 'verify': return ['verify'];
    case 'rectify': return ['rectify', 'explain', 'appeal'];
    case 'callback': return s.calledBack ? ['callback', 'close'] : ['callback'];
    default: return [];
  }
}

const needNote = (input: RectificationInput, what: { zh: string; en: string }): FieldProblem[] =>
  input.note?.trim() ? [] : [{ path: '/note', reason: 'required', message: { zh: `请填写${what.zh}`, en: `Write ${what.en}` } }];

/**
 * Applies an action to an order `today`. Throws `rectification.callback_required` (422) for a close without a
 * callback record, `rectification.action_invalid` (422) for a missing field, and `rectification.action_not_allowed`
 * (409, naming the stage and the allowed actions) for an action the stage does not take.
 */
export function rectificationStep(cal: WorkingDays, s: OrderSnapshot, action: RectificationAction, input: RectificationInput, today: string): RectificationStep {
  if (action === 'close' && s.stage !== 'closed' && !s.calledBack) {
    throw new ValidationError('rectification.callback_required', [{
      path: '/action', reason: 'callback_required', message: { zh: '尚未记录回访，不能办结整改工单', en: 'No callback is recorded; the work order cannot be closed yet' },
    }], { zh: '差评整改须回访后方可办结：请先记录回访结果', en: 'A rectification is closed only after the callback: record the callback first' });
  }
  const allowed = allowedRectificationActions(s);
  if (!allowed.includes(action)) {
    throw new ConflictError('rectification.action_not_allowed', {
      zh: `工单当前处于“${STAGE_NAMES[s.stage].zh}”环节，不能执行“${ACTION_NAMES[action].zh}”${allowed.length ? `；可执行：${allowed.map((a) => ACTION_NAMES[a].zh).join('、')}` : ''}`,
      en: `The work order is at "${s.stage}"; "${action}" is not possible now${allowed.length ? `; possible: ${allowed.join(', ')}` : ''}`,
    }, { stage: s.stage, allowed });
  }
  const problems: FieldProblem[] = [];
  const fixed = (resolution: RectificationResolution, event: string): RectificationStep => {
    const due = callbackDueFrom(cal, today);
    return { stage: 'callback', stageDue: due, callbackDue: due, resolution, record: 'rectification', event };
  };
  let step: RectificationStep;
  switch (action) {
    case 'verify':
      problems.push(...needNote(input, { zh: '核实情况', en: 'what the verification found' }));
      step = { stage: 'rectify', stageDue: s.rectifyDue, callbackDue: null, resolution: null, record: 'verification', event: 'verified' };
      break;
    case 'rectify':
      problems.push(...needNote(input, { zh: '整改措施', en: 'what was fixed' }));
      step = fixed(input.resolution ?? 'fixed', 'rectified');
      break;
    case 'explain':
      problems.push(...needNote(input, { zh: '解释说明的内容（政策或法律依据）', en: 'the explanation given (policy or legal basis)' }));
      step = fixed('explained', 'explained');
      break;
    case 'appeal':
      problems.push(...needNote(input, { zh: '申诉理由（误评、恶意差评的依据）', en: 'the grounds of the appeal (a mistaken or malicious rating)' }));
      step = fixed('appeal_upheld', 'appealed');
      break;
    case 'callback':
      if (typeof input.reached !== 'boolean') {
        problems.push({ path: '/reached', reason: 'required', message: { zh: '请说明是否联系到评价人', en: 'Say whether the evaluator was reached' } });
      }
      step = { stage: 'callback', stageDue: s.callbackDue ?? today, callbackDue: s.callbackDue, resolution: null, record: 'callback', event: 'called_back' };
      break;
    default:
      step = { stage: 'closed', stageDue: s.callbackDue ?? today, callbackDue: s.callbackDue, resolution: null, record: null, event: 'closed' };
  }
  if (problems.length) throw new ValidationError('rectification.action_invalid', problems);
  return step;
}

export const STAGE_NAMES: Record<RectificationStage, { zh: string; en: string }> = {
  verify: { zh: '核实', en: 'Verify' },
  rectify: { zh: '整改', en: 'Rectify' },
  callback: { zh: '回访', en: 'Callback' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const ACTION_NAMES: Record<RectificationAction, { zh: string; en: string }> = {
  verify: { zh: '核实', en: 'Verify' },
  rectify: { zh: '整改', en: 'Rectify' },
  explain: { zh: '解释说明', en: 'Explain' },
  appeal: { zh: '申诉', en: 'Appeal' },
  callback: { zh: '回访', en: 'Callback' },
  close: { zh: '办结', en: 'Close' },
};
