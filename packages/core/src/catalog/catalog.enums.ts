/**
 * Enumerations of the catalog, shared by the server, the web app and the item files.
 * Codes follow GLOSSARY.md; the national code tables (GB/T 39046-2020 Annex A) are kept next to them.
 */

/** Police departments (警种) and the outside agencies whose items appear in life-event bundles. */
export const POLICE_DEPARTMENTS = [
  'household', 'exit_entry', 'traffic', 'public_order', 'fire', 'cyber', 'narcotics', 'foreigners',
] as const;
export const OUTSIDE_DEPARTMENTS = [
  'health', 'civil_affairs', 'human_resources', 'medical_security', 'housing', 'agriculture', 'commerce', 'tax',
] as const;
export const DEPARTMENTS = [...POLICE_DEPARTMENTS, ...OUTSIDE_DEPARTMENTS] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const DEPARTMENT_NAMES: Record<Department, { zh: string; en: string }> = {
  household: { zh: '户政', en: 'Household registration' },
  exit_entry: { zh: '出入境', en: 'Exit and entry' },
  traffic: { zh: '交管', en: 'Traffic management' },
  public_order: { zh: '治安', en: 'Public order' },
  fire: { zh: '消防', en: 'Fire safety' },
  cyber: { zh: '网安', en: 'Cyber security' },
  narcotics: { zh: '禁毒', en: 'Narcotics control' },
  foreigners: { zh: '外国人管理', en: 'Foreigners administration' },
  health: { zh: '卫生健康', en: 'Health commission' },
  civil_affairs: { zh: '民政', en: 'Civil affairs' },
  human_resources: { zh: '人力资源和社会保障', en: 'Human resources and social security' },
  medical_security: { zh: '医疗保障', en: 'Medical security' },
  housing: { zh: '房屋管理', en: 'Housing administration' },
  agriculture: { zh: '农业农村', en: 'Agriculture and rural affairs' },
  commerce: { zh: '商务', en: 'Commerce' },
  tax: { zh: '税务', en: 'Taxation' },
};

/** Item types (事项类型) with their GB/T 39046 table A.1 codes. */
export const ITEM_TYPES = ['licence', 'benefit', 'confirmation', 'other_power', 'public_service', 'filing'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export const ITEM_TYPE_INFO: Record<ItemType, { code: string; zh: string; en: string }> = {
  licence: { code: '01', zh: '行政许可', en: 'Administrative licence' },
  benefit: { code: '05', zh: '行政给付', en: 'Administrative benefit' },
  confirmation: { code: '07', zh: '行政确认', en: 'Administrative confirmation' },
  other_power: { code: '10', zh: '其他行政权力', en: 'Other administrative power' },
  public_service: { code: '20', zh: '公共服务', en: 'Public service' },
  filing: { code: '31', zh: '备案', en: 'Filing' },
};

/** Channels an item can be applied through (办理形式). */
export const CHANNELS = ['online', 'mobile', 'window', 'self_service'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_NAMES: Record<Channel, { zh: string; en: string }> = {
  online: { zh: '电脑端网上办理', en: 'Online (web)' },
  mobile: { zh: '移动端办理', en: 'Mobile app' },
  window: { zh: '窗口办理', en: 'Service window' },
  self_service: { zh: '自助终端', en: 'Self-service terminal' },
};

/** Case kind (办件类型, table A.6). */
export const PROJECT_TYPES = ['instant', 'promised'] as const;
/** Nature of the implementing body (table A.3). */
export const BODY_NATURES = ['statutory', 'authorised', 'entrusted', 'other'] as const;
/** Level that exercises the power (table A.2). */
export const USE_LEVELS = ['national', 'provincial', 'city', 'county', 'town', 'village', 'graded'] as const;
/** Service objects (table A.4). */
export const SERVICE_OBJECTS = ['natural_person', 'enterprise', 'institution', 'social_organisation', 'government', 'other'] as const;

/** Material form, kind, source and necessity. */
export const MATERIAL_FORMS = ['paper', 'electronic', 'both'] as const;
export const MATERIAL_KINDS = ['original', 'copy', 'original_and_copy'] as const;
export const MATERIAL_SOURCES = ['upload', 'license', 'dataSource', 'itemOutput'] as const;
export const MATERIAL_NECESSITIES = ['required', 'optional', 'deferrable', 'commitment'] as const;
export const SOURCE_CHANNELS = ['applicant', 'government', 'intermediary', 'other'] as const;
export const FILE_FORMATS = ['pdf', 'jpg', 'png', 'ofd', 'doc', 'docx'] as const;

/** Roles that process steps are assigned to (refined by the identity issue). */
export const STEP_ROLES = ['window_officer', 'reviewer', 'approver', 'department_head', 'producer', 'system'] as const;

/** Output kinds of an item. */
export const OUTPUT_KINDS = ['license', 'certificate', 'approval', 'filing_receipt', 'none'] as const;

/** Cross-region handling area (通办范围). */
export const HANDLING_AREAS = ['national', 'inter_provincial', 'yangtze_delta', 'city'] as const;

/** Online handling depth (网上办理深度): 1 consult … 7 e-licence feedback. */
export const ONLINE_DEPTHS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

/**
 * E-licence types the platform knows (output of items, or materials an e-licence can replace).
 * The e-licence issue adds their fields and validity.
 */
export const LICENSE_TYPES = {
  resident_id_card: { zh: '居民身份证', en: 'Resident identity card' },
  residence_permit: { zh: '居住证', en: 'Residence permit' },
  household_register: { zh: '居民户口簿', en: 'Household register' },
  household_certificate: { zh: '户籍证明', en: 'Household registration certificate' },
  temporary_id_certificate: { zh: '临时居民身份证明', en: 'Temporary identity certificate' },
  no_criminal_record_certificate: { zh: '无犯罪记录证明', en: 'No-criminal-record certificate' },
  passport: { zh: '普通护照', en: 'Passport' },
  hk_macao_permit: { zh: '往来港澳通行证', en: 'Exit-entry permit for Hong Kong and Macao' },
  driving_licence: { zh: '机动车驾驶证', en: 'Driving licence' },
  vehicle_registration: { zh: '机动车行驶证', en: 'Vehicle registration certificate' },
  vehicle_inspection_mark: { zh: '机动车检验合格标志', en: 'Vehicle inspection mark' },
  vehicle_deregistration_certificate: { zh: '机动车注销证明', en: 'Vehicle deregistration certificate' },
  dog_registration: { zh: '犬只登记证', en: 'Dog registration certificate' },
  dog_immunisation: { zh: '犬只免疫证明', en: 'Dog immunisation certificate' },
  non_motor_vehicle_plate: { zh: '非机动车号牌', en: 'Non-motor vehicle plate' },
  hotel_permit: { zh: '特种行业许可证（旅馆业）', en: 'Special trade permit (hotel)' },
  seal_filing: { zh: '公章刻制备案证明', en: 'Seal engraving filing certificate' },
  precursor_purchase_filing: { zh: '易制毒化学品购买备案证明', en: 'Precursor chemical purchase filing certificate' },
  precursor_transport_permit: { zh: '易制毒化学品运输许可证', en: 'Precursor chemical transport permit' },
  network_filing: { zh: '互联网单位联网备案回执', en: 'Internet unit filing receipt' },
  fire_safety_permit: { zh: '公众聚集场所投入使用营业前消防安全检查合格证', en: 'Fire safety inspection permit for public gathering places' },
  business_licence: { zh: '营业执照', en: 'Business licence' },
  death_medical_certificate: { zh: '居民死亡医学证明（推断）书', en: 'Medical certificate of death' },
  cremation_certificate: { zh: '火化证明', en: 'Cremation certificate' },
  marriage_certificate: { zh: '结婚证', en: 'Marriage certificate' },
  birth_medical_certificate: { zh: '出生医学证明', en: 'Medical certificate of birth' },
  lease_filing: { zh: '租赁合同登记备案证明', en: 'Lease registration certificate' },
  vehicle_scrap_certificate: { zh: '报废机动车回收证明', en: 'Scrapped vehicle recycling certificate' },
} as const satisfies Record<string, { zh: string; en: string }>;
export type LicenseType = keyof typeof LICENSE_TYPES;

/**
 * Fields of the authoritative data sources (数源) an item may read, one owning source per field (一数一源).
 * The smart-application issue backs them with real sources; the catalog only checks that items name known fields.
 */
export const DATA_SOURCE_FIELDS = {
  population: ['name', 'sex', 'birthDate', 'age', 'ethnicity', 'citizenId', 'householdAddress', 'householdDistrict', 'householdType', 'maritalStatus', 'photo', 'phone', 'alive', 'deathDate'],
  residence: ['address', 'district', 'startDate', 'months', 'registered'],
  vehicle: ['plateNumber', 'vin', 'vehicleType', 'owner', 'registrationDate', 'inspectionDue', 'violationsOpen', 'accidentsOpen', 'mortgaged', 'status'],
  drivingLicence: ['number', 'class', 'validFrom', 'validUntil', 'status', 'points'],
  license: ['held'],
  socialInsurance: ['months', 'employer'],
  lease: ['address', 'district', 'startDate', 'endDate', 'filed'],
  enterprise: ['uscc', 'name', 'legalRepresentative', 'address', 'businessScope', 'status'],
  criminalRecord: ['hasRecord'],
} as const;
export type DataSourceName = keyof typeof DATA_SOURCE_FIELDS;

/** Every `source.field` name known to the catalog. */
export const DATA_SOURCE_FIELD_NAMES: ReadonlySet<string> = new Set(
  Object.entries(DATA_SOURCE_FIELDS).flatMap(([source, fields]) => fields.map((f) => `${source}.${f}`)),
);
