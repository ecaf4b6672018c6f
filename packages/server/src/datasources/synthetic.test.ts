import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isValidUscc, parseCitizenId } from '@tongban/core';
import { DEMO_PEOPLE } from '../identity/demo-people.ts';
import { addMonths, monthsBetween, yearsBetween } from './calendar.ts';
import { generateSyntheticData, SHANGHAI_DISTRICTS, SYNTHETIC_PEOPLE } from './synthetic.ts';

const today = '2026-11-23';
const data = generateSyntheticData({ today });
const digest = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex');
const SHANGHAI = new Set(SHANGHAI_DISTRICTS.map((d) => d.code));
const demo = (username: string) => {
  const p = DEMO_PEOPLE.find((d) => d.username === username)!;
  return data.people.find((x) => x.citizenId === p.citizenId)!;
};

describe('the synthetic data set', () => {
  it('is the same on every run for the same day', () => {
    const again = generateSyntheticData({ today: '2026-11-24' });
    const same = generateSyntheticData({ today: '2026-11-24', people: SYNTHETIC_PEOPLE + 0 });
    assert.equal(again, same, 'kept in memory for the same day');
    // a fresh generation (another size, then back) gives identical data
    generateSyntheticData({ today, people: 10 });
    assert.equal(digest(generateSyntheticData({ today })), digest(data));
    assert.deepEqual(again.people.slice(0, 200).map((p) => p.citizenId), data.people.slice(0, 200).map((p) => p.citizenId), 'ID numbers do not move with the day');
  });

  it('has about 10,000 people with valid, unique GB 11643 ID numbers whose sex and birth date agree with the records', () => {
    assert.equal(data.people.length, SYNTHETIC_PEOPLE + DEMO_PEOPLE.length);
    assert.equal(new Set(data.people.map((p) => p.citizenId)).size, data.people.length);
    for (const p of data.people) {
      const parsed = parseCitizenId(p.citizenId, today);
      assert.equal(parsed.sex, p.sex, p.citizenId);
      assert.equal(parsed.birthDate, p.birthDate, p.citizenId);
    }
  });

  it('places locals in the 16 real Shanghai districts and has people from other provinces', () => {
    const locals = data.people.filter((p) => p.householdDistrict.startsWith('31'));
    const others = data.people.filter((p) => !p.householdDistrict.startsWith('31'));
    for (const p of locals) assert.ok(SHANGHAI.has(p.householdDistrict), p.householdDistrict);
    assert.equal(new Set(locals.map((p) => p.householdDistrict)).size, 16);
    assert.ok(others.length > 2500 && locals.length > 5000, `${locals.length} locals, ${others.length} from elsewhere`);
    for (const p of data.people) {
      if (p.residence) assert.ok(SHANGHAI.has(p.residence.district) && p.residence.address.startsWith('上海市'));
      if (p.lease) assert.equal(p.lease.address, p.residence?.address, 'a filed lease is for the registered home');
    }
  });

  it('gives enterprises valid unified social credit codes and vehicles valid VIN check digits', () => {
    assert.ok(data.enterprises.length > 300);
    assert.equal(new Set(data.enterprises.map((e) => e.uscc)).size, data.enterprises.length);
    for (const e of data.enterprises) assert.ok(isValidUscc(e.uscc), e.uscc);
    const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    const value = (c: string) => (/\d/.test(c) ? Number(c) : 'ABCDEFGH'.includes(c) ? c.charCodeAt(0) - 64 : 'JKLMN'.includes(c) ? c.charCodeAt(0) - 73 : c === 'P' ? 7 : c === 'R' ? 9 : c.charCodeAt(0) - 81);
    const vehicles = data.people.flatMap((p) => p.vehicles);
    assert.ok(vehicles.length > 2000);
    for (const v of vehicles) {
      const s = [...v.vin].reduce((sum, c, i) => sum + value(c) * weights[i]!, 0) % 11;
      assert.equal(v.vin[8], s === 10 ? 'X' : String(s), v.vin);
      assert.match(v.plateNumber, /^沪[A-N][0-9A-Z]{5}$/);
    }
  });

  it('gives 王芳 (from Anhui) eight months of residence registration in Pudong, 12 months of social insurance and a filed lease', () => {
    const p = demo('wangfang');
    assert.equal(p.householdDistrict, '340102');
    assert.deepEqual({ district: p.residence?.district, months: monthsBetween(p.residence!.startDate, today) }, { district: '310115', months: 8 });
    assert.equal(p.residence?.startDate, addMonths(today, -8));
    assert.equal(p.socialInsurance?.months, 12);
    assert.ok(p.lease && p.lease.startDate <= today && p.lease.endDate >= today);
    assert.deepEqual(p.licensesHeld.map((l) => l.licenseType).sort(), ['lease_filing', 'resident_id_card']);
  });

  it('gives 刘洋 a Pudong household and nothing a residence permit needs', () => {
    const p = demo('liuyang');
    assert.equal(p.householdDistrict, '310115');
    assert.equal(p.residence, null);
    assert.equal(p.socialInsurance, null);
    assert.equal(p.lease, null);
  });

  it('gives 李娜, registered at one Xuhui address and living at another, a residence registration at her home', () => {
    const p = demo('lina');
    assert.equal(p.residence?.address, DEMO_PEOPLE.find((d) => d.username === 'lina')!.address);
    assert.notEqual(p.householdAddress, p.residence?.address);
    assert.equal(p.householdDistrict, '310104');
  });

  it('gives 张伟 a normal small car in its fourth year, due for inspection within three months, with nothing open', () => {
    const [car, more] = demo('zhangwei').vehicles;
    assert.equal(more, undefined);
    assert.equal(car?.vehicleType, 'K33');
    assert.equal(yearsBetween(car!.registrationDate, today), 3, 'registered between three and four years ago');
    assert.ok(car!.inspectionDue > today && car!.inspectionDue <= addMonths(today, 3));
    assert.deepEqual([car!.status, car!.violationsOpen, car!.accidentsOpen, car!.mortgaged], ['normal', 0, 0, false]);
    assert.equal(demo('zhangwei').drivingLicence?.status, 'normal');
    assert.equal(data.enterprises[0]?.legalRepCitizenId, demo('zhangwei').citizenId);
  });
});
