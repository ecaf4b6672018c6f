import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatReceipt, isValidReceipt, parseReceipt } from './receipt.ts';

describe('#receipt numbers (受理编号)', () => {
  it('reads as TB, the date, an 8-digit sequence and a check pair', () => {
    const r = formatReceipt('2026-11-22', 42);
    assert.match(r, /^TB2026112200000042-\d{2}$/);
    assert.equal(r, 'TB2026112200000042-02');
    assert.ok(isValidReceipt(r));
    assert.deepEqual(parseReceipt(r), { date: '2026-11-22', seq: 42, receipt: r });
  });

  it('is accepted as typed: lower case, spaces, no hyphen', () => {
    assert.deepEqual(parseReceipt(' tb 20261122 00000042 02 ')?.receipt, 'TB2026112200000042-02');
  });

  it('catches every changed digit', () => {
    const r = formatReceipt('2026-11-22', 12345678);
    for (let i = 2; i < r.length; i++) {
      if (r[i] === '-') continue;
      for (let d = 0; d <= 9; d++) {
        if (String(d) === r[i]) continue;
        const changed = r.slice(0, i) + d + r.slice(i + 1);
        assert.equal(isValidReceipt(changed), false, changed);
      }
    }
  });

  it('catches every swap of two neighbouring digits', () => {
    for (const r of [formatReceipt('2026-11-22', 12345678), formatReceipt('2025-01-09', 90817), formatReceipt('2031-12-31', 99999998)]) {
      const digits = r.replace('-', '');
      for (let i = 2; i < digits.length - 1; i++) {
        if (digits[i] === digits[i + 1]) continue;
        const swapped = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
        assert.equal(isValidReceipt(swapped), false, `${r} → ${swapped}`);
      }
    }
  });

  it('refuses a date that does not exist and a sequence out of range', () => {
    assert.throws(() => formatReceipt('2026-02-30', 1), RangeError);
    assert.throws(() => formatReceipt('2026-11-22', 100_000_000), RangeError);
    assert.throws(() => formatReceipt('2026-11-22', -1), RangeError);
    assert.equal(isValidReceipt('TB2026023000000001-00'), false);
    assert.equal(isValidReceipt('TB20261122000042-02'), false);
  });

  it('gives different numbers for different days and sequences', () => {
    const seen = new Set<string>();
    for (const day of ['2026-11-22', '2026-11-23']) for (let s = 0; s < 500; s++) seen.add(formatReceipt(day, s));
    assert.equal(seen.size, 1000);
  });
});
