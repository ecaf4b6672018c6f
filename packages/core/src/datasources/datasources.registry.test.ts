import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATA_SOURCE_FIELD_NAMES, DATA_SOURCE_FIELDS, DEPARTMENTS } from '../catalog/catalog.enums.ts';
import { DATA_SOURCES, DATA_SOURCE_NAMES, fieldInfo, ownerOf, splitSourceField } from './datasources.registry.ts';

describe('the data-source registry (一数一源)', () => {
  it('names exactly the sources and fields the catalog knows, no more and no fewer', () => {
    assert.deepEqual([...DATA_SOURCE_NAMES].sort(), Object.keys(DATA_SOURCE_FIELDS).sort());
    for (const source of DATA_SOURCE_NAMES) {
      assert.deepEqual(Object.keys(DATA_SOURCES[source].fields).sort(), [...DATA_SOURCE_FIELDS[source]].sort(), source);
    }
  });

  it('gives every field exactly one owning source', () => {
    const owners = new Map<string, string[]>();
    for (const source of DATA_SOURCE_NAMES) {
      for (const field of Object.keys(DATA_SOURCES[source].fields)) {
        const name = `${source}.${field}`;
        owners.set(name, [...(owners.get(name) ?? []), source]);
      }
    }
    assert.equal(owners.size, DATA_SOURCE_FIELD_NAMES.size);
    for (const name of DATA_SOURCE_FIELD_NAMES) {
      assert.deepEqual(owners.get(name), [name.split('.')[0]], `${name} is owned by ${owners.get(name)?.join(', ')}`);
      assert.equal(ownerOf(name), name.split('.')[0]);
    }
  });

  it('labels every source, owner and field in Chinese and English, with values for every enum', () => {
    for (const source of DATA_SOURCE_NAMES) {
      const info = DATA_SOURCES[source];
      assert.ok(info.name.zh && info.name.en && info.owner.agency.zh && info.owner.agency.en, source);
      if (info.owner.department) assert.ok((DEPARTMENTS as readonly string[]).includes(info.owner.department), source);
      for (const [field, f] of Object.entries(info.fields)) {
        assert.ok(f.label.zh && f.label.en, `${source}.${field}`);
        if (f.type === 'enum') assert.ok(f.values && Object.keys(f.values).length > 1, `${source}.${field} lists its values`);
      }
    }
  });

  it('serves social insurance and lease filings over HTTP, held licences from the wallet and the rest from the database', () => {
    const byKind = (k: string) => DATA_SOURCE_NAMES.filter((s) => DATA_SOURCES[s].kind === k).sort();
    assert.deepEqual(byKind('http'), ['lease', 'socialInsurance']);
    assert.deepEqual(byKind('wallet'), ['license']);
    assert.deepEqual(byKind('db'), ['criminalRecord', 'drivingLicence', 'enterprise', 'population', 'residence', 'vehicle']);
  });

  it('resolves a field name to its source and refuses names that are no field', () => {
    assert.deepEqual(splitSourceField('population.age'), { source: 'population', field: 'age' });
    assert.equal(fieldInfo('population.householdType')?.values?.urban?.zh, '非农业家庭户口');
    for (const bad of ['population', 'population.', '.age', 'answers.studying', 'form.name', 'population.salary', 'toString.x', 'population.constructor']) {
      assert.equal(splitSourceField(bad), null, bad);
      assert.equal(ownerOf(bad), null, bad);
    }
  });
});
