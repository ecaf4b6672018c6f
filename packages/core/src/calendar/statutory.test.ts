import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import data from '../../data/calendar-cn.json' with { type: 'json' };
import { statutoryHolidays } from './statutory.ts';

describe('#statutory holidays (全国年节及纪念日放假办法, 2024 revision)', () => {
  it('lies inside the official holiday blocks of 2025 and 2026', () => {
    for (const year of ['2025', '2026'] as const) {
      const official = new Set(data[year].holidays);
      const days = statutoryHolidays(Number(year));
      assert.equal(days.length, 13, year); // 13 statutory days, none coinciding in these years
      for (const d of days) assert.ok(official.has(d), `${d} is not in the ${year} notice's holidays`);
    }
  });

  it('gives the 2025 and 2026 days', () => {
    assert.deepEqual(statutoryHolidays(2025), [
      '2025-01-01',
      '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', // 除夕 (腊月廿九) – 初三
      '2025-04-04',
      '2025-05-01', '2025-05-02',
      '2025-05-31',
      '2025-10-01', '2025-10-02', '2025-10-03',
      '2025-10-06',
    ]);
    assert.deepEqual(statutoryHolidays(2026).slice(1, 5), ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19']);
  });

  it('computes 2027 from the lunar calendar and the solar term', () => {
    // Checked against tyme4ts 1.5.2: lunar 丙午年 has a 29-day 12th month, so 除夕 is 腊月廿九 = 2027-02-05 and
    // 正月初一 is 2027-02-06; 清明 falls on 2027-04-05; 五月初五 = 2027-06-09; 八月十五 = 2027-09-15.
    assert.deepEqual(statutoryHolidays(2027), [
      '2027-01-01',
      '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08',
      '2027-04-05',
      '2027-05-01', '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01', '2027-10-02', '2027-10-03',
    ]);
  });

  it('lists a day once when two holidays coincide, and stays in the year', () => {
    // 中秋 2001 fell on Oct 1 (八月十五 = 2001-10-01), so that year has 12 distinct statutory dates
    const d2001 = statutoryHolidays(2001);
    assert.equal(d2001.filter((d) => d === '2001-10-01').length, 1);
    assert.equal(d2001.length, 12);
    for (let y = 1990; y <= 2100; y++) {
      const days = statutoryHolidays(y);
      assert.ok(days.length === 12 || days.length === 13, String(y));
      assert.ok(days.every((d) => d.startsWith(`${y}-`)), String(y));
      assert.deepEqual(days, [...days].sort(), String(y));
    }
  });

  it('rejects years it cannot compute', () => {
    for (const y of [0, 10_000, 2025.5, Number.NaN]) assert.throws(() => statutoryHolidays(y), RangeError, String(y));
  });

  it('returns a copy', () => {
    statutoryHolidays(2030).push('x');
    assert.ok(!statutoryHolidays(2030).includes('x'));
  });
});
