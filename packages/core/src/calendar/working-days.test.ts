import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import data from '../../data/calendar-cn.json' with { type: 'json' };
import { DomainError } from '../kernel/errors.ts';
import { statutoryHolidays } from './statutory.ts';
import { WorkingCalendar, addWorkingDays, defaultCalendar, isWorkingDay, workingDaysBetween, type CalendarData } from './working-days.ts';

const DATA: CalendarData = data;

// --- a deliberately naive reference: the rule of shared/reference/calendar.md, one calendar day at a time ---------
const MS_DAY = 86_400_000;
const toMs = (d: string): number => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
function naiveIsWorking(d: string): boolean {
  const year = DATA[d.slice(0, 4)];
  const holidays = year ? year.holidays : statutoryHolidays(Number(d.slice(0, 4)));
  const workdays = year ? year.workdays : [];
  const weekday = new Date(toMs(d)).getUTCDay();
  return workdays.includes(d) || (weekday >= 1 && weekday <= 5 && !holidays.includes(d));
}
function naiveAdd(d: string, n: number): string {
  let ms = toMs(d);
  for (let k = 0; k < n; ) {
    ms += MS_DAY;
    if (naiveIsWorking(fromMs(ms))) k++;
  }
  return fromMs(ms);
}
function* days(from: string, to: string): Generator<string> {
  for (let ms = toMs(from); ms <= toMs(to); ms += MS_DAY) yield fromMs(ms);
}
/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('#working-day calendar (工作日)', () => {
  it('reproduces every example of the reference table (calendar.md §3.3)', () => {
    assert.equal(addWorkingDays('2025-01-24', 5), '2025-02-07'); // counts Sun Jan 26 and Mon Jan 27, skips Jan 28–Feb 4
    assert.equal(addWorkingDays('2025-09-26', 20), '2025-10-30'); // counts Sun Sep 28 and Sat Oct 11, skips Oct 1–8
    assert.equal(addWorkingDays('2026-02-13', 3), '2026-02-25'); // counts Sat Feb 14, skips Feb 15–23
    assert.equal(addWorkingDays('2024-04-30', 10), '2024-05-16'); // skips May 1–5, counts Sat May 11
    assert.equal(addWorkingDays('2026-09-30', 1), '2026-10-08'); // skips Oct 1–7
  });

  it('counts make-up Saturdays and Sundays and skips every day of the Spring Festival and National Day blocks', () => {
    for (const d of ['2025-01-26', '2025-02-08', '2025-09-28', '2025-10-11', '2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10']) {
      assert.equal(isWorkingDay(d), true, d);
    }
    const blocks = [
      ['2025-01-28', '2025-02-04'], // 春节 2025, 8 days from 除夕
      ['2025-10-01', '2025-10-08'], // 国庆 + 中秋 2025
      ['2026-02-15', '2026-02-23'], // 春节 2026, 9 days from 腊月二十八
      ['2026-10-01', '2026-10-07'], // 国庆 2026
    ] as const;
    for (const [from, to] of blocks) for (const d of days(from, to)) assert.equal(isWorkingDay(d), false, d);
    // the days either side of the blocks are ordinary working days
    for (const d of ['2025-01-27', '2025-02-05', '2025-09-30', '2025-10-09', '2026-02-13', '2026-02-24', '2026-09-30', '2026-10-08']) {
      assert.equal(isWorkingDay(d), true, d);
    }
    // ordinary weekends are not working days
    assert.equal(isWorkingDay('2025-03-08'), false);
    assert.equal(isWorkingDay('2025-03-09'), false);
  });

  it('agrees with the rule on every day of 2024–2026 and with a day-by-day count', () => {
    for (const d of days('2024-01-01', '2026-12-31')) assert.equal(isWorkingDay(d), naiveIsWorking(d), d);
    const next = rng(7);
    for (let i = 0; i < 300; i++) {
      const a = fromMs(toMs('2023-12-01') + Math.floor(next() * 1200) * MS_DAY);
      const n = Math.floor(next() * 80);
      assert.equal(addWorkingDays(a, n), naiveAdd(a, n), `${a} + ${n}`);
    }
    assert.equal(addWorkingDays('2024-01-01', 1000), naiveAdd('2024-01-01', 1000)); // runs through several years
  });

  it('returns the start date for n = 0, even on a holiday', () => {
    assert.equal(addWorkingDays('2025-01-24', 0), '2025-01-24');
    assert.equal(addWorkingDays('2025-10-03', 0), '2025-10-03');
    assert.deepEqual(defaultCalendar.dueDate('2027-02-06', 0), { date: '2027-02-06', provisional: false });
    assert.equal(workingDaysBetween('2025-10-03', '2025-10-03'), 0);
  });

  it('starting on a holiday or weekend counts from the next working day', () => {
    assert.equal(addWorkingDays('2025-10-01', 1), '2025-10-09');
    assert.equal(addWorkingDays('2025-03-08', 1), '2025-03-10'); // Sat → Mon
    assert.equal(addWorkingDays('2024-12-31', 1), '2025-01-02'); // across the year end, Jan 1 off
  });

  it('workingDaysBetween inverts addWorkingDays', () => {
    const next = rng(2025);
    for (let i = 0; i < 2000; i++) {
      const a = fromMs(toMs('2023-06-01') + Math.floor(next() * 1500) * MS_DAY); // 2023–2027: provisional years too
      const n = Math.floor(next() * 400);
      const b = addWorkingDays(a, n);
      assert.equal(workingDaysBetween(a, b), n, `${a} + ${n} = ${b}`);
      if (n > 0) assert.equal(isWorkingDay(b), true, b);
    }
    assert.equal(workingDaysBetween('2025-02-07', '2025-01-24'), 0); // b before a
    assert.equal(workingDaysBetween('2025-01-24', '2025-02-07'), 5);
  });

  it('has 251, 248 and 248 working days in 2024, 2025 and 2026', () => {
    assert.equal(workingDaysBetween('2023-12-31', '2024-12-31'), 251);
    assert.equal(workingDaysBetween('2024-12-31', '2025-12-31'), 248);
    assert.equal(workingDaysBetween('2025-12-31', '2026-12-31'), 248);
    assert.equal(workingDaysBetween('2023-12-31', '2026-12-31'), 251 + 248 + 248);
  });

  it('treats 2027 as provisional: weekends and statutory days, no make-up days', () => {
    assert.deepEqual(defaultCalendar.years(), [2024, 2025, 2026]);
    assert.equal(defaultCalendar.isProvisionalYear(2027), true);
    assert.equal(defaultCalendar.isProvisionalYear('2026'), false);
    // 2026-12-31 Thu counts; 2027-01-01 Fri (元旦) and the weekend do not; then Jan 4–7
    assert.deepEqual(defaultCalendar.dueDate('2026-12-30', 5), { date: '2027-01-07', provisional: true });
    assert.deepEqual(defaultCalendar.dueDate('2026-12-30', 1), { date: '2026-12-31', provisional: false });
    assert.deepEqual(defaultCalendar.dueDate('2026-09-30', 1), { date: '2026-10-08', provisional: false });
    // starting on Dec 31 of a published year and ending in it: nothing of 2027 was counted
    assert.equal(defaultCalendar.dueDate('2026-12-31', 0).provisional, false);
    assert.equal(defaultCalendar.dueDate('2026-12-31', 1).provisional, true);
    // 春节 2027: 除夕 Fri Feb 5 … 初三 Mon Feb 8; Tue Feb 9 is a working day; no make-up weekend is guessed
    for (const d of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']) assert.equal(isWorkingDay(d), false, d);
    assert.equal(isWorkingDay('2027-02-09'), true);
    assert.equal(isWorkingDay('2027-02-20'), false);
    // 2027 has 261 weekdays; 7 statutory days fall on them (Jan 1, Feb 5, Feb 8, Apr 5, Jun 9, Sep 15, Oct 1)
    assert.equal(workingDaysBetween('2026-12-31', '2027-12-31'), 261 - 7);
  });

  it('withYear publishes a year: no longer provisional, results change, the original is untouched', () => {
    // A made-up arrangement for the test (not a real notice): Jan 1–4 off, Sat Jan 9 a make-up working day.
    const cal = defaultCalendar.withYear(2027, { holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'], workdays: ['2027-01-09'] });
    assert.deepEqual(cal.years(), [2024, 2025, 2026, 2027]);
    assert.equal(cal.isProvisionalYear(2027), false);
    assert.deepEqual(cal.dueDate('2026-12-30', 5), { date: '2027-01-08', provisional: false });
    assert.deepEqual(cal.dueDate('2027-01-07', 2), { date: '2027-01-09', provisional: false });
    assert.equal(cal.isWorkingDay('2027-02-08'), true); // the statutory rules no longer apply to 2027
    assert.equal(cal.dueDate('2027-12-30', 3).provisional, true); // 2028 still is provisional
    assert.deepEqual(defaultCalendar.dueDate('2026-12-30', 5), { date: '2027-01-07', provisional: true });
    assert.equal(defaultCalendar.isProvisionalYear(2027), true);
    // replacing a published year
    const moved = defaultCalendar.withYear('2026', { ...DATA['2026']!, workdays: [] });
    assert.equal(moved.isWorkingDay('2026-02-14'), false);
    assert.equal(defaultCalendar.isWorkingDay('2026-02-14'), true);
    assert.deepEqual(new WorkingCalendar(cal.toData()).toData(), cal.toData());
  });

  it('validates a year and names the bad dates', () => {
    assert.deepEqual(WorkingCalendar.validateYear(2025, DATA['2025']), []);
    const problems = WorkingCalendar.validateYear(2027, {
      holidays: ['2027-2-05', '2027-02-30', '2026-10-01', '2027-10-01', '2027-10-01', 20270101],
      workdays: ['2027-01-04', '2027-10-01'],
    });
    assert.deepEqual(
      problems.map((p) => [p.path, p.reason]),
      [
        ['/holidays/0', 'format'],
        ['/holidays/1', 'format'],
        ['/holidays/2', 'wrong_year'],
        ['/holidays/4', 'duplicate'],
        ['/holidays/5', 'format'],
        ['/workdays/0', 'not_weekend'],
        ['/workdays/1', 'not_weekend'],
        ['/workdays/1', 'overlap'],
      ],
    );
    assert.match(problems[1]!.message.en, /2027-02-30/);
    assert.deepEqual(WorkingCalendar.validateYear('27', { holidays: [] }).map((p) => [p.path, p.reason]), [['', 'year'], ['/workdays', 'required']]);
    assert.deepEqual(WorkingCalendar.validateYear(2027, null).map((p) => p.reason), ['type']);

    const bad: [unknown, RegExp][] = [
      [{ holidays: ['2027-02-30'], workdays: [] }, /2027-02-30/],
      [{ holidays: ['2026-12-31'], workdays: [] }, /2026-12-31 is not in 2027/],
      [{ holidays: [], workdays: ['2027-01-04'] }, /2027-01-04 is not a Saturday or Sunday/],
      [{ holidays: ['2027-01-09'], workdays: ['2027-01-09'] }, /2027-01-09 is in both/],
    ];
    for (const [year, pattern] of bad) {
      assert.throws(() => defaultCalendar.withYear(2027, year as never), (e: unknown) => e instanceof DomainError && e.code === 'calendar.invalid' && pattern.test(e.message));
    }
    assert.throws(() => new WorkingCalendar({ '2025': { holidays: ['2025-13-01'], workdays: [] } }), /\/2025\/holidays\/0.*2025-13-01/);
    assert.throws(() => new WorkingCalendar({ '25': { holidays: [], workdays: [] } }), /four-digit year/);
  });

  it('rejects bad input with a RangeError naming the value', () => {
    for (const d of ['2025-13-01', '2025-02-29', '2025/01/24', '2025-1-24', '20250124', '', ' 2025-01-24', '2025-01-24T00:00:00Z', '0000-01-01']) {
      assert.throws(() => addWorkingDays(d, 1), (e: unknown) => e instanceof RangeError && e.message.includes(JSON.stringify(d)), d);
      assert.throws(() => isWorkingDay(d), RangeError, d);
      assert.throws(() => workingDaysBetween('2025-01-01', d), RangeError, d);
    }
    assert.throws(() => addWorkingDays(undefined as never, 1), /undefined is not a valid date/);
    assert.equal(isWorkingDay('2024-02-29'), true); // a leap day is a date
    for (const n of [-1, 1.5, Number.NaN, Infinity]) {
      assert.throws(() => addWorkingDays('2025-01-24', n), (e: unknown) => e instanceof RangeError && e.message.includes(String(n)), String(n));
    }
    assert.throws(() => addWorkingDays('9999-12-30', 5), /past the end/);
    assert.throws(() => defaultCalendar.isProvisionalYear(99_999), RangeError);
  });

  it('counts a century in one call', () => {
    assert.equal(addWorkingDays('2024-01-01', 25_000).length, 10);
  });
});
