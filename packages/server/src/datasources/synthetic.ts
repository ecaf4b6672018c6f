/**
 * The synthetic data set behind the embedded data sources: about 10,000 people of Shanghai (locals of the 16 real
 * districts and people from other provinces) with valid GB 11643 ID numbers, their residence registrations, vehicles,
 * driving licences, enterprises, criminal records, held licences, social insurance and lease filings, plus exact
 * records for the demo people so the demo journeys come out as the README tells them. Deterministic: a seeded PRNG
 * per person, dates counted from "today", so the same day gives the same data on every run and both engines.
 */
import { blindIndex, citizenIdCheckChar, encryptPii, parseCitizenId, usccCheckChar, type KeyProvider } from '@tongban/core';
import {
  dataSourcesRepo, type Db, type DsCriminalRecordRow, type DsDrivingLicenceRow, type DsEnterpriseRow, type DsLicenseHeldRow,
  type DsPopulationRow, type DsResidenceRow, type DsVehicleRow,
} from '@tongban/db';
import type { Clock } from '../clock.ts';
import { addDays, addMonths, addYears, monthsBetween, pad, yearsBetween } from './calendar.ts';
import { DEMO_ENTERPRISE, DEMO_ORGS, DEMO_PEOPLE } from '../identity/demo-people.ts';

// ---------------------------------------------------------------------------------------------------------------
// Shapes

/** A residence registration. */
export interface SyntheticResidence { address: string; district: string; startDate: string; endDate: string | null }
/** A vehicle (plate number and VIN are personal data). */
export interface SyntheticVehicle {
  id: string; plateNumber: string; vin: string; vehicleType: string; registrationDate: string; inspectionDue: string;
  violationsOpen: number; accidentsOpen: number; mortgaged: boolean; status: 'normal' | 'seized' | 'deregistered' | 'scrapped';
}
/** A driving licence (its number is the holder's citizen ID number). */
export interface SyntheticLicence { class: string; validFrom: string; validUntil: string; status: 'normal' | 'expired' | 'suspended' | 'revoked' | 'cancelled'; points: number }
/** Employee social insurance in Shanghai (served by the HTTP source). */
export interface SyntheticSocialInsurance { months: number; employer: string; since: string }
/** A registered (filed) lease (served by the HTTP source). */
export interface SyntheticLease { address: string; district: string; startDate: string; endDate: string }

/** One person with every record the sources hold about them. */
export interface SyntheticPerson {
  citizenId: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  ethnicity: string;
  householdAddress: string;
  householdDistrict: string;
  householdType: 'urban' | 'rural';
  maritalStatus: 'unmarried' | 'married' | 'widowed' | 'divorced';
  phone: string;
  photoRef: string;
  deathDate: string | null;
  residence: SyntheticResidence | null;
  vehicles: SyntheticVehicle[];
  drivingLicence: SyntheticLicence | null;
  criminalRecords: { id: string; offence: string; judgedOn: string }[];
  licensesHeld: { licenseType: string; issuedOn: string; validUntil: string | null }[];
  socialInsurance: SyntheticSocialInsurance | null;
  lease: SyntheticLease | null;
}

/** An enterprise in the enterprise register. */
export interface SyntheticEnterprise {
  uscc: string; name: string; legalRepCitizenId: string; legalRepName: string; address: string; businessScope: string;
  status: 'active' | 'revoked' | 'cancelled';
}

/** The whole data set for one day. */
export interface SyntheticDataSet { today: string; people: SyntheticPerson[]; enterprises: SyntheticEnterprise[] }

/** How many generated people the default data set has (the demo people come on top). */
export const SYNTHETIC_PEOPLE = 10_000;
const SEED = 0x7b_2026;

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a small, fast, seedable PRNG; good enough for test data, never for secrets. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) { this.next = prng(seed); }
  /** a float in [0, 1) */
  float(): number { return this.next(); }
  /** an integer in [min, max] */
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(list: readonly T[]): T { return list[Math.floor(this.next() * list.length)]!; }
  /** picks by weight: `[[value, weight], …]` */
  weighted<T>(list: readonly (readonly [T, number])[]): T {
    let r = this.next() * list.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of list) if ((r -= w) < 0) return v;
    return list[list.length - 1]![0];
  }
  digits(n: number): string { let s = ''; for (let i = 0; i < n; i++) s += String(this.int(0, 9)); return s; }
}


// ---------------------------------------------------------------------------------------------------------------
// Reference data

/** The 16 districts of Shanghai (GB/T 2260), with a few real roads each and a weight by population. */
export const SHANGHAI_DISTRICTS: readonly { code: string; name: string; roads: readonly string[]; weight: number }[] = [
  { code: '310101', name: '黄浦区', roads: ['南京东路', '福州路', '西藏中路', '淮海中路', '复兴东路'], weight: 5 },
  { code: '310104', name: '徐汇区', roads: ['漕溪北路', '田林路', '天钥桥路', '肇嘉浜路', '虹漕路'], weight: 8 },
  { code: '310105', name: '长宁区', roads: ['天山路', '延安西路', '虹桥路', '古北路'], weight: 5 },
  { code: '310106', name: '静安区', roads: ['南京西路', '北京西路', '江宁路', '共和新路'], weight: 7 },
  { code: '310107', name: '普陀区', roads: ['曹杨路', '长寿路', '武宁路', '真北路'], weight: 8 },
  { code: '310109', name: '虹口区', roads: ['四川北路', '曲阳路', '大连路', '西江湾路'], weight: 5 },
  { code: '310110', name: '杨浦区', roads: ['四平路', '国定路', '控江路', '黄兴路'], weight: 8 },
  { code: '310112', name: '闵行区', roads: ['七莘路', '都市路', '沪闵路', '莲花南路'], weight: 11 },
  { code: '310113', name: '宝山区', roads: ['友谊路', '牡丹江路', '泰和路'], weight: 9 },
  { code: '310114', name: '嘉定区', roads: ['城中路', '博乐路', '塔城路'], weight: 7 },
  { code: '310115', name: '浦东新区', roads: ['世纪大道', '张杨路', '浦东南路', '锦绣路', '川沙路'], weight: 23 },
  { code: '310116', name: '金山区', roads: ['卫零路', '龙航路', '金山大道'], weight: 3 },
  { code: '310117', name: '松江区', roads: ['人民北路', '中山中路', '荣乐东路'], weight: 8 },
  { code: '310118', name: '青浦区', roads: ['公园路', '城中东路', '华青路'], weight: 5 },
  { code: '310120', name: '奉贤区', roads: ['南桥路', '解放中路', '环城东路'], weight: 5 },
  { code: '310151', name: '崇明区', roads: ['八一路', '东门路', '南门路'], weight: 2 },
];
const DISTRICT_BY_CODE = new Map(SHANGHAI_DISTRICTS.map((d) => [d.code, d]));
const DISTRICT_WEIGHTS = SHANGHAI_DISTRICTS.map((d) => [d.code, d.weight] as const);

/** County-level divisions of other provinces people move to Shanghai from (GB/T 2260), with their full names. */
const OTHER_REGIONS: readonly { code: string; prefix: string; weight: number }[] = [
  { code: '340102', prefix: '安徽省合肥市瑶海区', weight: 6 }, { code: '340104', prefix: '安徽省合肥市蜀山区', weight: 4 },
  { code: '341202', prefix: '安徽省阜阳市颍州区', weight: 5 }, { code: '320102', prefix: '江苏省南京市玄武区', weight: 4 },
  { code: '320506', prefix: '江苏省苏州市吴中区', weight: 4 }, { code: '330106', prefix: '浙江省杭州市西湖区', weight: 3 },
  { code: '330604', prefix: '浙江省绍兴市上虞区', weight: 3 }, { code: '410102', prefix: '河南省郑州市中原区', weight: 5 },
  { code: '420102', prefix: '湖北省武汉市江岸区', weight: 3 }, { code: '430102', prefix: '湖南省长沙市芙蓉区', weight: 2 },
  { code: '360102', prefix: '江西省南昌市东湖区', weight: 3 }, { code: '370102', prefix: '山东省济南市历下区', weight: 3 },
  { code: '350102', prefix: '福建省福州市鼓楼区', weight: 2 }, { code: '510104', prefix: '四川省成都市锦江区', weight: 3 },
  { code: '500103', prefix: '重庆市渝中区', weight: 2 }, { code: '110101', prefix: '北京市东城区', weight: 1 },
  { code: '120101', prefix: '天津市和平区', weight: 1 }, { code: '440305', prefix: '广东省深圳市南山区', weight: 1 },
  { code: '610102', prefix: '陕西省西安市新城区', weight: 1 },
];
const REGION_WEIGHTS = OTHER_REGIONS.map((r) => [r.code, r.weight] as const);
const REGION_PREFIX = new Map(OTHER_REGIONS.map((r) => [r.code, r.prefix]));
const OUTSIDE_ROADS = ['人民路', '解放路', '建设路', '中山路', '长江路', '和平路', '文化路', '胜利街'];

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤'];
const GIVEN_MALE = [...'伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林阳建国峰亮成志文博晨昊天睿轩然鸣'];
const GIVEN_FEMALE = [...'芳娜敏静丽艳娟霞秀玲英慧婷雪琳晶燕红萍倩颖洁琴云莉佳欣怡梦雨悦诗涵思彤'];
const ETHNICITIES: readonly (readonly [string, number])[] = [['汉族', 950], ['回族', 12], ['满族', 10], ['蒙古族', 6], ['壮族', 6], ['土家族', 5], ['苗族', 5], ['朝鲜族', 4], ['藏族', 2]];
const OFFENCES = ['盗窃罪', '危险驾驶罪', '诈骗罪', '故意伤害罪', '寻衅滋事罪'];
const PLATE_LETTERS = [...'ABDEFGHJKLMN'];
const PLATE_CHARS = [...'0123456789012345678901234567890123456789ABCDEFGHJKLMNPQRSTUVWXYZ'];
const VIN_WMI = ['LSV', 'LFV', 'LSG', 'LVS', 'LHG', 'LGB', 'LRW', 'LBV'];
const VIN_CHARS = [...'0123456789ABCDEFGHJKLMNPRSTUVWXYZ'];

const ENTERPRISE_PLACES = ['浦江', '申城', '东方', '明珠', '外滩', '张江', '临港', '虹桥', '金桥', '徐汇', '静安', '嘉定', '松江', '漕河泾', '陆家嘴'];
const ENTERPRISE_WORDS = ['智联', '数科', '汇通', '恒信', '华通', '永泰', '新锐', '宏远', '启明', '锦程', '远航', '安泰'];
const INDUSTRIES: readonly { word: string; scope: string }[] = [
  { word: '科技', scope: '技术开发、技术咨询、技术服务；软件开发' },
  { word: '信息技术', scope: '信息系统集成服务；数据处理和存储服务' },
  { word: '贸易', scope: '日用百货、服装鞋帽、电子产品的销售；货物进出口' },
  { word: '餐饮管理', scope: '餐饮服务；餐饮企业管理' },
  { word: '物流', scope: '道路货物运输；仓储服务；国内货物运输代理' },
  { word: '建筑工程', scope: '建设工程施工；建筑装饰装修工程' },
  { word: '文化传媒', scope: '文化艺术交流策划；广告设计、制作、代理' },
  { word: '企业管理咨询', scope: '企业管理咨询；商务信息咨询' },
  { word: '电子商务', scope: '互联网销售；电子商务平台运营' },
];

/** The employer of the demo person 王芳 (an enterprise of the synthetic register, in Pudong). */
const WANGFANG_EMPLOYER = { name: '上海浦江数智科技有限公司', district: '310115', orgBody: 'MA1GK7P3' };

// ---------------------------------------------------------------------------------------------------------------
// Identifiers

/** A citizen ID number for a region, birth date and sequence (the 17th digit's parity is the sex). */
function citizenId(region: string, birthDate: string, seq: number): string {
  const body = `${region}${birthDate.replaceAll('-', '')}${pad(seq, 3)}`;
  return body + citizenIdCheckChar(body);
}

/** GB 11714 check character of an 8-character organisation code body. */
function orgCodeCheck(body8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) { const c = body8[i]!; s += (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * w[i]!; }
  const c9 = 11 - (s % 11);
  return c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
}

/** A unified social credit code of an enterprise (9 1) registered in a division, from an 8-character code body. */
function uscc(division: string, orgBody8: string): string {
  const body = `91${division}${orgBody8}${orgCodeCheck(orgBody8)}`;
  return body + usccCheckChar(body);
}

/** ISO 3779 / GB 16735 VIN check digit (position 9). */
function vinWithCheck(vin: string): string {
  const map: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
  const w = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) { const c = vin[i]!; s += (/\d/.test(c) ? Number(c) : map[c]!) * w[i]!; }
  const check = s % 11 === 10 ? 'X' : String(s % 11);
  return vin.slice(0, 8) + check + vin.slice(9);
}

const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';
function vin(rng: Rng, year: number): string {
  let v = rng.pick(VIN_WMI);
  for (let i = 0; i < 5; i++) v += rng.pick(VIN_CHARS);
  v += '0' + YEAR_CODES[(year - 2010 + 30) % 30]! + rng.pick(VIN_CHARS) + rng.digits(6);
  return vinWithCheck(v);
}

const plate = (rng: Rng) => `沪${rng.pick(PLATE_LETTERS)}${Array.from({ length: 5 }, () => rng.pick(PLATE_CHARS)).join('')}`;
const phone = (rng: Rng) => `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.digits(9)}`;
const photoRef = (rng: Rng) => `population-photo:${Array.from({ length: 16 }, () => rng.int(0, 15).toString(16)).join('')}`;
const shanghaiAddress = (rng: Rng, district: string) => {
  const d = DISTRICT_BY_CODE.get(district)!;
  return rng.chance(0.6)
    ? `上海市${d.name}${rng.pick(d.roads)}${rng.int(1, 1800)}弄${rng.int(1, 60)}号${rng.int(1, 30)}0${rng.int(1, 6)}室`
    : `上海市${d.name}${rng.pick(d.roads)}${rng.int(1, 2000)}号`;
};

// ---------------------------------------------------------------------------------------------------------------
// Generated people

function generatedPerson(i: number, today: string, taken: Set<string>, employers: readonly string[]): SyntheticPerson {
  const rng = new Rng(SEED ^ Math.imul(i + 1, 0x9e3779b1));
  const local = rng.chance(0.62);
  const ageBand = local
    ? rng.weighted([[[0, 17], 12], [[18, 35], 26], [[36, 60], 38], [[61, 92], 24]] as const)
    : rng.weighted([[[0, 17], 8], [[18, 35], 50], [[36, 60], 38], [[61, 80], 4]] as const);
  // Birth dates do not move with "today" (so ID numbers stay the same from day to day); only ages do.
  const refYear = 2026;
  let birthDate = `${refYear - rng.int(ageBand[0], ageBand[1])}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
  if (birthDate > today) birthDate = addYears(birthDate, -1);
  const sex = rng.chance(0.5) ? 'male' : 'female';
  const origin = local ? rng.weighted(DISTRICT_WEIGHTS) : rng.weighted(REGION_WEIGHTS);
  let id = '';
  for (let attempt = 0; !id || taken.has(id); attempt++) {
    const seq = rng.int(0, 499) * 2 + (sex === 'male' ? 1 : 0);
    id = citizenId(origin, birthDate, seq % 1000);
    if (attempt > 50) throw new Error(`synthetic data: no free ID number for ${origin} ${birthDate}`);
  }
  taken.add(id);
  const age = yearsBetween(birthDate, today);
  const name = rng.pick(SURNAMES) + (rng.chance(0.7) ? '' : rng.pick(sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE)) + rng.pick(sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE);
  const householdAddress = local
    ? shanghaiAddress(rng, origin)
    : `${REGION_PREFIX.get(origin)!}${rng.pick(OUTSIDE_ROADS)}${rng.int(1, 500)}号`;
  const maritalStatus = age < 22 ? 'unmarried'
    : age < 30 ? rng.weighted([['unmarried', 50], ['married', 47], ['divorced', 3]] as const)
      : age < 60 ? rng.weighted([['married', 85], ['unmarried', 6], ['divorced', 7], ['widowed', 2]] as const)
        : rng.weighted([['married', 72], ['widowed', 22], ['divorced', 4], ['unmarried', 2]] as const);
  const dead = age >= 70 && rng.chance(0.02);
  const deathDate = dead ? addDays(today, -rng.int(10, 1000)) : null;
  const alive = !dead;

  // Residence registration: most people from elsewhere; locals who live away from their household address.
  let residence: SyntheticResidence | null = null;
  if (alive && ((!local && rng.chance(0.85)) || (local && age >= 18 && rng.chance(0.12)))) {
    const district = rng.weighted(DISTRICT_WEIGHTS);
    const months = rng.int(1, local ? 120 : Math.min(120, Math.max(1, (age - 16) * 12)));
    const ended = rng.chance(0.03);
    residence = { address: shanghaiAddress(rng, district), district, startDate: addDays(addMonths(today, -months), -rng.int(0, 27)), endDate: ended ? addDays(today, -rng.int(5, 20)) : null };
  }
  const registeredMonths = residence && !residence.endDate ? monthsBetween(residence.startDate, today) : 0;

  // Vehicles and driving licences: adults.
  const vehicles: SyntheticVehicle[] = [];
  const adult = alive && age >= 18 && age <= 80;
  const nVehicles = adult ? rng.weighted([[0, 68], [1, 28], [2, 4]] as const) : 0;
  for (let v = 0; v < nVehicles; v++) {
    const ageMonths = rng.int(2, 180);
    const registrationDate = addDays(addMonths(today, -ageMonths), -rng.int(0, 27));
    // the next anniversary of registration; a few are overdue
    let due = addYears(registrationDate, Math.floor(ageMonths / 12) + 1);
    if (rng.chance(0.08)) due = addYears(due, -1);
    vehicles.push({
      id: `veh-${pad(i, 5)}-${v + 1}`, plateNumber: plate(rng), vin: vin(rng, Number(registrationDate.slice(0, 4))),
      vehicleType: rng.weighted([['K33', 60], ['K31', 15], ['K32', 8], ['K41', 5], ['K43', 4], ['H31', 6], ['K11', 2]] as const),
      registrationDate, inspectionDue: due,
      violationsOpen: rng.chance(0.8) ? 0 : rng.int(1, 3), accidentsOpen: rng.chance(0.97) ? 0 : 1, mortgaged: rng.chance(0.1),
      status: rng.weighted([['normal', 95], ['seized', 2], ['deregistered', 2], ['scrapped', 1]] as const),
    });
  }
  let drivingLicence: SyntheticLicence | null = null;
  if (adult && (nVehicles > 0 || rng.chance(local ? 0.5 : 0.35))) {
    const status = rng.weighted([['normal', 93], ['expired', 2], ['suspended', 2], ['revoked', 1], ['cancelled', 2]] as const);
    const validFrom = status === 'expired' ? addYears(today, -rng.int(7, 10)) : addDays(today, -rng.int(30, 9 * 365));
    drivingLicence = {
      class: rng.weighted([['C1', 70], ['C2', 18], ['B2', 5], ['A2', 4], ['A1', 3]] as const), validFrom,
      validUntil: status === 'expired' ? addYears(validFrom, 6) : addYears(validFrom, 10), status,
      points: rng.chance(0.85) ? 0 : rng.chance(0.07) ? 12 : rng.int(1, 11),
    };
  }

  const criminalRecords = alive && age >= 18 && rng.chance(0.008)
    ? [{ id: `cr-${pad(i, 5)}`, offence: rng.pick(OFFENCES), judgedOn: addDays(today, -rng.int(200, 5000)) }] : [];

  // Employee social insurance in Shanghai: working age, employed.
  const working = alive && age >= 18 && age < (sex === 'male' ? 60 : 55) && rng.chance(local ? 0.75 : 0.7);
  let socialInsurance: SyntheticSocialInsurance | null = null;
  if (working) {
    const cap = local ? (age - 18) * 12 + 1 : Math.max(1, registeredMonths + 3);
    const months = rng.int(1, Math.max(1, Math.min(240, cap)));
    socialInsurance = { months, employer: rng.pick(employers), since: addMonths(today.slice(0, 8) + '01', -months + 1) };
  }

  // A filed lease at the registered residence address, current today.
  let lease: SyntheticLease | null = null;
  if (residence && !residence.endDate && rng.chance(local ? 0.3 : 0.45)) {
    const term = rng.pick([12, 24, 36]);
    let startDate = residence.startDate;
    while (addMonths(startDate, term) < today) startDate = addMonths(startDate, term);
    lease = { address: residence.address, district: residence.district, startDate, endDate: addDays(addMonths(startDate, term), -1) };
  }

  const licensesHeld: SyntheticPerson['licensesHeld'] = [];
  if (alive) {
    if (age >= 16 || rng.chance(0.3)) {
      const issuedOn = addDays(today, -rng.int(30, 3000));
      licensesHeld.push({ licenseType: 'resident_id_card', issuedOn, validUntil: age >= 46 ? null : addYears(issuedOn, age < 26 ? 10 : 20) });
    }
    if (local) licensesHeld.push({ licenseType: 'household_register', issuedOn: birthDate, validUntil: null });
    if (drivingLicence && drivingLicence.status === 'normal') licensesHeld.push({ licenseType: 'driving_licence', issuedOn: drivingLicence.validFrom, validUntil: drivingLicence.validUntil });
    if (vehicles.some((v) => v.status === 'normal' || v.status === 'seized')) licensesHeld.push({ licenseType: 'vehicle_registration', issuedOn: vehicles[0]!.registrationDate, validUntil: null });
    if (!local && registeredMonths >= 6 && rng.chance(0.55)) {
      const issuedOn = addDays(today, -rng.int(10, 330));
      licensesHeld.push({ licenseType: 'residence_permit', issuedOn, validUntil: addYears(issuedOn, 1) });
    }
    if (age >= 18 && rng.chance(0.25)) { const issuedOn = addDays(today, -rng.int(30, 3500)); licensesHeld.push({ licenseType: 'passport', issuedOn, validUntil: addYears(issuedOn, 10) }); }
    if (age >= 18 && rng.chance(0.2)) { const issuedOn = addDays(today, -rng.int(30, 3500)); licensesHeld.push({ licenseType: 'hk_macao_permit', issuedOn, validUntil: addYears(issuedOn, 10) }); }
    if (maritalStatus === 'married' && rng.chance(0.6)) licensesHeld.push({ licenseType: 'marriage_certificate', issuedOn: addYears(birthDate, Math.min(age, rng.int(23, 32))), validUntil: null });
    if (lease) licensesHeld.push({ licenseType: 'lease_filing', issuedOn: lease.startDate, validUntil: lease.endDate });
  }

  return {
    citizenId: id, name, sex, birthDate, ethnicity: rng.weighted(ETHNICITIES), householdAddress, householdDistrict: origin,
    householdType: local ? (rng.chance(0.92) ? 'urban' : 'rural') : (rng.chance(0.55) ? 'rural' : 'urban'),
    maritalStatus, phone: phone(rng), photoRef: photoRef(rng), deathDate, residence, vehicles, drivingLicence, criminalRecords,
    licensesHeld, socialInsurance, lease,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The demo people: exact records so the demo journeys come out as the README says

/**
 * - 王芳 (non-local, Anhui): residence registration in Pudong since 8 months, 12 months of social insurance, a filed
 *   lease, an ID card and the lease certificate in her wallet, no residence permit yet: eligible for 居住证办理.
 * - 刘洋 (Shanghai household, retired, lives at his household address): no residence registration, no social
 *   insurance, no lease: ineligible for 居住证办理.
 * - 李娜: registered at one Xuhui address and living at another (her demo address), so her address is prefilled.
 * - 张伟: a normal small car (K33) in its 4th year whose inspection is due in 40 days, no open violations or accidents,
 *   a C1 licence with no points; legal representative of the demo enterprise: 机动车检验标志申领 is approved by rule.
 * Everyone is alive and holds a valid ID card (居民身份证挂失 is approved by rule when they report it lost).
 */
function demoPerson(p: (typeof DEMO_PEOPLE)[number], today: string, index: number): SyntheticPerson {
  const rng = new Rng(SEED ^ 0x5eed ^ index);
  const parsed = parseCitizenId(p.citizenId, today);
  const orgDistrict = DEMO_ORGS.find((o) => o.code === p.householdOrg)?.district ?? null;
  const idCard = { licenseType: 'resident_id_card', issuedOn: addYears(today, -3), validUntil: addYears(today, 7) };
  const register = { licenseType: 'household_register', issuedOn: parsed.birthDate, validUntil: null };
  const base: SyntheticPerson = {
    citizenId: parsed.normalized, name: p.name, sex: parsed.sex, birthDate: parsed.birthDate, ethnicity: '汉族',
    householdAddress: p.address, householdDistrict: orgDistrict ?? parsed.region, householdType: 'urban', maritalStatus: 'married',
    phone: p.phone, photoRef: photoRef(rng), deathDate: null, residence: null, vehicles: [], drivingLicence: null, criminalRecords: [],
    licensesHeld: [idCard, register], socialInsurance: p.officer ? { months: 120, employer: '上海市公安局', since: addMonths(today.slice(0, 8) + '01', -119) } : null,
    lease: null,
  };
  switch (p.username) {
    case 'wangfang': {
      const startDate = addMonths(today, -8);
      const lease = { address: p.address, district: '310115', startDate, endDate: addDays(addYears(startDate, 2), -1) };
      return {
        ...base, householdAddress: '安徽省合肥市瑶海区长江东路88号', householdDistrict: parsed.region, maritalStatus: 'unmarried',
        residence: { address: p.address, district: '310115', startDate, endDate: null },
        socialInsurance: { months: 12, employer: WANGFANG_EMPLOYER.name, since: addMonths(today.slice(0, 8) + '01', -11) },
        lease,
        licensesHeld: [idCard, { licenseType: 'lease_filing', issuedOn: startDate, validUntil: lease.endDate }],
      };
    }
    case 'liuyang':
      return base;
    case 'zhangwei': {
      const registrationDate = addDays(addYears(today, -4), 40);
      const validFrom = addYears(today, -2);
      return {
        ...base,
        vehicles: [{
          id: 'veh-demo-zhangwei', plateNumber: '沪A5T208', vin: vinWithCheck('LSVAU2180N2183356'), vehicleType: 'K33', registrationDate,
          inspectionDue: addYears(registrationDate, 4), violationsOpen: 0, accidentsOpen: 0, mortgaged: false, status: 'normal',
        }],
        drivingLicence: { class: 'C1', validFrom, validUntil: addYears(validFrom, 10), status: 'normal', points: 0 },
        socialInsurance: { months: 96, employer: DEMO_ENTERPRISE.name, since: addMonths(today.slice(0, 8) + '01', -95) },
        licensesHeld: [idCard, register, { licenseType: 'driving_licence', issuedOn: validFrom, validUntil: addYears(validFrom, 10) },
          { licenseType: 'vehicle_registration', issuedOn: registrationDate, validUntil: null },
          { licenseType: 'passport', issuedOn: addYears(today, -1), validUntil: addYears(today, 9) }],
      };
    }
    case 'lina':
      // lives at her Tianlin home but is registered at another Xuhui address (人户分离): a residence registration
      return {
        ...base, householdAddress: '上海市徐汇区漕溪北路398号',
        residence: { address: p.address, district: '310104', startDate: addMonths(today, -38), endDate: null },
        socialInsurance: { months: 60, employer: DEMO_ENTERPRISE.name, since: addMonths(today.slice(0, 8) + '01', -59) },
        licensesHeld: [...base.licensesHeld, { licenseType: 'passport', issuedOn: addYears(today, -2), validUntil: addYears(today, 8) },
          { licenseType: 'hk_macao_permit', issuedOn: addYears(today, -1), validUntil: addYears(today, 9) }],
      };
    default:
      return base;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The data set

let cached: { key: string; data: SyntheticDataSet } | null = null;

/**
 * The synthetic data set for a day: the demo people first, then `people` generated ones and their enterprises.
 * The same day and size give the same data (the last one is kept in memory: the seeding and the HTTP sources of one
 * process share it).
 */
export function generateSyntheticData(opts: { today: string; people?: number }): SyntheticDataSet {
  const size = opts.people ?? SYNTHETIC_PEOPLE;
  const key = `${opts.today}|${size}`;
  if (cached?.key === key) return cached.data;
  const today = opts.today;
  const demo = DEMO_PEOPLE.map((p, i) => demoPerson(p, today, i));
  const taken = new Set(demo.map((p) => p.citizenId));

  // Enterprises: the demo enterprise, 王芳's employer, and generated ones (legal representatives picked below).
  const rng = new Rng(SEED ^ 0xe17e);
  const names = new Set<string>([DEMO_ENTERPRISE.name, WANGFANG_EMPLOYER.name]);
  const codes = new Set<string>([DEMO_ENTERPRISE.uscc, uscc(WANGFANG_EMPLOYER.district, WANGFANG_EMPLOYER.orgBody)]);
  const drafts: { name: string; district: string; industry: (typeof INDUSTRIES)[number]; orgBody: string }[] = [];
  const orgChars = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];
  const nEnterprises = Math.max(10, Math.round(size / 25));
  while (drafts.length < nEnterprises) {
    const industry = rng.pick(INDUSTRIES);
    const name = `上海${rng.pick(ENTERPRISE_PLACES)}${rng.pick(ENTERPRISE_WORDS)}${industry.word}有限公司`;
    const district = rng.weighted(DISTRICT_WEIGHTS);
    const orgBody = `MA${Array.from({ length: 6 }, () => rng.pick(orgChars)).join('')}`;
    if (names.has(name) || codes.has(uscc(district, orgBody))) continue;
    names.add(name);
    codes.add(uscc(district, orgBody));
    drafts.push({ name, district, industry, orgBody });
  }
  const employers = [WANGFANG_EMPLOYER.name, ...drafts.map((d) => d.name)];

  const generated = Array.from({ length: size }, (_, i) => generatedPerson(i, today, taken, employers));
  const adults = generated.filter((p) => !p.deathDate && yearsBetween(p.birthDate, today) >= 25);
  const rep = (n: number) => adults[(n * 7919) % Math.max(1, adults.length)]!;
  const enterprises: SyntheticEnterprise[] = [
    {
      uscc: DEMO_ENTERPRISE.uscc, name: DEMO_ENTERPRISE.name, address: DEMO_ENTERPRISE.address, status: 'active',
      legalRepCitizenId: demo.find((p) => p.name === '张伟')!.citizenId, legalRepName: '张伟',
      businessScope: '软件开发；信息技术咨询服务；数据处理和存储服务',
    },
    {
      uscc: uscc(WANGFANG_EMPLOYER.district, WANGFANG_EMPLOYER.orgBody), name: WANGFANG_EMPLOYER.name, status: 'active',
      legalRepCitizenId: rep(0).citizenId, legalRepName: rep(0).name, address: shanghaiAddress(rng, WANGFANG_EMPLOYER.district),
      businessScope: '技术开发、技术咨询、技术服务；软件开发',
    },
    ...drafts.map((d, n) => ({
      uscc: uscc(d.district, d.orgBody), name: d.name, legalRepCitizenId: rep(n + 1).citizenId, legalRepName: rep(n + 1).name,
      address: shanghaiAddress(rng, d.district), businessScope: d.industry.scope,
      status: rng.weighted([['active', 92], ['revoked', 4], ['cancelled', 4]] as const),
    })),
  ];
  const data = { today, people: [...demo, ...generated], enterprises };
  cached = { key, data };
  return data;
}

// ---------------------------------------------------------------------------------------------------------------
// Seeding the database sources

const SEED_LOCK = 7_310_000_041;

/**
 * Loads the synthetic data set of `clock.today()` into the empty data-source tables (personal values sealed, people
 * keyed by the blind index of their ID number); returns whether it did. Several processes may start at once: the
 * first one seeds under an advisory lock, the others find the tables full.
 */
export async function seedDataSources(db: Db, keys: KeyProvider, clock: Pick<Clock, 'today'>, opts: { people?: number } = {}): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [SEED_LOCK]);
    if ((await dataSourcesRepo.countPopulation(tx)) > 0) return false;
    const data = generateSyntheticData({ today: clock.today(), people: opts.people });
    const idx = new Map(data.people.map((p) => [p.citizenId, blindIndex(keys, 'citizen_id', p.citizenId)]));
    const population: DsPopulationRow[] = [];
    const residence: DsResidenceRow[] = [];
    const vehicles: DsVehicleRow[] = [];
    const licences: DsDrivingLicenceRow[] = [];
    const records: DsCriminalRecordRow[] = [];
    const held: DsLicenseHeldRow[] = [];
    for (const p of data.people) {
      const i = idx.get(p.citizenId)!;
      population.push({
        citizenIdIdx: i, citizenIdEnc: encryptPii(keys, 'citizen_id', p.citizenId), name: p.name, sex: p.sex, birthDate: p.birthDate,
        ethnicity: p.ethnicity, householdAddressEnc: encryptPii(keys, 'address', p.householdAddress), householdDistrict: p.householdDistrict,
        householdType: p.householdType, maritalStatus: p.maritalStatus, photoRef: p.photoRef, phoneEnc: encryptPii(keys, 'phone', p.phone),
        deathDate: p.deathDate,
      });
      if (p.residence) residence.push({ citizenIdIdx: i, addressEnc: encryptPii(keys, 'address', p.residence.address), district: p.residence.district, startDate: p.residence.startDate, endDate: p.residence.endDate });
      for (const v of p.vehicles) {
        vehicles.push({
          id: v.id, citizenIdIdx: i, identifiersEnc: encryptPii(keys, 'document', JSON.stringify({ plateNumber: v.plateNumber, vin: v.vin })),
          vehicleType: v.vehicleType, ownerName: p.name, registrationDate: v.registrationDate, inspectionDue: v.inspectionDue,
          violationsOpen: v.violationsOpen, accidentsOpen: v.accidentsOpen, mortgaged: v.mortgaged, status: v.status,
        });
      }
      // The driving licence number is the holder's citizen ID number.
      if (p.drivingLicence) licences.push({ citizenIdIdx: i, numberEnc: encryptPii(keys, 'citizen_id', p.citizenId), ...p.drivingLicence });
      for (const r of p.criminalRecords) records.push({ citizenIdIdx: i, ...r });
      for (const h of p.licensesHeld) held.push({ citizenIdIdx: i, ...h });
    }
    const enterprises: DsEnterpriseRow[] = data.enterprises.map((e) => ({
      uscc: e.uscc, name: e.name, legalRepIdx: idx.get(e.legalRepCitizenId)!, legalRepName: e.legalRepName,
      addressEnc: encryptPii(keys, 'address', e.address), businessScope: e.businessScope, status: e.status,
    }));
    await dataSourcesRepo.insertMany(tx, 'ds_population', population);
    await dataSourcesRepo.insertMany(tx, 'ds_residence', residence);
    await dataSourcesRepo.insertMany(tx, 'ds_vehicles', vehicles);
    await dataSourcesRepo.insertMany(tx, 'ds_driving_licences', licences);
    await dataSourcesRepo.insertMany(tx, 'ds_enterprises', enterprises);
    await dataSourcesRepo.insertMany(tx, 'ds_criminal_records', records);
    await dataSourcesRepo.insertMany(tx, 'ds_licenses_held', held);
    return true;
  });
}
