import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isValidCitizenId, isValidUscc, parseCitizenId, CitizenIdError } from './identifiers.ts';

// a copy of shared/reference/identifiers-vectors.json, kept beside the test so it always runs
const vectors: any = JSON.parse(readFileSync(fileURLToPath(new URL('./identifiers-vectors.json', import.meta.url)), 'utf8'));

test('a valid citizen ID parses into region, birth date and sex', () => {
  const p = parseCitizenId('11010519491231002X', '2026-01-01');
  assert.deepEqual(p, { normalized: '11010519491231002X', region: '110105', birthDate: '1949-12-31', sex: 'female' });
});

test('invalid citizen IDs are rejected with the reason', () => {
  const cases: [string, string][] = [
    ['310101199003070011', 'bad_check'],
    ['310101199902301239', 'bad_date'],
    ['440305209901010220', 'bad_date'],
    ['990101199003071237', 'bad_region'],
    ['3101011990030712', 'bad_length'],
  ];
  for (const [id, code] of cases) {
    assert.throws(() => parseCitizenId(id, '2026-01-01'), (e: unknown) => e instanceof CitizenIdError && e.code === code, id);
  }
});

test('a lowercase x is accepted and normalised to X', () => {
  assert.equal(parseCitizenId('11010519491231002x', '2026-01-01').normalized, '11010519491231002X');
});

test('unified social credit codes: check character and charset', () => {
  assert.equal(isValidUscc('91310101MA1FL0T1XQ'), true);
  assert.equal(isValidUscc('11100000000013338W'), true);
  assert.equal(isValidUscc('91310101MA1FL0T1XA'), false);
  assert.equal(isValidUscc('91310101MA1FL0T1SQ'), false);
});

test('reference vectors behave as labelled', () => {
  const cid = vectors.citizenIdentityNumber;
  for (const v of cid.valid) assert.equal(isValidCitizenId(v.id ?? v.number ?? v.value), true, JSON.stringify(v));
  for (const v of cid.invalid) {
    const id = v.id ?? v.number ?? v.value;
    const expected = typeof v.afterNormalisation === 'string' && v.afterNormalisation.startsWith('valid');
    assert.equal(isValidCitizenId(id), expected, JSON.stringify(v));
  }
  const u = vectors.unifiedSocialCreditCode;
  for (const v of u.valid) assert.equal(isValidUscc(v.code), true, v.code);
  for (const v of u.invalid) assert.equal(isValidUscc(v.code), false, v.code);
});
