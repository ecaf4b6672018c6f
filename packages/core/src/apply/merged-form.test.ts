import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { BundleDefinition, ItemDefinition } from '../catalog/catalog.schema.ts';
import type { FactSet } from '../datasources/datasources.types.ts';
import { prefillForm, validateForm } from './form.ts';
import { mergeBundleForm, precheckBundle, validateBundleForm, type BundleMember } from './merged-form.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const loadItem = (code: string) => parse(readFileSync(`${root}catalog/items/${code}.yaml`, 'utf8')) as ItemDefinition;
const gmsg = parse(readFileSync(`${root}catalog/bundles/YJS-GMSG.yaml`, 'utf8')) as BundleDefinition;
const members = (): BundleMember[] => gmsg.members.map((m) => ({ code: m.itemCode, def: loadItem(m.itemCode), ...(m.optional ? { optional: true } : {}) }));

const facts = (values: Record<string, Record<string, unknown>>): FactSet => {
  const provenance: FactSet['provenance'] = {};
  for (const [source, fields] of Object.entries(values)) {
    for (const field of Object.keys(fields)) provenance[`${source}.${field}`] = { field: `${source}.${field}`, source: source as never, sourceName: { zh: source, en: source }, readAt: '2026-11-22T09:00:00Z' };
  }
  return { values, provenance, unknown: {} };
};
/** 张伟 applies after his father's death. */
const zhangwei = facts({
  population: { name: '张伟', citizenId: '310101198505120019', phone: '13812345678', alive: true },
  residence: { address: '上海市黄浦区南京东路100号' },
});

const props = (schema: Record<string, unknown>) => Object.keys(schema.properties as object);

describe('#mergeBundleForm 公民身故一件事 (YJS-GMSG)', () => {
  it('asks the fields the members share once', () => {
    const ms = members();
    const merged = mergeBundleForm(ms);
    const fields = props(merged.schema);
    for (const shared of ['deceasedName', 'deceasedCitizenId', 'deathDate', 'applicantName', 'applicantCitizenId', 'phone', 'bankAccount']) {
      assert.equal(fields.filter((f) => f === shared || f.endsWith(`.${shared}`)).length, 1, `${shared} is asked once`);
    }
    assert.deepEqual(merged.fields.phone!.map((m) => m.code), gmsg.members.map((m) => m.itemCode));
    // the applicant's name is asked once although the household item calls it reporterName
    assert.ok(merged.fields.applicantName!.some((m) => m.code === 'HZ-ZXHK-SW' && m.field === 'reporterName'));
    assert.ok(!fields.includes('reporterName'));
    const total = ms.reduce((n, m) => n + props(m.def.form.schema).length, 0);
    assert.ok(fields.length < total / 2, `${fields.length} merged fields for ${total} member fields`);
  });

  it('asks separately, per member, a field whose answers differ between members', () => {
    const merged = mergeBundleForm(members());
    const fields = props(merged.schema);
    assert.ok(fields.includes('relation'));
    assert.ok(fields.includes('HZ-ZXHK-SW.relation'));
    const own = (merged.schema.properties as Record<string, { enum: string[]; title: string }>)['HZ-ZXHK-SW.relation']!;
    assert.deepEqual(own.enum, ['head_of_household', 'relative', 'carer', 'neighbour']);
    assert.match(own.title, /居民户口注销|户口/);
    assert.ok((merged.uiSchema['ui:order'] as string[]).includes('HZ-ZXHK-SW.relation'));
  });

  it('splits the merged answers back into each member\'s own form', () => {
    const merged = mergeBundleForm(members());
    const data = { applicantName: '张伟', deceasedName: '张建国', relation: 'child', 'HZ-ZXHK-SW.relation': 'relative', phone: '13812345678' };
    const parts = merged.split(data);
    assert.deepEqual(Object.keys(parts), gmsg.members.map((m) => m.itemCode));
    assert.equal(parts['HZ-ZXHK-SW']!.reporterName, '张伟');
    assert.equal(parts['HZ-ZXHK-SW']!.relation, 'relative');
    assert.equal(parts['WJ-SWYXZM']!.relation, 'child');
    assert.equal(parts['RS-SZBZ']!.deceasedName, '张建国');
  });

  it('prefills the merged form once and each member receives the prefilled value', () => {
    const merged = mergeBundleForm(members());
    const p = prefillForm(merged, zhangwei);
    assert.equal(p.values.applicantName, '张伟');
    assert.equal(p.provenance.applicantName!.field, 'population.name');
    assert.equal(merged.split(p.values)['HZ-ZXHK-SW']!.reporterAddress, '上海市黄浦区南京东路100号');
  });

  it('validates merged data by every member\'s own rules and reports a shared field once, by its merged path', () => {
    const ms = members();
    const merged = mergeBundleForm(ms);
    const problems = validateBundleForm(merged, ms, { phone: '123' });
    assert.equal(problems.filter((p) => p.path === '/phone').length, 1);
    assert.ok(problems.some((p) => p.path === '/HZ-ZXHK-SW.relation' && p.reason === 'required'));
    // the merged schema alone says the same about a shared field
    assert.ok(validateForm(merged, { phone: '123' }).some((p) => p.path === '/phone' && p.reason === 'pattern'));
  });

  it('keeps a member\'s conditional fields, renamed with its fields', () => {
    const a = loadItem('HZ-ZXHK-SW');
    const b = loadItem('MZ-YTHH');
    (a.form.schema as Record<string, unknown>).if = { properties: { relation: { const: 'neighbour' } } };
    (a.form.schema as Record<string, unknown>).then = { required: ['reporterAddress'] };
    const merged = mergeBundleForm([{ code: 'MZ-YTHH', def: b }, { code: 'HZ-ZXHK-SW', def: a }]);
    const data = { deceasedName: '张建国', deceasedCitizenId: '310101195001010011', deathDate: '2026-11-20', applicantName: '张伟', applicantCitizenId: '310101198505120019', relation: 'relative', phone: '13812345678', funeralHome: 'longhua', 'HZ-ZXHK-SW.relation': 'neighbour' };
    // relation is the funeral item's here, the household item's own is HZ-ZXHK-SW.relation; its reporterAddress is
    // asked as pickupAddress (both prefilled from residence.address)
    assert.deepEqual(validateForm(merged, data).map((p) => `${p.path} ${p.reason}`), ['/pickupAddress required']);
    assert.deepEqual(validateForm(merged, { ...data, 'HZ-ZXHK-SW.relation': 'relative' }), []);
  });
});

describe('#precheckBundle', () => {
  const answers = { unnaturalDeath: false, diedInShanghai: true, deceasedLocal: true, deathCertified: true };

  it('covers every member in one result and asks a question shared by members once', () => {
    const r = precheckBundle(members(), zhangwei, answers);
    assert.deepEqual(r.members.map((m) => m.code), gmsg.members.map((m) => m.itemCode));
    assert.equal(r.eligible, 'unknown');
    const insured = r.questions.find((q) => q.key === 'deceasedInsured')!;
    assert.deepEqual(insured.members, ['RS-SZBZ', 'YB-ZHJS']);
    assert.equal(r.questions.filter((q) => q.key === 'deceasedInsured').length, 1);
    assert.ok(r.overall.conditions.some((c) => c.id === 'HZ-ZXHK-SW.deceased_local' && c.status === 'met'));
  });

  it('leaves out an optional member that does not apply and goes on with the rest', () => {
    const r = precheckBundle(members(), zhangwei, { ...answers, deceasedInsured: false });
    assert.deepEqual(r.skipped, ['RS-SZBZ', 'YB-ZHJS']);
    assert.equal(r.eligible, 'yes');
    assert.ok(!r.overall.conditions.some((c) => c.id.startsWith('RS-SZBZ.')));
    assert.deepEqual(r.overall.questions, []);
  });

  it('says no when a required member is not eligible', () => {
    const r = precheckBundle(members(), zhangwei, { ...answers, deceasedLocal: false, deceasedInsured: true, notClaimedYet: true, notSettledYet: true });
    assert.equal(r.eligible, 'no');
    const c = r.overall.conditions.find((x) => x.id === 'HZ-ZXHK-SW.deceased_local')!;
    assert.equal(c.status, 'not_met');
  });

  it('says yes when every member is eligible', () => {
    const r = precheckBundle(members(), zhangwei, { ...answers, deceasedInsured: true, notClaimedYet: true, notSettledYet: true });
    assert.equal(r.eligible, 'yes');
    assert.deepEqual(r.skipped, []);
    assert.equal(r.overall.conditions.length, r.members.reduce((n, m) => n + m.result.conditions.length, 0));
  });
});
