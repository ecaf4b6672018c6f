import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { BundleDefinition, ItemDefinition } from './catalog.schema.ts';
import { bundleTotals, diffDefinitions, mergeBundleMaterials, summarizeItem } from './catalog.service.ts';
import { indexTokens, queryTokens } from './catalog.search.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const jzz = parse(readFileSync(`${root}catalog/items/HZ-JZZ-BL.yaml`, 'utf8')) as ItemDefinition & { code: string };

const withMaterials = (materials: ItemDefinition['materials'], limit = 5): ItemDefinition => ({
  ...structuredClone(jzz), materials, timeLimits: { legal: { days: limit * 2 }, promised: { days: limit } },
});
const m = (id: string, zh: string, source: ItemDefinition['materials'][number]['source'], necessity: ItemDefinition['materials'][number]['necessity'] = 'required') =>
  ({ ...structuredClone(jzz.materials[0]!), id, name: { zh, en: zh }, source, necessity });

describe('bundle materials', () => {
  it('lists a document needed by several members once, with the strictest necessity and every member that needs it', () => {
    const a = withMaterials([m('id', '居民身份证', { type: 'license', licenseType: 'resident_id_card' }, 'optional'), m('f', '申请表', { type: 'upload' })]);
    const b = withMaterials([m('id2', '身份证', { type: 'license', licenseType: 'resident_id_card' }), m('g', '申请表', { type: 'upload' })]);
    const merged = mergeBundleMaterials([{ code: 'A', def: a }, { code: 'B', def: b }]);
    assert.equal(merged.length, 2);
    const id = merged.find((x) => x.key === 'license:resident_id_card')!;
    assert.deepEqual(id.members, ['A', 'B']);
    assert.equal(id.necessity, 'required');
    assert.equal(id.exempt, true);
    assert.equal(merged.find((x) => x.key.startsWith('upload:'))!.exempt, false);
  });

  it('drops a material that another member of the same bundle produces', () => {
    const a = withMaterials([m('cert', '死亡证明', { type: 'itemOutput', itemCode: 'B' })]);
    const b = withMaterials([]);
    assert.equal(mergeBundleMaterials([{ code: 'A', def: a }, { code: 'B', def: b }]).length, 0);
    assert.equal(mergeBundleMaterials([{ code: 'A', def: a }]).length, 1);
  });

  it('adds limits along ordered members and takes the longest parallel branch', () => {
    const a = withMaterials([], 3), b = withMaterials([], 4), c = withMaterials([], 10);
    const bundle = { members: [{ itemCode: 'A' }, { itemCode: 'B', after: ['A'] }, { itemCode: 'C' }], visits: 1, promisedLimitDays: 10 } as unknown as BundleDefinition;
    const totals = bundleTotals(bundle, [{ code: 'A', def: a }, { code: 'B', def: b }, { code: 'C', def: c }], []);
    assert.equal(totals.criticalPathPromisedDays, 10);
    const bundle2 = { ...bundle, members: [{ itemCode: 'A' }, { itemCode: 'B', after: ['A'] }, { itemCode: 'C', after: ['B'] }] } as BundleDefinition;
    assert.equal(bundleTotals(bundle2, [{ code: 'A', def: a }, { code: 'B', def: b }, { code: 'C', def: c }], []).criticalPathPromisedDays, 17);
  });
});

describe('version diff', () => {
  it('names each changed, added and removed element by path', () => {
    const changes = diffDefinitions({ a: { b: 1 }, list: [1, 2], gone: true }, { a: { b: 2 }, list: [1, 2, 3], added: 'x' });
    assert.deepEqual(changes.map((c) => `${c.kind} ${c.path}`).sort(), ['added /added', 'added /list/2', 'changed /a/b', 'removed /gone']);
  });
});

describe('search words', () => {
  it('keeps domain words whole and indexes their parts', () => {
    assert.deepEqual(queryTokens('居住证签注'), ['居住证', '签注']);
    const idx = indexTokens('往来港澳通行证签注');
    for (const w of ['港澳', '通行证', '签注']) assert.ok(idx.includes(w), w);
    assert.deepEqual(queryTokens('  Residence Permit! '), ['residence', 'permit']);
  });

  it('summarises an item for the catalog list', () => {
    const s = summarizeItem('HZ-JZZ-BL', 1, jzz);
    assert.equal(s.fullyOnline, true);
    assert.equal(s.promisedLimitDays, 10);
    assert.equal(s.autoApproval, false);
  });
});
