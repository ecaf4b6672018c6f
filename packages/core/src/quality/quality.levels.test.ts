import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isBadLevel, levelFromGbCode, levelFromInterfaceCode, levelToGbCode, levelToInterfaceCode, RATING_LEVELS,
} from './quality.levels.ts';
import { checkReasons, familyFor, RATING_REASONS, reasonFamily } from './quality.reasons.ts';

describe('rating levels', () => {
  it('maps each level to GB/T 39046 A.8 and to the interface codes, which run the other way', () => {
    assert.deepEqual(RATING_LEVELS.map(levelToGbCode), [1, 2, 3, 4, 5]);
    assert.deepEqual(RATING_LEVELS.map(levelToInterfaceCode), [5, 4, 3, 2, 1]);
    assert.equal(levelToGbCode('very_dissatisfied'), 5);
    assert.equal(levelToInterfaceCode('very_dissatisfied'), 1);
  });

  it('converts back in both directions, for numbers and strings', () => {
    for (const level of RATING_LEVELS) {
      assert.equal(levelFromGbCode(levelToGbCode(level)), level);
      assert.equal(levelFromInterfaceCode(levelToInterfaceCode(level)), level);
      assert.equal(levelFromGbCode(String(levelToGbCode(level))), level);
    }
    assert.equal(levelFromInterfaceCode(5), 'very_satisfied');
    assert.equal(levelFromGbCode(5), 'very_dissatisfied');
  });

  it('refuses codes outside 1–5', () => {
    for (const bad of [0, 6, -1, 2.5, 'x']) {
      assert.throws(() => levelFromGbCode(bad), RangeError);
      assert.throws(() => levelFromInterfaceCode(bad), RangeError);
    }
  });

  it('calls dissatisfied and very dissatisfied bad, and only those', () => {
    assert.deepEqual(RATING_LEVELS.filter(isBadLevel), ['dissatisfied', 'very_dissatisfied']);
  });
});

describe('rating reasons', () => {
  it('has an online and an offline list, each with codes, Chinese and English, and "other"', () => {
    for (const family of ['online', 'offline'] as const) {
      const list = RATING_REASONS[family];
      assert.ok(list.length >= 5);
      assert.equal(new Set(list.map((r) => r.code)).size, list.length, 'codes are unique');
      for (const r of list) assert.ok(r.zh && r.en && /^[a-z_]+$/.test(r.code));
      assert.ok(list.some((r) => r.code === 'other'));
    }
    assert.ok(RATING_REASONS.offline.some((r) => r.code === 'attitude'));
    assert.ok(RATING_REASONS.online.some((r) => r.code === 'system_hard'));
  });

  it('chooses the family by channel, and the window is always offline', () => {
    assert.equal(reasonFamily('pc'), 'online');
    assert.equal(reasonFamily('mobile'), 'online');
    assert.equal(reasonFamily('hall_pad'), 'offline');
    assert.equal(reasonFamily('hotline_12345'), 'offline');
    assert.equal(familyFor('window', 'mobile'), 'offline');
    assert.equal(familyFor('case', 'mobile'), 'online');
  });

  it('names every unknown code with its path and the allowed list, and a comment over 500 characters', () => {
    assert.deepEqual(checkReasons('online', ['slow', 'other']), []);
    const problems = checkReasons('online', ['slow', 'attitude', 'slow'], 'x'.repeat(501));
    assert.deepEqual(problems.map((p) => [p.path, p.reason]), [['/reasons/1', 'unknown_reason'], ['/reasons/2', 'duplicate'], ['/comment', 'too_long']]);
    assert.match(problems[0]!.message.zh, /guide_inaccurate/);
    assert.equal(checkReasons('online', [], '字'.repeat(500)).length, 0, 'characters, not bytes');
  });
});
