/**
 * The registry of authoritative data sources (数源, 一数一源): every field an item may read, with the one source
 * that owns it, the agency behind that source, how it is reached and what its values look like. The field lists
 * are DATA_SOURCE_FIELDS of the catalog; the types below make the registry name every one of them and no other.
 */
import { DATA_SOURCE_FIELDS, LICENSE_TYPES, type DataSourceName } from '../catalog/catalog.enums.ts';
import type { BilingualText } from '../kernel/text.ts';
import type { DataSourceFieldInfo, DataSourceInfo } from './datasources.types.ts';

type FieldsOf<S extends DataSourceName> = { readonly [F in (typeof DATA_SOURCE_FIELDS)[S][number]]: DataSourceFieldInfo };
type Registry = { readonly [S in DataSourceName]: DataSourceInfo & { fields: FieldsOf<S> } };

const t = (zh: string, en: string): BilingualText => ({ zh, en });

/** Sex (GB/T 2261.1). */
export const SEX_VALUES = { male: t('男', 'Male'), female: t('女', 'Female') } as const;
/** Household type (户口性质) as the population register records it. */
export const HOUSEHOLD_TYPE_VALUES = { urban: t('非农业家庭户口', 'Urban household'), rural: t('农业家庭户口', 'Rural household') } as const;
/** Marital status (GB/T 2261.2: 10 未婚, 20 已婚, 30 丧偶, 40 离婚). */
export const MARITAL_STATUS_VALUES = {
  unmarried: t('未婚', 'Unmarried'), married: t('已婚', 'Married'), widowed: t('丧偶', 'Widowed'), divorced: t('离婚', 'Divorced'),
} as const;
/** Vehicle status in the vehicle register. */
export const VEHICLE_STATUS_VALUES = {
  normal: t('正常', 'Normal'), seized: t('查封、扣押', 'Seized'), deregistered: t('注销', 'Deregistered'), scrapped: t('达到报废标准', 'Due for scrapping'),
} as const;
/** Vehicle types (GA 802 codes) that occur in the data. */
export const VEHICLE_TYPE_VALUES = {
  K11: t('大型普通客车', 'Large bus'), K31: t('小型普通客车', 'Small passenger car'), K32: t('小型越野客车', 'Small off-road car'),
  K33: t('小型轿车', 'Small saloon car'), K41: t('微型普通客车', 'Mini passenger car'), K43: t('微型轿车', 'Mini saloon car'),
  H31: t('轻型普通货车', 'Light goods vehicle'),
} as const;
/** Driving licence status. */
export const LICENCE_STATUS_VALUES = {
  normal: t('正常', 'Valid'), expired: t('超过有效期', 'Expired'), suspended: t('暂扣', 'Suspended'), revoked: t('吊销', 'Revoked'), cancelled: t('注销', 'Cancelled'),
} as const;
/** Driving licence classes (准驾车型) that occur in the data. */
export const LICENCE_CLASS_VALUES = {
  A1: t('大型客车', 'Large bus'), A2: t('牵引车', 'Tractor-trailer'), B2: t('大型货车', 'Heavy goods vehicle'),
  C1: t('小型汽车', 'Car'), C2: t('小型自动挡汽车', 'Car (automatic)'),
} as const;
/** Enterprise registration status. */
export const ENTERPRISE_STATUS_VALUES = { active: t('存续', 'Active'), revoked: t('吊销', 'Licence revoked'), cancelled: t('注销', 'Deregistered') } as const;

/** Every authoritative source and its fields. */
export const DATA_SOURCES: Registry = {
  population: {
    name: t('人口库', 'Population register'),
    owner: { agency: t('公安机关户政管理部门', 'Public security household registration'), department: 'household' },
    kind: 'db',
    fields: {
      name: { label: t('姓名', 'Name'), type: 'string' },
      sex: { label: t('性别', 'Sex'), type: 'enum', values: SEX_VALUES },
      birthDate: { label: t('出生日期', 'Date of birth'), type: 'date' },
      age: { label: t('年龄（周岁）', 'Age (years)'), type: 'integer', derived: 'whole years from the date of birth to today' },
      ethnicity: { label: t('民族', 'Ethnicity'), type: 'string' },
      citizenId: { label: t('公民身份号码', 'Citizen ID number'), type: 'string', personal: true },
      householdAddress: { label: t('户籍地址', 'Household registration address'), type: 'string', personal: true },
      householdDistrict: { label: t('户籍所在区县（行政区划代码）', 'Household registration district (division code)'), type: 'string' },
      householdType: { label: t('户口性质', 'Household type'), type: 'enum', values: HOUSEHOLD_TYPE_VALUES },
      maritalStatus: { label: t('婚姻状况', 'Marital status'), type: 'enum', values: MARITAL_STATUS_VALUES },
      photo: { label: t('证件照片（人口库留存）', 'ID photo (kept by the register)'), type: 'string' },
      phone: { label: t('联系电话', 'Phone'), type: 'string', personal: true },
      alive: { label: t('是否在世', 'Alive'), type: 'boolean', derived: 'no date of death is recorded' },
      deathDate: { label: t('死亡日期', 'Date of death'), type: 'date' },
    },
  },
  residence: {
    name: t('居住登记', 'Residence registration'),
    owner: { agency: t('公安派出所（实有人口管理）', 'Police stations (resident population)'), department: 'household' },
    kind: 'db',
    fields: {
      address: { label: t('居住地址', 'Residence address'), type: 'string', personal: true },
      district: { label: t('居住地所在区（行政区划代码）', 'Residence district (division code)'), type: 'string' },
      startDate: { label: t('居住登记日期', 'Registered since'), type: 'date' },
      months: { label: t('居住登记月数', 'Months registered'), type: 'integer', derived: 'whole months from the registration date to today; 0 when not registered' },
      registered: { label: t('已办理居住登记', 'Residence registered'), type: 'boolean' },
    },
  },
  vehicle: {
    name: t('机动车登记', 'Vehicle register'),
    owner: { agency: t('公安交通管理部门（车辆管理所）', 'Traffic police (vehicle administration)'), department: 'traffic' },
    kind: 'db',
    fields: {
      plateNumber: { label: t('号牌号码', 'Plate number'), type: 'string', personal: true },
      vin: { label: t('车辆识别代号', 'VIN'), type: 'string', personal: true },
      vehicleType: { label: t('车辆类型', 'Vehicle type'), type: 'enum', values: VEHICLE_TYPE_VALUES },
      owner: { label: t('机动车所有人', 'Registered owner'), type: 'string' },
      registrationDate: { label: t('初次登记日期', 'First registration date'), type: 'date' },
      inspectionDue: { label: t('检验有效期至', 'Inspection valid until'), type: 'date' },
      violationsOpen: { label: t('未处理违法记录数', 'Open traffic violations'), type: 'integer' },
      accidentsOpen: { label: t('未结交通事故数', 'Open accident cases'), type: 'integer' },
      mortgaged: { label: t('是否抵押', 'Mortgaged'), type: 'boolean' },
      status: { label: t('机动车状态', 'Vehicle status'), type: 'enum', values: VEHICLE_STATUS_VALUES },
    },
  },
  drivingLicence: {
    name: t('驾驶证', 'Driving licence register'),
    owner: { agency: t('公安交通管理部门（车辆管理所）', 'Traffic police (vehicle administration)'), department: 'traffic' },
    kind: 'db',
    fields: {
      number: { label: t('驾驶证号', 'Licence number'), type: 'string', personal: true },
      class: { label: t('准驾车型', 'Licence class'), type: 'enum', values: LICENCE_CLASS_VALUES },
      validFrom: { label: t('有效期起始日期', 'Valid from'), type: 'date' },
      validUntil: { label: t('有效期截止日期', 'Valid until'), type: 'date' },
      status: { label: t('驾驶证状态', 'Licence status'), type: 'enum', values: LICENCE_STATUS_VALUES },
      points: { label: t('本记分周期累积记分', 'Penalty points this period'), type: 'integer' },
    },
  },
  license: {
    name: t('电子证照（证照夹）', 'E-licences (wallet)'),
    owner: { agency: t('电子证照库', 'E-licence library') },
    kind: 'wallet',
    fields: {
      held: { label: t('持有的有效证照', 'Valid licences held'), type: 'string[]', values: LICENSE_TYPES },
    },
  },
  socialInsurance: {
    name: t('社会保险', 'Social insurance'),
    owner: { agency: t('市人力资源和社会保障局', 'Municipal human resources and social security bureau'), department: 'human_resources' },
    kind: 'http',
    fields: {
      months: { label: t('本市职工社会保险连续缴费月数', 'Consecutive months of employee social insurance in Shanghai'), type: 'integer' },
      employer: { label: t('参保单位', 'Insured through (employer)'), type: 'string' },
    },
  },
  lease: {
    name: t('房屋租赁合同登记备案', 'Lease registration'),
    owner: { agency: t('市房屋管理局', 'Municipal housing administration'), department: 'housing' },
    kind: 'http',
    fields: {
      address: { label: t('租赁房屋地址', 'Leased home address'), type: 'string', personal: true },
      district: { label: t('租赁房屋所在区（行政区划代码）', 'Leased home district (division code)'), type: 'string' },
      startDate: { label: t('租赁起始日期', 'Lease start'), type: 'date' },
      endDate: { label: t('租赁截止日期', 'Lease end'), type: 'date' },
      filed: { label: t('租赁合同已登记备案', 'Lease registered'), type: 'boolean' },
    },
  },
  enterprise: {
    name: t('市场主体登记', 'Enterprise register'),
    owner: { agency: t('市市场监督管理局', 'Municipal market regulation administration') },
    kind: 'db',
    fields: {
      uscc: { label: t('统一社会信用代码', 'Unified social credit code'), type: 'string' },
      name: { label: t('单位名称', 'Enterprise name'), type: 'string' },
      legalRepresentative: { label: t('法定代表人', 'Legal representative'), type: 'string' },
      address: { label: t('住所', 'Registered address'), type: 'string', personal: true },
      businessScope: { label: t('经营范围', 'Business scope'), type: 'string' },
      status: { label: t('登记状态', 'Registration status'), type: 'enum', values: ENTERPRISE_STATUS_VALUES },
    },
  },
  criminalRecord: {
    name: t('违法犯罪记录', 'Criminal records'),
    owner: { agency: t('公安机关违法犯罪记录库', 'Public security criminal record database') },
    kind: 'db',
    fields: {
      hasRecord: { label: t('有犯罪记录', 'Has a criminal record'), type: 'boolean' },
    },
  },
};

/** The source names, in registry order. */
export const DATA_SOURCE_NAMES = Object.keys(DATA_SOURCES) as DataSourceName[];

/** `population.age` → `{ source: 'population', field: 'age' }`; null when the name is not a field of a known source. */
export function splitSourceField(name: string): { source: DataSourceName; field: string } | null {
  const dot = name.indexOf('.');
  if (dot <= 0) return null;
  const source = name.slice(0, dot);
  const field = name.slice(dot + 1);
  if (!Object.hasOwn(DATA_SOURCES, source)) return null;
  const info = DATA_SOURCES[source as DataSourceName];
  return Object.hasOwn(info.fields, field) ? { source: source as DataSourceName, field } : null;
}

/** The one source that owns a field (一数一源), or null for a name that is no data-source field. */
export function ownerOf(name: string): DataSourceName | null {
  return splitSourceField(name)?.source ?? null;
}

/** What the registry says about a field (`population.age`), or null. */
export function fieldInfo(name: string): DataSourceFieldInfo | null {
  const s = splitSourceField(name);
  return s ? (DATA_SOURCES[s.source].fields as Record<string, DataSourceFieldInfo>)[s.field]! : null;
}
