/**
 * The licence types the demo catalog outputs (`output.licenseType` in catalog/items/*.yaml): names, GB/T 36904
 * type codes, validity and the personal fields printed on their face (照面信息), in display order.
 *
 * Type codes are demo values: the 3-digit type numbers are assigned here, not taken from the national catalogue
 * (GB/T 36902). The defining-authority prefix is the Ministry of Public Security's USCC for police types and
 * 住房和城乡建设部 (11100000000013338W, shared/reference/e-license.md §2.1) for lease filing; the other ministries'
 * prefixes are PLACEHOLDER codes (1110000000000900nX) that pass the GB 32100 check but belong to no real body.
 */
import type { LicenseType } from '../catalog/catalog.enums.ts';

/** A validity period counted from the issue date; null in LicenseTypeDefinition.validity means long-term (长期). */
export interface LicenseValidity {
  years?: number;
  months?: number;
  days?: number;
}

/** One registered licence type. */
export interface LicenseTypeDefinition {
  /** Stable code used by the catalog (`output.licenseType`) and as the SD-JWT VC `vct` suffix. */
  code: LicenseType;
  name: { zh: string; en: string };
  /** GB/T 36904 licence-type code: USCC of the defining authority (18) + 3-digit type number. */
  typeCode: string;
  /** The defining authority (证照定义机构) named by the first 18 characters of typeCode. */
  definedBy: { zh: string; en: string };
  /** Default validity from the issue date; null = long-term or set per licence (see validityNote). */
  validity: LicenseValidity | null;
  /** Why the validity is what it is, when the rule is more than a fixed period. */
  validityNote?: { zh: string; en: string };
  /** Personal fields on the face of the licence, in display order; each becomes a selectively disclosable claim. */
  claims: readonly string[];
  /** Days before expiry at which the holder is reminded (once per licence). */
  reminderDays?: number;
}

const MPS = '11100000000019713D'; // 公安部
const MOHURD = '11100000000013338W'; // 住房和城乡建设部 (real, per reference)
// placeholders: valid GB 32100 check characters, no real body behind them
const MCA = '11100000000090001B'; // 民政部
const NHC = '11100000000090002E'; // 国家卫生健康委员会
const MOA = '11100000000090003H'; // 农业农村部
const MOFCOM = '11100000000090004L'; // 商务部
const MEM = '11100000000090005P'; // 应急管理部（国家消防救援局）

const POLICE = { zh: '公安部', en: 'Ministry of Public Security' };

const PERSON = ['name', 'sex', 'ethnicity', 'birthDate', 'citizenId'] as const;

/** Every licence type the demo catalog can issue, by code. */
export const LICENSE_TYPE_REGISTRY: readonly LicenseTypeDefinition[] = [
  {
    code: 'residence_permit', name: { zh: '上海市居住证', en: 'Shanghai residence permit' },
    typeCode: `${MPS}001`, definedBy: POLICE, validity: { years: 1 },
    validityNote: { zh: '每满一年签注一次，签注后继续有效', en: 'Endorsed every year; each endorsement extends it by a year' },
    claims: [...PERSON, 'address', 'photo', 'permitNumber', 'residenceSince'], reminderDays: 30,
  },
  {
    code: 'household_certificate', name: { zh: '户籍证明', en: 'Household registration certificate' },
    typeCode: `${MPS}002`, definedBy: POLICE, validity: null,
    validityNote: { zh: '证明本身不设有效期，由用证单位确定时效要求', en: 'No set validity; the requesting body decides how recent it must be' },
    claims: [...PERSON, 'householdAddress', 'relationToHead', 'certifiedMatter', 'certificateNumber'],
  },
  {
    code: 'no_criminal_record_certificate', name: { zh: '无犯罪记录证明', en: 'No-criminal-record certificate' },
    typeCode: `${MPS}003`, definedBy: POLICE, validity: null,
    validityNote: { zh: '证明本身不设有效期，用证单位通常要求 3 至 6 个月内出具', en: 'No set validity; requesting bodies usually want one from the last 3 to 6 months' },
    claims: ['name', 'sex', 'citizenId', 'queryPeriod', 'purpose', 'certificateNumber'],
  },
  {
    code: 'dog_registration', name: { zh: '养犬登记证', en: 'Dog registration certificate' },
    typeCode: `${MPS}004`, definedBy: POLICE, validity: { years: 1 },
    validityNote: { zh: '每年年检一次', en: 'Checked and renewed every year' },
    claims: ['name', 'citizenId', 'address', 'dogName', 'dogBreed', 'dogColour', 'dogSex', 'dogPhoto', 'microchipNumber', 'tagNumber', 'certificateNumber'],
    reminderDays: 30,
  },
  {
    code: 'vehicle_deregistration_certificate', name: { zh: '机动车注销证明书', en: 'Vehicle deregistration certificate' },
    typeCode: `${MPS}005`, definedBy: POLICE, validity: null,
    claims: ['name', 'citizenId', 'plateNumber', 'vehicleType', 'vin', 'deregistrationReason', 'deregistrationDate', 'certificateNumber'],
  },
  {
    code: 'temporary_id_certificate', name: { zh: '临时居民身份证明', en: 'Temporary identity certificate' },
    typeCode: `${MPS}006`, definedBy: POLICE, validity: { months: 3 },
    validityNote: { zh: '以证明载明的日期为准，领到新证后自动失效', en: 'Until the printed date; void once the new card is collected' },
    claims: [...PERSON, 'address', 'photo', 'certificateNumber'],
  },
  {
    code: 'resident_id_card', name: { zh: '中华人民共和国居民身份证', en: 'Resident identity card' },
    typeCode: `${MPS}007`, definedBy: POLICE, validity: { years: 10 },
    validityNote: { zh: '按申领时年龄为 5 年、10 年、20 年或长期（居民身份证法第五条）', en: '5, 10 or 20 years or long-term by age at application (Resident Identity Card Law, art. 5)' },
    claims: [...PERSON, 'address', 'photo'], reminderDays: 90,
  },
  {
    code: 'household_register', name: { zh: '居民户口簿', en: 'Household register' },
    typeCode: `${MPS}008`, definedBy: POLICE, validity: null,
    claims: [...PERSON, 'householdNumber', 'householdAddress', 'relationToHead', 'birthPlace', 'nativePlace'],
  },
  {
    code: 'passport', name: { zh: '中华人民共和国普通护照', en: 'Ordinary passport' },
    typeCode: `${MPS}009`, definedBy: POLICE, validity: { years: 10 },
    validityNote: { zh: '未满十六周岁的五年，十六周岁以上的十年（护照法第六条）', en: '5 years under 16, 10 years from 16 (Passport Law, art. 6)' },
    claims: ['name', 'nameLatin', 'sex', 'birthDate', 'birthPlace', 'photo', 'passportNumber'], reminderDays: 180,
  },
  {
    code: 'hk_macao_permit', name: { zh: '往来港澳通行证', en: 'Permit for Hong Kong and Macao' },
    typeCode: `${MPS}010`, definedBy: POLICE, validity: { years: 10 },
    validityNote: { zh: '成年人 10 年，未满十六周岁 5 年；签注另有 3 个月或 1 年有效期', en: '10 years for adults, 5 under 16; each endorsement has its own 3-month or 1-year term' },
    claims: ['name', 'nameLatin', 'sex', 'birthDate', 'photo', 'permitNumber', 'endorsements'], reminderDays: 90,
  },
  {
    code: 'driving_licence', name: { zh: '中华人民共和国机动车驾驶证', en: 'Motor vehicle driving licence' },
    typeCode: `${MPS}011`, definedBy: POLICE, validity: { years: 6 },
    validityNote: { zh: '首次 6 年，换证后 10 年，再换为长期', en: '6 years at first, then 10, then long-term' },
    claims: ['name', 'sex', 'nationality', 'birthDate', 'citizenId', 'address', 'photo', 'licenceNumber', 'vehicleClasses', 'firstIssueDate'],
    reminderDays: 90,
  },
  {
    code: 'vehicle_inspection_mark', name: { zh: '机动车检验合格标志', en: 'Vehicle inspection mark' },
    typeCode: `${MPS}012`, definedBy: POLICE, validity: { years: 1 },
    validityNote: { zh: '至下次检验日期，按车型和车龄为 1 至 2 年', en: 'Until the next inspection, 1 to 2 years by vehicle type and age' },
    claims: ['plateNumber', 'vehicleType', 'vin', 'inspectionDue'], reminderDays: 90,
  },
  {
    code: 'non_motor_vehicle_plate', name: { zh: '上海市非机动车号牌及电子行驶证', en: 'Non-motor vehicle plate and e-registration' },
    typeCode: `${MPS}013`, definedBy: POLICE, validity: null,
    claims: ['name', 'citizenId', 'plateNumber', 'brand', 'model', 'frameNumber', 'colour'],
  },
  {
    code: 'precursor_purchase_filing', name: { zh: '第二类、第三类易制毒化学品购买备案证明', en: 'Precursor purchase filing certificate' },
    typeCode: `${MPS}014`, definedBy: POLICE, validity: { months: 3 },
    validityNote: { zh: '按证明载明的品种、数量和有效期使用', en: 'Within the substances, quantities and term it states' },
    claims: ['holderName', 'holderCode', 'substances', 'quantities', 'certificateNumber'],
  },
  {
    code: 'precursor_transport_permit', name: { zh: '易制毒化学品运输许可证', en: 'Precursor chemical transport permit' },
    typeCode: `${MPS}015`, definedBy: POLICE, validity: { months: 3 },
    validityNote: { zh: '一般 3 个月；运输安全状况良好的可发 12 个月；也可一次有效', en: 'Usually 3 months; 12 months with a good record; or single use' },
    claims: ['holderName', 'holderCode', 'substances', 'quantities', 'origin', 'destination', 'permitNumber'],
  },
  {
    code: 'network_filing', name: { zh: '公安机关互联网站安全备案回执', en: 'Police internet filing receipt' },
    typeCode: `${MPS}016`, definedBy: POLICE, validity: null,
    claims: ['holderName', 'holderCode', 'websiteName', 'domain', 'filingNumber'],
  },
  {
    code: 'seal_filing', name: { zh: '公章刻制备案证明', en: 'Seal engraving filing certificate' },
    typeCode: `${MPS}017`, definedBy: POLICE, validity: null,
    claims: ['holderName', 'holderCode', 'sealTypes', 'sealImage', 'filingNumber'],
  },
  {
    code: 'hotel_permit', name: { zh: '特种行业许可证（旅馆业）', en: 'Special trade permit (hotel)' },
    typeCode: `${MPS}018`, definedBy: POLICE, validity: null,
    claims: ['holderName', 'holderCode', 'legalRepresentative', 'premisesAddress', 'roomCount', 'permitNumber'],
  },
  {
    code: 'lease_filing', name: { zh: '租赁合同登记备案证明', en: 'Lease registration certificate' },
    typeCode: `${MOHURD}101`, definedBy: { zh: '住房和城乡建设部', en: 'Ministry of Housing and Urban-Rural Development' }, validity: null,
    validityNote: { zh: '与租赁合同期限一致', en: 'As long as the lease' },
    claims: ['landlordName', 'tenantName', 'tenantCitizenId', 'propertyAddress', 'leaseStart', 'leaseEnd', 'filingNumber'],
  },
  {
    code: 'cremation_certificate', name: { zh: '火化证明', en: 'Cremation certificate' },
    typeCode: `${MCA}001`, definedBy: { zh: '民政部', en: 'Ministry of Civil Affairs' }, validity: null,
    claims: ['deceasedName', 'deceasedSex', 'deceasedCitizenId', 'dateOfDeath', 'cremationDate', 'funeralHome', 'certificateNumber'],
  },
  {
    code: 'death_medical_certificate', name: { zh: '居民死亡医学证明（推断）书', en: 'Medical certificate of death' },
    typeCode: `${NHC}001`, definedBy: { zh: '国家卫生健康委员会', en: 'National Health Commission' }, validity: null,
    claims: ['deceasedName', 'deceasedSex', 'deceasedCitizenId', 'birthDate', 'dateOfDeath', 'placeOfDeath', 'causeOfDeath', 'certificateNumber'],
  },
  {
    code: 'dog_immunisation', name: { zh: '犬只狂犬病免疫证明', en: 'Rabies immunisation certificate for dogs' },
    typeCode: `${MOA}001`, definedBy: { zh: '农业农村部', en: 'Ministry of Agriculture and Rural Affairs' }, validity: { years: 1 },
    claims: ['name', 'dogName', 'dogBreed', 'microchipNumber', 'vaccine', 'vaccinationDate', 'certificateNumber'], reminderDays: 30,
  },
  {
    code: 'vehicle_scrap_certificate', name: { zh: '报废机动车回收证明', en: 'Scrapped vehicle recycling certificate' },
    typeCode: `${MOFCOM}001`, definedBy: { zh: '商务部', en: 'Ministry of Commerce' }, validity: null,
    claims: ['name', 'citizenId', 'plateNumber', 'vehicleType', 'vin', 'recycler', 'certificateNumber'],
  },
  {
    code: 'fire_safety_permit', name: { zh: '公众聚集场所投入使用、营业前消防安全检查合格证', en: 'Pre-opening fire safety permit for public gathering places' },
    typeCode: `${MEM}001`, definedBy: { zh: '应急管理部（国家消防救援局）', en: 'Ministry of Emergency Management (National Fire and Rescue Administration)' }, validity: null,
    claims: ['holderName', 'holderCode', 'premisesName', 'premisesAddress', 'area', 'permitNumber'],
  },
];

const BY_CODE: ReadonlyMap<string, LicenseTypeDefinition> = new Map(LICENSE_TYPE_REGISTRY.map((t) => [t.code, t]));

/** The licence type with this code, or undefined when the registry has none. */
export function licenseTypeByCode(code: string): LicenseTypeDefinition | undefined {
  return BY_CODE.get(code);
}

/**
 * The expiry date (YYYY-MM-DD, the last day of validity) of a licence issued on `issueDate` (YYYY-MM-DD), or null
 * for long-term types. As in Civil Code art. 201-202 and the "2026.03.01-2036.03.01" printed on ID cards, the
 * period ends on the corresponding day, or on the month's last day when there is none (01-31 + 1 month → 02-28).
 */
export function licenseExpiry(type: LicenseTypeDefinition, issueDate: string): string | null {
  if (!type.validity) return null;
  const [y, m, d] = issueDate.split('-').map(Number) as [number, number, number];
  const { years = 0, months = 0, days = 0 } = type.validity;
  const targetMonth = m - 1 + months + years * 12;
  const lastDay = new Date(Date.UTC(y, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, targetMonth, Math.min(d, lastDay) + days)).toISOString().slice(0, 10);
}
