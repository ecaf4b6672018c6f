import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ItemDefinition } from '../catalog/catalog.schema.ts';
import { prefillForm } from './form.ts';
import { aggregateMeasures, applicationMeasures } from './measures.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const jzz = parse(readFileSync(`${root}catalog/items/HZ-JZZ-BL.yaml`, 'utf8')) as ItemDefinition;
// the demo item asks the guardianship statement only of guardians; these tests need a material every applicant
// must supply or replace by a signed commitment, so they make it one
const guardian = jzz.materials.find((m) => m.id === 'guardian_commitment')!;
guardian.necessity = 'commitment';
delete guardian.neededWhen;
const facts = {
  values: { population: { name: '王芳', citizenId: '340102199003071822', phone: '13912345678' }, residence: { address: '上海市徐汇区漕溪北路88号' } },
  provenance: {}, unknown: {},
};

describe('#applicationMeasures', () => {
  it('counts prefilled fields and the materials the applicant did not have to provide', () => {
    const prefill = prefillForm(jzz, facts);
    const m = applicationMeasures({
      item: jzz, prefill,
      materials: {
        id_card: { kind: 'license', licenseType: 'resident_id_card' },
        photo: { kind: 'upload', fileId: 'f1' },
        residence_registration: { kind: 'dataSource', field: 'residence.registered' },
        guardian_commitment: { kind: 'commitment', signedAt: '2026-11-22T10:00:00Z', text: '…' },
      },
    });
    // 4 fields of 14 prefilled; of the 4 non-optional materials, the ID card and the residence record were exempt
    assert.deepEqual(m, { fieldsPrefilled: 4, fieldsTotal: 14, materialsExempted: 2, materialsTotal: 4 });
  });

  it('counts an optional material only when it was supplied, and takes the provenance map stored with an application', () => {
    const prefill = prefillForm(jzz, facts);
    const m = applicationMeasures({ item: jzz, prefill: prefill.provenance, form: prefill.values, materials: { lease_contract: { kind: 'license', licenseType: 'lease_filing' } } });
    assert.deepEqual(m, { fieldsPrefilled: 4, fieldsTotal: 14, materialsExempted: 1, materialsTotal: 5 });
  });
});

describe('#aggregateMeasures', () => {
  it('reports per item the prefill and exemption ratios and the first-time success rate of decided applications', () => {
    const report = aggregateMeasures([
      { itemCode: 'HZ-JZZ-BL', fieldsPrefilled: 10, fieldsTotal: 14, materialsExempted: 2, materialsTotal: 4, acceptedWithoutSupplement: true },
      { itemCode: 'HZ-JZZ-BL', fieldsPrefilled: 4, fieldsTotal: 14, materialsExempted: 1, materialsTotal: 4, acceptedWithoutSupplement: false },
      { itemCode: 'HZ-JZZ-BL', fieldsPrefilled: 7, fieldsTotal: 14, materialsExempted: 3, materialsTotal: 4, acceptedWithoutSupplement: null },
      { itemCode: 'JG-JYBZ', fieldsPrefilled: 8, fieldsTotal: 10, materialsExempted: 2, materialsTotal: 2 },
    ]);
    const jzzReport = report.find((r) => r.itemCode === 'HZ-JZZ-BL')!;
    assert.equal(jzzReport.applications, 3);
    assert.equal(jzzReport.prefillRatio, 0.5);
    assert.equal(jzzReport.exemptionRatio, 0.5);
    assert.equal(jzzReport.decided, 2);
    assert.equal(jzzReport.firstTimeSuccessRate, 0.5);
    assert.equal(report.find((r) => r.itemCode === 'JG-JYBZ')!.firstTimeSuccessRate, null);
  });
});
