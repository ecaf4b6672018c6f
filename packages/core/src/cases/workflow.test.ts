import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, ValidationError } from '../kernel/errors.ts';
import { advance, allowedActions, assertAllowed, stepPlan, transition, validateActionInput, type CaseSnapshot } from './workflow.ts';

const t = (zh: string) => ({ zh, en: zh });
const step = (id: string, role: string, extra: object = {}) => ({ id, name: t(id), role, department: 'household', limitDays: 1, ...extra });
const residencePermit = stepPlan({ process: { steps: [step('accept', 'window_officer'), step('review', 'reviewer'), step('approve', 'approver'), step('produce', 'producer')] } } as never);
const lossReport = stepPlan({
  process: { steps: [step('auto_decide', 'system', { autoApproval: { rule: { '==': [{ var: 'answers.cardLost' }, true] }, description: t('挂失') } }), step('publish', 'system')] },
} as never);
const inspectionMark = stepPlan({
  process: { steps: [step('auto_check', 'system', { autoApproval: { rule: { '==': [{ var: 'vehicle.inspected' }, true] }, description: t('检验') } }), step('manual_review', 'reviewer')] },
} as never);

const snap = (over: Partial<CaseSnapshot> = {}): CaseSnapshot => ({ state: 'submitted', stepIndex: 0, decided: false, manual: false, pausedFrom: null, deliveryMethod: 'window', assignee: null, ...over });

describe('case workflow', () => {
  it('classifies the steps of a process', () => {
    assert.deepEqual(residencePermit.map((s) => s.kind), ['accept', 'review', 'review', 'production']);
  });

  it('accepts, reviews, decides on the last review step, produces and goes to delivery', () => {
    let c = snap();
    let tr = transition(residencePermit, c, 'accept', {}, {});
    assert.equal(tr.state, 'review');
    assert.equal(tr.stepIndex, 1);
    c = snap({ state: tr.state, stepIndex: tr.stepIndex });
    tr = transition(residencePermit, c, 'approve', {}, {});
    assert.equal(tr.stepIndex, 2);
    assert.equal(tr.decision, undefined, 'passing the first review is not the decision');
    c = snap({ state: tr.state, stepIndex: tr.stepIndex });
    tr = transition(residencePermit, c, 'approve', { note: '同意' }, {});
    assert.equal(tr.state, 'production');
    assert.equal(tr.decision?.result, 'approve');
    assert.deepEqual(tr.events.map((e) => e.kind), ['step_completed', 'decided', 'step_started']);
    c = snap({ state: tr.state, stepIndex: tr.stepIndex, decided: true });
    tr = transition(residencePermit, c, 'produce', {}, {});
    assert.equal(tr.state, 'delivery');
  });

  it('decides by rule and skips the rest (秒办), recording the facts it read', () => {
    const tr = advance(lossReport, 0, { decided: false }, { answers: { cardLost: true } });
    assert.equal(tr.state, 'delivery');
    assert.equal(tr.decision?.byRule?.stepId, 'auto_decide');
    const auto = tr.events.find((e) => e.kind === 'auto_approved')!;
    assert.deepEqual(auto.detail?.facts, { 'answers.cardLost': true });
    const mark = advance(inspectionMark, 0, { decided: false }, { vehicle: { inspected: true } });
    assert.equal(mark.state, 'delivery');
    assert.ok(mark.events.some((e) => e.kind === 'step_skipped' && e.stepId === 'manual_review'));
  });

  it('hands a failed rule to a person: the next review step, or a reviewer at the same step', () => {
    const mark = advance(inspectionMark, 0, { decided: false }, { vehicle: { inspected: false } });
    assert.equal(mark.state, 'review');
    assert.equal(mark.stepIndex, 1);
    const loss = advance(lossReport, 0, { decided: false }, { answers: { cardLost: false } });
    assert.equal(loss.state, 'review');
    assert.equal(loss.stepIndex, 0);
    assert.equal(loss.manual, true);
    assert.ok(allowedActions(lossReport, snap({ state: 'review', stepIndex: 0, manual: true }), new Set(['reviewer']), 'o1').includes('approve'));
  });

  it('lets only the step role act, and not on a case another officer claimed', () => {
    const c = snap({ state: 'review', stepIndex: 1 });
    assert.ok(!allowedActions(residencePermit, c, new Set(['window_officer']), 'o1').includes('approve'));
    assert.ok(allowedActions(residencePermit, c, new Set(['reviewer']), 'o1').includes('approve'));
    const claimed = { ...c, assignee: 'o2' };
    const mine = allowedActions(residencePermit, claimed, new Set(['reviewer']), 'o1');
    assert.ok(!mine.includes('approve') && !mine.includes('claim'));
    assert.throws(() => assertAllowed('approve', mine, claimed, residencePermit[1]), (e: unknown) => e instanceof ConflictError && (e.data as { state: string }).state === 'review');
  });

  it('needs a reason to refuse or deny, a list for a supplement and the right pick-up code', () => {
    const ctx = { deliveryMethod: 'window' as const, pickupCode: '123456' };
    assert.throws(() => validateActionInput('deny', {}, ctx), ValidationError);
    assert.throws(() => validateActionInput('refuse', { reason: 'x' }, ctx), (e: unknown) => e instanceof ValidationError && e.problems.some((p) => p.path === '/legalBasis'));
    assert.throws(() => validateActionInput('supplement', { items: [] }, ctx), ValidationError);
    assert.throws(() => validateActionInput('deliver', { delivery: { pickupCode: '000000' } }, ctx), ValidationError);
    validateActionInput('deliver', { delivery: { pickupCode: '123456' } }, ctx);
  });

  it('pauses for a supplement and goes back to the same place', () => {
    const tr = transition(residencePermit, snap({ state: 'review', stepIndex: 1 }), 'supplement', { items: [{ message: '照片不清晰', path: '/materials/photo' }] }, {});
    assert.equal(tr.state, 'supplement');
    assert.deepEqual(tr.pausedFrom, { state: 'review', stepIndex: 1 });
  });
});
