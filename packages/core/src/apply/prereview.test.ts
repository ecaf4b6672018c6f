import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ItemDefinition } from '../catalog/catalog.schema.ts';
import type { FactSet } from '../datasources/datasources.types.ts';
import { validateForm } from './form.ts';
import { precheck } from './precheck.ts';
import { preReview, type MaterialState } from './prereview.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const loadItem = (code: string) => parse(readFileSync(`${root}catalog/items/${code}.yaml`, 'utf8')) as ItemDefinition;
const jzz = loadItem('HZ-JZZ-BL');
// the demo item asks the guardianship statement only of guardians; these tests need a material every applicant
// must supply or replace by a signed commitment, so they make it one
const guardian = jzz.materials.find((m) => m.id === 'guardian_commitment')!;
guardian.necessity = 'commitment';
delete guardian.neededWhen;
const death = loadItem('WJ-SWYXZM');

const facts = (values: Record<string, Record<string, unknown>>): FactSet => ({ values, provenance: {}, unknown: {} });
const eligible = facts({
  population: { householdDistrict: '340102', age: 34 }, residence: { registered: true, months: 14 },
  socialInsurance: { months: 12 }, lease: { filed: false }, license: { held: ['resident_id_card'] },
});
const goodForm = { name: '王芳', citizenId: '340102199003071822', phone: '13912345678', residenceAddress: '上海市徐汇区漕溪北路88号', basis: 'employment' };
const guardianText = jzz.materials.find((m) => m.id === 'guardian_commitment')!.commitmentText!.zh;
const goodMaterials = (): MaterialState => ({
  id_card: { kind: 'license', licenseType: 'resident_id_card', licenseRef: 'lic_1' },
  photo: { kind: 'upload', fileId: 'file_photo' },
  residence_registration: { kind: 'dataSource', field: 'residence.registered' },
  guardian_commitment: { kind: 'commitment', signedAt: '2026-11-22T10:00:00+08:00', text: guardianText },
});

describe('#preReview', () => {
  it('passes a complete application with an empty checklist', () => {
    const r = preReview({ item: jzz, precheck: precheck(jzz, eligible, {}), formProblems: validateForm(jzz, goodForm), materials: goodMaterials() });
    assert.deepEqual(r, { ok: true, checklist: [] });
  });

  it('lists every problem at once: the failed condition, each form error and each missing material', () => {
    const local = facts({ ...eligible.values, population: { householdDistrict: '310000', age: 34 } });
    const { photo: _photo, guardian_commitment: _g, ...materials } = goodMaterials();
    const r = preReview({ item: jzz, precheck: precheck(jzz, local, {}), form: { ...goodForm, phone: '123', basis: undefined }, materials });
    assert.equal(r.ok, false);
    assert.deepEqual(r.checklist.map((c) => `${c.kind} ${c.path} ${c.code}`), [
      'condition /conditions/not_local_household condition_not_met',
      'form /form/basis required',
      'form /form/phone pattern',
      'material /materials/photo material_missing',
      'material /materials/guardian_commitment material_missing',
    ]);
    const cond = r.checklist[0]!;
    assert.equal(cond.message.zh, '不符合受理条件：申请人不是本市户籍人员');
    assert.equal(cond.remedy?.zh, '本市户籍人员无需办理居住证。');
    for (const c of r.checklist) {
      assert.ok(c.message.zh && c.message.en, `${c.path} has both messages`);
      assert.ok(c.remedy?.zh, `${c.path} says what to do`);
    }
    assert.match(r.checklist[4]!.remedy!.zh, /承诺书/);
  });

  it('asks the open questions of an unknown condition by their label', () => {
    const f = facts({ ...eligible.values });
    delete f.values.socialInsurance;
    delete f.values.lease;
    const r = preReview({ item: jzz, precheck: precheck(jzz, f, {}), formProblems: [], materials: goodMaterials() });
    assert.deepEqual(r.checklist.map((c) => c.code), ['condition_unknown']);
    assert.match(r.checklist[0]!.remedy!.zh, /您是否在本市全日制学校连续就读/);
  });

  it('never blocks on an optional material', () => {
    const r = preReview({ item: jzz, precheck: precheck(jzz, eligible, {}), formProblems: [], materials: goodMaterials() });
    assert.ok(!r.checklist.some((c) => c.path === '/materials/enrolment_proof'));
  });

  it('accepts a deferrable material deferred to a future deadline, but not a required one or a past deadline', () => {
    const base: MaterialState = {
      applicant_id_card: { kind: 'license', licenseType: 'resident_id_card' },
      death_declaration: { kind: 'upload', fileId: 'f1' },
    };
    const pc = { eligible: 'yes' as const, conditions: [], questions: [] };
    const ok = preReview({ item: death, precheck: pc, formProblems: [], materials: { ...base, deceased_id_card: { kind: 'deferred', deadline: '2026-12-01' } }, today: '2026-11-22' });
    assert.deepEqual(ok.checklist, []);
    const late = preReview({ item: death, precheck: pc, formProblems: [], materials: { ...base, deceased_id_card: { kind: 'deferred', deadline: '2026-11-01' } }, today: '2026-11-22' });
    assert.deepEqual(late.checklist.map((c) => c.code), ['material_deadline_invalid']);
    const required = preReview({ item: death, precheck: pc, formProblems: [], materials: { ...base, deceased_id_card: { kind: 'upload', fileId: 'f2' }, applicant_id_card: { kind: 'deferred', deadline: '2026-12-01' } }, today: '2026-11-22' });
    assert.deepEqual(required.checklist.map((c) => `${c.path} ${c.code}`), ['/materials/applicant_id_card material_not_deferrable']);
  });

  it('accepts a commitment only with the item\'s own text, and an e-licence only of the type the material names', () => {
    const pc = precheck(jzz, eligible, {});
    const wrongText = preReview({ item: jzz, precheck: pc, formProblems: [], materials: { ...goodMaterials(), guardian_commitment: { kind: 'commitment', signedAt: '2026-11-22T10:00:00Z', text: '我保证' } } });
    assert.deepEqual(wrongText.checklist.map((c) => c.code), ['material_commitment_invalid']);
    const wrongLicence = preReview({ item: jzz, precheck: pc, formProblems: [], materials: { ...goodMaterials(), id_card: { kind: 'license', licenseType: 'passport' } } });
    assert.deepEqual(wrongLicence.checklist.map((c) => c.code), ['material_wrong_license']);
    const notCommitment = preReview({ item: jzz, precheck: pc, formProblems: [], materials: { ...goodMaterials(), photo: { kind: 'commitment', signedAt: '2026-11-22T10:00:00Z', text: guardianText } } });
    assert.deepEqual(notCommitment.checklist.map((c) => c.code), ['material_no_commitment']);
  });
});
