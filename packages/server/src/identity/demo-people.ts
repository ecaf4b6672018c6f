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
  householdOrg: string | null;
  officer?: { badge: string; roles: { org: string; department: string; role: 'window_officer' | 'reviewer' | 'approver' | 'department_head' | 'admin' }[]; title: string };
}

/** The demo password of every demo account. */
export const DEMO_PASSWORD = 'demo';

export const DEMO_PEOPLE: DemoPerson[] = [
  { id: 'p-zhangwei', username: 'zhangwei', citizenId: '310101199003070019', name: '张伟', nameEn: 'Zhang Wei', sex: 'male', phone: '13812345678', address: '上海市黄浦区南京东路100号', householdOrg: 'SH-HP-NJDL' },
  { id: 'p-lina', username: 'lina', citizenId: id('31010419850612004'), name: '李娜', nameEn: 'Li Na', sex: 'female', phone: '13912345678', address: '上海市徐汇区田林路200号', householdOrg: 'SH-XH-TL' },
  { id: 'p-wangfang', username: 'wangfang', citizenId: id('34010219950920002'), name: '王芳', nameEn: 'Wang Fang', sex: 'female', phone: '13700001111', address: '上海市浦东新区陆家嘴环路1000号', householdOrg: null },
  { id: 'p-liuyang', username: 'liuyang', citizenId: id('31011519600115003'), name: '刘洋', nameEn: 'Liu Yang', sex: 'male', phone: '13600002222', address: '上海市浦东新区世纪大道88号', householdOrg: 'SH-PD-LJZ' },
  {
    id: 'p-chenjing', username: 'chenjing', citizenId: id('31010119880808002'), name: '陈静', nameEn: 'Chen Jing', sex: 'female', phone: '13500003333', address: '上海市黄浦区福州路185号', householdOrg: 'SH-HP-NJDL',
    officer: { badge: '031001', title: 'window officer, Nanjing East Road window', roles: [{ org: 'SH-HP-NJDL-W1', department: 'household', role: 'window_officer' }] },
  },
  {
    id: 'p-liuqiang', username: 'liuqiang', citizenId: id('31010119850505001'), name: '刘强', nameEn: 'Liu Qiang', sex: 'male', phone: '13500004444', address: '上海市黄浦区河南中路88号', householdOrg: 'SH-HP-NJDL',
    officer: { badge: '031002', title: 'reviewer, Nanjing East Road station', roles: [{ org: 'SH-HP-NJDL', department: 'household', role: 'reviewer' }] },
  },
  {
    id: 'p-zhaomin', username: 'zhaomin', citizenId: id('31010119800303002'), name: '赵敏', nameEn: 'Zhao Min', sex: 'female', phone: '13500005555', address: '上海市黄浦区中山南路1号', householdOrg: 'SH-HP-WT',
    officer: { badge: '031003', title: 'approver, Huangpu sub-bureau', roles: [{ org: 'SH-HP', department: 'household', role: 'approver' }] },
  },
  {
    id: 'p-sunli', username: 'sunli', citizenId: id('31010119750707001'), name: '孙立', nameEn: 'Sun Li', sex: 'male', phone: '13500006666', address: '上海市黄浦区延安东路10号', householdOrg: 'SH-HP-WT',
    officer: { badge: '031004', title: 'department head, Huangpu household registration', roles: [{ org: 'SH-HP', department: 'household', role: 'department_head' }] },
  },
  {
    id: 'p-zhouhui', username: 'zhouhui', citizenId: id('31011519900909002'), name: '周慧', nameEn: 'Zhou Hui', sex: 'female', phone: '13500007777', address: '上海市浦东新区张杨路500号', householdOrg: 'SH-PD-LJZ',
    officer: { badge: '151001', title: 'reviewer, Lujiazui station', roles: [{ org: 'SH-PD-LJZ', department: 'household', role: 'reviewer' }] },
  },
  {
    id: 'p-zhengtao', username: 'zhengtao', citizenId: id('31000019870404001'), name: '郑涛', nameEn: 'Zheng Tao', sex: 'male', phone: '13500008888', address: '上海市浦东新区民生路1500号', householdOrg: 'SH-PD-LJZ',
    officer: { badge: '001001', title: 'reviewer, Exit-Entry Administration', roles: [{ org: 'SH-CRJ', department: 'exit_entry', role: 'reviewer' }] },
  },
  {
    id: 'p-wujun', username: 'wujun', citizenId: id('31010119700101001'), name: '吴军', nameEn: 'Wu Jun', sex: 'male', phone: '13500009999', address: '上海市黄浦区中山东一路1号', householdOrg: 'SH-HP-WT',
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
