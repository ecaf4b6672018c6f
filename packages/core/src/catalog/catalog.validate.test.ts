import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { POLICE_DEPARTMENTS } from './catalog.enums.ts';
import { BundleFileSchema, ItemFileSchema } from './catalog.schema.ts';
import { checkCatalog, checkItemFile } from './catalog.validate.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const read = (sub: string) => readdirSync(`${root}catalog/${sub}`).filter((f) => f.endsWith('.yaml')).sort()
  .map((f) => ({ file: `${sub}/${f}`, data: parse(readFileSync(`${root}catalog/${sub}/${f}`, 'utf8')) as any }));
const items = read('items');
const bundles = read('bundles');
const jzz = () => structuredClone(items.find((i) => i.data.code === 'HZ-JZZ-BL')!.data);

describe('the demo catalog', () => {
  it('every item and bundle file is valid', () => {
    const report = checkCatalog(items, bundles).filter((r) => r.problems.length);
    assert.deepEqual(report.map((r) => `${r.file}: ${r.problems.map((p) => `${p.path} ${p.message.en}`).join('; ')}`), []);
  });

  it('has at least 24 police items across at least 6 police departments and 4 cross-department bundles', () => {
    const police = items.filter((i) => (POLICE_DEPARTMENTS as readonly string[]).includes(i.data.department));
    assert.ok(police.length >= 24, `${police.length} police items`);
    assert.ok(new Set(police.map((i) => i.data.department)).size >= 6);
    assert.ok(bundles.length >= 4);
    for (const code of ['YJS-GMSG', 'YJS-JZZBL', 'YJS-WMYQ', 'YJS-JDCBF']) assert.ok(bundles.some((b) => b.data.code === code), code);
  });

  it('names the required items, with instant approval, cross-region and commitment where the issue says', () => {
    const norm = (t: string) => t.replace(/[（(].*?[)）]|[、，,/\s]/g, '');
    const byName = (zh: string) => items.find((i) => norm(i.data.name.zh).includes(norm(zh)))?.data;
    for (const zh of ['居住证办理', '居住证签注', '户籍证明开具', '市内户口迁移', '新生儿落户', '居民身份证挂失', '临时居民身份证明', '往来港澳通行证签注',
      '普通护照申领', '机动车检验标志申领', '机动车驾驶证期满换证', '机动车注销登记', '交通违法异议申辩', '无犯罪记录证明开具', '犬只登记', '非机动车注册登记',
      '旅馆业特种行业许可证', '公章刻制备案', '易制毒化学品购买备案', '易制毒化学品运输许可', '互联网单位联网备案', '公众聚集场所投入使用营业前消防安全检查']) {
      assert.ok(byName(zh), `missing ${zh}`);
    }
    for (const zh of ['居民身份证挂失', '机动车检验标志申领']) {
      assert.ok(byName(zh)!.process.steps.some((s: { autoApproval?: unknown }) => s.autoApproval), `${zh} has no auto-approval step`);
    }
    for (const zh of ['交通违法异议申辩', '无犯罪记录证明开具', '易制毒化学品运输许可']) assert.equal(byName(zh)!.scope.crossRegion, true, zh);
    const fire = byName('公众聚集场所投入使用营业前消防安全检查')!;
    assert.ok(fire.materials.some((m: { necessity: string }) => m.necessity === 'commitment') || fire.conditions.some((c: { commitmentAllowed?: boolean }) => c.commitmentAllowed));
  });
});

describe('item validation', () => {
  it('accepts the exemplar item', () => {
    assert.deepEqual(checkItemFile(jzz()), []);
  });

  it('reports every structural problem with its path, in Chinese and English', () => {
    const bad = jzz();
    delete bad.name.en;
    bad.department = 'police';
    bad.materials[1].maxSizeMB = -1;
    bad.colour = 'red';
    const problems = checkItemFile(bad);
    const byPath = new Map(problems.map((p) => [p.path, p]));
    assert.ok(byPath.has('/name/en'));
    assert.ok(byPath.has('/department'));
    assert.ok(byPath.has('/materials/1/maxSizeMB'));
    assert.equal(byPath.get('/colour')?.reason, 'unknown_field');
    assert.match(byPath.get('/department')!.message.en, /household/);
    assert.ok(problems.every((p) => p.message.zh && p.message.en));
  });

  it('reports every cross-field problem: codes, limits, rules, references, visits', () => {
    const bad = jzz();
    bad.implementationCode = `${bad.implementingBody.uscc}3000107001999`;
    bad.timeLimits.promised.days = 20;
    bad.visits = { count: 1 };
    bad.conditions[0].rule = { '>=': [{ var: 'population.shoeSize' }, 40] };
    bad.conditions[1].rule = { frobnicate: [1] };
    bad.materials[0].source = { type: 'license', licenseType: 'moon_passport' };
    bad.materials[3].necessity = 'deferrable';
    bad.form.prefill.nickname = 'population.name';
    bad.implementingBody.uscc = '11310000002417849A';
    const reasons = checkItemFile(bad).map((p) => `${p.path} ${p.reason}`);
    for (const expected of [
      '/implementationCode code_mismatch', '/timeLimits/promised/days exceeds_legal', '/visits/reason required', '/visits/count fully_online_visit',
      '/conditions/0/rule unknown_fact', '/conditions/1/rule rule_invalid', '/materials/0/source/licenseType unknown_license_type',
      '/materials/3/deferDays required', '/form/prefill/nickname unknown_form_field', '/implementingBody/uscc bad_check',
    ]) assert.ok(reasons.includes(expected), `${expected} not in ${reasons.join(', ')}`);
  });

  it('refuses a bundle whose members are missing or all of one department', () => {
    const b = structuredClone(bundles[0]!.data);
    b.members = [{ itemCode: 'HZ-JZZ-BL' }, { itemCode: 'NOPE-1' }];
    const report = checkCatalog(items, [{ file: 'b', data: b }]).find((r) => r.file === 'b')!;
    assert.ok(report.problems.some((p) => p.path === '/members/1/itemCode' && p.reason === 'unknown_item'));
  });
});

describe('published JSON Schemas', () => {
  it('catalog/schema/*.schema.json are the schemas the code validates with (run npm run catalog:schema)', () => {
    const item = JSON.parse(readFileSync(`${root}catalog/schema/item.schema.json`, 'utf8'));
    const bundle = JSON.parse(readFileSync(`${root}catalog/schema/bundle.schema.json`, 'utf8'));
    assert.deepEqual(item, JSON.parse(JSON.stringify(ItemFileSchema)));
    assert.deepEqual(bundle, JSON.parse(JSON.stringify(BundleFileSchema)));
  });
});
