import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ItemDefinition } from '../catalog/catalog.schema.ts';
import type { FactSet } from '../datasources/datasources.types.ts';
import { detectOverwrites, prefillForm, validateForm } from './form.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const jzz = parse(readFileSync(`${root}catalog/items/HZ-JZZ-BL.yaml`, 'utf8')) as ItemDefinition;

const NAMES: Record<string, { zh: string; en: string }> = {
  population: { zh: '人口库', en: 'Population register' },
  residence: { zh: '居住登记库', en: 'Residence register' },
  socialInsurance: { zh: '社保库', en: 'Social insurance' },
};
function facts(values: Record<string, Record<string, unknown>>, unknown: string[] = []): FactSet {
  const provenance: FactSet['provenance'] = {};
  for (const [source, fields] of Object.entries(values)) {
    for (const field of Object.keys(fields)) {
      provenance[`${source}.${field}`] = { field: `${source}.${field}`, source: source as never, sourceName: NAMES[source] ?? { zh: source, en: source }, readAt: '2026-11-22T09:00:00Z' };
    }
  }
  return { values, provenance, unknown: Object.fromEntries(unknown.map((f) => [f, { reason: 'source_unavailable', message: { zh: '暂不可用', en: 'unavailable' } }])) };
}

const wangfang = () => facts({
  population: { name: '王芳', citizenId: '340102199003071822', sex: 'female', birthDate: '1990-03-07', ethnicity: '汉族', householdAddress: '安徽省合肥市瑶海区', phone: '13912345678' },
  residence: { address: '上海市徐汇区漕溪北路88号', startDate: '2025-09-01' },
}, ['socialInsurance.employer']);

describe('#prefillForm', () => {
  it('fills the fields the sources know, each with its source, and counts them', () => {
    const p = prefillForm(jzz, wangfang());
    assert.equal(p.values.name, '王芳');
    assert.equal(p.values.residenceAddress, '上海市徐汇区漕溪北路88号');
    assert.deepEqual(p.provenance.name, { value: '王芳', source: 'population', sourceName: NAMES.population, field: 'population.name', readAt: '2026-11-22T09:00:00Z' });
    assert.equal(p.provenance.residenceStartDate!.source, 'residence');
    assert.equal(p.values.employer, undefined, 'the social insurance source was unavailable');
    assert.equal(p.prefilled, 9);
    assert.equal(p.total, 14);
  });

  it('leaves a field empty rather than fill it with a value of the wrong type', () => {
    const f = wangfang();
    f.values.population!.phone = 13912345678;
    const p = prefillForm(jzz, f);
    assert.equal(p.values.phone, undefined);
    assert.equal(p.provenance.phone, undefined);
  });
});

describe('#validateForm', () => {
  it('lists every problem at once with its path and a Chinese and English message', () => {
    const problems = validateForm(jzz, { name: '王芳', citizenId: '34010219900307182', phone: '123', birthDate: '1990-13-45', basis: 'other' });
    const paths = problems.map((p) => `${p.path} ${p.reason}`).sort();
    assert.deepEqual(paths, ['/basis enum', '/birthDate format', '/citizenId pattern', '/phone pattern', '/residenceAddress required']);
    const phone = problems.find((p) => p.path === '/phone')!;
    assert.match(phone.message.zh, /模式/);
    assert.match(phone.message.en, /pattern/);
  });

  it('accepts a complete form', () => {
    const p = prefillForm(jzz, wangfang());
    assert.deepEqual(validateForm(jzz, { ...p.values, basis: 'housing' }), []);
  });

  it('checks each item version against its own schema', () => {
    const v2 = structuredClone(jzz);
    (v2.form.schema.required as string[]).push('school');
    const data = { ...prefillForm(jzz, wangfang()).values, basis: 'housing' };
    assert.deepEqual(validateForm(jzz, data), []);
    assert.deepEqual(validateForm(v2, data).map((p) => p.path), ['/school']);
  });
});

describe('#detectOverwrites', () => {
  it('names the prefilled fields the applicant changed or dropped, and nothing else', () => {
    const p = prefillForm(jzz, wangfang());
    assert.deepEqual(detectOverwrites(p, { ...p.values, basis: 'housing', employer: '某公司' }), []);
    assert.deepEqual(detectOverwrites(p, { ...p.values, name: '王小芳' }), ['name']);
    const { phone: _phone, ...withoutPhone } = p.values;
    assert.deepEqual(detectOverwrites(p, withoutPhone), ['phone']);
    // the provenance map stored with an application works the same way
    assert.deepEqual(detectOverwrites(p.provenance, { ...p.values, householdAddress: '上海' }), ['householdAddress']);
  });
});
