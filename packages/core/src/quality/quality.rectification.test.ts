import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addWorkingDays, defaultCalendar } from '../calendar/working-days.ts';
import { ConflictError, ValidationError } from '../kernel/errors.ts';
import { callbackDueFrom, rectificationDeadlines, rectificationStep, type OrderSnapshot } from './quality.rectification.ts';
import { RATING_WINDOW_DAYS, subjectWindow, type RateableCase } from './quality.window.ts';

const cal = defaultCalendar;

describe('the rating window', () => {
  const closed: RateableCase = { state: 'closed', atWindow: false, online: true, acceptedOn: '2026-09-25', closedOn: '2026-09-28' };
  const open: RateableCase = { state: 'review', atWindow: true, online: false, acceptedOn: '2026-11-23', closedOn: null };

  it('lets a closed case be rated until 15 working days after it closed, across the National Day holiday', () => {
    const last = addWorkingDays('2026-09-28', RATING_WINDOW_DAYS);
    assert.ok(last > '2026-10-20', `the Golden Week does not count: ${last}`);
    assert.deepEqual(subjectWindow(cal, closed, 'case', '2026-09-28'), { subject: 'case', rateable: true, why: null, lastDay: last });
    assert.equal(subjectWindow(cal, closed, 'case', last).rateable, true, 'the last day is included');
    const after = subjectWindow(cal, closed, 'case', addWorkingDays(last, 1));
    assert.equal(after.rateable, false);
    assert.equal(after.why, 'window_closed');
    assert.equal(after.lastDay, last);
  });

  it('rates the case only once closed, the window only at a window, the online service only online; help always', () => {
    assert.equal(subjectWindow(cal, open, 'case', '2026-11-24').why, 'not_closed');
    assert.deepEqual(subjectWindow(cal, open, 'window', '2030-01-01'), { subject: 'window', rateable: true, why: null, lastDay: null }, 'no limit while open');
    assert.equal(subjectWindow(cal, open, 'online', '2026-11-24').why, 'not_online');
    assert.equal(subjectWindow(cal, closed, 'window', '2026-09-28').why, 'not_accepted_at_window');
    assert.equal(subjectWindow(cal, closed, 'online', '2026-09-28').rateable, true);
    assert.equal(subjectWindow(cal, open, 'help', '2026-11-24').rateable, true);
  });
});

describe('the rectification work order', () => {
  const rated = '2026-11-23';
  const { verifyDue, rectifyDue } = rectificationDeadlines(cal, rated);
  const start: OrderSnapshot = { stage: 'verify', verifyDue, rectifyDue, callbackDue: null, calledBack: false };

  it('is due for verification 1 working day and for rectification 15 working days after the rating', () => {
    assert.equal(verifyDue, addWorkingDays(rated, 1));
    assert.equal(rectifyDue, addWorkingDays(rated, 15));
    assert.equal(rectificationDeadlines(cal, '2026-09-30').verifyDue, '2026-10-08', 'over the National Day holiday (1–7 October)');
    assert.equal(rectificationDeadlines(cal, rated, 5).rectifyDue, addWorkingDays(rated, 5), 'a stricter local deadline');
  });

  it('runs verify → rectify → callback → closed, with the callback due 2 working days after the rectification', () => {
    const v = rectificationStep(cal, start, 'verify', { note: '已电话联系评价人' }, '2026-11-24');
    assert.deepEqual([v.stage, v.stageDue, v.record, v.event], ['rectify', rectifyDue, 'verification', 'verified']);
    const r = rectificationStep(cal, { ...start, stage: 'rectify' }, 'rectify', { note: '已补充指南说明', resolution: 'fixed_later' }, '2026-11-27');
    assert.deepEqual([r.stage, r.stageDue, r.resolution], ['callback', callbackDueFrom(cal, '2026-11-27'), 'fixed_later']);
    assert.equal(r.stageDue, '2026-12-01', 'Friday + 2 working days skips the weekend');
    const c = rectificationStep(cal, { ...start, stage: 'callback', callbackDue: r.callbackDue }, 'callback', { reached: true, satisfied: true, note: '满意' }, '2026-11-30');
    assert.deepEqual([c.stage, c.record], ['callback', 'callback']);
    const done = rectificationStep(cal, { ...start, stage: 'callback', callbackDue: r.callbackDue, calledBack: true }, 'close', {}, '2026-11-30');
    assert.equal(done.stage, 'closed');
  });

  it('explains or upholds an appeal instead of fixing, each with its resolution', () => {
    const at = { ...start, stage: 'rectify' as const };
    assert.equal(rectificationStep(cal, at, 'explain', { note: '依法不能办理，已解释' }, rated).resolution, 'explained');
    assert.equal(rectificationStep(cal, at, 'appeal', { note: '评价人误评' }, rated).resolution, 'appeal_upheld');
    assert.equal(rectificationStep(cal, at, 'rectify', { note: '立行立改' }, rated).resolution, 'fixed');
  });

  it('refuses to close without a callback (422), an action the stage does not take (409) and a missing note (422)', () => {
    for (const stage of ['verify', 'rectify', 'callback'] as const) {
      assert.throws(() => rectificationStep(cal, { ...start, stage }, 'close', {}, rated), (e: unknown) => e instanceof ValidationError && e.code === 'rectification.callback_required');
    }
    assert.throws(() => rectificationStep(cal, start, 'rectify', { note: 'x' }, rated), (e: unknown) => e instanceof ConflictError && e.code === 'rectification.action_not_allowed' && (e.data.allowed as string[]).join() === 'verify');
    assert.throws(() => rectificationStep(cal, start, 'verify', { note: '  ' }, rated), (e: unknown) => e instanceof ValidationError && e.problems[0]!.path === '/note');
    assert.throws(() => rectificationStep(cal, { ...start, stage: 'callback' }, 'callback', {}, rated), (e: unknown) => e instanceof ValidationError && e.problems[0]!.path === '/reached');
    assert.throws(() => rectificationStep(cal, { ...start, stage: 'closed', calledBack: true }, 'close', {}, rated), ConflictError);
  });
});
