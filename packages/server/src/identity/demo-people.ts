/**
 * Demo identity data: the org tree of a city bureau, citizens, an enterprise and officers at several orgs.
 * The built-in identity provider signs these people in (password "demo"); the platform seeds its own records
 * of them (orgs, persons with encrypted personal data, officer roles) on first start.
 */
import { citizenIdCheckChar } from '@tongban/core';

const id = (body17: string): string => body17 + citizenIdCheckChar(body17);

export interface DemoOrg { code: string; parent: string | null; kind: string; nameZh: string; nameEn: string; district: string | null; departments: string[] }

export const DEMO_ORGS: DemoOrg[] = [
  { code: 'SH', parent: null, kind: 'city_bureau', nameZh: '上海市公安局', nameEn: 'Shanghai Municipal Public Security Bureau', district: '310000', departments: ['household', 'exit_entry', 'traffic', 'public_order', 'fire', 'cyber', 'narcotics', 'foreigners'] },
  { code: 'SH-HP', parent: 'SH', kind: 'sub_bureau', nameZh: '黄浦分局', nameEn: 'Huangpu Sub-bureau', district: '310101', departments: ['household', 'public_order', 'traffic'] },
  { code: 'SH-HP-NJDL', parent: 'SH-HP', kind: 'station', nameZh: '南京东路派出所', nameEn: 'Nanjing East Road Police Station', district: '310101', departments: ['household', 'public_order'] },
  { code: 'SH-HP-NJDL-W1', parent: 'SH-HP-NJDL', kind: 'window', nameZh: '南京东路派出所综合窗口', nameEn: 'Nanjing East Road Station service window', district: '310101', departments: ['household', 'public_order'] },
  { code: 'SH-HP-WT', parent: 'SH-HP', kind: 'station', nameZh: '外滩派出所', nameEn: 'The Bund Police Station', district: '310101', departments: ['household', 'public_order'] },
  { code: 'SH-XH', parent: 'SH', kind: 'sub_bureau', nameZh: '徐汇分局', nameEn: 'Xuhui Sub-bureau', district: '310104', departments: ['household', 'public_order', 'traffic'] },
  { code: 'SH-XH-TL', parent: 'SH-XH', kind: 'station', nameZh: '田林派出所', nameEn: 'Tianlin Police Station', district: '310104', departments: ['household', 'public_order'] },
  { code: 'SH-PD', parent: 'SH', kind: 'sub_bureau', nameZh: '浦东分局', nameEn: 'Pudong Sub-bureau', district: '310115', departments: ['household', 'public_order', 'traffic'] },
  { code: 'SH-PD-LJZ', parent: 'SH-PD', kind: 'station', nameZh: '陆家嘴派出所', nameEn: 'Lujiazui Police Station', district: '310115', departments: ['household', 'public_order'] },
  { code: 'SH-PD-LJZ-W1', parent: 'SH-PD-LJZ', kind: 'window', nameZh: '陆家嘴派出所综合窗口', nameEn: 'Lujiazui Station service window', district: '310115', departments: ['household', 'public_order'] },
  { code: 'SH-CRJ', parent: 'SH', kind: 'department_bureau', nameZh: '出入境管理局', nameEn: 'Exit-Entry Administration', district: '310000', departments: ['exit_entry', 'foreigners'] },
  { code: 'SH-JJ', parent: 'SH', kind: 'department_bureau', nameZh: '交通警察总队', nameEn: 'Traffic Police Corps', district: '310000', departments: ['traffic'] },
  // other agencies that handle members of life-event bundles (一件事) through the same workbench
  { code: 'SH-WJW', parent: null, kind: 'agency', nameZh: '上海市卫生健康委员会', nameEn: 'Shanghai Health Commission', district: '310000', departments: ['health'] },
  { code: 'SH-MZJ', parent: null, kind: 'agency', nameZh: '上海市民政局', nameEn: 'Shanghai Civil Affairs Bureau', district: '310000', departments: ['civil_affairs'] },
  { code: 'SH-RSJ', parent: null, kind: 'agency', nameZh: '上海市人力资源和社会保障局', nameEn: 'Shanghai Human Resources and Social Security Bureau', district: '310000', departments: ['human_resources'] },
  { code: 'SH-YBJ', parent: null, kind: 'agency', nameZh: '上海市医疗保障局', nameEn: 'Shanghai Medical Security Bureau', district: '310000', departments: ['medical_security'] },
  { code: 'SH-FGJ', parent: null, kind: 'agency', nameZh: '上海市房屋管理局', nameEn: 'Shanghai Housing Administration', district: '310000', departments: ['housing'] },
  { code: 'SH-NYW', parent: null, kind: 'agency', nameZh: '上海市农业农村委员会', nameEn: 'Shanghai Agriculture and Rural Affairs Commission', district: '310000', departments: ['agriculture'] },
  { code: 'SH-SWW', parent: null, kind: 'agency', nameZh: '上海市商务委员会', nameEn: 'Shanghai Commerce Commission', district: '310000', departments: ['commerce'] },
  { code: 'SH-SWJ', parent: null, kind: 'agency', nameZh: '国家税务总局上海市税务局', nameEn: 'Shanghai Tax Service', district: '310000', departments: ['tax'] },
];

export interface DemoPerson {
  id: string;
  username: string;
  citizenId: string;
  name: string;
  nameEn: string;
  sex: 'male' | 'female';
  phone: string;
  address: string;
  /** where e-mail notifications go (demo addresses) */
  email: string;
  householdOrg: string | null;
  officer?: { badge: string; roles: { org: string; department: string; role: 'window_officer' | 'reviewer' | 'approver' | 'department_head' | 'producer' | 'admin' }[]; title: string };
}

/** The demo password of every demo account. */
export const DEMO_PASSWORD = 'demo';

export const DEMO_PEOPLE: DemoPerson[] = [
  { id: 'p-zhangwei', username: 'zhangwei', citizenId: '310101199003070019', name: '张伟', nameEn: 'Zhang Wei', sex: 'male', phone: '13812345678', address: '上海市黄浦区南京东路100号', email: 'zhangwei@example.cn', householdOrg: 'SH-HP-NJDL' },
  { id: 'p-lina', username: 'lina', citizenId: id('31010419850612004'), name: '李娜', nameEn: 'Li Na', sex: 'female', phone: '13912345678', address: '上海市徐汇区田林路200号', email: 'lina@example.cn', householdOrg: 'SH-XH-TL' },
  { id: 'p-wangfang', username: 'wangfang', citizenId: id('34010219950920002'), name: '王芳', nameEn: 'Wang Fang', sex: 'female', phone: '13700001111', address: '上海市浦东新区陆家嘴环路1000号', email: 'wangfang@example.cn', householdOrg: null },
  { id: 'p-liuyang', username: 'liuyang', citizenId: id('31011519600115003'), name: '刘洋', nameEn: 'Liu Yang', sex: 'male', phone: '13600002222', address: '上海市浦东新区世纪大道88号', email: 'liuyang@example.cn', householdOrg: 'SH-PD-LJZ' },
  {
    id: 'p-chenjing', username: 'chenjing', citizenId: id('31010119880808002'), name: '陈静', nameEn: 'Chen Jing', sex: 'female', phone: '13500003333', address: '上海市黄浦区福州路185号', email: 'chenjing@example.cn', householdOrg: 'SH-HP-NJDL',
    officer: { badge: '031001', title: 'window officer, Nanjing East Road window', roles: [{ org: 'SH-HP-NJDL-W1', department: 'household', role: 'window_officer' }] },
  },
  {
    id: 'p-liuqiang', username: 'liuqiang', citizenId: id('31010119850505001'), name: '刘强', nameEn: 'Liu Qiang', sex: 'male', phone: '13500004444', address: '上海市黄浦区河南中路88号', email: 'liuqiang@example.cn', householdOrg: 'SH-HP-NJDL',
    officer: { badge: '031002', title: 'reviewer, Nanjing East Road station', roles: [{ org: 'SH-HP-NJDL', department: 'household', role: 'reviewer' }] },
  },
  {
    id: 'p-zhaomin', username: 'zhaomin', citizenId: id('31010119800303002'), name: '赵敏', nameEn: 'Zhao Min', sex: 'female', phone: '13500005555', address: '上海市黄浦区中山南路1号', email: 'zhaomin@example.cn', householdOrg: 'SH-HP-WT',
    officer: { badge: '031003', title: 'approver, Huangpu sub-bureau', roles: [{ org: 'SH-HP', department: 'household', role: 'approver' }] },
  },
  {
    id: 'p-sunli', username: 'sunli', citizenId: id('31010119750707001'), name: '孙立', nameEn: 'Sun Li', sex: 'male', phone: '13500006666', address: '上海市黄浦区延安东路10号', email: 'sunli@example.cn', householdOrg: 'SH-HP-WT',
    officer: { badge: '031004', title: 'department head, Huangpu household registration', roles: [{ org: 'SH-HP', department: 'household', role: 'department_head' }] },
  },
  {
    id: 'p-zhouhui', username: 'zhouhui', citizenId: id('31011519900909002'), name: '周慧', nameEn: 'Zhou Hui', sex: 'female', phone: '13500007777', address: '上海市浦东新区张杨路500号', email: 'zhouhui@example.cn', householdOrg: 'SH-PD-LJZ',
    officer: { badge: '151001', title: 'reviewer, Lujiazui station', roles: [{ org: 'SH-PD-LJZ', department: 'household', role: 'reviewer' }] },
  },
  {
    id: 'p-zhengtao', username: 'zhengtao', citizenId: id('31000019870404001'), name: '郑涛', nameEn: 'Zheng Tao', sex: 'male', phone: '13500008888', address: '上海市浦东新区民生路1500号', email: 'zhengtao@example.cn', householdOrg: 'SH-PD-LJZ',
    officer: { badge: '001001', title: 'reviewer, Exit-Entry Administration', roles: [{ org: 'SH-CRJ', department: 'exit_entry', role: 'reviewer' }] },
  },
  {
    id: 'p-linfeng', username: 'linfeng', citizenId: id('31011519780606001'), name: '林峰', nameEn: 'Lin Feng', sex: 'male', phone: '13500010001', address: '上海市浦东新区东方路800号', email: 'linfeng@example.cn', householdOrg: 'SH-PD-LJZ',
    officer: { badge: '151002', title: 'approver and department head, Pudong household registration', roles: [{ org: 'SH-PD', department: 'household', role: 'approver' }, { org: 'SH-PD', department: 'household', role: 'department_head' }] },
  },
  {
    id: 'p-qianhong', username: 'qianhong', citizenId: id('31011519920202002'), name: '钱红', nameEn: 'Qian Hong', sex: 'female', phone: '13500010002', address: '上海市浦东新区浦东南路360号', email: 'qianhong@example.cn', householdOrg: 'SH-PD-LJZ',
    officer: { badge: '151003', title: 'production officer, Pudong household registration', roles: [{ org: 'SH-PD', department: 'household', role: 'producer' }] },
  },
  {
    id: 'p-zhanghua', username: 'zhanghua', citizenId: id('31010419830303001'), name: '张华', nameEn: 'Zhang Hua', sex: 'male', phone: '13500010003', address: '上海市徐汇区漕溪北路20号', email: 'zhanghua@example.cn', householdOrg: 'SH-XH-TL',
    officer: {
      badge: '041001', title: 'household officer, Tianlin station and Xuhui sub-bureau',
      roles: [{ org: 'SH-XH-TL', department: 'household', role: 'window_officer' }, { org: 'SH-XH-TL', department: 'household', role: 'reviewer' }, { org: 'SH-XH', department: 'household', role: 'approver' }, { org: 'SH-XH', department: 'household', role: 'producer' }],
    },
  },
  {
    id: 'p-xuli', username: 'xuli', citizenId: id('31010119860606002'), name: '徐丽', nameEn: 'Xu Li', sex: 'female', phone: '13500010004', address: '上海市黄浦区北京西路1477号', email: 'xuli@example.cn', householdOrg: 'SH-HP-WT',
    officer: { badge: 'WJ0001', title: 'physician-officer, Health Commission', roles: [{ org: 'SH-WJW', department: 'health', role: 'reviewer' }, { org: 'SH-WJW', department: 'health', role: 'approver' }] },
  },
  {
    id: 'p-hejun', username: 'hejun', citizenId: id('31010419790909001'), name: '何军', nameEn: 'He Jun', sex: 'male', phone: '13500010005', address: '上海市徐汇区漕宝路1号', email: 'hejun@example.cn', householdOrg: 'SH-XH-TL',
    officer: { badge: 'MZ0001', title: 'officer, Civil Affairs Bureau (funeral services)', roles: [{ org: 'SH-MZJ', department: 'civil_affairs', role: 'window_officer' }, { org: 'SH-MZJ', department: 'civil_affairs', role: 'reviewer' }, { org: 'SH-MZJ', department: 'civil_affairs', role: 'producer' }] },
  },
  {
    id: 'p-fangyu', username: 'fangyu', citizenId: id('31011519880808001'), name: '方宇', nameEn: 'Fang Yu', sex: 'male', phone: '13500010006', address: '上海市浦东新区世博村路300号', email: 'fangyu@example.cn', householdOrg: 'SH-PD-LJZ',
    officer: {
      badge: 'RS0001', title: 'officer, Human Resources and Medical Security bureaus',
      roles: [
        { org: 'SH-RSJ', department: 'human_resources', role: 'window_officer' }, { org: 'SH-RSJ', department: 'human_resources', role: 'reviewer' }, { org: 'SH-RSJ', department: 'human_resources', role: 'approver' },
        { org: 'SH-YBJ', department: 'medical_security', role: 'window_officer' }, { org: 'SH-YBJ', department: 'medical_security', role: 'reviewer' }, { org: 'SH-YBJ', department: 'medical_security', role: 'approver' },
      ],
    },
  },
  {
    id: 'p-gaoyang', username: 'gaoyang', citizenId: id('31010419820202001'), name: '高阳', nameEn: 'Gao Yang', sex: 'male', phone: '13500010007', address: '上海市徐汇区龙华中路1号', email: 'gaoyang@example.cn', householdOrg: 'SH-XH-TL',
    officer: { badge: '002001', title: 'reviewer and department head, Traffic Police Corps', roles: [{ org: 'SH-JJ', department: 'traffic', role: 'reviewer' }, { org: 'SH-JJ', department: 'traffic', role: 'department_head' }] },
  },
  {
    id: 'p-wujun', username: 'wujun', citizenId: id('31010119700101001'), name: '吴军', nameEn: 'Wu Jun', sex: 'male', phone: '13500009999', address: '上海市黄浦区中山东一路1号', email: 'wujun@example.cn', householdOrg: 'SH-HP-WT',
    officer: { badge: '000001', title: 'administrator, city bureau', roles: [{ org: 'SH', department: '*', role: 'admin' }] },
  },
];

export const DEMO_ENTERPRISE = {
  uscc: '91310101MA1FL0T1XQ',
  name: '上海通办示范科技有限公司',
  address: '上海市黄浦区汉口路300号',
  legalRepresentative: 'p-zhangwei',
  agents: ['p-lina'],
};
