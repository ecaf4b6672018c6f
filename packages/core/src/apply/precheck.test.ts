import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ItemDefinition } from '../catalog/catalog.schema.ts';
import type { FactSet } from '../datasources/datasources.types.ts';
import { precheck } from './precheck.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const loadItem = (code: string) => parse(readFileSync(`${root}catalog/items/${code}.yaml`, 'utf8')) as ItemDefinition;
const jzz = loadItem('HZ-JZZ-BL');
const jybz = loadItem('JG-JYBZ');

/** Facts as the data sources give them: values by source, provenance per field, and the fields that could not be read. */
function facts(values: Record<string, Record<string, unknown>>, unknown: Record<string, FactSet['unknown'][string]['reason']> = {}): FactSet {
  const provenance: FactSet['provenance'] = {};
  for (const [source, fields] of Object.entries(values)) {
    for (const field of Object.keys(fields)) {
      provenance[`${source}.${field}`] = { field: `${source}.${field}`, source: source as never, sourceName: { zh: source, en: source }, readAt: '2026-11-22T09:00:00Z' };
    }
  }
  return {
    values, provenance,
    unknown: Object.fromEntries(Object.entries(unknown).map(([f, reason]) => [f, { reason, message: { zh: '无法读取', en: 'could not be read' } }])),
  };
}

/** 王芳: registered outside Shanghai (Anhui), living and working in Shanghai for a year. */
const resident = (over: Record<string, Record<string, unknown>> = {}) => ({
  population: { householdDistrict: '340102', age: 34, ...over.population },
  residence: { registered: true, months: 14, ...over.residence },
  socialInsurance: { months: 12, ...over.socialInsurance },
  lease: { filed: false, ...over.lease },
  license: { held: ['resident_id_card'], ...over.license },
});

const byId = (r: ReturnType<typeof precheck>, id: string) => r.conditions.find((c) => c.id === id)!;

describe('#precheck 居住证办理 (HZ-JZZ-BL)', () => {
  it('says yes for an eligible resident from outside Shanghai, with every condition met and the facts that decided', () => {
    const r = precheck(jzz, facts(resident()), {});
    assert.equal(r.eligible, 'yes');
    assert.equal(r.conditions.length, 6);
    assert.deepEqual(r.conditions.map((c) => c.status), ['met', 'met', 'met', 'met', 'met', 'met']);
    assert.deepEqual(r.questions, []);
    assert.deepEqual(byId(r, 'six_months').decidedBy, [{ field: 'residence.months', value: 14, source: 'residence' }]);
    assert.ok(byId(r, 'stable_basis').decidedBy.some((d) => d.field === 'socialInsurance.months' && d.value === 12 && d.source === 'socialInsurance'));
  });

  it('says no for a Shanghai household, naming the condition, the fact and the remedy', () => {
    const r = precheck(jzz, facts(resident({ population: { householdDistrict: '310000' } })), {});
    assert.equal(r.eligible, 'no');
    const c = byId(r, 'not_local_household');
    assert.equal(c.status, 'not_met');
    assert.equal(c.text.zh, '申请人不是本市户籍人员');
    assert.equal(c.remedy.zh, '本市户籍人员无需办理居住证。');
    assert.deepEqual(c.decidedBy, [{ field: 'population.householdDistrict', value: '310000', source: 'population' }]);
  });

  it('asks exactly the studying question when neither social insurance nor a lease is on record', () => {
    const f = facts(resident(), { 'socialInsurance.months': 'no_record', 'lease.filed': 'source_unavailable' });
    delete f.values.socialInsurance;
    delete f.values.lease;
    const r = precheck(jzz, f, {});
    assert.equal(r.eligible, 'unknown');
    assert.deepEqual(r.questions.map((q) => q.id), ['studying']);
    const c = byId(r, 'stable_basis');
    assert.equal(c.status, 'unknown');
    assert.ok(c.missing.includes('answers.studying'));
    assert.equal(precheck(jzz, f, { studying: true }).eligible, 'yes');
  });

  it('does not ask about studying when social insurance already decides', () => {
    const r = precheck(jzz, facts(resident(), { 'lease.filed': 'timeout' }), {});
    assert.equal(r.eligible, 'yes');
    assert.deepEqual(r.questions, []);
    assert.deepEqual(byId(r, 'stable_basis').missing, []);
  });

  it('asks for a guardian only for an applicant under 16', () => {
    const child = precheck(jzz, facts(resident({ population: { age: 12 } })), {});
    assert.deepEqual(child.questions.map((q) => q.id), ['guardianPresent']);
    assert.equal(precheck(jzz, facts(resident({ population: { age: 12 } })), { guardianPresent: false }).eligible, 'no');
    assert.equal(precheck(jzz, facts(resident({ population: { age: 12 } })), { guardianPresent: true }).eligible, 'yes');
  });

  it('reports a condition unknown, with no question to ask, when the source that decides it did not answer', () => {
    const f = facts(resident(), { 'residence.months': 'timeout' });
    delete f.values.residence!.months;
    const r = precheck(jzz, f, {});
    assert.equal(r.eligible, 'unknown');
    assert.deepEqual(byId(r, 'six_months').missing, ['residence.months']);
    assert.deepEqual(r.questions, []);
  });

  it('says no when a decisive fact fails even though other facts are unknown', () => {
    const f = facts(resident({ residence: { months: 3 } }), { 'population.age': 'no_record' });
    delete f.values.population!.age;
    const r = precheck(jzz, f, {});
    assert.equal(r.eligible, 'no');
    assert.equal(byId(r, 'six_months').status, 'not_met');
  });

  it('treats an applicant who already holds a permit as not eligible', () => {
    const r = precheck(jzz, facts(resident({ license: { held: ['resident_id_card', 'residence_permit'] } })), {});
    assert.equal(byId(r, 'no_valid_permit').status, 'not_met');
  });
});

describe('#precheck questions and rules', () => {
  it('asks an enum question until it is answered, then decides by the answer', () => {
    const f = facts({ vehicle: { status: 'normal', violationsOpen: 0, accidentsOpen: 0, vehicleType: 'K33' } });
    const r = precheck(jybz, f, {});
    assert.equal(r.eligible, 'unknown');
    assert.deepEqual(r.questions.map((q) => q.id), ['nonCommercial', 'inspectionYear', 'insuranceValid', 'withinWindow']);
    const answered = precheck(jybz, f, { nonCommercial: true, inspectionYear: '6', insuranceValid: true, withinWindow: true });
    assert.equal(answered.eligible, 'no');
    assert.equal(byId(answered, 'exempt_year').status, 'not_met');
    assert.deepEqual(byId(answered, 'exempt_year').decidedBy, [{ field: 'answers.inspectionYear', value: '6' }]);
  });

  it('never guesses through a rule it cannot split into regions (substr) while the fact is unknown', () => {
    const item = { ...structuredClone(jzz), conditions: [{ ...jzz.conditions[0]!, id: 'shanghai', rule: { '==': [{ substr: [{ var: ['population.householdDistrict', ''] }, 0, 2] }, '31'] } }] };
    assert.equal(precheck(item, facts({ population: {} }), {}).eligible, 'unknown');
    assert.equal(precheck(item, facts({ population: { householdDistrict: '310101' } }), {}).eligible, 'yes');
    assert.equal(precheck(item, facts({ population: { householdDistrict: '340102' } }), {}).eligible, 'no');
  });

  it('counts a condition as met when the applicant signed the commitment it allows, and only then', () => {
    const item = structuredClone(jzz);
    item.conditions[2] = { ...item.conditions[2]!, commitmentAllowed: true };
    const f = facts(resident({ residence: { months: 4 } }));
    assert.equal(precheck(item, f, {}).eligible, 'no');
    const signed = precheck(item, f, { __commitments: ['six_months'] });
    assert.equal(signed.eligible, 'yes');
    assert.equal(byId(signed, 'six_months').committed, true);
    assert.equal(precheck(item, f, {}, { commitments: ['six_months'] }).eligible, 'yes');
    // a commitment for a condition that does not allow one changes nothing
    const local = facts(resident({ population: { householdDistrict: '310000' } }));
    assert.equal(precheck(item, local, { __commitments: ['not_local_household'] }).eligible, 'no');
  });

  it('uses the rules of the version it is given, not a cached older one', () => {
    const v2 = structuredClone(jzz);
    v2.conditions[2] = { ...v2.conditions[2]!, rule: { '>=': [{ var: 'residence.months' }, 12] } };
    const f = facts(resident({ residence: { months: 8 } }));
    assert.equal(precheck(jzz, f, {}).eligible, 'yes');
    assert.equal(precheck(v2, f, {}).eligible, 'no');
    assert.equal(precheck(structuredClone(jzz), f, {}).eligible, 'yes');
  });
});
