import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ItemDefinition } from '../catalog/catalog.schema.ts';
import { DATA_SOURCE_FIELD_NAMES } from '../catalog/catalog.enums.ts';
import { grantOf, grantOfAll, outsideGrant } from './grant.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const item = (code: string) => parse(readFileSync(`${root}catalog/items/${code}.yaml`, 'utf8')) as ItemDefinition;

/** A minimal item: one condition, one step, no form, no materials; parts overridden per test. */
const build = (over: Partial<Pick<ItemDefinition, 'conditions' | 'process' | 'form' | 'materials'>> = {}) => ({
  conditions: [{ id: 'c', text: { zh: '条件', en: 'Condition' }, rule: true, remedy: { zh: '补救' } }],
  process: { steps: [{ id: 's', name: { zh: '审核', en: 'Review' }, role: 'reviewer' as const, department: 'household' as const, limitDays: 1 }] },
  form: { schema: {}, uiSchema: {}, prefill: {} },
  materials: [],
  ...over,
});

describe('#grantOf', () => {
  it('grants 居住证办理 exactly the fields its conditions, prefill and materials name', () => {
    assert.deepEqual([...grantOf(item('HZ-JZZ-BL'))].sort(), [
      'lease.filed', 'license.held',
      'population.age', 'population.birthDate', 'population.citizenId', 'population.ethnicity', 'population.householdAddress',
      'population.householdDistrict', 'population.name', 'population.phone', 'population.sex',
      'residence.address', 'residence.months', 'residence.registered', 'residence.startDate',
      'socialInsurance.employer', 'socialInsurance.months',
    ]);
  });

  it('never grants the applicant\'s own answers or form values', () => {
    const g = grantOf(build({
      conditions: [{ id: 'c', text: { zh: '条件', en: 'C' }, remedy: { zh: '补救' }, rule: { and: [{ var: 'answers.studying' }, { '==': [{ var: 'form.basis' }, 'study'] }, { var: 'population.age' }] } }],
    }));
    assert.deepEqual([...g], ['population.age']);
  });

  it('includes the variables of auto-approval rules, also in the array form of var with a default', () => {
    const g = grantOf(build({
      process: { steps: [{ id: 'auto', name: { zh: '自动', en: 'Auto' }, role: 'system', department: 'traffic', limitDays: 0,
        autoApproval: { rule: { and: [{ '==': [{ var: ['vehicle.status', ''] }, 'normal'] }, { '==': [{ var: 'vehicle.violationsOpen' }, 0] }] }, description: { zh: '自动' } } }] },
    }));
    assert.deepEqual([...g].sort(), ['vehicle.status', 'vehicle.violationsOpen']);
  });

  it('includes data-source materials, and the wallet when a material can be covered by an e-licence', () => {
    const jybz = grantOf(item('JG-JYBZ'));
    assert.ok(jybz.has('vehicle.inspectionDue'), 'prefill');
    assert.ok(jybz.has('vehicle.accidentsOpen'), 'auto-approval and condition');
    assert.ok(jybz.has('license.held'), 'the vehicle registration certificate is an e-licence');
    assert.ok(!jybz.has('residence.address') && !jybz.has('socialInsurance.months'), 'nothing the item does not name');
    assert.ok(grantOf(item('HZ-SFZ-GS')).has('population.photo'), 'the photo material is read from the population register');
  });

  it('grants a vehicle item nothing of the applicant\'s residence, insurance or lease', () => {
    for (const f of grantOf(item('JG-JYBZ'))) assert.match(f, /^(vehicle|population|license)\./);
  });

  it('ignores names that are no data-source field', () => {
    const g = grantOf(build({ form: { schema: {}, uiSchema: {}, prefill: { a: 'population.salary', b: 'population.name' } } }));
    assert.deepEqual([...g], ['population.name']);
    for (const f of grantOf(item('HZ-ZXHK-SW'))) assert.ok(DATA_SOURCE_FIELD_NAMES.has(f), f);
  });

  it('unites the grants of a bundle\'s members', () => {
    const all = grantOfAll([item('HZ-JZZ-BL'), item('JG-JYBZ')]);
    assert.ok(all.has('lease.filed') && all.has('vehicle.status'));
  });
});

describe('#outsideGrant', () => {
  it('lists the requested fields the grant does not cover, once each', () => {
    const g = grantOf(item('JG-JYBZ'));
    assert.deepEqual(outsideGrant(g, ['vehicle.status', 'criminalRecord.hasRecord', 'residence.address', 'criminalRecord.hasRecord']), ['criminalRecord.hasRecord', 'residence.address']);
    assert.deepEqual(outsideGrant(g, ['vehicle.status', 'population.citizenId']), []);
  });
});
